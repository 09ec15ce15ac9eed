"""/api/v1/settings: what an admin configures — the services, notifications, pipeline knobs, quality profiles.

Secrets are write-only: answers carry "set" in their place, and a PUT that sends "set" back (or leaves the
field out) keeps the stored value. Each service has a POST …/test that asks it, with the stored settings or
with a draft sent in the body, whether it answers and accepts the credentials.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, HTTPException, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from app.api.access import AdminOnly
from app.api.deps import SessionDep
from app.input_types import RowId
from app.settings.errors import SettingsRejected
from app.settings.folders import (
    FolderCheck,
    FoldersIn,
    FoldersOut,
    checked_folders,
    read_folders,
    save_folders,
    try_folders,
)
from app.settings.integrations import indexers, notifications, plex, qbittorrent, tmdb
from app.settings.integrations.indexers import IndexerIn, IndexerOut
from app.settings.integrations.notifications import (
    DeliveryOut,
    NotificationSettingsIn,
    NotificationSettingsOut,
    NotificationTestIn,
    ProfileTargetsIn,
    ProfileTargetsOut,
)
from app.settings.integrations.plex import PlexSettingsIn, PlexSettingsOut
from app.settings.integrations.qbittorrent import QbittorrentSettingsIn, QbittorrentSettingsOut
from app.settings.integrations.registry import check_configured_services
from app.settings.integrations.tmdb import TmdbSettingsIn, TmdbSettingsOut
from app.settings.pipeline import PipelineSettings, pipeline_settings, save_pipeline_settings
from app.settings.quality_profiles import (
    QualityProfilesIn,
    QualityProfilesOut,
    read_quality_profiles,
    save_quality_profiles,
)
from app.settings.schemas import ConnectionTest

router = APIRouter(prefix="/settings", tags=["settings"])
NO_INDEXER: dict[int | str, dict[str, Any]] = {404: {"description": "No indexer has this id"}}


@contextmanager
def _as_validation_error() -> Iterator[None]:
    """A change the stored settings make unusable answers 422 like any other invalid field."""
    try:
        yield
    except SettingsRejected as exc:
        error = {"loc": ("body", exc.field), "msg": exc.message, "type": "value_error"}
        raise RequestValidationError([error]) from exc


@contextmanager
def _known_indexer(indexer_id: RowId) -> Iterator[None]:
    try:
        yield
    except indexers.UnknownIndexer as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No indexer has the id {indexer_id}") from exc


# --- Plex ---------------------------------------------------------------------------------------------


@router.get("/plex", response_model=PlexSettingsOut)
async def get_plex_settings(session: SessionDep, viewer: AdminOnly) -> PlexSettingsOut:
    """Plex's address and folder mappings; the token only as "set"."""
    return await plex.read_plex(session)


@router.put("/plex", response_model=PlexSettingsOut)
async def put_plex_settings(body: PlexSettingsIn, session: SessionDep, viewer: AdminOnly) -> PlexSettingsOut:
    """Change the Plex settings (the token is kept unless a new one is sent)."""
    with _as_validation_error():
        return await plex.save_plex(session, body)


@router.post("/plex/test", response_model=ConnectionTest)
async def test_plex_connection(
    session: SessionDep, viewer: AdminOnly, body: PlexSettingsIn | None = None
) -> ConnectionTest:
    """Connect to Plex with the stored settings, or with the draft in the body."""
    with _as_validation_error():
        return await plex.check_plex_draft(session, body)


# --- qBittorrent --------------------------------------------------------------------------------------


@router.get("/qbittorrent", response_model=QbittorrentSettingsOut)
async def get_qbittorrent_settings(session: SessionDep, viewer: AdminOnly) -> QbittorrentSettingsOut:
    """qBittorrent's WebUI address, user, category and save path; the password only as "set"."""
    return await qbittorrent.read_qbittorrent(session)


@router.put("/qbittorrent", response_model=QbittorrentSettingsOut)
async def put_qbittorrent_settings(
    body: QbittorrentSettingsIn, session: SessionDep, viewer: AdminOnly
) -> QbittorrentSettingsOut:
    """Change the qBittorrent settings (the password is kept unless a new one is sent)."""
    return await qbittorrent.save_qbittorrent(session, body)


