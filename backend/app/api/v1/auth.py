"""/api/v1/auth: the first-run setup, signing in and out at the kiosk, and the scripts' API key."""

from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse

from app.api.access import PUBLIC, AdminOnly, OptionalViewer, Viewer
from app.api.deps import SessionDep, SettingsDep
from app.db import utcnow
from app.profiles import api_keys, service, sessions
from app.profiles.models import Profile
from app.profiles.schemas import (
    ApiKeyCreated,
    ApiKeyInfo,
    ProfileOut,
    SessionState,
    SetupIn,
    SetupOut,
    SignIn,
    ViewerOut,
)

router = APIRouter(prefix="/auth", tags=["auth"])


def viewer_out(viewer: Viewer, profile: Profile | None = None) -> ViewerOut:
    """The viewer as the kiosk shows it (avatar and colour when it is a profile)."""
    return ViewerOut(
        profile_id=viewer.profile_id,
        name=viewer.name,
        role=viewer.role,
        language=viewer.language,
        avatar=profile.avatar if profile else None,
        color=profile.color if profile else None,
        via_api_key=viewer.via_api_key,
    )


def _profile_viewer(profile: Profile) -> Viewer:
    return Viewer(profile_id=profile.id, role=profile.role, name=profile.name, language=profile.language)


def client_address(request: Request) -> str:
    """The caller's address (Nginx's, unless uvicorn trusts its X-Forwarded-For)."""
    return request.client.host if request.client else "unknown"


@router.get("/session", response_model=SessionState, dependencies=[PUBLIC])
async def get_session(session: SessionDep, viewer: OptionalViewer) -> SessionState:
    """Who is signed in on this device (nobody: null), whether setup is needed, and the idle time."""
    profile = await session.get(Profile, viewer.profile_id) if viewer and viewer.profile_id else None
    return SessionState(
        viewer=viewer_out(viewer, profile) if viewer else None,
        needs_setup=await service.needs_setup(session),
        idle_seconds=sessions.idle_seconds(),
    )


@router.post(
    "/session",
    response_model=SessionState,
    dependencies=[PUBLIC],
    responses={
        401: {"description": "Wrong PIN; `tries_left` says how many before the lock"},
        404: {"description": "No such profile"},
        423: {"description": "Too many wrong PINs; `locked_until` says until when"},
    },
)
async def sign_in(
    body: SignIn, request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> Any:
    """Choose a profile (with its PIN when it has one): starts a session cookie on this device."""
    try:
        profile = await service.sign_in(
            session,
            profile_id=body.profile_id,
            secret=body.secret,
            client=client_address(request),
            now=utcnow(),
            tz=settings.timezone,
        )
    except service.ProfileNotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except service.WrongSecret as exc:
        return JSONResponse(
            status_code=status.HTTP_401_UNAUTHORIZED,
            # `code` and `params` for the kiosk's own words (app/api/errors.py), as every refusal.
            content={
                "detail": exc.message,
                "tries_left": exc.tries_left,
                "code": "wrong_secret",
                "params": {"tries_left": exc.tries_left, "password": exc.password},
            },
        )
    except service.SignInLocked as exc:
        wait = max(1, math.ceil((exc.until - utcnow()).total_seconds()))
        return JSONResponse(
            status_code=status.HTTP_423_LOCKED,
            content={
                "detail": exc.message,
                "locked_until": exc.until.isoformat(),
                "code": "locked",
                "params": {"until": exc.until.isoformat()},
            },
            headers={"Retry-After": str(wait)},
        )
    sessions.set_cookie(response, request, profile)
    return SessionState(
        viewer=viewer_out(_profile_viewer(profile), profile),
        needs_setup=False,
        idle_seconds=sessions.idle_seconds(),
    )


@router.delete("/session", status_code=status.HTTP_204_NO_CONTENT, dependencies=[PUBLIC])
async def sign_out(request: Request, response: Response) -> None:
    """End the session on this device (back to the profile picker)."""
    sessions.clear_cookie(response, request)


@router.post(
    "/setup",
    response_model=SetupOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[PUBLIC],
    responses={409: {"description": "Already set up: an admin exists"}},
)
async def setup(body: SetupIn, request: Request, response: Response, session: SessionDep) -> SetupOut:
    """First run only: make the admin profile (signed in at once) and the API key, shown this once."""
    try:
        profile, key, key_row = await service.setup_first_admin(session, body)
    except service.SetupAlreadyDone as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except service.ProfileConflict as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    sessions.set_cookie(response, request, profile)
    return SetupOut(
        profile=ProfileOut.model_validate(profile),
        api_key=ApiKeyCreated(api_key=key, hint=key_row.hint, created_at=key_row.created_at),
    )


@router.get("/api-key", response_model=ApiKeyInfo | None)
async def get_api_key(session: SessionDep, viewer: AdminOnly) -> ApiKeyInfo | None:
    """Which API key is in use (its first characters and date), never the key itself."""
    row = await api_keys.current(session)
    return ApiKeyInfo.model_validate(row) if row else None


@router.post("/api-key", response_model=ApiKeyCreated, status_code=status.HTTP_201_CREATED)
async def rotate_api_key(session: SessionDep, viewer: AdminOnly) -> ApiKeyCreated:
    """Replace the API key: the old one stops working now; the new one is shown this once."""
    key, row = await api_keys.rotate(session)
    await session.commit()
    return ApiKeyCreated(api_key=key, hint=row.hint, created_at=row.created_at)
