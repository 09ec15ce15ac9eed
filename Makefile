# The verbs a maintainer needs. `make run` starts the appliance; `make test` runs every test.
SHELL := /bin/bash
UV ?= uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: run demo install frontend test test-backend test-frontend unit lint fmt typecheck bench migration migrate \
	doctor gen-api clean

run: install frontend ## Start the whole appliance on embedded defaults (SQLite, no servers); Ctrl-C stops it
	$(UV) run plex-kiosk up

demo: install frontend ## See it work: simulated Plex, indexer and TMDB, a real qbittorrent-nox, in data-demo/
	$(UV) run plex-kiosk demo

install: ## Install the locked Python dependencies into .venv
	@command -v $(UV) >/dev/null || { echo "uv is missing: install it with 'pip install uv'"; exit 1; }
	$(UV) sync --frozen

frontend: ## Build the kiosk UI into frontend/dist (served by the API at /); needs Node.js 20.19+ and npm
	@if command -v npm >/dev/null; then \
		cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build; \
	else \
		echo "npm is missing: the API will run without its web UI (install Node.js 20.19+ and npm)"; \
	fi

test: lint test-frontend test-backend ## Lint, then every test (needs PostgreSQL, Redis, qbittorrent-nox; see README)

# One pytest process per core (at most 4, each on its own Redis databases and PostgreSQL database): the
# integration tests spend half their time waiting on workers, qBittorrent and the browser. Files go out in
# path order (browser, e2e, faults, integration, unit): xdist's default hands out the files with the most tests
# first, which left the slowest ones (a test or two each) for the end, on one process.
test-backend: install
	$(UV) run pytest -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder

test-frontend: frontend/node_modules
	cd frontend && npm test

frontend/node_modules: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

unit: install ## Only the fast unit tests (no services needed)
	$(UV) run pytest backend/tests/unit

lint: install frontend/node_modules ## ruff, mypy, prettier and the TypeScript type-check
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy
	cd frontend && npm run lint

fmt: install ## Format and auto-fix
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

typecheck: install ## mypy on the application package
	$(UV) run mypy

bench: install ## Run the benchmarks (they print their figures)
	$(UV) run python benchmarks/api_requests.py
	$(UV) run python benchmarks/monitor_downloads.py

migration: install ## New migration from the models: make migration m="what changed"
	$(UV) run alembic revision --autogenerate -m "$(m)"

migrate: install ## Apply migrations to the configured database
	$(UV) run plex-kiosk migrate

doctor: install ## Check the configuration, database and broker
	$(UV) run plex-kiosk doctor

gen-api: install frontend/node_modules ## Regenerate the frontend's typed API client after a route change
	cd frontend && npm run gen:api

clean: ## Remove the embedded data folder (requests, settings, downloads!) and caches
	rm -rf data data-demo .pytest_cache .ruff_cache .mypy_cache frontend/dist
