"""What the rules read besides the store itself, kept up to date incrementally.

Scanning 200,000 tasks on every evaluation tick would cost tens of milliseconds, so the
figures the task rules need are kept as tasks change (constant work per changed task, from
the hub's batches): finished and failed counts per task name in 10-second buckets over the
last hour, and the tasks running now. A store replaced or resumed is read once in full
(:meth:`TaskFacts.rebuild`).

Times are local: a task's own timestamps come from its worker's clock, shifted by the drift
its heartbeats show (``WorkerRecord.drift``), so a worker whose clock is off does not make
its tasks look old or young.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.core.alerts.links import AlertLink, LinkPage
from desktop.core.events.model import (
    FAILURE,
    FINISHED_STATES,
    REJECTED,
    RETRY,
    SUCCESS,
    TaskRecord,
)
from desktop.core.events.store import EventStore

BUCKET_SECONDS = 10
MAX_WINDOW_SECONDS = 3600
#: Ids of finished tasks remembered so that none is counted twice.
COUNTED_LIMIT = 500_000
#: How long a worker gone from the store is still remembered (its alert must not resolve).
WORKER_MEMORY_SECONDS = 24 * 3600.0


@dataclass(slots=True)
class RunningTask:
    uuid: str
    name: str
    worker: str | None
    started: float
    #: how a stuck-task alert shows it and links to it, made once, not in every tick
    label: str = field(init=False)
    link: AlertLink = field(init=False)
    #: by stuck rule id: its params, limit, observation and wording (conditions._stuck_seen)
    seen: dict[str, object] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.label = f"{self.name} [{self.uuid[:8]}]"
        self.link = AlertLink(LinkPage.TASKS, self.uuid)


class _Buckets:
    """Finished and failed counts of one name in ``BUCKET_SECONDS`` buckets, oldest first,
    as running totals: a window's counts are two lookups and a binary search."""

    __slots__ = ("base", "failed", "finished", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.finished: list[int] = []  # totals up to and including each bucket
        self.failed: list[int] = []
        self.base = (0, 0)  # the totals before the first bucket kept

    def add(self, t: float, failed: bool) -> None:
        start = int(t) // BUCKET_SECONDS * BUCKET_SECONDS
        starts = self.starts
        if not starts or starts[-1] < start:
            starts.append(start)
            self.finished.append(self.finished[-1] if self.finished else self.base[0])
            self.failed.append(self.failed[-1] if self.failed else self.base[1])
        index = len(starts) - 1
        if starts[index] != start:
            index = self._older(start)
        # a late event raises the totals of every later bucket too (rare: a short tail)
        for i in range(index, len(starts)):
            self.finished[i] += 1
            if failed:
                self.failed[i] += 1

    def _older(self, start: int) -> int:
        index = bisect.bisect_left(self.starts, start)
        if index < len(self.starts) and self.starts[index] == start:
            return index
        before = (self.finished[index - 1], self.failed[index - 1]) if index else self.base
        self.starts.insert(index, start)
        self.finished.insert(index, before[0])
        self.failed.insert(index, before[1])
        return index

    def window(self, since: float) -> tuple[int, int]:
        """Counts in the buckets that end after ``since``."""
        index = bisect.bisect_right(self.starts, since - BUCKET_SECONDS)
        if index >= len(self.starts):
            return 0, 0
        before = (self.finished[index - 1], self.failed[index - 1]) if index else self.base
        return self.finished[-1] - before[0], self.failed[-1] - before[1]

    def prune(self, before: float) -> None:
        index = bisect.bisect_right(self.starts, before - BUCKET_SECONDS)
        if index:
            self.base = (self.finished[index - 1], self.failed[index - 1])
            del self.starts[:index], self.finished[:index], self.failed[:index]

    def __bool__(self) -> bool:
        return bool(self.starts)


class TaskFacts:
    """Per-name outcome counts and running tasks; one writer (the GUI thread)."""

    def __init__(self) -> None:
        self._names: dict[str, _Buckets] = {}
        self._counted: dict[str, None] = {}
        self.running: dict[str, RunningTask] = {}
        #: the same tasks by name, so a rule skips the names it does not watch at once
        self.running_by_name: dict[str, dict[str, RunningTask]] = {}
        self.worker_seen: dict[str, float] = {}
        self.latest = float("-inf")
        self._p99: dict[str, tuple[int, float | None]] = {}

    def observe(self, store: EventStore, uuids: Iterable[str], now: float) -> None:
        """Note the tasks of ``uuids`` as they are in ``store`` now (new or changed)."""
        tasks = store.tasks
        for uuid in uuids:
            task = tasks.get(uuid)
            if task is not None:
                self._note(store, task, now)

    def forget(self, uuids: Iterable[str]) -> None:
        """Tasks evicted from the store: no longer running as far as we can know."""
        for uuid in uuids:
            self._stopped(uuid)

    def rebuild(self, store: EventStore, now: float) -> None:
        """Start again from everything ``store`` holds (a new, cleared or resumed store)."""
        self._names.clear()
        self._counted.clear()
        self.running.clear()
        self.running_by_name.clear()
        self._p99.clear()
        for task in store.tasks.values():
            self._note(store, task, now)
        self.note_workers(store, now)

    def note_workers(self, store: EventStore, now: float) -> None:
        """Remember when each worker was last heard of, beyond its removal from the store."""
        seen = self.worker_seen
        for hostname, worker in store.workers.workers.items():
            seen[hostname] = worker.last_seen
        stale = [h for h, t in seen.items() if now - t > WORKER_MEMORY_SECONDS]
        for hostname in stale:
            del seen[hostname]

    def _note(self, store: EventStore, task: TaskRecord, now: float) -> None:
        state, uuid = task.state, task.uuid
        if state in FINISHED_STATES or state in (RETRY, REJECTED) or task.started is None:
            self._stopped(uuid)
        elif uuid not in self.running and task.name is not None:
            started = local_time(store, task.worker, task.started, now)
            running = self.running[uuid] = RunningTask(uuid, task.name, task.worker, started)
            self.running_by_name.setdefault(task.name, {})[uuid] = running
        if state not in (SUCCESS, FAILURE) or uuid in self._counted or task.name is None:
            return
        counted = self._counted
        counted[uuid] = None
        if len(counted) > COUNTED_LIMIT:
            del counted[next(iter(counted))]
        failed = state == FAILURE
        when = local_time(store, task.worker, task.failed if failed else task.succeeded, now)
        buckets = self._names.get(task.name)
        if buckets is None:
            buckets = self._names[task.name] = _Buckets()
        buckets.add(when, failed)
        self.latest = max(self.latest, when)

    def _stopped(self, uuid: str) -> None:
        running = self.running.pop(uuid, None)
        if running is not None:
            same = self.running_by_name[running.name]
            del same[uuid]
            if not same:
                del self.running_by_name[running.name]

    def names(self) -> list[str]:
        return list(self._names)

    def p99(self, store: EventStore, name: str, min_samples: int) -> float | None:
        """The p99 runtime of ``name`` over its kept samples (None: fewer than
        ``min_samples``); sorted again only when a runtime came since the last call."""
        samples = store.runtimes
        total = samples.total(name)
        cached = self._p99.get(name)
        if cached is None or cached[0] != total:
            figures = samples.percentiles(name, (99,))
            cached = self._p99[name] = (total, None if figures is None else figures[99])
        return cached[1] if samples.count(name) >= min_samples else None

    def window(self, name: str, seconds: float, now: float) -> tuple[int, int]:
        """``(finished, failed)`` of ``name`` in the last ``seconds`` before ``now``."""
        buckets = self._names.get(name)
        return (0, 0) if buckets is None else buckets.window(now - seconds)

    def prune(self, now: float) -> None:
        """Drop buckets older than the longest window; names with none left go too."""
        before = now - MAX_WINDOW_SECONDS
        empty = []
        for name, buckets in self._names.items():
            buckets.prune(before)
            if not buckets:
                empty.append(name)
        for name in empty:
            del self._names[name]


def local_time(store: EventStore, hostname: str | None, t: float | None, now: float) -> float:
    """A worker's timestamp ``t`` on this machine's clock (``now`` when there is none)."""
    if t is None:
        return now
    worker = store.workers.get(hostname) if hostname else None
    drift = worker.drift if worker is not None and worker.drift is not None else 0.0
    return t + drift
