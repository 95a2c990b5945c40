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
        _copy_fields(worker, event)
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

    def task_event(self, hostname: str, subject: str, now: float) -> WorkerRecord:
        """Count a task event a worker sent (not ``task-sent``: that comes from clients)."""
        worker = self._touch(hostname, now)
        worker.task_events += 1
        if subject == "succeeded":
            worker.succeeded += 1
        elif subject == "failed":
            worker.failed += 1
        elif subject == "retried":
            worker.retried += 1
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
