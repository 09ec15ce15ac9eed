"""Group the calls that arrive together on one event loop into one batch (group commit).

A call joins the pending batch and waits for its own result. The batch goes out as soon as nothing
else is going out: a lone call is never held back, and while one batch is in flight the next one
collects everything that arrives meanwhile. Under load this turns many small round trips (to the
database, to the broker) into one; when idle it costs nothing.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

Item = TypeVar("Item")
Result = TypeVar("Result")

# Sends a batch; returns one result or exception per item, in order.
Flush = Callable[[Sequence[Item]], Awaitable[Sequence[Result | BaseException]]]


@dataclass
class _Waiting(Generic[Item, Result]):
    item: Item
    outcome: asyncio.Future[Result] = field(repr=False)


class Batcher(Generic[Item, Result]):
    """Submit items one by one; `flush` sends them in batches. Bound to the event loop it first runs on."""

    def __init__(self, flush: Flush[Item, Result]) -> None:
        self._flush = flush
        self._waiting: list[_Waiting[Item, Result]] = []
        self._running: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        """`item`'s result once its batch has gone out (its exception, if it got one)."""
        outcome: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append(_Waiting(item, outcome))
        if self._running is None or self._running.done():
            self._running = asyncio.create_task(self._run())
        # Shielded: a caller that goes away (a client disconnecting) does not cancel the others' batch.
        return await asyncio.shield(outcome)

    async def _run(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                results = await self._flush([waiting.item for waiting in batch])
            except asyncio.CancelledError:
                for waiting in batch:
                    waiting.outcome.cancel()
                raise
            except Exception as exc:  # the whole batch failed: each caller hears why
                results = [exc] * len(batch)
            for waiting, result in zip(batch, results, strict=True):
                if waiting.outcome.done():
                    continue
                if isinstance(result, BaseException):
                    waiting.outcome.set_exception(result)
                else:
                    waiting.outcome.set_result(result)


Value = TypeVar("Value")


class PerLoop(Generic[Value]):
    """One `Value` per running event loop (an API process has one loop; the tests have several)."""

    def __init__(self, make: Callable[[], Value]) -> None:
        self._make = make
        self._values: WeakKeyDictionary[asyncio.AbstractEventLoop, Value] = WeakKeyDictionary()
        # The last loop asked for and its value: every call of a busy API asks for the same loop.
        self._last: tuple[weakref.ref[asyncio.AbstractEventLoop], Value] | None = None

    def get(self) -> Value:
        """The running loop's value, made on first use."""
        loop = asyncio.get_running_loop()
        if self._last is not None and self._last[0]() is loop:
            return self._last[1]
        value = self._values.get(loop)
        if value is None:
            value = self._values[loop] = self._make()
        self._last = (weakref.ref(loop), value)
        return value
