"""The one event loop of a worker process, on which every task runs the async services.

asyncpg connections belong to the loop that opened them, so a worker keeps a single loop for its
whole life (rebuilt after a fork, keyed by pid) rather than calling asyncio.run per task.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_loop: asyncio.AbstractEventLoop | None = None
_loop_pid: int | None = None


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion on this process's loop."""
    global _loop, _loop_pid
    if _loop is None or _loop_pid != os.getpid() or _loop.is_closed():
        _loop = asyncio.new_event_loop()
        _loop_pid = os.getpid()
    return _loop.run_until_complete(coro)
