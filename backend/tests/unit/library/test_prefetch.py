"""Reading pages one step ahead keeps their order, their errors and their early end."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from app.library.prefetch import prefetched


class Pages:
    """An async source that records how far it was read and whether it was closed."""

    def __init__(self, count: int, *, fail_at: int | None = None) -> None:
        self.count, self.fail_at = count, fail_at
        self.fetched: list[int] = []
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[int]:
        try:
            for number in range(self.count):
                await asyncio.sleep(0)
                if number == self.fail_at:
                    raise ConnectionError(f"page {number} failed")
                self.fetched.append(number)
                yield number
        finally:
            self.closed = True


async def test_values_come_in_order_and_the_next_is_fetched_meanwhile() -> None:
    source = Pages(5)
    seen = []
    async for number in prefetched(aiter(source)):
        await asyncio.sleep(0.01)  # the caller's work: the next page arrives during it
        seen.append(number)
        assert source.fetched[-1] >= min(number + 1, 4)
    assert seen == [0, 1, 2, 3, 4]


async def test_an_error_comes_out_after_the_pages_before_it() -> None:
    seen = []
    with pytest.raises(ConnectionError, match="page 2 failed"):
        async for number in prefetched(aiter(Pages(5, fail_at=2))):
            seen.append(number)
    assert seen == [0, 1]


async def test_leaving_early_stops_and_closes_the_source() -> None:
    source = Pages(100)
    async for number in prefetched(aiter(source)):
        if number == 1:
            break
    await asyncio.sleep(0.01)
    assert source.closed
    assert len(source.fetched) <= 4
