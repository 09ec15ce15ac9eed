# The API image: FastAPI under uvicorn. Workers and Beat use Dockerfile.worker; Nginx serves the frontend.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv && useradd --create-home --uid 1000 kiosk
WORKDIR /srv/plex-kiosk
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY backend ./backend
COPY alembic ./alembic
COPY alembic.ini ./
RUN uv sync --frozen --no-dev && mkdir -p /data && chown kiosk:kiosk /data
ENV PLEX_KIOSK_MODE=production DATA_DIR=/data
USER kiosk

FROM base AS api
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health')"
CMD ["plex-kiosk", "api", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
