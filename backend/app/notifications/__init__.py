"""Notifications: messages rendered from Jinja2 templates (French and English), delivered with apprise."""

from app.notifications.delivery import TargetResult, deliver, notify
from app.notifications.templates import NotificationEvent, RenderedMessage, render

__all__ = ["NotificationEvent", "RenderedMessage", "TargetResult", "deliver", "notify", "render"]
