"""Applying a batch of events to the journal in one transaction.

Task events are merged with the rules of the live store
(:func:`~desktop.core.events.model.merge_task_event`) into the task as the journal holds it:
one ``SELECT`` for the batch's tasks already there, one write per task touched. A state change
already on a task's timeline is a duplicate (the same event heard live and replayed from the
recorder, or replayed twice) and is skipped whole, so replaying never doubles anything: that
is what makes catch-up exactly once. :meth:`BatchApplier.apply` returns the events that were
new, the ones worth showing to a live view that did not see them.

Worker events keep each worker's last details and the periods it was seen in. The ``desk-*``
markers of a lost connection close the current coverage period (the caller's
:class:`~desktop.core.history.coverage.CoverageLog`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

import orjson

from desktop.core.events.model import (
    FAILURE,
    FINISHED_STATES,
    SUBJECT_TO_STATE,
    SUCCESS,
    TaskRecord,
    merge_task_event,
)
from desktop.core.history import rows
from desktop.core.history.rows import COLUMNS, SELECT_COLUMNS, TEXT_COLUMNS, JournalTask

#: uuids per ``IN (...)`` lookup: well under SQLite's variable limit, and a short statement.
LOOKUP_CHUNK: Final = 500
#: A worker unseen for longer than this (or twice its heartbeat period, if longer) starts a
#: new sighting period.
SIGHTING_GAP_S: Final = 10.0
#: Worker details kept from heartbeats and worker-online events.
_WORKER_INFO: Final = ("freq", "sw_ident", "sw_ver", "sw_sys", "pid", "loadavg", "processed")

_INSERT: Final = (
    f"INSERT INTO tasks ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
)
_UPDATE: Final = f"UPDATE tasks SET {', '.join(c + ' = ?' for c in COLUMNS)} WHERE id = ?"
_TEXT_INSERT: Final = (
    f"INSERT INTO task_text (rowid, {', '.join(TEXT_COLUMNS)}) VALUES (?, ?, ?, ?, ?)"
)
_TEXT_DELETE: Final = (
    f"INSERT INTO task_text (task_text, rowid, {', '.join(TEXT_COLUMNS)}) "
    "VALUES ('delete', ?, ?, ?, ?, ?)"
)


@dataclass(slots=True)
class BatchResult:
    """What one batch did: the events that were new, and counts for the status line."""

    new_events: list[dict[str, Any]] = field(default_factory=list)
    duplicates: int = 0
    tasks_inserted: int = 0
    tasks_updated: int = 0
    newest: float | None = None


@dataclass(slots=True)
class _Sighting:
    row_id: int
    start: float
    end: float


_NO_TEXT: Final = (None, None, None, None)


class _Batch:
    """One batch being merged: the tasks it touches and the workers it saw."""

    def __init__(self, known: dict[str, JournalTask], origin: int) -> None:
        self.known = known
        self.before = {
            uuid: (task.record.state, rows.text_values(task.record)) for uuid, task in known.items()
        }
        self.touched: dict[str, JournalTask] = {}
        #: hostname -> the details its worker events gave
        self.workers: dict[str, dict[str, Any]] = {}
        #: hostname -> the spans it was heard in, oldest first: a batch replayed from the
        #: recorder may hold a whole night, gaps and restarts included
        self.spans: dict[str, list[_Span]] = {}
        self.bit = rows.ORIGIN_BITS[origin]
        self.result = BatchResult()

    def add(self, event: dict[str, Any], now: float) -> None:
        kind = event.get("type")
        if not isinstance(kind, str):
            return
        received = event.get("local_received")
        moment = float(received) if isinstance(received, int | float) else now
        result = self.result
        if result.newest is None or moment > result.newest:
            result.newest = moment
        if kind.startswith("task-"):
            if self._task_event(kind[5:], event, moment):
                result.new_events.append(event)
            else:
                result.duplicates += 1
            hostname = event.get("hostname")
            if kind != "task-sent" and isinstance(hostname, str):
                self.heard(hostname, moment)
            return
        result.new_events.append(event)
        hostname = event.get("hostname")
        if kind.startswith("worker-") and isinstance(hostname, str):
            info: dict[str, Any] = {k: event[k] for k in _WORKER_INFO if k in event}
            self.workers[hostname] = {**self.workers.get(hostname, {}), **info}
            self.heard(hostname, moment, offline=kind == "worker-offline")

    def _task_event(self, subject: str, event: dict[str, Any], moment: float) -> bool:
        """Merge one task event; False when it is already journaled (a duplicate)."""
        uuid = event.get("uuid")
        if not isinstance(uuid, str) or not uuid:
            return False
        task = self.known.get(uuid)
        timestamp = event.get("timestamp")
        stamp = float(timestamp) if isinstance(timestamp, int | float) else None
        if task is None:
            task = self.known[uuid] = JournalTask(TaskRecord(uuid), stamp or moment)
        elif task.timeline and task.has_entry(subject, stamp):
            return False
        merge_task_event(task.record, subject, event)
        hostname = event.get("hostname")
        host = hostname if isinstance(hostname, str) else None
        _add_to_timeline(task, subject, stamp or moment, host)
        task.origin |= self.bit
        self.touched[uuid] = task
        return True

    def heard(self, hostname: str, moment: float, offline: bool = False) -> None:
        """Extend the worker's current span, or start one after silence or going offline."""
        spans = self.spans.get(hostname)
        if spans is None:
            spans = self.spans[hostname] = []
        last = spans[-1] if spans else None
        if last is not None and not last.offline:
            # every task event passes here: the worker's own allowance (from its heartbeat
            # period) is looked up only when the shortest one does not already cover it
            close = last.start - SIGHTING_GAP_S <= moment <= last.end + SIGHTING_GAP_S
            if not close:
                allowed = _allowed_silence(self.workers.get(hostname, {}))
                close = last.start - allowed <= moment <= last.end + allowed
            if close:
                if moment > last.end:
                    last.end = moment
                elif moment < last.start:
                    last.start = moment
                last.offline = offline
                return
        spans.append(_Span(moment, moment, offline))


