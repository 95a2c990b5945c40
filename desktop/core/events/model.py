"""Compact task records and the rules that merge a task event into one.

A :class:`TaskRecord` is a slotted dataclass: no per-instance ``__dict__``, repeated strings
(names, hostnames, queues, short args) interned, ``root_id`` sharing the ``uuid`` object when
a task is its own root. Fields that no known slot holds (``terminated``/``signum`` of a
revoke, anything a task sends with ``self.send_event('task-progress', ...)``) go to
``extra``, a dict created only for the tasks that need one.

State semantics follow ``celery.events.state.Task.event``: an event whose state logically
happens before the current one (by precedence) does not change the state and only fills
fields still missing; RETRY always takes over, except that a retry older than a final state
never overwrites it (Celery lets it). Custom states (any other ``task-<x>`` event, state
``X``) rank just below REVOKED; Celery ranks them above it, which leaves a task that is
terminated while in PROGRESS showing PROGRESS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PENDING = "PENDING"
RECEIVED = "RECEIVED"
STARTED = "STARTED"
SUCCESS = "SUCCESS"
FAILURE = "FAILURE"
REVOKED = "REVOKED"
REJECTED = "REJECTED"
RETRY = "RETRY"

#: States a task leaves only through a retry (Celery's READY_STATES).
FINISHED_STATES = frozenset({SUCCESS, FAILURE, REVOKED})

#: Event subject (``task-<subject>``) to state; any other subject is a custom state.
SUBJECT_TO_STATE = {
    "sent": PENDING,
    "received": RECEIVED,
    "started": STARTED,
    "succeeded": SUCCESS,
    "failed": FAILURE,
    "retried": RETRY,
    "revoked": REVOKED,
    "rejected": REJECTED,
}

#: Lower ranks take precedence; a custom state ranks CUSTOM_RANK.
_RANK = {
    SUCCESS: 0,
    FAILURE: 1,
    REVOKED: 2,
    STARTED: 4,
    RECEIVED: 5,
    REJECTED: 6,
    RETRY: 7,
    PENDING: 8,
}
CUSTOM_RANK = 3

#: Event keys that are bookkeeping, never task data.
_SKIPPED = frozenset(
    {"type", "uuid", "hostname", "timestamp", "local_received", "utcoffset", "pid", "clock"}
)
#: Event keys with a slot of their own.
_SLOTTED = frozenset({
    "name", "args", "kwargs", "result", "exception", "traceback", "eta", "expires",
    "retries", "runtime", "queue", "exchange", "routing_key", "root_id", "parent_id",
})  # fmt: skip
#: Values short enough that sharing them saves memory across tasks ('()', '{}', 'None').
_INTERNED = frozenset({"name", "queue", "exchange", "routing_key", "args", "kwargs", "result"})
_INTERN_MAX = 24


class SharedStrings:
    """A bounded pool of short strings that many tasks repeat (names, queues, ``'()'``).

    ``sys.intern`` would also keep every unique short value (``'(4, 5)'``, ``'9'``): the
    interpreter's intern table then grows with the tasks held, and each time it doubles,
    rehashing some 200,000 scattered strings stalled the GUI thread for tens of ms. The
    values seen first fill the pool; the repeated ones are among them, the rest stay unique.
    """

    __slots__ = ("_pool", "limit")

    def __init__(self, limit: int = 4096) -> None:
        self._pool: dict[str, str] = {}
        self.limit = limit

    def __call__(self, value: str) -> str:
        pool = self._pool
        shared = pool.get(value)
        if shared is not None:
            return shared
        if len(pool) < self.limit:
            pool[value] = value
        return value


share = SharedStrings()


@dataclass(slots=True, eq=False)
class TaskRecord:
    """One task as known from its events. Timestamps are the senders' epoch seconds."""

    uuid: str
    state: str | None = None
    name: str | None = None
    worker: str | None = None
    client: str | None = None
    args: str | None = None
    kwargs: str | None = None
    result: str | None = None
    exception: str | None = None
    traceback: str | None = None
    eta: str | None = None
    expires: str | None = None
    retries: int | None = None
    runtime: float | None = None
    queue: str | None = None
    exchange: str | None = None
    routing_key: str | None = None
    root_id: str | None = None
    parent_id: str | None = None
    sent: float | None = None
    received: float | None = None
    started: float | None = None
    succeeded: float | None = None
    failed: float | None = None
    retried: float | None = None
    revoked: float | None = None
    rejected: float | None = None
    timestamp: float | None = None
    retried_count: int = 0
    extra: dict[str, Any] | None = None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def retry_count(self) -> int:
        """Retries so far: the message's own count or the retries seen, whichever is more."""
        return max(self.retries or 0, self.retried_count)

    @property
    def meta(self) -> Any:
        """The ``meta`` a custom event carried (e.g. PROGRESS), or None."""
        return None if self.extra is None else self.extra.get("meta")

    def progress(self) -> tuple[float, float] | None:
        """``(done, total)`` from the conventional ``current``/``total`` fields, if any."""
        return progress_of(self.meta if isinstance(self.meta, dict) else self.extra)


