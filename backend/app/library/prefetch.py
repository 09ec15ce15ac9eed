"""Read an async iterator one step ahead, so fetching page N+1 overlaps with writing page N."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


async def prefetched(source: AsyncIterator[T]) -> AsyncGenerator[T, None]:
    """Yield what `source` yields, fetching the next value while the caller works on the current one.

    An error from `source` comes out where the value would have; leaving the loop early stops the fetching.
    """
    queue: asyncio.Queue[tuple[object, BaseException | None]] = asyncio.Queue(maxsize=1)

    async def pump() -> None:
        try:
            async for value in source:
                await queue.put((value, None))
        except Exception as exc:
            await queue.put((None, exc))
        else:
            await queue.put((_DONE, None))

    task = asyncio.create_task(pump())
    try:
        while True:
            value, error = await queue.get()
            if error is not None:
                raise error
            if value is _DONE:
                return
            yield value  # type: ignore[misc]
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        close = getattr(source, "aclose", None)
        if close is not None:
            await close()
