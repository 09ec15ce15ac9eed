"""How many messages wait in each queue, asked of whichever broker is configured (blocking: use a thread)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import Celery
from kombu.exceptions import ChannelError, OperationalError

log = logging.getLogger(__name__)

BROKER_TIMEOUT_S = 2.0


def queue_depths(app: Celery, queues: Iterable[str]) -> dict[str, int] | None:
    """Messages waiting per queue (0 for a queue the broker does not know yet); None when it is unreachable.

    A passive declare answers the count on every transport kombu has (AMQP asks RabbitMQ, Redis and the
    SQLAlchemy transport count their own rows or list items) without creating anything.
    """
    try:
        with app.connection_for_read() as connection:
            connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_S)
            depths: dict[str, int] = {}
            for queue in queues:
                # A passive declare of an unknown queue closes an AMQP channel: one channel per queue.
                channel = connection.channel()
                try:
                    depths[queue] = int(channel.queue_declare(queue=queue, passive=True).message_count)
                except ChannelError:
                    depths[queue] = 0
                finally:
                    channel.close()
            return depths
    except (OperationalError, OSError, TimeoutError) as exc:
        log.info("broker unreachable for queue depths: %s", exc)
        return None
