"""Backfill from a Redis result backend: tasks that finished while nobody listened.

Celery's Redis backend keeps ``celery-task-meta-<id>`` for ``result_expires`` (a day by
default): state, result or exception and traceback, ``date_done``, and with
``result_extended`` the name, args, kwargs, worker, retries and queue (celery/backends/
base.py ``_get_result_meta``). :func:`backfill_events` turns each finished one into the event
its worker would have sent, so the journal merges it by the same rules as a heard event:
a task the journal already has finished is left alone, one it has unfinished is completed,
one it lacks is added, marked backfilled. What a result does not hold (sent, received and
started times, retries on the way, the runtime) stays empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Final

import orjson
import redis

KEY_PREFIX: Final = "celery-task-meta-"
#: Keys per SCAN step and per MGET.
SCAN_COUNT: Final = 1000
#: Result states and the event a worker sends for each (unfinished states are not backfilled).
_EVENT_OF: Final = {
    "SUCCESS": "task-succeeded",
    "FAILURE": "task-failed",
    "REVOKED": "task-revoked",
}


def scan_results(client: redis.Redis, prefix: str = "") -> Iterator[list[tuple[str, bytes]]]:
    """``(task id, stored meta)`` of every result key, a SCAN batch at a time."""
    pattern = f"{prefix}{KEY_PREFIX}*"
    skip = len(prefix) + len(KEY_PREFIX)
    cursor = 0
    while True:
        cursor, keys = client.scan(cursor, match=pattern, count=SCAN_COUNT)
        if keys:
            values = client.mget(keys)
            yield [
                (_text(key)[skip:], value)
                for key, value in zip(keys, values, strict=True)
                if isinstance(value, bytes)
            ]
        if cursor == 0:
            return


def backfill_event(task_id: str, raw: bytes) -> dict[str, Any] | None:
    """The event a worker would have sent for a finished result; None for anything else."""
    try:
        meta = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None  # pickle or msgpack results: nothing we can read safely
    if not isinstance(meta, dict):
        return None
    kind = _EVENT_OF.get(str(meta.get("status")))
    done = _epoch(meta.get("date_done"))
    if kind is None or done is None:
        return None
    event: dict[str, Any] = {"type": kind, "uuid": task_id, "timestamp": done,
                             "local_received": done}  # fmt: skip
    if kind == "task-failed":
        event["exception"] = _exception_text(meta.get("result"))
        event["traceback"] = meta.get("traceback")
    elif kind == "task-succeeded":
        event["result"] = _repr(meta.get("result"))
    if meta.get("name"):
        event["name"] = str(meta["name"])
    if meta.get("args") is not None:
        args = meta["args"]
        event["args"] = _repr(tuple(args) if isinstance(args, list) else args)
    if meta.get("kwargs") is not None:
        event["kwargs"] = _repr(meta["kwargs"])
    if meta.get("worker"):
        event["hostname"] = str(meta["worker"])
    if meta.get("queue"):
        event["routing_key"] = str(meta["queue"])
    if isinstance(meta.get("retries"), int):
        event["retries"] = meta["retries"]
    if meta.get("parent_id"):
        event["parent_id"] = str(meta["parent_id"])
    return event


def _epoch(value: object) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:  # Celery writes UTC unless enable_utc is off: read it as UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _repr(value: object) -> str:
    # as the worker's event would show it (saferepr of the value), cut as Celery cuts args
    text = repr(value)
    return text if len(text) <= 1024 else text[:1021] + "..."


def _exception_text(value: object) -> str:
    if isinstance(value, dict) and value.get("exc_type"):
        message = value.get("exc_message")
        parts = message if isinstance(message, list) else [message]
        return f"{value['exc_type']}({', '.join(repr(part) for part in parts)})"
    return _repr(value)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
