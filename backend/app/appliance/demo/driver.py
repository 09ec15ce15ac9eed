"""What the demo does on a timer while the appliance runs, in a thread of its own.

- It stands in for a tracker: every second, it tells qBittorrent where the local seeder is for our unfinished
  torrents (the seeder has no tracker, DHT or LSD, so qBittorrent would never find it alone).
- It stands in for Beat's 5-minute download monitor: while a request downloads, it queues a monitor pass every
  few seconds through Celery, the way Beat does (the monitor's own lease keeps passes from overlapping). The
  Beat interval is a constant, not a setting, so the demo nudges rather than reconfigures.
- Once the API answers it prints the welcome, then a line each time a request changes state.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable

import httpx
import typer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.appliance.demo.instructions import status_line
from app.celery_app import task_names
from app.celery_app.publish import publish
from app.config import get_settings
from app.db import create_engine
from app.integrations.qbittorrent import QbittorrentClient, QbittorrentConfig
from app.media_requests.models import MediaRequest
from app.media_requests.states import RequestStatus

log = logging.getLogger(__name__)

INTRODUCE_EVERY_S = 1.0
MONITOR_EVERY_S = 3.0
WORTH_A_LINE = {RequestStatus.NOT_FOUND, RequestStatus.FAILED}


class DemoDriver(threading.Thread):
    """Introduces the seeder, nudges the monitor and reports progress until `stop()`."""

    def __init__(
        self, *, api_url: str, qbittorrent: QbittorrentConfig, peer: str, welcome: Callable[[bool], str]
    ):
        super().__init__(name="demo-driver", daemon=True)
        self.api_url = api_url
        self.qbittorrent = qbittorrent
        self.peer = peer
        self.welcome = welcome
        self._stopping = threading.Event()
        self._seen: dict[int, RequestStatus] = {}

    def stop(self) -> None:
        """Ask the loop to end and wait for it."""
        self._stopping.set()
        self.join(timeout=10)

    def run(self) -> None:
        """The thread's body: its own event loop for the async adapters and the database."""
        asyncio.run(self._main())

    async def _main(self) -> None:
        ui_built = await self._wait_for_api()
        if ui_built is None:
            return
        typer.echo(self.welcome(ui_built))
        engine = create_engine(get_settings().db_url, pool=False)
        qbit = QbittorrentClient(self.qbittorrent)
        last_monitor = 0.0
        try:
            while not self._stopping.is_set():
                # A busy database, broker or qBittorrent only skips this second's turn: the demo goes on.
                try:
                    downloading = await self._report(engine)
                    if downloading and time.monotonic() - last_monitor >= MONITOR_EVERY_S:
                        await publish(task_names.MONITOR_DOWNLOADS, expires=MONITOR_EVERY_S * 2)
                        last_monitor = time.monotonic()
                    await self._introduce(qbit)
                except Exception as exc:
                    log.debug("demo driver: skipped a turn: %s", exc)
                await asyncio.to_thread(self._stopping.wait, INTRODUCE_EVERY_S)
        finally:
            await qbit.close()
            await engine.dispose()

    async def _wait_for_api(self) -> bool | None:
        """Wait until the API is ready; then whether it serves the kiosk UI too (None: stopped first)."""
        async with httpx.AsyncClient(timeout=2) as http:
            while not self._stopping.is_set():
                try:
                    if (await http.get(f"{self.api_url}api/v1/ready")).status_code == 200:
                        return (await http.get(self.api_url)).status_code == 200
                except httpx.HTTPError:
                    pass
                await asyncio.to_thread(self._stopping.wait, 0.5)
        return None

    async def _introduce(self, qbit: QbittorrentClient) -> None:
        """Tell qBittorrent where the seeder is, for each of our torrents still downloading."""
        for torrent in await qbit.list_torrents():
            if torrent.progress < 1:
                await qbit.add_peers(torrent.info_hash, [self.peer])

    async def _report(self, engine: AsyncEngine) -> bool:
        """Print the requests whose state changed; True while one of them is downloading."""
        query = select(MediaRequest.id, MediaRequest.title, MediaRequest.status, MediaRequest.error)
        async with AsyncSession(engine) as session:
            rows = (await session.execute(query)).all()
        for request_id, title, status, error in rows:
            if self._seen.get(request_id) is not status:
                self._seen[request_id] = status
                typer.echo(status_line(title, status.value, error if status in WORTH_A_LINE else None))
        return any(status is RequestStatus.DOWNLOADING for _, _, status, _ in rows)
