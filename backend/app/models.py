"""Imports every domain's models so the metadata (Alembic, tests) sees all tables."""

from app.db import Base
from app.downloads.models import Download, DownloadState
from app.library.models import LibraryItem, SyncRun
from app.locks.models import JobLock
from app.media_requests.models import MediaRequest, RequestEvent
from app.profiles.models import Profile, Role
from app.releases.models import Release
from app.settings.models import Setting

__all__ = [
    "Base",
    "Download",
    "DownloadState",
    "JobLock",
    "LibraryItem",
    "MediaRequest",
    "Profile",
    "Release",
    "RequestEvent",
    "Role",
    "Setting",
    "SyncRun",
]
