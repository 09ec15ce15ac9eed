"""One folder under two names: as another program sees it (Plex, qBittorrent, maybe on Windows or a NAS) and
as this appliance sees it. The first mapping whose prefix holds a path translates it; others pass unchanged.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]|^\\\\")


def is_windows(path: str) -> bool:
    """True for `C:\\…`, `\\\\server\\share` or a path written only with backslashes."""
    return bool(_WINDOWS_PATH.match(path)) or ("\\" in path and "/" not in path)


def norm(path: str) -> str:
    """A path with forward slashes and no trailing separator, for prefix comparisons."""
    return path.replace("\\", "/").rstrip("/")


def under(path: str, prefix: str, *, case_insensitive: bool) -> str | None:
    """The rest of `path` below `prefix` ('' when equal), or None when it is not under it."""
    p, q = norm(path), norm(prefix)
    p_cmp, q_cmp = (p.lower(), q.lower()) if case_insensitive else (p, q)
    if p_cmp == q_cmp:
        return ""
    if p_cmp.startswith(q_cmp + "/"):
        return p[len(q) + 1 :]
    return None


def to_theirs(local_path: str, mappings: Sequence[tuple[str, str]]) -> str:
    """Our path as the other program sees it; `mappings` are (their prefix, our prefix) pairs."""
    for their_prefix, local_prefix in mappings:
        rest = under(local_path, local_prefix, case_insensitive=False)
        if rest is None:
            continue
        if is_windows(their_prefix):
            return their_prefix.rstrip("\\/") + ("\\" + rest.replace("/", "\\") if rest else "")
        return posixpath.join(their_prefix.rstrip("/"), rest) if rest else their_prefix.rstrip("/")
    return local_path


def to_ours(their_path: str, mappings: Sequence[tuple[str, str]]) -> str:
    """The other program's path as we see it (Windows prefixes compare without case)."""
    for their_prefix, local_prefix in mappings:
        rest = under(their_path, their_prefix, case_insensitive=is_windows(their_prefix))
        if rest is not None:
            return posixpath.join(local_prefix.rstrip("/"), rest) if rest else local_prefix.rstrip("/")
    return their_path
