"""`plex-kiosk create-admin`: an admin profile from the command line (first run, or a lost PIN)."""

from __future__ import annotations

from app.db import dispose_engines, get_sessionmaker
from app.profiles import service
from app.profiles.models import SecretKind
from app.profiles.pins import check_secret
from app.profiles.schemas import SecretIn


async def make_admin(*, name: str, secret: str, password: bool, language: str = "fr") -> str:
    """Make the admin (ValueError with a readable message if refused) and say what was done."""
    name = name.strip()
    if not name or len(name) > 64:
        raise ValueError("the name must be 1 to 64 characters")
    if language not in ("fr", "en"):
        raise ValueError("the language must be fr or en")
    kind = SecretKind.PASSWORD if password else SecretKind.PIN
    check_secret(kind, secret)  # InvalidSecret (a ValueError) says what a PIN or password must be
    try:
        async with get_sessionmaker()() as session:
            profile, key, _ = await service.create_admin(
                session, name=name, secret=SecretIn(kind=kind, value=secret), language=language
            )
    finally:
        await dispose_engines()
    lines = [f"Admin profile {profile.name!r} created (id {profile.id})."]
    if key:
        lines.append(f"API key for scripts (shown once, keep it safe): {key}")
    return "\n".join(lines)
