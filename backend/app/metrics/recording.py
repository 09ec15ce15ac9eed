"""Counting what happens in the workers, multiprocess-safe: one upsert per event into `metric_counts`.

The API answers `/metrics`, but tasks run in other processes (prefork children, other containers). Of the
ways to bring their counts together, the database is the one every process already shares in both
deployments: Prometheus' multiprocess directory needs one filesystem for the API and every worker (not so
in docker compose) and loses its files with the container; Redis is not there in embedded mode; a worker's
own memory dies with each child (`worker_max_tasks_per_child`). One row per (name, labels, bucket) is
incremented in place (`count = count + 1`), so concurrent writers never lose a count and the table stays
a few hundred rows whatever the traffic. The cost is one small write per task, beside the several each
task already makes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_sessionmaker
from app.metrics.models import NO_BUCKET, MetricCount

log = logging.getLogger(__name__)

# Upper bounds (seconds) of the task duration histogram: a quick state check to a long import.
TASK_DURATION_BUCKETS = (0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)
TASK_RUNS = "task_runs"
NOTIFICATION_FAILURES = "notification_failures"


def labels_key(labels: Mapping[str, str]) -> str:
    """The canonical text of `labels` (the table's key)."""
    return json.dumps(dict(labels), sort_keys=True, separators=(",", ":"))


def bucket_of(seconds: float, bounds: Sequence[float] = TASK_DURATION_BUCKETS) -> str:
    """The smallest bucket holding `seconds`, as Prometheus writes its bound."""
    for bound in bounds:
        if seconds <= bound:
            return repr(float(bound))
    return "+Inf"


async def add(
    session: AsyncSession,
    name: str,
    labels: Mapping[str, str],
    *,
    value: float = 0.0,
    bucket: str = NO_BUCKET,
) -> None:
    """Count one `name` event with `labels` (adding `value` to its total); committed by the caller."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(MetricCount).values(
        name=name, labels=labels_key(labels), bucket=bucket, count=1, total=value
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["name", "labels", "bucket"],
            set_={
                "count": MetricCount.count + statement.excluded.count,
                "total": MetricCount.total + statement.excluded.total,
            },
        )
    )


async def count_event(
    name: str, labels: Mapping[str, str], *, value: float = 0.0, bucket: str = NO_BUCKET
) -> None:
    """Count one event in a transaction of its own; a failure is logged, never raised (a count is not worth
    failing the work it describes)."""
    try:
        async with get_sessionmaker()() as session:
            if session.get_bind().dialect.name == "postgresql":
                # A count lost in a crash is not worth waiting for the disk: the commit returns at once.
                await session.execute(text("SET LOCAL synchronous_commit TO OFF"))
            await add(session, name, labels, value=value, bucket=bucket)
            await session.commit()
    except Exception:
        log.warning("could not count %s %s", name, dict(labels), exc_info=True)


async def task_finished(task_name: str, outcome: str, seconds: float) -> None:
    """Count a task run that ended with `outcome` (success, failure, retry…) after `seconds`."""
    await count_event(
        TASK_RUNS, {"task": task_name, "outcome": outcome}, value=seconds, bucket=bucket_of(seconds)
    )