def progress_of(meta: object) -> tuple[float, float] | None:
    """``(done, total)`` from a mapping's ``current`` (or ``done``) and ``total``, if any."""
    if not isinstance(meta, dict) or not meta:
        return None
    done, total = meta.get("current", meta.get("done")), meta.get("total")
    if isinstance(done, int | float) and isinstance(total, int | float) and total > 0:
        return float(done), float(total)
    return None


def rank(state: str | None) -> int:
    """Precedence of a state; lower wins."""
    return _RANK.get(state, CUSTOM_RANK) if state is not None else 99


def merge_task_event(task: TaskRecord, subject: str, event: dict[str, Any]) -> str | None:
    """Apply one ``task-<subject>`` event to ``task``; the new state if it changed, else None."""
    state = SUBJECT_TO_STATE.get(subject)
    if state is None:
        state = share(subject.upper())
    timestamp = event.get("timestamp")
    if not isinstance(timestamp, float | int):
        timestamp = None
    current = task.state
    late = current is not None and (
        (RETRY not in (state, current) and rank(state) > rank(current))
        or (
            state == RETRY
            and current in FINISHED_STATES
            and timestamp is not None
            and task.timestamp is not None
            and timestamp < task.timestamp
        )
    )
    if subject in SUBJECT_TO_STATE and (not late or getattr(task, subject) is None):
        # sets, for example, task.succeeded to the event's time
        setattr(task, subject, timestamp)
    if subject == "retried":
        task.retried_count += 1
    hostname = event.get("hostname")
    if isinstance(hostname, str):
        origin = "client" if subject == "sent" else "worker"
        if not late or getattr(task, origin) is None:
            setattr(task, origin, share(hostname))
    _merge_fields(task, event, fill_only=late)
    if late:
        return None
    task.timestamp = timestamp
    if state != current:
        task.state = state
        return state
    return None


# What _merge_fields does with each known key, one dict lookup per key of an event (the
# store and the journal merge every event through it; keys it does not know go to extra).
_SKIP, _SHARE, _ROOT, _PARENT, _RETRIES, _PLAIN = range(6)
_ACTION: dict[str, int] = (
    dict.fromkeys(_SLOTTED, _PLAIN)
    | dict.fromkeys(_INTERNED, _SHARE)
    | {"root_id": _ROOT, "parent_id": _PARENT, "retries": _RETRIES}
    | dict.fromkeys(_SKIPPED, _SKIP)
)


def _merge_fields(task: TaskRecord, event: dict[str, Any], fill_only: bool) -> None:
    extra = task.extra
    action_of = _ACTION.get
    pooled = share._pool.get  # the common case without a call into SharedStrings
    for key, value in event.items():
        action = action_of(key)
        if action is None:
            if extra is None:
                extra = task.extra = {}
            if not fill_only or key not in extra:
                extra[key] = value
            continue
        if action == _SKIP or (fill_only and getattr(task, key) is not None):
            continue
        stored = value
        if action == _SHARE:
            # a short repeated string ('proj.add', 'celery', '()') shared with other tasks
            if isinstance(value, str) and len(value) <= _INTERN_MAX:
                stored = pooled(value) or share(value)
        elif action == _ROOT:
            if value == task.uuid:
                stored = task.uuid
        elif action == _PARENT:
            if value == task.uuid:
                # a retry is sent from inside the task, so Celery makes the task its own
                # parent; the parent it really has came with the first message
                continue
        elif action == _RETRIES and value is not None and not isinstance(value, int):
            continue
        setattr(task, key, stored)
