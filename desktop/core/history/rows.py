"""A task as one journal row, and back.

The columns hold what the Tasks view filters, sorts and searches on; ``detail`` holds the
rest as a compact orjson array: times as whole milliseconds after ``seen`` (small integers
instead of 17-digit floats), the task's root only when it is not the task itself, and the
timeline, one ``[subject, ms after seen, hostname]`` per state change, the hostname left
out (0) when it is the task's worker (or its client, for ``sent``).

:class:`JournalTask` pairs the :class:`~desktop.core.events.model.TaskRecord` (the same
record the live store holds, so the Tasks view shows both alike) with its timeline and how it
reached the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import orjson

from desktop.core.events.model import TaskRecord
from desktop.core.history.schema import ORIGIN_BACKFILL, ORIGIN_LIVE, ORIGIN_RECORDER

#: The per-state time slots of a TaskRecord, in the order ``detail`` keeps them.
TIME_SLOTS: Final = (
    "sent", "received", "started", "succeeded", "failed", "retried", "revoked", "rejected",
    "timestamp",
)  # fmt: skip
#: The other slots ``detail`` keeps, in order (root_id and times are handled apart).
_PLAIN_SLOTS: Final = ("client", "eta", "expires", "retries", "exchange", "routing_key")
#: Bits of the ``origin`` column: every way the task's data came in.
ORIGIN_BITS: Final = {ORIGIN_LIVE: 1, ORIGIN_RECORDER: 2, ORIGIN_BACKFILL: 4}
#: A timeline never grows past this: the first entries and the latest are kept.
TIMELINE_MAX: Final = 64

#: The columns :func:`to_row` fills, in order, after ``id``.
COLUMNS: Final = (
    "uuid", "state", "name", "worker", "queue", "seen", "runtime", "args", "kwargs", "result",
    "exception", "traceback", "parent_id", "origin", "detail",
)  # fmt: skip
#: The columns the text index covers, in its order.
TEXT_COLUMNS: Final = ("args", "kwargs", "result", "exception")
SELECT_COLUMNS: Final = "id, " + ", ".join(COLUMNS)

TimelineEntry = tuple[str, float, str | None]


@dataclass(slots=True, eq=False)
class JournalTask:
    """A task read from (or about to be written to) the journal.

    ``timeline`` lists ``(subject, timestamp, hostname)`` per state change in the order heard;
    ``origin`` is a mask of :data:`ORIGIN_BITS`: 1 heard live, 2 caught up from the recorder,
    4 backfilled from the result backend.
    """

    record: TaskRecord
    seen: float
    timeline: list[TimelineEntry] = field(default_factory=list)
    origin: int = 0
    id: int | None = None

    @property
    def backfilled_only(self) -> bool:
        """Known only from the result backend: no timeline, times only as it stored them."""
        return self.origin == ORIGIN_BITS[ORIGIN_BACKFILL]

    def has_entry(self, subject: str, timestamp: float | None) -> bool:
        """Whether this state change is already on the timeline (to the millisecond it is
        stored with: offsets from ``seen``, compared as the row keeps them)."""
        if timestamp is None:
            return any(entry[0] == subject for entry in self.timeline)
        base = self.seen
        stamp = _ms(timestamp, base)
        return any(s == subject and _ms(t, base) == stamp for s, t, _host in self.timeline)


def first_seen(record: TaskRecord, fallback: float) -> float:
    """When the task first showed up: sent, else received, else its first known time."""
    for value in (record.sent, record.received, record.started, record.timestamp):
        if value is not None:
            return value
    return fallback


def _ms(value: float | None, base: float) -> int | None:
    return None if value is None else round((value - base) * 1000)


def _at(value: int | None, base: float) -> float | None:
    return None if value is None else base + value / 1000


def to_row(task: JournalTask) -> tuple[Any, ...]:
    """The values of :data:`COLUMNS` for ``task``."""
    record, base = task.record, task.seen
    times = [_ms(getattr(record, slot), base) for slot in TIME_SLOTS]
    while times and times[-1] is None:
        times.pop()
    worker, client = record.worker, record.client
    timeline = [
        [subject, _ms(at, base), 0 if host == (client if subject == "sent" else worker) else host]
        for subject, at, host in task.timeline
    ]
    detail = [
        *(getattr(record, slot) for slot in _PLAIN_SLOTS),
        None if record.root_id in (None, record.uuid) else record.root_id,
        record.root_id == record.uuid,
        record.retried_count,
        record.extra,
        timeline,
        times,
        record.queue is None,  # the queue column then holds the routing key
    ]
    return (
        record.uuid, record.state, record.name, worker, record.queue or record.routing_key,
        base, record.runtime, record.args, record.kwargs, record.result, record.exception,
        record.traceback, record.parent_id, task.origin,
        orjson.dumps(detail, default=_fallback, option=orjson.OPT_NON_STR_KEYS),
    )  # fmt: skip


def from_row(row: tuple[Any, ...]) -> JournalTask:
    """A :class:`JournalTask` from a row selected with :data:`SELECT_COLUMNS`."""
    (row_id, uuid, state, name, worker, queue, seen, runtime, args, kwargs, result, exception,
     traceback, parent_id, origin, raw) = row  # fmt: skip
    record = TaskRecord(
        uuid, state=state, name=name, worker=worker, args=args, kwargs=kwargs, result=result,
        exception=exception, traceback=traceback, runtime=runtime, parent_id=parent_id,
    )  # fmt: skip
    detail = orjson.loads(raw) if raw else []
    plain = detail[: len(_PLAIN_SLOTS)]
    for slot, value in zip(_PLAIN_SLOTS, plain, strict=False):
        setattr(record, slot, value)
    rest = detail[len(_PLAIN_SLOTS) :]
    timeline: list[TimelineEntry] = []
    if len(rest) >= 7:
        root, own_root, retried_count, extra, raw_timeline, times, no_queue = rest[:7]
        record.queue = None if no_queue else queue
        record.root_id = uuid if own_root else root
        record.retried_count = int(retried_count or 0)
        record.extra = extra
        for slot, value in zip(TIME_SLOTS, times, strict=False):
            setattr(record, slot, _at(value, seen))
        for subject, at, stored in raw_timeline:
            host = (
                (record.client if subject == "sent" else record.worker) if stored == 0 else stored
            )
            timeline.append((subject, seen + at / 1000, host))
    return JournalTask(record, seen, timeline, int(origin or 0), row_id)


def text_values(record: TaskRecord) -> tuple[str | None, ...]:
    """The values of :data:`TEXT_COLUMNS`, as the text index holds them."""
    return record.args, record.kwargs, record.result, record.exception


def _fallback(value: object) -> Any:
    if isinstance(value, bytes | bytearray):
        return value.decode("utf-8", "replace")
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return repr(value)
