"""Hand a chosen release to qBittorrent, recording it first so that a crash never adds it twice."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import httpx
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.downloads.models import Download
from app.downloads.service import record_download, request_tag
from app.downloads.sources import TorrentSource, resolve
from app.integrations.errors import PermanentError, TransientError
from app.integrations.qbittorrent import AddOptions, QbittorrentClient
from app.releases.candidates import Candidate
from app.releases.models import Release

log = logging.getLogger(__name__)
# An accepted verdict, or one a parent picked despite its rejection.
_GRABBABLE = or_(Release.rejected.is_(False), Release.picked_by.is_not(None))


async def add_to_qbittorrent(
    qbit: QbittorrentClient, source: TorrentSource, *, request_id: int, save_path: str
) -> None:
    """Add a torrent tagged with its request; adding a hash qBittorrent already has changes nothing."""
    if await qbit.get_torrent(source.info_hash) is not None:
        return
    options = AddOptions(tags=(request_tag(request_id),), save_path=save_path)
    if source.torrent is not None:
        await qbit.add_torrent_file(source.torrent, options)
    elif source.magnet is not None:
        await qbit.add_magnet(source.magnet, options)


async def grab_best(
    session: AsyncSession,
    *,
    qbit: QbittorrentClient,
    http: httpx.AsyncClient,
    request_id: int,
    season: int | None,
    choices: Sequence[Candidate],
    save_path: str,
) -> Download | None:
    """Grab the first of `choices` (best first) that resolves and qBittorrent takes; None when none does.

    The download row is committed before the add: a worker dying in between leaves a row whose torrent
    the rerun adds (same hash, so never twice), instead of a torrent nobody knows about.
    """
    for candidate in choices:
        try:
            source = await resolve(http, magnet=candidate.magnet_url, torrent_url=candidate.download_url)
        except PermanentError as exc:
            log.info("request %s: skipping %r: %s", request_id, candidate.title, exc.message)
            await _give_up(session, request_id, candidate.title)
            continue
        row = await record_download(
            session,
            request_id=request_id,
            release_id=await _mark_chosen(session, request_id, candidate.title, source.info_hash),
            info_hash=source.info_hash,
            name=candidate.title,
            save_path=save_path,
        )
        row.season = season
        await session.commit()
        try:
            await add_to_qbittorrent(qbit, source, request_id=request_id, save_path=save_path)
        except PermanentError as exc:
            log.info("request %s: qBittorrent refused %r: %s", request_id, candidate.title, exc.message)
            await _give_up(session, request_id, candidate.title, info_hash=source.info_hash)
            await session.delete(row)
            await session.commit()
            continue
        except TransientError:
            # qBittorrent did not answer: forget the row, or the step's retry would take the download for
            # started and never add it. Should the add have gone through unseen, the retry finds the hash
            # in qBittorrent and adds nothing twice.
            await _unmark_chosen(session, row.release_id)
            await session.delete(row)
            await session.commit()
            raise
        return row
    return None


async def _mark_chosen(session: AsyncSession, request_id: int, title: str, info_hash: str) -> int | None:
    release = await _release(session, request_id, title)
    if release is None:
        return None
    release.chosen = True
    release.info_hash = info_hash
    return release.id


async def _unmark_chosen(session: AsyncSession, release_id: int | None) -> None:
    if release_id is not None:
        await session.execute(update(Release).where(Release.id == release_id).values(chosen=False))


async def _release(session: AsyncSession, request_id: int, title: str) -> Release | None:
    return await session.scalar(
        select(Release)
        .where(Release.request_id == request_id, Release.title == title[:1000], _GRABBABLE)
        .order_by(Release.id.desc())
        .limit(1)
    )


async def _give_up(
    session: AsyncSession, request_id: int, title: str, *, info_hash: str | None = None
) -> None:
    values: dict[str, object] = {"blocklisted": True, "chosen": False}
    if info_hash:
        values["info_hash"] = info_hash
    await session.execute(
        update(Release)
        .where(Release.request_id == request_id, Release.title == title[:1000], _GRABBABLE)
        .values(**values)
    )
    await session.commit()
