"""The Qt-free store of tasks and workers that Celery events are applied to.

One writer: the GUI thread drains the receiver's hand-off on a timer and calls
:meth:`EventStore.apply` with the batch. Each event costs constant work: a dict lookup, a
merge into a slotted record, counter updates, and at most one eviction. The answer is a
:class:`ChangeSet` a table model turns into one ``beginInsertRows`` block, row removals and
merged ``dataChanged`` ranges.

Memory is bounded by ``max_tasks``: past it the task that finished first goes first (a
deque of finished ids, stale entries skipped as they come up); only when no task has
finished does the oldest unfinished task go.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.core.events.hints import Hint, detect_hints
from desktop.core.events.lost import LossSummary, LossTracker
from desktop.core.events.model import FINISHED_STATES, TaskRecord, merge_task_event
from desktop.core.events.stats import RuntimeSamples, Throughput
from desktop.core.events.workers import WorkerRecord, WorkerTable


@dataclass(slots=True)
class ChangeSet:
    """What one batch changed. Ids are in the order they were first touched in the batch.

    A task inserted and evicted in the same batch appears nowhere; one inserted and then
    updated appears only in ``inserted``; one updated and then evicted only in ``removed``.
    """

    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    workers_changed: list[str] = field(default_factory=list)
    workers_removed: list[str] = field(default_factory=list)
    events: int = 0

    @property
    def empty(self) -> bool:
        return not (
            self.inserted
            or self.updated
            or self.removed
            or self.workers_changed
            or self.workers_removed
        )


class EventStore:
    """Tasks by id, workers by hostname, per-state counts, throughput, runtimes, losses."""

    def __init__(
        self,
        max_tasks: int = 200_000,
        *,
        clock: Callable[[], float] = time.time,
        throughput_window: int = 600,
        runtime_samples: int = 1000,
        offline_margin: float = 3.0,
        remove_offline_after: float | None = 3600.0,
    ) -> None:
        if max_tasks < 1:
            raise ValueError("max_tasks must be at least 1")
        self.max_tasks = max_tasks
        self._clock = clock
        self.tasks: dict[str, TaskRecord] = {}
        self.workers = WorkerTable(offline_margin, remove_offline_after)
        self.loss = LossTracker(heartbeat_margin=offline_margin)
        self.counts: dict[str, int] = {}
        self.throughput = Throughput(throughput_window)
        #: When this store began counting (its creation), by its clock.
        self.created = clock()
        self.runtimes = RuntimeSamples(runtime_samples)
        self.event_count = 0
        self.malformed = 0
        self.other_events = 0
        self.evicted = 0
        self.finished = 0
        self.finished_without_sent = 0
        self._arrival: deque[str] = deque()
        self._finished: deque[str] = deque()
        self._inserted: dict[str, None] = {}
        self._updated: dict[str, None] = {}
        self._removed: list[str] = []
        self._workers_changed: dict[str, None] = {}

    def __len__(self) -> int:
        return len(self.tasks)

    def get(self, uuid: str) -> TaskRecord | None:
        return self.tasks.get(uuid)

    def worker(self, hostname: str) -> WorkerRecord | None:
        return self.workers.get(hostname)

    def apply(self, events: Iterable[dict[str, Any]]) -> ChangeSet:
        """Apply a batch of events in order and say what changed."""
        fallback = self._clock()
        count = 0
        for event in events:
            count += 1
            kind = event.get("type")
            if not isinstance(kind, str):
                self.malformed += 1
                continue
            group, _, subject = kind.partition("-")
            now = event.get("local_received")
            if not isinstance(now, float | int):
                now = fallback
            if group == "task":
                self._task_event(subject, event, now)
            elif group == "worker":
                self._worker_event(subject, event, now)
            elif group == "desk":
                self.loss.marker_event(event, now)
            else:
                self.other_events += 1
        self.event_count += count
        return self._collect(count, fallback)

    def tick(self, now: float | None = None) -> ChangeSet:
        """Refresh worker liveness when no events come; call it from a timer."""
        return self._collect(0, self._clock() if now is None else now)

    def _task_event(self, subject: str, event: dict[str, Any], now: float) -> None:
        uuid = event.get("uuid")
        if not isinstance(uuid, str) or not uuid:
            self.malformed += 1
            return
        tasks = self.tasks
        task = tasks.get(uuid)
        if task is None:
            task = tasks[uuid] = TaskRecord(uuid)
            self._arrival.append(uuid)
            self._inserted[uuid] = None
        elif uuid not in self._inserted:
            self._updated[uuid] = None
        old = task.state
        new = merge_task_event(task, subject, event)
        if new is not None:
            counts = self.counts
            if old is not None:
                counts[old] -= 1
            counts[new] = counts.get(new, 0) + 1
            if new in FINISHED_STATES:
                self._finished.append(uuid)
                self.finished += 1
                if task.sent is None:
                    self.finished_without_sent += 1
        if subject in {"succeeded", "failed"}:
            self.throughput.add(now, subject == "failed")
            runtime = event.get("runtime")
            if task.name is not None and isinstance(runtime, float | int):
                self.runtimes.add(task.name, float(runtime))
        hostname = event.get("hostname")
        if subject != "sent" and isinstance(hostname, str):
            self.workers.task_event(hostname, subject, now, event.get("terminated") is True)
            self._workers_changed[hostname] = None
            self.loss.observe(hostname, event.get("clock"), now)
        if len(tasks) > self.max_tasks:
            self._evict_one()

    def _worker_event(self, subject: str, event: dict[str, Any], now: float) -> None:
        hostname = self.workers.worker_event(subject, event, now)
        if hostname is None:
            self.malformed += 1
            return
        self._workers_changed[hostname] = None
        if subject in ("online", "offline"):
            self.loss.forget(hostname)  # a restart resets the clock; silence while away is no gap
        self.loss.observe(hostname, event.get("clock"), now)
        if subject == "heartbeat":
            worker = self.workers.workers[hostname]
            self.loss.heartbeat(hostname, worker.freq, now)

    def _evict_one(self) -> None:
        tasks, finished = self.tasks, self._finished
        while finished:
            uuid = finished.popleft()
            task = tasks.get(uuid)
            if task is not None and task.state in FINISHED_STATES:
                self._remove(uuid, task)
                return
        arrival = self._arrival
        while arrival:
            uuid = arrival.popleft()
            task = tasks.get(uuid)
            if task is not None:
                self._remove(uuid, task)
                return

    def _remove(self, uuid: str, task: TaskRecord) -> None:
        del self.tasks[uuid]
        self.evicted += 1
        if task.state is not None:
            self.counts[task.state] -= 1
        if uuid in self._inserted:
            del self._inserted[uuid]
        else:
            self._updated.pop(uuid, None)
            self._removed.append(uuid)

    def _compact(self) -> None:
        # ids of evicted tasks stay in the deques until reached; rebuild once they dominate
        tasks, limit = self.tasks, 2 * len(self.tasks) + 4096
        if len(self._arrival) > limit:
            self._arrival = deque(u for u in self._arrival if u in tasks)
        if len(self._finished) > limit:
            self._finished = deque(u for u in self._finished if u in tasks)

    def _collect(self, count: int, now: float) -> ChangeSet:
        self._compact()
        changed, removed = self.workers.refresh(now)
        for hostname in changed:
            self._workers_changed[hostname] = None
        for hostname in removed:
            self._workers_changed.pop(hostname, None)
            self.loss.forget(hostname)
        changes = ChangeSet(
            inserted=list(self._inserted),
            updated=list(self._updated),
            removed=self._removed,
            workers_changed=list(self._workers_changed),
            workers_removed=removed,
            events=count,
        )
        self._inserted.clear()
        self._updated.clear()
        self._removed = []
        self._workers_changed.clear()
        return changes

    def clear_tasks(self) -> None:
        """Forget all tasks (workers, counters of loss and throughput stay)."""
        self.tasks.clear()
        self.counts.clear()
        self._arrival.clear()
        self._finished.clear()
        self._inserted.clear()
        self._updated.clear()
        self._removed = []

    def counting_since(self) -> float:
        """Since when the throughput figures are measured: the store's start, or the
        earliest finished task it counted if that came first (a replayed stream)."""
        first = self.throughput.first
        return self.created if first is None else min(self.created, float(first))

    def state_counts(self) -> dict[str, int]:
        """Tasks held per state, without the zero entries."""
        return {state: n for state, n in self.counts.items() if n}

    def loss_summary(self) -> LossSummary:
        return self.loss.summary()

    def hints(self, enabler_on: bool = True, grace: float = 10.0) -> list[Hint]:
        return detect_hints(
            self.workers,
            self._clock(),
            finished=self.finished,
            finished_without_sent=self.finished_without_sent,
            enabler_on=enabler_on,
            grace=grace,
        )
