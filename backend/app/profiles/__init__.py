"""Kiosk profiles: who is asking, their role, PIN and quotas."""
