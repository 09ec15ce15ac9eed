"""The Celery front door: one module per queue; each task is a few lines over a domain service."""
