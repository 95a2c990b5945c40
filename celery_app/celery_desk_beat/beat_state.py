"""What the file scheduler keeps in Redis, apart from the file the user edits.

All keys live under ``celery_desk:beat:<ns>`` where ``<ns>`` is a hash of the schedule
file's real path, so two schedules on one broker never mix (docs/schedule-file.md):

- ``<ns>:runs``: hash, entry id -> JSON :class:`RunState` (last run, run count, anchor);
- ``<ns>:lease``: string, the token of the beat allowed to send, with a short TTL
  (:mod:`celery_desk_beat.beat_lease`);
- ``<ns>:status``: string, JSON status of the active beat, expiring when it stops beating;
- ``<ns>:instances``: hash, beat token -> JSON status of every beat (active and standby).

The app reads them with :func:`read_beat_status`, :func:`read_beat_instances` and
:func:`read_run_states`.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import redis

KEY_PREFIX = "celery_desk:beat"
STATE_URL_ENV = "CELERY_DESK_BEAT_REDIS_URL"
STATUS_TTL_SECONDS = 15
INSTANCE_STALE_SECONDS = 30.0
#: How many of an entry's latest task ids its run state keeps (the app joins their outcomes).
RECENT_TASK_IDS = 10


def namespace_for(schedule_path: str | os.PathLike[str]) -> str:
    """The key prefix of one schedule file (by its real, absolute path)."""
    real = os.path.realpath(os.fspath(schedule_path))
    return f"{KEY_PREFIX}:{hashlib.sha256(real.encode('utf-8')).hexdigest()[:16]}"


@dataclass(frozen=True)
class BeatKeys:
    """The Redis keys of one schedule file."""

    namespace: str

    @classmethod
    def for_path(cls, schedule_path: str | os.PathLike[str]) -> BeatKeys:
        return cls(namespace_for(schedule_path))

    @property
    def runs(self) -> str:
        return f"{self.namespace}:runs"

    @property
    def lease(self) -> str:
        return f"{self.namespace}:lease"

    @property
    def status(self) -> str:
        return f"{self.namespace}:status"

    @property
    def instances(self) -> str:
        return f"{self.namespace}:instances"


@dataclass(frozen=True)
class RunState:
    """How far one entry has run: ``last_run_at`` is the due time of its last dispatch (the
    time it was sent, for a catch-up: see :func:`celery_desk_beat.beat_dispatch.plan_run`).

    ``anchor`` is the entry's :func:`~celery_desk_beat.schedule_file.anchor_hash` when the state
    was written: a different anchor means its schedule was edited since. ``task_ids`` are the
    ids of the latest messages sent for the entry, newest first: task events carry no
    headers, so the app finds an entry's outcomes in the event stream by these ids.
    """

    last_run_at: datetime
    total_run_count: int = 0
    anchor: str = ""
    last_due: datetime | None = None
    task_ids: tuple[str, ...] = ()

    def encode(self) -> str:
        return json.dumps(
            {
                "last_run_at": self.last_run_at.isoformat(),
                "total_run_count": self.total_run_count,
                "anchor": self.anchor,
                "last_due": self.last_due.isoformat() if self.last_due else None,
                "task_ids": list(self.task_ids),
            },
            separators=(",", ":"),
        )

    @classmethod
    def decode(cls, text: str | bytes) -> RunState | None:
        """The state in ``text``, or None for anything unreadable (it is then rebuilt)."""
        try:
            data = json.loads(text)
            last = datetime.fromisoformat(data["last_run_at"])
            due = data.get("last_due")
            count = int(data.get("total_run_count", 0))
            ids = data.get("task_ids") or []
            return cls(
                last,
                count,
                str(data.get("anchor", "")),
                datetime.fromisoformat(due) if due else None,
                tuple(str(task_id) for task_id in ids) if isinstance(ids, list) else (),
            )
        except (ValueError, TypeError, KeyError):
            return None


class RunStateStore:
    """The ``runs`` hash of one schedule file."""

    def __init__(self, client: redis.Redis, keys: BeatKeys) -> None:
        self.client = client
        self.keys = keys

    def load_all(self) -> dict[str, RunState]:
        raw = cast(dict[bytes, bytes], self.client.hgetall(self.keys.runs))
        states = {}
        for key, value in raw.items():
            state = RunState.decode(value)
            # A naive time cannot be compared with the scheduler's aware ones: rebuilt instead.
            if state is not None and state.last_run_at.tzinfo is not None:
                states[key.decode("utf-8")] = state
        return states

    def entry_ids(self) -> list[str]:
        return [key.decode("utf-8") for key in cast(list[bytes], self.client.hkeys(self.keys.runs))]

    def save(self, entry_id: str, state: RunState) -> None:
        self.client.hset(self.keys.runs, entry_id, state.encode())

    def save_many(self, states: Mapping[str, RunState]) -> None:
        if states:
            mapping = {entry_id: state.encode() for entry_id, state in states.items()}
            self.client.hset(self.keys.runs, mapping=mapping)  # type: ignore[arg-type]

    def delete(self, entry_ids: Iterable[str]) -> None:
        ids = list(entry_ids)
        if ids:
            self.client.hdel(self.keys.runs, *ids)


class StatusBoard:
    """Publishes one beat's status: always in ``instances``, as ``status`` while active."""

    def __init__(self, client: redis.Redis, keys: BeatKeys, token: str) -> None:
        self.client = client
        self.keys = keys
        self.token = token

    def publish(self, status: Mapping[str, Any], active: bool) -> None:
        payload = json.dumps(status, separators=(",", ":"), default=str)
        now = time.time()
        known = cast(dict[bytes, bytes], self.client.hgetall(self.keys.instances))
        stale = [key for key, value in known.items() if _age(value, now) > INSTANCE_STALE_SECONDS]
        with self.client.pipeline(transaction=False) as pipe:
            pipe.hset(self.keys.instances, self.token, payload)
            if stale:
                pipe.hdel(self.keys.instances, *stale)
            if active:
                pipe.set(self.keys.status, payload, ex=STATUS_TTL_SECONDS)
            pipe.execute()

    def heartbeat_age(self, token: str) -> float:
        """Seconds since the beat of ``token`` last published (infinite: never or unknown)."""
        raw = self.client.hget(self.keys.instances, token)
        return float("inf") if raw is None else _age(cast(bytes, raw), time.time())

    def withdraw(self, active: bool) -> None:
        self.client.hdel(self.keys.instances, self.token)
        if active:
            self.client.delete(self.keys.status)


