"""Approve and deny links in the parents' "new request" message: signed, single-use, valid 24 hours.

A link is the whole credential, so a parent can act from a phone on the home network without signing
in. It carries the request, the action, the language of the message it came in and a nonce, signed with
SECRET_KEY and stamped with its time (itsdangerous, as the kiosk's session cookie). Using one writes its
nonce to `spent_approval_links`; a second use finds it there. Opening a link only shows a confirmation
page: acting needs the page's button (a POST), so a phone's link preview never approves anything.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import get_settings
from app.notifications.models import SpentApprovalLink
from app.notifications.templates import language_of

VALID_FOR_S = 24 * 3600
LINKS_PATH = "/api/v1/approval-links"
_SALT = "plex-kiosk.approval-link"


class LinkAction(StrEnum):
    """What a link does."""

    APPROVE = "approve"
    DENY = "deny"


class LinkProblem(StrEnum):
    """Why a link cannot be used (each has its own page)."""

    INVALID = "invalid"
    EXPIRED = "expired"
    SPENT = "spent"


class LinkRefused(Exception):
    """The link is forged, too old or already used."""

    def __init__(self, problem: LinkProblem, language: str = "fr") -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.language = language


@dataclass(frozen=True)
class ApprovalLink:
    """What a genuine link says."""

    request_id: int
    action: LinkAction
    language: str
    nonce: str


@lru_cache
def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def _current() -> URLSafeTimedSerializer:
    return _serializer(get_settings().resolved_secret_key())


def sign(request_id: int, action: LinkAction, language: str) -> str:
    """A fresh token for `action` on `request_id`."""
    claims = {"r": request_id, "a": action.value, "l": language_of(language), "n": secrets.token_hex(16)}
    return _current().dumps(claims)


def link_url(base_url: str, token: str) -> str:
    """The address a parent taps: the appliance's address on the home network, then the route.

    The token goes in a `token=` query parameter rather than the path: the logs mask that parameter
    (logging_setup), so an access log never keeps a usable link.
    """
    return f"{base_url.rstrip('/')}{LINKS_PATH}?token={token}"


def read(token: str, *, max_age_s: int = VALID_FOR_S) -> ApprovalLink:
    """The claims of a genuine link younger than `max_age_s`; LinkRefused otherwise."""
    try:
        claims = _current().loads(token, max_age=max_age_s)
    except SignatureExpired as exc:
        raise LinkRefused(LinkProblem.EXPIRED, _language_of_expired(exc)) from exc
    except BadData as exc:  # forged, cut short, or not one of ours at all
        raise LinkRefused(LinkProblem.INVALID) from exc
    try:
        return ApprovalLink(int(claims["r"]), LinkAction(claims["a"]), language_of(claims["l"]), claims["n"])
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkRefused(LinkProblem.INVALID) from exc


def _language_of_expired(exc: SignatureExpired) -> str:
    # An expired link is still genuine: its page can speak the language of the message it came in.
    payload = exc.payload
    try:
        claims = _current().load_payload(payload) if isinstance(payload, bytes) else {}
    except BadData:
        return "fr"
    return language_of(claims.get("l") if isinstance(claims, dict) else None)


async def spend(session: AsyncSession, link: ApprovalLink) -> None:
    """Mark `link` used (not committed: it commits with what the link does); LinkRefused if it was."""
    if await session.get(SpentApprovalLink, link.nonce) is not None:
        raise LinkRefused(LinkProblem.SPENT, link.language)
    session.add(SpentApprovalLink(nonce=link.nonce, request_id=link.request_id, action=link.action.value))
    try:
        await session.flush()
    except IntegrityError as exc:  # the same link tapped twice at once
        await session.rollback()
        raise LinkRefused(LinkProblem.SPENT, link.language) from exc


async def is_spent(session: AsyncSession, link: ApprovalLink) -> bool:
    """Whether `link` was used already (for the confirmation page)."""
    return await session.get(SpentApprovalLink, link.nonce) is not None