@dataclass(slots=True)
class _Span:
    start: float
    end: float
    offline: bool  # it ended with the worker going offline


def _with_offline(info: dict[str, Any], offline: bool) -> dict[str, Any]:
    """The details kept of a worker: ``offline`` only while its last word was going offline."""
    out = {k: v for k, v in info.items() if k != "offline"}
    if offline:
        out["offline"] = True
    return out


def _allowed_silence(info: dict[str, Any]) -> float:
    freq = info.get("freq")
    return max(SIGHTING_GAP_S, 2 * float(freq)) if isinstance(freq, int | float) else SIGHTING_GAP_S


class BatchApplier:
    """Merges batches of events into the journal; one per writer connection.

    Keeps the names already in the ``names`` table and each worker's open sighting period in
    memory, so a batch writes only what is new.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._names: set[tuple[str, str]] = set(conn.execute("SELECT kind, text FROM names"))
        self._sightings: dict[str, _Sighting] = {}

    def apply(
        self,
        events: Iterable[dict[str, Any]],
        origin: int,
        now: float,
        before_commit: Callable[[BatchResult], None] | None = None,
    ) -> BatchResult:
        """Apply ``events`` (oldest first) in one transaction; ``origin`` is a key of
        :data:`~desktop.core.history.rows.ORIGIN_BITS` for the tasks they touch.
        ``before_commit`` writes what belongs to the same transaction (coverage, a cursor)."""
        batch = list(events)
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            uuids = {e.get("uuid") for e in batch if str(e.get("type", "")).startswith("task-")}
            work = _Batch(self._load({u for u in uuids if isinstance(u, str) and u}), origin)
            for event in batch:
                work.add(event, now)
            self._write_tasks(work)
            self._write_workers(work)
            if before_commit is not None:
                before_commit(work.result)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return work.result

    # -- tasks -----------------------------------------------------------------------------

    def _load(self, uuids: set[str]) -> dict[str, JournalTask]:
        found: dict[str, JournalTask] = {}
        ordered = sorted(uuids)
        for start in range(0, len(ordered), LOOKUP_CHUNK):
            chunk = ordered[start : start + LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT {SELECT_COLUMNS} FROM tasks WHERE uuid IN ({marks})"
            for row in self._conn.execute(query, chunk):
                task = rows.from_row(row)
                found[task.record.uuid] = task
        return found

    def _write_tasks(self, work: _Batch) -> None:
        conn = self._conn
        finished: dict[tuple[int, str], list[int]] = {}
        for uuid, task in work.touched.items():
            old_state, old_text = work.before.get(uuid, (None, _NO_TEXT))
            self._write_task(task, old_text, work.result)
            record = task.record
            state = record.state
            if state in (SUCCESS, FAILURE) and old_state not in FINISHED_STATES:
                moment = record.succeeded if state == SUCCESS else record.failed
                minute = int((moment or task.seen) // 60) * 60
                counts = finished.setdefault((minute, record.name or ""), [0, 0])
                counts[state == FAILURE] += 1
        names = [
            (kind, value)
            for task in work.touched.values()
            for kind, value in _names_of(task.record)
            if (kind, value) not in self._names
        ]
        if names:
            self._names.update(names)
            conn.executemany("INSERT OR IGNORE INTO names (kind, text) VALUES (?, ?)", names)
        if finished:
            conn.executemany(
                "INSERT INTO minutes (minute, name, succeeded, failed) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (minute, name) DO UPDATE SET "
                "succeeded = succeeded + excluded.succeeded, failed = failed + excluded.failed",
                [(minute, name, ok, bad) for (minute, name), (ok, bad) in finished.items()],
            )

    def _write_task(
        self, task: JournalTask, old_text: tuple[str | None, ...], result: BatchResult
    ) -> None:
        conn = self._conn
        record = task.record
        if task.id is None:
            task.seen = min(task.seen, rows.first_seen(record, task.seen))
        row = rows.to_row(task)
        text = rows.text_values(record)
        if task.id is None:
            task.id = conn.execute(_INSERT, row).lastrowid
            result.tasks_inserted += 1
            if any(text):
                conn.execute(_TEXT_INSERT, (task.id, *text))
            return
        conn.execute(_UPDATE, (*row, task.id))
        result.tasks_updated += 1
        if text != old_text:
            # external-content FTS: the old entry is removed with the values it indexed
            if any(old_text):
                conn.execute(_TEXT_DELETE, (task.id, *old_text))
            if any(text):
                conn.execute(_TEXT_INSERT, (task.id, *text))

    # -- workers ---------------------------------------------------------------------------

    def _write_workers(self, work: _Batch) -> None:
        conn = self._conn
        for hostname, spans in work.spans.items():
            info = work.workers.get(hostname, {})
            first, last = spans[0].start, max(span.end for span in spans)
            row = conn.execute(
                "SELECT info FROM workers WHERE hostname = ?", (hostname,)
            ).fetchone()
            known = {**(orjson.loads(row[0]) if row and row[0] else {}), **info}
            known = _with_offline(known, spans[-1].offline)
            if row is None:
                conn.execute(
                    "INSERT INTO workers (hostname, first_seen, last_seen, info) "
                    "VALUES (?, ?, ?, ?)",
                    (hostname, first, last, orjson.dumps(known)),
                )
            else:
                conn.execute(
                    "UPDATE workers SET first_seen = min(first_seen, ?), "
                    "last_seen = max(last_seen, ?), info = ? WHERE hostname = ?",
                    (first, last, orjson.dumps(known), hostname),
                )
            # its heartbeat period as last told, though this batch may hold only its goodbye
            allowed = _allowed_silence(known)
            for span in spans:
                self._sighted(hostname, span, allowed)

    def _sighted(self, hostname: str, span: _Span, allowed: float) -> None:
        conn = self._conn
        sighting = self._sightings.get(hostname)
        if sighting is None:
            row = conn.execute(
                "SELECT id, start, end FROM sightings WHERE hostname = ? ORDER BY end DESC LIMIT 1",
                (hostname,),
            ).fetchone()
            if row is not None:
                sighting = _Sighting(*row)
        if (
            sighting is not None
            and sighting.start - allowed <= span.start <= sighting.end + allowed
        ):
            if span.end > sighting.end:
                sighting.end = span.end
                conn.execute(
                    "UPDATE sightings SET end = ? WHERE id = ?", (span.end, sighting.row_id)
                )
        else:
            row_id = conn.execute(
                "INSERT INTO sightings (hostname, start, end) VALUES (?, ?, ?)",
                (hostname, span.start, span.end),
            ).lastrowid
            assert row_id is not None
            sighting = _Sighting(row_id, span.start, span.end)
        if span.offline:
            self._sightings.pop(hostname, None)  # the next sighting starts a new period
        else:
            self._sightings[hostname] = sighting


def _add_to_timeline(task: JournalTask, subject: str, at: float, host: str | None) -> None:
    timeline = task.timeline
    if subject not in SUBJECT_TO_STATE and timeline and timeline[-1][0] == subject:
        timeline[-1] = (subject, at, host)  # progress reports: the latest stands for them all
        return
    timeline.append((subject, at, host))
    if len(timeline) > rows.TIMELINE_MAX:
        del timeline[rows.TIMELINE_MAX // 2]  # keep how it began and how it went lately


def _names_of(record: TaskRecord) -> list[tuple[str, str]]:
    queue = record.queue or record.routing_key
    pairs = (
        ("name", record.name), ("worker", record.worker), ("queue", queue), ("state", record.state)
    )  # fmt: skip
    return [(kind, value) for kind, value in pairs if isinstance(value, str)]
