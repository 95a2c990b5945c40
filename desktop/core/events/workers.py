"""Worker records kept from ``worker-*`` events and the task events workers send.

Liveness uses the local receive time of the worker's last event, never the worker's own
timestamp, so a worker whose clock runs minutes off is still shown correctly: a worker is
online while ``now <= last_seen + freq * 2 + margin`` and it has not announced
``worker-offline``. ``freq`` comes from its heartbeats (Celery sends one every 2 s); a worker
known only from task events gets Celery's default of 60 s until its first heartbeat.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

DEFAULT_FREQ = 60.0


@dataclass(slots=True, eq=False)
class WorkerRecord:
    """One worker. ``last_seen``/``last_heartbeat`` are local receive times (epoch seconds)."""

    hostname: str
    first_seen: float
    last_seen: float
    online: bool = True
    offline_since: float | None = None
    announced_offline: bool = False
    pid: int | None = None
    freq: float = DEFAULT_FREQ
    active: int | None = None
    processed: int | None = None
    loadavg: list[float] | None = None
    sw_ident: str | None = None
    sw_ver: str | None = None
    sw_sys: str | None = None
    clock: int | None = None
    last_heartbeat: float | None = None
    first_heartbeat: float | None = None
    heartbeats: int = 0
    drift: float | None = None
    #: processed count at the first heartbeat seen, to tell tasks that finished while watched
    processed_baseline: int | None = None
    task_events: int = 0
    succeeded: int = 0
    failed: int = 0
    retried: int = 0
    #: runs stopped before their end: revoked with terminate, or rejected by the task
    revoked: int = 0
    #: (succeeded, failed, retried, revoked) when the worker last reported ``processed``
    counted_at_report: tuple[int, int, int, int] | None = None

    def expires_at(self, margin: float) -> float:
        """Local time after which silence means offline."""
        return self.last_seen + self.freq * 2 + margin


class WorkerTable:
    """All known workers, keyed by hostname; one writer (the store's thread)."""

    def __init__(self, offline_margin: float = 3.0, remove_offline_after: float | None = 3600.0):
        self.offline_margin = offline_margin
        self.remove_offline_after = remove_offline_after
        self.workers: dict[str, WorkerRecord] = {}

    def __len__(self) -> int:
        return len(self.workers)

    def get(self, hostname: str) -> WorkerRecord | None:
        return self.workers.get(hostname)

    def online_count(self) -> int:
        return sum(1 for worker in self.workers.values() if worker.online)

    def _touch(self, hostname: str, now: float) -> WorkerRecord:
        worker = self.workers.get(hostname)
        if worker is None:
            worker = self.workers[hostname] = WorkerRecord(sys.intern(hostname), now, now)
        elif now > worker.last_seen:
            worker.last_seen = now
        return worker

    def worker_event(self, subject: str, event: dict[str, Any], now: float) -> str | None:
        """Apply a ``worker-<subject>`` event received at local time ``now``; the hostname."""
        hostname = event.get("hostname")
        if not isinstance(hostname, str):
            return None
        worker = self._touch(hostname, now)
        if _restarted(worker, event):
            # a new worker process under the same name counts from zero again
            worker.succeeded = worker.failed = worker.retried = worker.revoked = 0
            worker.counted_at_report = None
        _copy_fields(worker, event)
        if isinstance(event.get("processed"), int):
            counts = (worker.succeeded, worker.failed, worker.retried, worker.revoked)
            worker.counted_at_report = counts
        if subject == "offline":
            worker.announced_offline = True
            worker.online = False
            worker.offline_since = now
            return worker.hostname
        worker.announced_offline = False
        if not worker.online:
            worker.online = True
            worker.offline_since = None
        if subject == "heartbeat":
            worker.heartbeats += 1
            worker.last_heartbeat = now
            if worker.first_heartbeat is None:
                worker.first_heartbeat = now
                worker.processed_baseline = worker.processed
            timestamp = event.get("timestamp")
            if isinstance(timestamp, float | int):
                worker.drift = now - timestamp
        return worker.hostname

    def task_event(
        self, hostname: str, subject: str, now: float, terminated: bool = False
    ) -> WorkerRecord:
        """Count a task event a worker sent (not ``task-sent``: that comes from clients).

        A ``task-revoked`` counts as a stopped run only with ``terminated``: a task revoked
        before it started never ran, and the worker's ``processed`` never counted it.
        """
        worker = self._touch(hostname, now)
        worker.task_events += 1
        if subject == "succeeded":
            worker.succeeded += 1
        elif subject == "failed":
            worker.failed += 1
        elif subject == "retried":
            worker.retried += 1
        elif subject == "rejected" or (subject == "revoked" and terminated):
            worker.revoked += 1
        if not worker.online and not worker.announced_offline:
            worker.online = True
            worker.offline_since = None
        return worker

    def refresh(self, now: float) -> tuple[list[str], list[str]]:
        """Mark silent workers offline and drop long-offline ones: ``(changed, removed)``.

        O(workers): call it once per batch or timer tick, not per event.
        """
        changed: list[str] = []
        removed: list[str] = []
        margin, keep_for = self.offline_margin, self.remove_offline_after
        for hostname, worker in self.workers.items():
            if worker.online and now > worker.expires_at(margin):
                worker.online = False
                worker.offline_since = worker.expires_at(margin)
                changed.append(hostname)
            if (
                not worker.online
                and keep_for is not None
                and worker.offline_since is not None
                and now - worker.offline_since > keep_for
            ):
                removed.append(hostname)
        for hostname in removed:
            del self.workers[hostname]
        return [h for h in changed if h not in removed], removed


@dataclass(frozen=True, slots=True)
class WorkerTally:
    """What a worker ran, as of its last report, in parts that add up::

        processed = active + succeeded + failed + retried + revoked + unseen

    ``processed`` and ``active`` are the worker's own counts (every run it started since it
    started, a retried task once per try; the runs going on now); the outcomes are the
    task events seen here up to that report; ``unseen`` is the rest: runs that ended before
    Celery Desk was listening, or whose events were lost or never sent (no ``-E``). Before
    the first report, ``processed``, ``active`` and ``unseen`` are None and the outcomes
    are the events seen so far.
    """

    processed: int | None
    active: int | None
    succeeded: int
    failed: int
    retried: int
    revoked: int
    unseen: int | None


def worker_tally(worker: WorkerRecord) -> WorkerTally:
    """The :class:`WorkerTally` of ``worker`` (see there)."""
    report = worker.counted_at_report
    if worker.processed is None or report is None:
        live = (worker.succeeded, worker.failed, worker.retried, worker.revoked)
        return WorkerTally(None, worker.active, *live, None)
    active = worker.active or 0
    unseen = worker.processed - active - sum(report)
    # more outcomes than the worker counted: an event the worker sent just before the
    # count it reported, or a duplicate; its count is then the low one, never a negative rest
    processed = worker.processed - min(unseen, 0)
    return WorkerTally(processed, active, *report, max(unseen, 0))


def _restarted(worker: WorkerRecord, event: dict[str, Any]) -> bool:
    """A worker event from a new process under a known hostname (another pid, or a
    ``processed`` count that went back)."""
    pid, processed = event.get("pid"), event.get("processed")
    if isinstance(pid, int) and worker.pid is not None and pid != worker.pid:
        return True
    return (
        isinstance(processed, int) and worker.processed is not None and processed < worker.processed
    )


_WORKER_FIELDS: dict[str, type | tuple[type, ...]] = {
    "pid": int,
    "freq": (int, float),
    "active": int,
    "processed": int,
    "sw_ident": str,
    "sw_ver": str,
    "sw_sys": str,
    "clock": int,
}


def _copy_fields(worker: WorkerRecord, event: dict[str, Any]) -> None:
    for key, kind in _WORKER_FIELDS.items():
        value = event.get(key)
        if value is not None and isinstance(value, kind) and not isinstance(value, bool):
            setattr(worker, key, sys.intern(value) if isinstance(value, str) else value)
    if isinstance(worker.freq, int):
        worker.freq = float(worker.freq)
    if worker.freq <= 0:
        worker.freq = DEFAULT_FREQ
    loadavg = event.get("loadavg")
    if isinstance(loadavg, list | tuple):
        worker.loadavg = [float(x) for x in loadavg if isinstance(x, int | float)]
