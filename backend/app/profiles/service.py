"""Profiles: the first admin, the family's profiles, their PINs, and signing in at the kiosk."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.profiles import api_keys, lockout, messages
from app.profiles.models import ApiKey, Profile, Role, SecretKind
from app.profiles.pins import InvalidSecret, check_secret, hash_secret_async, verify_secret_async
from app.profiles.schemas import ProfileCreate, ProfileUpdate, SecretIn, SetupIn
from app.settings.models import Setting

# A row only the first setup writes: two browsers finishing the setup together cannot both make an admin.
SETUP_MARKER = "auth.first_admin"


class ProfileNotFound(LookupError):
    """No profile with that id."""


class ProfileConflict(ValueError):
    """The change would break a rule (a name taken, no admin left, an admin without a PIN)."""


class SetupAlreadyDone(ProfileConflict):
    """An admin exists: the first-run setup is closed."""


class WrongSecret(Exception):
    """A wrong PIN or password; `message` is in the profile's language."""

    def __init__(self, message: str, tries_left: int, *, password: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.tries_left = tries_left
        self.password = password


class SignInLocked(Exception):
    """Too many wrong PINs: sign-in refused until `until`."""

    def __init__(self, message: str, until: datetime) -> None:
        super().__init__(message)
        self.message = message
        self.until = until


async def get_profile(session: AsyncSession, profile_id: int) -> Profile:
    """The profile `profile_id`, or ProfileNotFound."""
    profile = await session.get(Profile, profile_id)
    if profile is None:
        raise ProfileNotFound(f"profile {profile_id} does not exist")
    return profile


async def list_profiles(session: AsyncSession) -> list[Profile]:
    """Every profile, in the order they were made."""
    return list(await session.scalars(select(Profile).order_by(Profile.id)))


async def admin_count(session: AsyncSession) -> int:
    """How many admin profiles exist."""
    return (
        await session.scalar(select(func.count()).select_from(Profile).where(Profile.role == Role.ADMIN)) or 0
    )


async def needs_setup(session: AsyncSession) -> bool:
    """True until the first admin exists."""
    return await admin_count(session) == 0


def _secret_rules(role: Role, kind: SecretKind | None) -> None:
    if role is Role.ADMIN and kind is None:
        raise ProfileConflict("an admin profile needs a PIN or a password")
    if kind is SecretKind.PASSWORD and role is not Role.ADMIN:
        raise ProfileConflict("only admin profiles use a password; give this profile a PIN")


def _quota_pairs(profile: Profile) -> None:
    for count, days in (("movie_quota", "movie_quota_days"), ("season_quota", "season_quota_days")):
        if (getattr(profile, count) is None) != (getattr(profile, days) is None):
            raise ProfileConflict(f"{count} and {days} go together: set both, or neither")


async def _hashed(secret: SecretIn) -> str:
    try:
        check_secret(secret.kind, secret.value)
    except InvalidSecret as exc:
        raise ProfileConflict(str(exc)) from exc
    return await hash_secret_async(secret.value)


async def _commit_or_name_taken(session: AsyncSession, name: str) -> None:
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise ProfileConflict(f"a profile named {name!r} already exists") from exc


async def create_profile(session: AsyncSession, data: ProfileCreate) -> Profile:
    """Add a family member (committed)."""
    _secret_rules(data.role, data.secret.kind if data.secret else None)
    auto_approve = data.auto_approve if data.auto_approve is not None else data.role is not Role.CHILD
    profile = Profile(
        **data.model_dump(exclude={"secret", "auto_approve"}),
        auto_approve=auto_approve,
        pin_hash=await _hashed(data.secret) if data.secret else None,
        secret_kind=data.secret.kind if data.secret else None,
        session_epoch=0,
    )
    _quota_pairs(profile)
    session.add(profile)
    await _commit_or_name_taken(session, data.name)
    return profile


async def update_profile(session: AsyncSession, profile_id: int, data: ProfileUpdate) -> Profile:
    """Change the fields given (committed); a change of role ends the profile's sessions."""
    profile = await get_profile(session, profile_id)
    changes = data.model_dump(exclude_unset=True)
    for required in ("name", "role", "language", "auto_approve", "may_choose_quality"):
        if required in changes and changes[required] is None:
            raise ProfileConflict(f"{required} cannot be empty")
    new_role = changes.get("role", profile.role)
    if new_role is not profile.role:
        if profile.role is Role.ADMIN and await admin_count(session) <= 1:
            raise ProfileConflict("this is the last admin profile: make another admin first")
        _secret_rules(new_role, profile.secret_kind)
        profile.session_epoch += 1
    for field, value in changes.items():
        setattr(profile, field, value)
    try:
        _quota_pairs(profile)
    except ProfileConflict:
        await session.rollback()
        raise
    profile.updated_at = utcnow()
    await _commit_or_name_taken(session, profile.name)
    return profile


async def set_secret(session: AsyncSession, profile_id: int, secret: SecretIn) -> Profile:
    """Give a profile a new PIN or password (committed); its sessions end."""
    profile = await get_profile(session, profile_id)
    _secret_rules(profile.role, secret.kind)
    profile.pin_hash = await _hashed(secret)
    profile.secret_kind = secret.kind
    profile.session_epoch += 1
    profile.updated_at = utcnow()
    await session.commit()
    return profile


async def clear_secret(session: AsyncSession, profile_id: int) -> Profile:
    """Remove a profile's PIN (committed): anyone at the kiosk can then pick it. Admins keep theirs."""
    profile = await get_profile(session, profile_id)
    _secret_rules(profile.role, None)
    profile.pin_hash = None
    profile.secret_kind = None
    profile.session_epoch += 1
    profile.updated_at = utcnow()
    await session.commit()
    return profile


async def delete_profile(session: AsyncSession, profile_id: int) -> None:
    """Delete a profile (committed); its requests stay, without an owner."""
    profile = await get_profile(session, profile_id)
    if profile.role is Role.ADMIN and await admin_count(session) <= 1:
        raise ProfileConflict("this is the last admin profile: make another admin first")
    await session.delete(profile)
    await session.commit()


async def create_admin(
    session: AsyncSession,
    *,
    name: str,
    secret: SecretIn,
    avatar: str | None = None,
    color: str | None = None,
    language: str = "fr",
    first_run: bool = False,
) -> tuple[Profile, str | None, ApiKey | None]:
    """Make an admin profile (committed) and, if none exists yet, the API key (returned once).

    With `first_run`, refuse (SetupAlreadyDone) once any admin exists, even if two setups race.
    """
    if first_run and not await needs_setup(session):
        raise SetupAlreadyDone("Plex Kiosk is already set up: sign in as an admin instead")
    profile = Profile(
        name=name,
        role=Role.ADMIN,
        avatar=avatar,
        color=color,
        language=language,
        pin_hash=await _hashed(secret),
        secret_kind=secret.kind,
        auto_approve=True,
        session_epoch=0,
    )
    existing_key = await api_keys.current(session)
    key: str | None = None
    key_row: ApiKey | None = None
    try:
        session.add(profile)
        if first_run:
            session.add(Setting(key=SETUP_MARKER, value={"name": name}, updated_at=utcnow()))
        if existing_key is None:
            key, key_row = await api_keys.rotate(session)
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        if first_run and await session.get(Setting, SETUP_MARKER) is not None:
            raise SetupAlreadyDone("Plex Kiosk is already set up: sign in as an admin instead") from exc
        raise ProfileConflict(f"a profile named {name!r} already exists") from exc
    return profile, key, key_row


async def setup_first_admin(session: AsyncSession, data: SetupIn) -> tuple[Profile, str, ApiKey]:
    """The first-run setup: the first admin and a fresh API key (committed)."""
    profile, key, key_row = await create_admin(
        session,
        name=data.name,
        secret=data.secret,
        avatar=data.avatar,
        color=data.color,
        language=data.language,
        first_run=True,
    )
    if key is None or key_row is None:  # a key left from an earlier install: replace it, the admin is new
        key, key_row = await api_keys.rotate(session)
        await session.commit()
    return profile, key, key_row


async def sign_in(
    session: AsyncSession, *, profile_id: int, secret: str | None, client: str, now: datetime, tz: str
) -> Profile:
    """The profile, once its PIN is checked; WrongSecret or SignInLocked otherwise."""
    profile = await get_profile(session, profile_id)
    if profile.pin_hash is None:
        return profile
    lang = messages.language(profile.language)
    lock = await lockout.current_lock(session, profile_id=profile.id, client=client, now=now)
    if lock is not None:
        raise SignInLocked(messages.locked(lock.until, tz, lang), lock.until)
    if secret and await verify_secret_async(profile.pin_hash, secret):
        await lockout.clear_failures(session, profile_id=profile.id)
        await session.commit()
        return profile
    left = await lockout.record_failure(session, profile_id=profile.id, client=client, now=now)
    if left == 0:
        lock = await lockout.current_lock(session, profile_id=profile.id, client=client, now=now)
        until = lock.until if lock else now + lockout.LOCK_DURATION
        raise SignInLocked(messages.locked(until, tz, lang), until)
    password = profile.secret_kind is SecretKind.PASSWORD
    raise WrongSecret(messages.wrong_secret(left, password, lang), left, password=password)
