"""app/batching.py: calls that arrive together go out together, and each caller gets its own answer."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from app.batching import Batcher, PerLoop


class Recorder:
    """A flush that records its batches and can be held open, to let calls pile up behind it."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, items: Sequence[int]) -> list[int | BaseException]:
        self.batches.append(list(items))
        await self.release.wait()
        return [ValueError(f"no {item}") if item < 0 else item * 10 for item in items]


async def test_a_lone_call_goes_out_at_once_on_its_own() -> None:
    recorder = Recorder()
    batcher = Batcher(recorder)
    assert await asyncio.wait_for(batcher.submit(4), timeout=1) == 40
    assert recorder.batches == [[4]]


async def test_calls_arriving_while_a_batch_is_out_go_in_the_next_one_in_order() -> None:
    recorder = Recorder()
    recorder.release.clear()
    batcher = Batcher(recorder)
    first = asyncio.create_task(batcher.submit(1))
    await asyncio.sleep(0)  # the first batch is out, and held
    others = [asyncio.create_task(batcher.submit(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    recorder.release.set()
    assert await first == 10
    assert [await task for task in others] == [20, 30, 40]
    assert recorder.batches == [[1], [2, 3, 4]]


async def test_a_failure_of_one_item_reaches_only_its_caller() -> None:
    recorder = Recorder()
    recorder.release.clear()
    batcher = Batcher(recorder)
    tasks = [asyncio.create_task(batcher.submit(n)) for n in (1, -2, 3)]
    await asyncio.sleep(0)
    recorder.release.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert results[0] == 10 and results[2] == 30
    assert isinstance(results[1], ValueError) and str(results[1]) == "no -2"


async def test_a_flush_that_fails_tells_every_caller_of_that_batch_and_the_next_batch_still_goes() -> None:
    calls = 0

    async def flaky(items: Sequence[int]) -> list[int | BaseException]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database went away")
        return list(items)

    batcher: Batcher[int, int] = Batcher(flaky)
    results = await asyncio.gather(batcher.submit(1), batcher.submit(2), return_exceptions=True)
    assert all(isinstance(result, ConnectionError) for result in results)
    assert await batcher.submit(3) == 3


async def test_a_caller_that_goes_away_does_not_cancel_the_others() -> None:
    recorder = Recorder()
    recorder.release.clear()
    batcher = Batcher(recorder)
    leaving = asyncio.create_task(batcher.submit(1))
    staying = asyncio.create_task(batcher.submit(2))
    await asyncio.sleep(0)
    leaving.cancel()
    recorder.release.set()
    assert await staying == 20
    with pytest.raises(asyncio.CancelledError):
        await leaving
    assert recorder.batches == [[1, 2]]


def test_per_loop_values_are_kept_apart_between_event_loops() -> None:
    made: list[object] = []
    per_loop: PerLoop[object] = PerLoop(lambda: made.append(object()) or made[-1])

    async def twice() -> tuple[object, object]:
        return per_loop.get(), per_loop.get()

    first = asyncio.run(twice())
    second = asyncio.run(twice())
    assert first[0] is first[1] and second[0] is second[1]
    assert first[0] is not second[0]
    assert len(made) == 2
