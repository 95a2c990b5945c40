"""Single messages of a Redis queue: peek in consumption order, purge, delete, find by id.

kombu pushes with LPUSH and takes with RPOP, trying the priority levels in the order of the
channel's ``priority_steps`` (step 0 first): the next message is the tail of the first
non-empty level. Deleting removes that exact payload (LREM from the tail), so a message a
worker took meanwhile is reported as gone rather than something else being removed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from desktop.core.control.actions import error_text
from desktop.core.queues.broker import QueueBroker, QueueBrokerError
from desktop.core.queues.envelope import decode_envelope
from desktop.core.queues.results import (
    DeleteResult,
    FoundMessage,
    PeekedMessage,
    PeekResult,
    PurgeResult,
)

log = logging.getLogger("celery_desk.queues")

MAX_PEEK = 1000
_SCAN_CHUNK = 1000


def failure(exc: BaseException) -> str:
    """A one-line reason for the user (passwords masked)."""
    if isinstance(exc, QueueBrokerError):
        return str(exc)
    return error_text(exc)


def peek(broker: QueueBroker, queue: str, n: int = 20) -> PeekResult:
    """The first ``n`` waiting messages of ``queue``, decoded, in the order workers take them."""
    n = max(1, min(int(n), MAX_PEEK))
    try:
        _layout, client = broker.open()
        levels = broker.level_keys(queue)
        with client.pipeline(transaction=False) as pipe:
            for _step, key in levels:
                pipe.llen(key)
                pipe.lrange(key, -n, -1)
            replies = pipe.execute()
    except Exception as exc:  # unreachable broker, dropped connection
        broker.reset()
        return PeekResult(queue, error=failure(exc))
    total = 0
    found: list[PeekedMessage] = []
    for index, (step, key) in enumerate(levels):
        total += int(replies[2 * index])
        for raw in reversed(replies[2 * index + 1]):  # the tail is taken first
            if len(found) < n:
                found.append(
                    PeekedMessage(queue, step, len(found), key, bytes(raw), decode_envelope(raw))
                )
    return PeekResult(queue, tuple(found), total)


def purge(broker: QueueBroker, queue: str) -> PurgeResult:
    """Delete every priority level of ``queue`` at once; counts what each held."""
    try:
        _layout, client = broker.open()
        levels = broker.level_keys(queue)
        with client.pipeline(transaction=True) as pipe:
            for _step, key in levels:
                pipe.llen(key)
            for _step, key in levels:
                pipe.delete(key)
            replies = pipe.execute()
    except Exception as exc:  # unreachable broker, dropped connection
        broker.reset()
        return PurgeResult(queue, error=failure(exc))
    removed = tuple((step, int(replies[i])) for i, (step, _key) in enumerate(levels))
    log.info("Purged %d message(s) from queue %r", sum(c for _, c in removed), queue)
    return PurgeResult(queue, removed)


def delete_message(broker: QueueBroker, message: PeekedMessage) -> DeleteResult:
    """Remove the exact payload of a peeked message from its level (oldest copy)."""
    task_id = message.message.task_id
    try:
        _layout, client = broker.open()
        raw: Any = message.raw  # redis-py takes bytes, whatever its stubs say
        count = int(client.lrem(message.key, -1, raw))
    except Exception as exc:  # unreachable broker, dropped connection
        broker.reset()
        return DeleteResult(message.queue, task_id, error=failure(exc))
    return DeleteResult(message.queue, task_id, removed=count > 0)


def find_message(broker: QueueBroker, task_id: str, queues: Iterable[str]) -> FoundMessage | None:
    """The message of ``task_id`` waiting in one of ``queues`` or in the unacked hash."""
    needle = task_id.encode()
    layout, client = broker.open()
    for queue in queues:
        for _step, key in broker.level_keys(queue):
            length = int(client.llen(key))
            for start in range(0, length, _SCAN_CHUNK):
                for raw in client.lrange(key, start, start + _SCAN_CHUNK - 1):
                    if needle in raw:
                        decoded = decode_envelope(raw)
                        if decoded.task_id == task_id:
                            return FoundMessage(queue, "queue", decoded)
    for _tag, value in client.hscan_iter(layout.unacked, count=1000):
        if needle not in value:
            continue
        try:
            envelope, _exchange, routing_key = json.loads(value)
        except (ValueError, TypeError):
            continue
        decoded = decode_envelope(json.dumps(envelope))
        if decoded.task_id == task_id:
            return FoundMessage(str(routing_key or decoded.routing_key), "unacked", decoded)
    return None
