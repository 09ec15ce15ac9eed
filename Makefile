# The verbs a maintainer needs. `make run` starts the appliance; `make test` runs every test.
SHELL := /bin/bash
UV ?= uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: run install test unit lint fmt typecheck bench migration migrate doctor clean

run: install ## Start the whole appliance on embedded defaults (SQLite, no servers); Ctrl-C stops it
	$(UV) run plex-kiosk up

install: ## Install the locked Python dependencies into .venv
	@command -v $(UV) >/dev/null || { echo "uv is missing: install it with 'pip install uv'"; exit 1; }
	$(UV) sync --frozen

test: install lint ## Lint, then every test (needs PostgreSQL and Redis on 127.0.0.1; see README)
	$(UV) run pytest

unit: install ## Only the fast unit tests (no services needed)
	$(UV) run pytest backend/tests/unit

lint: install ## ruff (lint and format check)
	$(UV) run ruff check .
	$(UV) run ruff format --check .

fmt: install ## Format and auto-fix
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

typecheck: install ## mypy on the application package
	$(UV) run mypy

bench: install ## Run the benchmarks (they print their figures)
	$(UV) run python benchmarks/api_requests.py

migration: install ## New migration from the models: make migration m="what changed"
	$(UV) run alembic revision --autogenerate -m "$(m)"

migrate: install ## Apply migrations to the configured database
	$(UV) run plex-kiosk migrate

doctor: install ## Check the configuration, database and broker
	$(UV) run plex-kiosk doctor

clean: ## Remove the embedded data folder (requests, settings, downloads!) and caches
	rm -rf data .pytest_cache .ruff_cache .mypy_cache
