"""One sentence a person reads on the request's timeline: what the import did."""

from __future__ import annotations

from collections.abc import Sequence

from app.imports.naming import episode_tag
from app.imports.results import Conflict, Failure, ImportedFile, SkippedFile
from app.imports.target import Episode


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def _where(folders: Sequence[str]) -> str:
    """ "Movies/X (2010)", or "TV Shows/X (2008)/Season 01 and Season 02" for several season folders."""
    if len(folders) == 1:
        return folders[0]
    parents = {folder.rsplit("/", 1)[0] for folder in folders}
    if len(parents) == 1:
        names = [folder.rsplit("/", 1)[1] for folder in folders]
        return f"{parents.pop()}/" + ", ".join(names[:-1]) + f" and {names[-1]}"
    return ", ".join(folders)


def _episodes(episodes: Sequence[Episode]) -> str:
    shown = [episode_tag(season, [number]).upper() for season, number in episodes[:10]]
    more = f" and {len(episodes) - 10} more" if len(episodes) > 10 else ""
    return ", ".join(shown) + more


def summarise(
    imported: Sequence[ImportedFile],
    skipped: Sequence[SkippedFile],
    conflicts: Sequence[Conflict],
    failures: Sequence[Failure],
    folders: Sequence[str],
    missing: Sequence[Episode],
    problem: str | None = None,
) -> str:
    """ "Imported 1 file into Movies/Inception (2010)", with what was skipped, clashed or failed."""
    if imported:
        present = sum(1 for item in imported if item.already_present)
        sentence = f"Imported {_files(len(imported))} into {_where(folders)}"
        if present == len(imported):
            sentence = f"Already in the library: {_files(len(imported))} in {_where(folders)}"
        elif present:
            sentence += f" ({present} already there)"
    else:
        sentence = f"Nothing imported: {problem}" if problem else "Nothing imported"
    notes = []
    if conflicts:
        notes.append(f"{len(conflicts)} not imported because a different file already has the name")
    if failures:
        notes.append(f"{len(failures)} failed: {failures[0].reason}")
    if missing:
        notes.append(f"missing {_episodes(missing)}")
    if skipped:
        notes.append(f"{_files(len(skipped))} of the torrent left out")
    return sentence + ("; " + "; ".join(notes) if notes else "") + "."
