"""/api/v1/approval-links?token=…: the approve and deny links of the parents' "new request" message.

Public: the signed link is the credential (app/notifications/approval_links.py). Opening one shows a
confirmation page and changes nothing; its button (a POST) acts. The pages are plain HTML in the
language of the message, small enough for a phone.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import HTMLResponse

from app.api.access import PUBLIC
from app.api.deps import SessionDep
from app.media_requests import link_decisions
from app.media_requests.link_decisions import LinkPage, Outcome
from app.notifications.approval_links import LinkProblem
from app.notifications.link_pages import render_page

router = APIRouter(prefix="/approval-links", tags=["approval links"])

_STATUS: dict[Outcome | LinkProblem, int] = {
    Outcome.CONFIRM: status.HTTP_200_OK,
    Outcome.DONE: status.HTTP_200_OK,
    Outcome.DECIDED: status.HTTP_409_CONFLICT,
    Outcome.MISSING: status.HTTP_404_NOT_FOUND,
    LinkProblem.INVALID: status.HTTP_404_NOT_FOUND,
    LinkProblem.EXPIRED: status.HTTP_410_GONE,
    LinkProblem.SPENT: status.HTTP_410_GONE,
}
# The page styles itself inline and posts its one form back to itself; nothing else may load.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
_PAGE = {"content": {"text/html": {}}, "description": "The page, in the language of the message"}
MAX_REASON = 500
# A reason is one line the family reads: control characters (a NUL PostgreSQL cannot store) are dropped.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What itsdangerous writes: URL-safe base64 and dots; anything else cannot be a link of ours.
# A query parameter, not a path segment: the logs mask `token=` values, so access logs keep no usable link.
Token = Annotated[str, Query(min_length=1, max_length=400, pattern=r"^[A-Za-z0-9_.\-]+$")]


def _html(page: LinkPage) -> HTMLResponse:
    html = render_page(
        page.language,
        outcome=page.outcome.value,
        action=page.action.value if page.action else None,
        title=page.title,
        year=page.year,
        requested_by=page.requested_by,
        status=page.status.value if page.status else None,
    )
    return HTMLResponse(html, status_code=_STATUS[page.outcome], headers={"Content-Security-Policy": _CSP})


@router.get(
    "",
    dependencies=[PUBLIC],
    response_class=HTMLResponse,
    responses={200: _PAGE, 404: _PAGE, 409: _PAGE, 410: _PAGE},
)
async def open_approval_link(token: Token, session: SessionDep) -> HTMLResponse:
    """The confirmation page of an approve or deny link (changes nothing): 410 once used or after 24 h,
    409 when the request no longer waits for a parent, 404 for a link that is not genuine."""
    return _html(await link_decisions.preview(session, token))


@router.post(
    "",
    dependencies=[PUBLIC],
    response_class=HTMLResponse,
    responses={200: _PAGE, 404: _PAGE, 409: _PAGE, 410: _PAGE},
)
async def use_approval_link(token: Token, request: Request, session: SessionDep) -> HTMLResponse:
    """Approve or deny as the link says (once); a deny takes the form field `reason` (the family reads
    it). Sent by the confirmation page's button as an HTML form."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    typed = _CONTROL.sub(" ", (form.get("reason") or [""])[0])
    reason = " ".join(typed.split())[:MAX_REASON] or None
    return _html(await link_decisions.decide(session, token, reason=reason))
