"""What the mirror holds of requested films and shows: matching items by tmdb, imdb or tvdb, and episodes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.library.matching import Episodes, MediaIds, episodes_by_season
from app.library.models import LibraryItem, TmdbLink


@dataclass
class Presence:
    """The mirror's items for one request: rating keys of the film or show, and a show's episodes."""

    rating_keys: list[str] = field(default_factory=list)
    episodes: Episodes = field(default_factory=dict)

    @property
    def found(self) -> bool:
        """True when a film or a show entry matched."""
        return bool(self.rating_keys)


async def tmdb_aliases(session: AsyncSession, wanted: Iterable[MediaIds]) -> dict[MediaIds, list[MediaIds]]:
    """For each wanted title, the IMDb/TVDB ids learnt for its TMDB id (old agents know only those)."""
    by_key: dict[tuple[str, int | None], MediaIds] = {(ids.kind, ids.tmdb): ids for ids in wanted if ids.tmdb}
    aliases: dict[MediaIds, list[MediaIds]] = {}
    if not by_key:
        return aliases
    rows = await session.execute(
        select(TmdbLink.media_type, TmdbLink.tmdb_id, TmdbLink.imdb_id, TmdbLink.tvdb_id).where(
            TmdbLink.tmdb_id.in_({tmdb for _, tmdb in by_key})
        )
    )
    for kind, tmdb, imdb, tvdb in rows:
        owner = by_key.get((kind, tmdb))
        if owner is not None:
            aliases.setdefault(owner, []).append(MediaIds(kind, None, imdb, tvdb))
    return aliases


def _id_filter(kind: str, ids: Sequence[MediaIds]) -> object:
    tmdbs = {i.tmdb for i in ids if i.tmdb is not None}
    imdbs = {i.imdb for i in ids if i.imdb}
    tvdbs = {i.tvdb for i in ids if i.tvdb is not None}
    clauses = []
    if tmdbs:
        clauses.append(LibraryItem.tmdb_id.in_(tmdbs))
    if imdbs:
        clauses.append(LibraryItem.imdb_id.in_(imdbs))
    if tvdbs:
        clauses.append(LibraryItem.tvdb_id.in_(tvdbs))
    return and_(LibraryItem.item_type == kind, or_(*clauses)) if clauses else None


async def presence_of(session: AsyncSession, wanted: Sequence[MediaIds]) -> dict[MediaIds, Presence]:
    """For each wanted film or show, the mirror items that match any of its ids, and a show's episodes."""
    aliases = await tmdb_aliases(session, wanted)
    every_id = [*wanted, *(alias for group in aliases.values() for alias in group)]
    result: dict[MediaIds, Presence] = {ids: Presence() for ids in wanted}
    candidates: list[tuple[str, MediaIds]] = []
    for kind in ("movie", "show"):
        condition = _id_filter(kind, [ids for ids in every_id if ids.kind == kind])
        if condition is None:
            continue
        rows = await session.execute(
            select(
                LibraryItem.rating_key, LibraryItem.tmdb_id, LibraryItem.imdb_id, LibraryItem.tvdb_id
            ).where(
                condition  # type: ignore[arg-type]
            )
        )
        candidates.extend((key, MediaIds(kind, tmdb, imdb, tvdb)) for key, tmdb, imdb, tvdb in rows)
    show_owner: dict[str, list[MediaIds]] = {}
    for ids in wanted:
        names = [ids, *aliases.get(ids, ())]
        for key, item_ids in candidates:
            if any(name.shares_an_id(item_ids) for name in names):
                result[ids].rating_keys.append(key)
                if ids.kind == "show":
                    show_owner.setdefault(key, []).append(ids)
    if show_owner:
        episode_rows = await session.execute(
            select(
                LibraryItem.grandparent_rating_key, LibraryItem.season_number, LibraryItem.episode_number
            ).where(
                LibraryItem.item_type == "episode", LibraryItem.grandparent_rating_key.in_(list(show_owner))
            )
        )
        pairs: dict[str | None, list[tuple[int | None, int | None]]] = {}
        for parent_key, season, episode in episode_rows:
            pairs.setdefault(parent_key, []).append((season, episode))
        for show_key, owners in show_owner.items():
            grouped = episodes_by_season(pairs.get(show_key, ()))
            for owner in owners:
                for season, numbers in grouped.items():
                    result[owner].episodes.setdefault(season, set()).update(numbers)
    return result
