"""/api/v1/profiles: the profile picker, and the admin's management of the family's profiles."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status

from app.api.access import PUBLIC, AdminOnly, SignedIn
from app.api.deps import SessionDep
from app.db import utcnow
from app.input_types import RowId
from app.profiles import messages, service
from app.profiles.models import Profile
from app.profiles.quotas import Allowance, movie_allowance, season_allowance
from app.profiles.ratings import CHOICES
from app.profiles.schemas import (
    AllowanceOut,
    Allowances,
    Picker,
    PickerProfile,
    ProfileCreate,
    ProfileOut,
    ProfileUpdate,
    RatingChoices,
    SecretIn,
)

router = APIRouter(prefix="/profiles", tags=["profiles"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such profile"}}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "The change breaks a rule (name taken, last admin, admin without PIN)"}
}


def _not_found(exc: service.ProfileNotFound) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, str(exc))


def _conflict(exc: service.ProfileConflict) -> HTTPException:
    return HTTPException(status.HTTP_409_CONFLICT, str(exc))


@router.get("/picker", response_model=Picker, dependencies=[PUBLIC])
async def get_picker(session: SessionDep) -> Picker:
    """The signed-out home screen: every profile's name and avatar, or the first-run setup."""
    profiles = await service.list_profiles(session)
    return Picker(
        needs_setup=await service.needs_setup(session),
        profiles=[PickerProfile.model_validate(p) for p in profiles],
    )


def _allowance_out(profile: Profile, allowance: Allowance | None) -> AllowanceOut | None:
    if allowance is None:
        return None
    lang = messages.language(profile.language)
    text = messages.quota_left(profile.name, allowance.kind, allowance.remaining, allowance.days, lang)
    return AllowanceOut(
        limit=allowance.limit,
        days=allowance.days,
        used=allowance.used,
        remaining=allowance.remaining,
        next_at=allowance.next_at,
        message=text,
    )


@router.get("/me/allowance", response_model=Allowances)
async def get_my_allowance(session: SessionDep, viewer: SignedIn) -> Allowances:
    """The viewer's quotas and what is left ("Emma can request 2 more films this week")."""
    if viewer.profile_id is None:
        return Allowances(movies=None, seasons=None)
    profile = await service.get_profile(session, viewer.profile_id)
    now = utcnow()
    return Allowances(
        movies=_allowance_out(profile, await movie_allowance(session, profile, now)),
        seasons=_allowance_out(profile, await season_allowance(session, profile, now)),
    )


@router.get("/ratings", response_model=RatingChoices)
async def get_rating_choices(viewer: AdminOnly) -> RatingChoices:
    """The ratings an admin can choose as a child's limit."""
    return RatingChoices(systems={system: list(codes) for system, codes in CHOICES.items()})


@router.get("", response_model=list[ProfileOut])
async def list_profiles(session: SessionDep, viewer: AdminOnly) -> list[ProfileOut]:
    """Every profile with its settings (whether it has a PIN, never the PIN)."""
    return [ProfileOut.model_validate(p) for p in await service.list_profiles(session)]


@router.post("", response_model=ProfileOut, status_code=status.HTTP_201_CREATED, responses=CONFLICT)
async def create_profile(body: ProfileCreate, session: SessionDep, viewer: AdminOnly) -> ProfileOut:
    """Add a family member."""
    try:
        return ProfileOut.model_validate(await service.create_profile(session, body))
    except service.ProfileConflict as exc:
        raise _conflict(exc) from exc


@router.patch("/{profile_id}", response_model=ProfileOut, responses={**NOT_FOUND, **CONFLICT})
async def update_profile(
    profile_id: RowId, body: ProfileUpdate, session: SessionDep, viewer: AdminOnly
) -> ProfileOut:
    """Change a profile's name, avatar, role, rating limit, quotas or auto-approval."""
    try:
        return ProfileOut.model_validate(await service.update_profile(session, profile_id, body))
    except service.ProfileNotFound as exc:
        raise _not_found(exc) from exc
    except service.ProfileConflict as exc:
        raise _conflict(exc) from exc


@router.put("/{profile_id}/secret", response_model=ProfileOut, responses={**NOT_FOUND, **CONFLICT})
async def set_profile_secret(
    profile_id: RowId, body: SecretIn, session: SessionDep, viewer: AdminOnly
) -> ProfileOut:
    """Set a profile's PIN (or an admin's password); its open sessions end."""
    try:
        return ProfileOut.model_validate(await service.set_secret(session, profile_id, body))
    except service.ProfileNotFound as exc:
        raise _not_found(exc) from exc
    except service.ProfileConflict as exc:
        raise _conflict(exc) from exc


@router.delete("/{profile_id}/secret", response_model=ProfileOut, responses={**NOT_FOUND, **CONFLICT})
async def clear_profile_secret(profile_id: RowId, session: SessionDep, viewer: AdminOnly) -> ProfileOut:
    """Remove a profile's PIN: anyone at the kiosk can pick it (not for admins)."""
    try:
        return ProfileOut.model_validate(await service.clear_secret(session, profile_id))
    except service.ProfileNotFound as exc:
        raise _not_found(exc) from exc
    except service.ProfileConflict as exc:
        raise _conflict(exc) from exc


@router.delete("/{profile_id}", status_code=status.HTTP_204_NO_CONTENT, responses={**NOT_FOUND, **CONFLICT})
async def delete_profile(profile_id: RowId, session: SessionDep, viewer: AdminOnly) -> None:
    """Delete a profile; its requests stay, without an owner. The last admin cannot be deleted."""
    try:
        await service.delete_profile(session, profile_id)
    except service.ProfileNotFound as exc:
        raise _not_found(exc) from exc
    except service.ProfileConflict as exc:
        raise _conflict(exc) from exc
