"""A scrape's snapshot in Prometheus' text format, written by the official client library."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from app.downloads.models import DownloadState
from app.media_requests.states import RequestStatus
from app.metrics.recording import NOTIFICATION_FAILURES, TASK_RUNS
from app.metrics.snapshot import Count, Snapshot

PREFIX = "plex_kiosk"


def _task_histogram(counts: list[Count]) -> HistogramMetricFamily:
    family = HistogramMetricFamily(
        f"{PREFIX}_task_duration_seconds",
        "Tasks the workers ran, by task name and outcome, and how long each took",
        labels=["task", "outcome"],
    )
    per_series: dict[tuple[str, str], list[Count]] = defaultdict(list)
    for count in counts:
        per_series[(count.labels.get("task", "?"), count.labels.get("outcome", "?"))].append(count)
    for (task, outcome), rows in sorted(per_series.items()):
        by_bound = sorted(rows, key=lambda row: float(row.bucket))  # float("+Inf") sorts last
        cumulative, buckets = 0, []
        for row in by_bound:
            cumulative += row.count
            buckets.append((row.bucket, float(cumulative)))
        if not buckets or not math.isinf(float(buckets[-1][0])):
            buckets.append(("+Inf", float(cumulative)))
        family.add_metric([task, outcome], buckets, sum_value=sum(row.total for row in rows))
    return family


class SnapshotCollector(Collector):
    """Hands one snapshot's families to the client library's writer."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterator[Metric]:
        """Every family, from the snapshot."""
        seen = self.snapshot
        requests = GaugeMetricFamily(f"{PREFIX}_requests", "Media requests by status", labels=["status"])
        for status in RequestStatus:
            requests.add_metric([status.value], seen.requests_by_status.get(status.value, 0))
        yield requests

        downloads = GaugeMetricFamily(f"{PREFIX}_downloads", "Torrents we track, by state", labels=["state"])
        for state in DownloadState:
            downloads.add_metric([state.value], seen.downloads_by_state.get(state.value, 0))
        yield downloads

        reachable = GaugeMetricFamily(f"{PREFIX}_qbittorrent_up", "1 when qBittorrent answered this scrape")
        reachable.add_metric([], 0 if seen.download_speed is None else 1)
        yield reachable
        if seen.download_speed is not None:
            speed = GaugeMetricFamily(
                f"{PREFIX}_download_speed_bytes",
                "Download speed of our unfinished torrents, bytes per second",
            )
            speed.add_metric([], seen.download_speed)
            yield speed

        broker = GaugeMetricFamily(f"{PREFIX}_broker_up", "1 when the broker answered this scrape")
        broker.add_metric([], 0 if seen.queue_depths is None else 1)
        yield broker
        if seen.queue_depths is not None:
            depth = GaugeMetricFamily(
                f"{PREFIX}_queue_messages", "Messages waiting in each queue", labels=["queue"]
            )
            for queue, messages in sorted(seen.queue_depths.items()):
                depth.add_metric([queue], messages)
            yield depth

        yield _task_histogram([count for count in seen.counts if count.name == TASK_RUNS])

        failures = CounterMetricFamily(
            f"{PREFIX}_notification_failures",
            "Notifications a service refused or never got",
            labels=["service"],
        )
        for count in seen.counts:
            if count.name == NOTIFICATION_FAILURES:
                failures.add_metric([count.labels.get("service", "?")], count.count)
        yield failures

        duration = GaugeMetricFamily(
            f"{PREFIX}_plex_sync_duration_seconds",
            "How long the latest Plex sync of each kind took",
            labels=["kind"],
        )
        items = GaugeMetricFamily(
            f"{PREFIX}_plex_sync_items",
            "Items the latest Plex sync of each kind changed",
            labels=["kind", "change"],
        )
        finished = GaugeMetricFamily(
            f"{PREFIX}_plex_sync_finished_timestamp_seconds",
            "When the latest Plex sync of each kind ended (Unix time)",
            labels=["kind", "status"],
        )
        for sync in seen.syncs:
            duration.add_metric([sync.kind], sync.seconds)
            for change, number in (
                ("added", sync.added),
                ("updated", sync.updated),
                ("removed", sync.removed),
            ):
                items.add_metric([sync.kind, change], number)
            finished.add_metric([sync.kind, sync.status], sync.finished_at.timestamp())
        yield duration
        yield items
        yield finished


def render(snapshot: Snapshot) -> bytes:
    """The Prometheus text of `snapshot`."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(SnapshotCollector(snapshot))
    return generate_latest(registry)
