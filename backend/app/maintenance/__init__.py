"""Housekeeping: retention of old rows, temporary files and database upkeep."""