@router.post("/qbittorrent/test", response_model=ConnectionTest)
async def test_qbittorrent_connection(
    session: SessionDep, viewer: AdminOnly, body: QbittorrentSettingsIn | None = None
) -> ConnectionTest:
    """Log in to qBittorrent with the stored settings, or with the draft in the body."""
    return await qbittorrent.check_qbittorrent_draft(session, body)


# --- indexers -----------------------------------------------------------------------------------------


@router.get("/indexers", response_model=list[IndexerOut])
async def list_indexer_settings(session: SessionDep, viewer: AdminOnly) -> list[IndexerOut]:
    """Every indexer; API keys only as "set"."""
    return await indexers.list_indexers(session)


@router.post("/indexers", response_model=IndexerOut, status_code=status.HTTP_201_CREATED)
async def add_indexer_setting(body: IndexerIn, session: SessionDep, viewer: AdminOnly) -> IndexerOut:
    """Add an indexer."""
    with _as_validation_error():
        return await indexers.add_indexer(session, body)


@router.put("/indexers/{indexer_id}", response_model=IndexerOut, responses=NO_INDEXER)
async def put_indexer_setting(
    indexer_id: RowId, body: IndexerIn, session: SessionDep, viewer: AdminOnly
) -> IndexerOut:
    """Change an indexer (its API key is kept unless a new one is sent)."""
    with _known_indexer(indexer_id), _as_validation_error():
        return await indexers.update_indexer(session, indexer_id, body)


@router.delete(
    "/indexers/{indexer_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=NO_INDEXER,
)
async def delete_indexer_setting(indexer_id: RowId, session: SessionDep, viewer: AdminOnly) -> Response:
    """Remove an indexer."""
    with _known_indexer(indexer_id):
        await indexers.delete_indexer(session, indexer_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/indexers/test", response_model=ConnectionTest)
async def test_new_indexer(body: IndexerIn, viewer: AdminOnly) -> ConnectionTest:
    """Ask an indexer not saved yet for its capabilities."""
    with _as_validation_error():
        return await indexers.check_new_indexer(body)


@router.post("/indexers/{indexer_id}/test", response_model=ConnectionTest, responses=NO_INDEXER)
async def test_indexer_connection(
    indexer_id: RowId, session: SessionDep, viewer: AdminOnly, body: IndexerIn | None = None
) -> ConnectionTest:
    """Ask a stored indexer for its capabilities, with its stored settings or the draft in the body."""
    with _known_indexer(indexer_id), _as_validation_error():
        return await indexers.check_indexer_draft(session, indexer_id, body)


# --- TMDB ---------------------------------------------------------------------------------------------


@router.get("/tmdb", response_model=TmdbSettingsOut)
async def get_tmdb_settings(session: SessionDep, viewer: AdminOnly) -> TmdbSettingsOut:
    """TMDB's language and country; the key and token only as "set"."""
    return await tmdb.read_tmdb(session)


@router.put("/tmdb", response_model=TmdbSettingsOut)
async def put_tmdb_settings(body: TmdbSettingsIn, session: SessionDep, viewer: AdminOnly) -> TmdbSettingsOut:
    """Change the TMDB settings (key and token are kept unless new ones are sent)."""
    with _as_validation_error():
        return await tmdb.save_tmdb(session, body)


@router.post("/tmdb/test", response_model=ConnectionTest)
async def test_tmdb_connection(
    session: SessionDep, viewer: AdminOnly, body: TmdbSettingsIn | None = None
) -> ConnectionTest:
    """Ask TMDB for its configuration with the stored settings, or with the draft in the body."""
    with _as_validation_error():
        return await tmdb.check_tmdb_draft(session, body)


# --- notifications ------------------------------------------------------------------------------------


@router.get("/notifications", response_model=NotificationSettingsOut)
async def get_notification_settings(session: SessionDep, viewer: AdminOnly) -> NotificationSettingsOut:
    """The admins' targets (without their URLs), and who hears about which events."""
    return await notifications.read_notification_settings(session)


@router.put("/notifications", response_model=NotificationSettingsOut)
async def put_notification_settings(
    body: NotificationSettingsIn, session: SessionDep, viewer: AdminOnly
) -> NotificationSettingsOut:
    """Change the admins' targets (stored ones are kept by id), the events and the language."""
    with _as_validation_error():
        return await notifications.save_notification_settings(session, body)


@router.post("/notifications/test", response_model=list[DeliveryOut])
async def test_notifications(
    session: SessionDep, viewer: AdminOnly, body: NotificationTestIn | None = None
) -> list[DeliveryOut]:
    """Send a test message to the given targets, or to the admins' stored targets."""
    with _as_validation_error():
        results = await notifications.send_test(session, body.targets if body is not None else None)
    return [
        DeliveryOut(service=r.scheme, delivered=r.delivered, reason=r.reason, code=r.code) for r in results
    ]


@router.get("/notifications/profiles", response_model=list[ProfileTargetsOut])
async def list_profile_notification_targets(
    session: SessionDep, viewer: AdminOnly
) -> list[ProfileTargetsOut]:
    """Every profile with where it hears about its own requests."""
    return await notifications.list_profile_targets(session)


@router.put(
    "/notifications/profiles/{profile_id}",
    response_model=ProfileTargetsOut,
    responses={404: {"description": "No profile has this id"}},
)
async def put_profile_notification_targets(
    profile_id: RowId, body: ProfileTargetsIn, session: SessionDep, viewer: AdminOnly
) -> ProfileTargetsOut:
    """Change where one profile hears about its own requests."""
    try:
        with _as_validation_error():
            return await notifications.save_profile_targets(session, profile_id, body)
    except notifications.UnknownProfile as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"No profile has the id {profile_id}") from exc


