"""Plex Kiosk: a home-media request appliance."""

__version__ = "0.1.0"