def _age(payload: bytes, now: float) -> float:
    try:
        return now - float(json.loads(payload)["heartbeat"])
    except (ValueError, TypeError, KeyError):
        return float("inf")


def read_beat_status(
    client: redis.Redis, schedule_path: str | os.PathLike[str]
) -> dict[str, Any] | None:
    """The active beat's status for a schedule file, or None when no beat is active."""
    raw = client.get(BeatKeys.for_path(schedule_path).status)
    return None if raw is None else cast(dict[str, Any], json.loads(cast(bytes, raw)))


def read_beat_instances(
    client: redis.Redis, schedule_path: str | os.PathLike[str]
) -> list[dict[str, Any]]:
    """Every beat that reported on a schedule file in the last half minute, active first."""
    now = time.time()
    raw = cast(dict[bytes, bytes], client.hgetall(BeatKeys.for_path(schedule_path).instances))
    found = [
        json.loads(value) for value in raw.values() if _age(value, now) <= INSTANCE_STALE_SECONDS
    ]
    return sorted(
        found, key=lambda status: (status.get("role") != "active", status.get("instance", ""))
    )


def read_run_states(
    client: redis.Redis, schedule_path: str | os.PathLike[str]
) -> dict[str, RunState]:
    """Last run and run count of every entry of a schedule file, by entry id."""
    return RunStateStore(client, BeatKeys.for_path(schedule_path)).load_all()


def state_redis_url(broker_url: object) -> str:
    """Where run state lives: $CELERY_DESK_BEAT_REDIS_URL, else the app's Redis broker."""
    explicit = os.environ.get(STATE_URL_ENV, "").strip()
    if explicit:
        return explicit
    first = broker_url[0] if isinstance(broker_url, list | tuple) else broker_url
    url = str(first or "").split(";")[0].strip()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return url
    raise ValueError(
        "the file scheduler keeps its run state and lease in Redis, and the broker is not "
        f"Redis; set {STATE_URL_ENV} to a redis:// URL"
    )


def connect(url: str) -> redis.Redis:
    """A client that fails fast: beat must go on ticking while Redis is away."""
    return redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)
