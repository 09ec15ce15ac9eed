"""Imports every domain's models so the metadata (Alembic, tests) sees all tables."""

from app.catalog.models import TmdbCacheEntry
from app.celery_app.job_runs import JobRun
from app.db import Base
from app.downloads.models import Download, DownloadState
from app.library.models import LibraryItem, LibrarySection, SyncRun, TmdbLink
from app.locks.models import JobLock
from app.media_requests.lease_models import StepLease
from app.media_requests.models import MediaRequest, RequestEvent
from app.media_requests.problem_models import ProblemReport
from app.metrics.models import MetricCount
from app.notifications.models import NotificationRecord, SpentApprovalLink
from app.profiles.models import ApiKey, PinFailure, Profile, Role
from app.releases.models import Release
from app.settings.models import Setting

__all__ = [
    "ApiKey",
    "Base",
    "Download",
    "DownloadState",
    "JobLock",
    "JobRun",
    "LibraryItem",
    "LibrarySection",
    "MediaRequest",
    "MetricCount",
    "NotificationRecord",
    "PinFailure",
    "ProblemReport",
    "Profile",
    "Release",
    "RequestEvent",
    "Role",
    "Setting",
    "SpentApprovalLink",
    "StepLease",
    "SyncRun",
    "TmdbCacheEntry",
    "TmdbLink",
]
