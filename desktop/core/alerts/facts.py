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

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

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


class _Buckets:
    """Finished and failed counts of one name, in ``BUCKET_SECONDS`` buckets, oldest first."""

    __slots__ = ("buckets",)

    def __init__(self) -> None:
        self.buckets: deque[list[int]] = deque()  # [bucket start, finished, failed]

    def add(self, t: float, failed: bool) -> None:
        start = int(t) // BUCKET_SECONDS * BUCKET_SECONDS
        buckets = self.buckets
        if not buckets or buckets[-1][0] < start:
            buckets.append([start, 0, 0])
        bucket = buckets[-1]
        if bucket[0] != start:
            bucket = self._older(start)
        bucket[1] += 1
        if failed:
            bucket[2] += 1

    def _older(self, start: int) -> list[int]:
        # a late event: rare, found by a short walk from the end
        for bucket in reversed(self.buckets):
            if bucket[0] == start:
                return bucket
            if bucket[0] < start:
                break
        fresh = [start, 0, 0]
        self.buckets = deque(sorted([*self.buckets, fresh], key=lambda b: b[0]))
        return fresh

    def window(self, since: float) -> tuple[int, int]:
        finished = failed = 0
        for start, done, bad in reversed(self.buckets):
            if start + BUCKET_SECONDS <= since:
                break
            finished += done
            failed += bad
        return finished, failed

    def prune(self, before: float) -> None:
        buckets = self.buckets
        while buckets and buckets[0][0] + BUCKET_SECONDS <= before:
            buckets.popleft()


class TaskFacts:
    """Per-name outcome counts and running tasks; one writer (the GUI thread)."""

    def __init__(self) -> None:
        self._names: dict[str, _Buckets] = {}
        self._counted: dict[str, None] = {}
        self.running: dict[str, RunningTask] = {}
        self.worker_seen: dict[str, float] = {}
        self.latest = float("-inf")

    def observe(self, store: EventStore, uuids: Iterable[str], now: float) -> None:
        """Note the tasks of ``uuids`` as they are in ``store`` now (new or changed)."""
        tasks = store.tasks
        for uuid in uuids:
            task = tasks.get(uuid)
            if task is not None:
                self._note(store, task, now)

    def forget(self, uuids: Iterable[str]) -> None:
        """Tasks evicted from the store: no longer running as far as we can know."""
        running = self.running
        for uuid in uuids:
            running.pop(uuid, None)

    def rebuild(self, store: EventStore, now: float) -> None:
        """Start again from everything ``store`` holds (a new, cleared or resumed store)."""
        self._names.clear()
        self._counted.clear()
        self.running.clear()
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
            self.running.pop(uuid, None)
        elif uuid not in self.running and task.name is not None:
            started = local_time(store, task.worker, task.started, now)
            self.running[uuid] = RunningTask(uuid, task.name, task.worker, started)
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

    def names(self) -> list[str]:
        return list(self._names)

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
            if not buckets.buckets:
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
