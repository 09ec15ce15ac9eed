"""Deliver notifications through apprise to any number of targets (per-profile and admin URLs)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import apprise

from app.metrics.recording import NOTIFICATION_FAILURES, count_event
from app.notifications.templates import NotificationEvent, render


@dataclass(frozen=True, slots=True)
class TargetResult:
    """How delivery to one target went; `scheme` (e.g. 'tgram') is safe to show, the URL holds secrets."""

    index: int
    scheme: str
    delivered: bool
    reason: str | None = None
    # Why it was not delivered, as a code the kiosk words (not_a_target: apprise does not understand the
    # URL; service_failed: the service refused or was unreachable; unexpected: apprise raised).
    code: str | None = None


def scheme_of(url: str) -> str:
    """The service part of an apprise URL (e.g. 'tgram'), safe to show: the rest may hold secrets."""
    return url.split("://", 1)[0].lower() if "://" in url else "?"


def _send_blocking(url: str, title: str, body: str) -> bool:
    """Apprise is synchronous: this runs in a worker thread."""
    sender = apprise.Apprise(asset=apprise.AppriseAsset(app_id="Plex Kiosk", app_desc="Plex Kiosk"))
    sender.add(url)
    return bool(sender.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT))


async def _deliver_one(index: int, url: str, title: str, body: str) -> TargetResult:
    scheme = scheme_of(url)
    if not apprise.Apprise().add(url):
        return TargetResult(
            index, scheme, False, "not a notification URL apprise understands", "not_a_target"
        )
    try:
        delivered = await asyncio.to_thread(_send_blocking, url, title, body)
    except Exception as exc:  # a broken target must never stop the others; the type is enough to act on
        return TargetResult(index, scheme, False, f"apprise raised {type(exc).__name__}", "unexpected")
    if delivered:
        return TargetResult(index, scheme, True)
    return TargetResult(index, scheme, False, "the service refused or was unreachable", "service_failed")


async def deliver(targets: Sequence[str], title: str, body: str) -> list[TargetResult]:
    """Send `title`/`body` to every apprise URL at once; one result per target, in order."""
    results = list(
        await asyncio.gather(*(_deliver_one(i, url, title, body) for i, url in enumerate(targets)))
    )
    for failed in (result for result in results if not result.delivered):
        # Counted by service only: the URL holds tokens and passwords (GET /metrics shows the count).
        await count_event(NOTIFICATION_FAILURES, {"service": failed.scheme})
    return results


async def notify(
    event: NotificationEvent | str,
    context: dict[str, Any],
    targets: Sequence[str],
    language: str | None = None,
) -> list[TargetResult]:
    """Render `event` in `language` and deliver it to `targets`."""
    if not targets:
        return []
    message = render(event, context, language)
    return await deliver(targets, message.title, message.body)
