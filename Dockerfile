# The API image (the compose service `plex-kiosk`): FastAPI under uvicorn, and the migrations it applies
# before it starts. Workers, Beat and Flower use Dockerfile.worker; Nginx serves the frontend (nginx/Dockerfile).
FROM python:3.12-slim AS base

# Match the owner of the host's media folder, as for the workers (see Dockerfile.worker).
ARG PUID=1000
ARG PGID=1000
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
WORKDIR /srv/plex-kiosk
RUN pip install --no-cache-dir uv==0.13.9
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY backend ./backend
COPY alembic ./alembic
COPY alembic.ini ./
RUN uv sync --frozen --no-dev
RUN groupadd --gid "$PGID" kiosk && \
    useradd --create-home --uid "$PUID" --gid "$PGID" kiosk && \
    mkdir -p /var/lib/plex-kiosk /data && \
    chown kiosk:kiosk /var/lib/plex-kiosk /data
ENV PLEX_KIOSK_MODE=production DATA_DIR=/var/lib/plex-kiosk API_HOST=0.0.0.0 API_PORT=8000
USER ${PUID}:${PGID}

FROM base AS api
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s CMD ["plex-kiosk", "health", "api"]
CMD ["plex-kiosk", "api", "--migrate", "--workers", "2"]