# --- folders -----------------------------------------------------------------------------------------


@router.get("/folders", response_model=FoldersOut)
async def get_folders(session: SessionDep, viewer: AdminOnly) -> FoldersOut:
    """The download and library folders in force, and the environment's defaults."""
    return await read_folders(session)


@router.put("/folders", response_model=FoldersOut)
async def put_folders(body: FoldersIn, session: SessionDep, viewer: AdminOnly) -> FoldersOut:
    """Change the folders (one left out goes back to the environment's); each must take files."""
    with _as_validation_error():
        return await save_folders(session, body)


@router.post("/folders/test", response_model=list[FolderCheck])
async def test_folders(body: FoldersIn, session: SessionDep, viewer: AdminOnly) -> list[FolderCheck]:
    """Try the folders sent (writable, one real hardlink) without saving them; nothing is created."""
    return await try_folders(session, body)


# --- what is set up, checked (the first run's summary) ------------------------------------------------


class SettingsCheckup(BaseModel):
    """What `plex-kiosk doctor` says of Settings: each service asked, each folder tried."""

    services: list[ConnectionTest]
    folders: list[FolderCheck]


@router.post("/checkup", response_model=SettingsCheckup)
async def check_settings(session: SessionDep, viewer: AdminOnly) -> SettingsCheckup:
    """Ask every service set up (one line per enabled indexer; unset ones say so) and try the folders."""
    return SettingsCheckup(
        services=await check_configured_services(session), folders=await checked_folders(session)
    )


# --- pipeline and quality profiles --------------------------------------------------------------------


@router.get("/pipeline", response_model=PipelineSettings)
async def get_pipeline_settings(session: SessionDep, viewer: AdminOnly) -> PipelineSettings:
    """Re-search schedule, stall threshold and seeding goals."""
    return await pipeline_settings(session)


@router.put("/pipeline", response_model=PipelineSettings)
async def put_pipeline_settings(
    body: PipelineSettings, session: SessionDep, viewer: AdminOnly
) -> PipelineSettings:
    """Change the pipeline knobs (a field left out goes back to its default)."""
    return await save_pipeline_settings(session, body)


@router.get("/quality-profiles", response_model=QualityProfilesOut)
async def get_quality_profiles(session: SessionDep, viewer: AdminOnly) -> QualityProfilesOut:
    """The quality profiles, the default for films and for shows, and the qualities to choose from."""
    return await read_quality_profiles(session)


@router.put("/quality-profiles", response_model=QualityProfilesOut)
async def put_quality_profiles(
    body: QualityProfilesIn, session: SessionDep, viewer: AdminOnly
) -> QualityProfilesOut:
    """Replace the quality profiles and the defaults."""
    return await save_quality_profiles(session, body)
