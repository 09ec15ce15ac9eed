"""Integration tests use the real PostgreSQL and Redis fixtures of tests/support/database.py.

They are registered for the whole suite in tests/conftest.py, so integration, browser and end-to-end tests
share one throwaway database per run.
"""
