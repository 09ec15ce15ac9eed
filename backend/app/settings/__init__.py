"""Runtime settings a person edits in the UI, kept in the database."""
