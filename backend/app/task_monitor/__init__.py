"""What Celery knows about tasks and workers, for the API and the admin UI."""
