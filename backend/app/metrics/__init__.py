"""What `GET /metrics` shows (Prometheus text): figures read from the database and the broker at scrape time,
and the counts the workers keep in the database as they run tasks (see recording.py for why there)."""
