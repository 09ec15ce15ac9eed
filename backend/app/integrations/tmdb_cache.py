"""The cache TMDB details go through, so kiosk pages do not wait on TMDB.

Values are JSON-compatible (TMDB's own answers), so a database-backed cache can store them as they are.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol


class DetailsCache(Protocol):
    """Where TMDB answers are kept between calls; `get` returns None for a miss or an expired entry."""

    async def get(self, key: str) -> Any | None:
        """Return the value stored under `key`, or None."""
        ...

    async def set(self, key: str, value: Any, ttl: float) -> None:
        """Store `value` under `key` for `ttl` seconds."""
        ...


class InMemoryDetailsCache:
    """A bounded in-process TTL cache (least recently used entries go first)."""

    def __init__(self, *, max_entries: int = 2000, clock: Callable[[], float] = time.monotonic) -> None:
        self._entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._max_entries = max_entries
        self._clock = clock

    async def get(self, key: str) -> Any | None:
        """Return the value stored under `key`, or None when missing or expired."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires_at, value = entry
        if self._clock() >= expires_at:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    async def set(self, key: str, value: Any, ttl: float) -> None:
        """Store `value` under `key` for `ttl` seconds, evicting the oldest entry when full."""
        self._entries[key] = (self._clock() + ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)
