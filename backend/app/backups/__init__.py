"""Backups of the appliance's database (requests, profiles, settings and their stored secrets), encrypted
with the deployment's SECRET_KEY: `plex-kiosk backup`, `plex-kiosk restore`, and a nightly Beat job."""
