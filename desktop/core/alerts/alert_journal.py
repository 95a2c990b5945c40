"""Alert history in the profile's journal (desktop/core/history), beyond the session.

The journal is one SQLite file per profile in WAL mode whose tasks its own process writes.
Alerts are few (a handful a minute at most), so they go into a table of their own in the same
file, ``alerts``, written from one thread here: a write waits at most for one of the task
writer's commits (SQLite's lock, ``timeout`` 5 s), never on the GUI thread. The file is opened
the journal's own way (:func:`~desktop.core.history.schema.open_for_writing`), so a file this
app cannot use is set aside by the same rule.

A record is one firing of one alert, keyed by its rule, subject and firing time; it is
written when it fires and again when it resolves or is acknowledged. Loading gives the
newest records; one that was still firing when the app stopped ends at the last moment it
was written (the app did not see it end).
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from pathlib import Path

from desktop.core.alerts.history import AlertRecord
from desktop.core.alerts.links import AlertLink, LinkPage
from desktop.core.alerts.rules import Severity
from desktop.core.history.schema import JournalError, open_for_writing

log = logging.getLogger("celery_desk.alerts")

_TABLE = """
CREATE TABLE IF NOT EXISTS alerts (
    alert_key TEXT PRIMARY KEY,
    rule_id TEXT NOT NULL,
    rule_name TEXT NOT NULL,
    severity TEXT NOT NULL,
    subject TEXT NOT NULL,
    fired_at REAL NOT NULL,
    resolved_at REAL,
    acknowledged_at REAL,
    why TEXT NOT NULL,
    latest TEXT NOT NULL,
    link_page TEXT,
    link_target TEXT,
    link_state TEXT,
    notified INTEGER NOT NULL,
    written_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_fired ON alerts (fired_at);
"""

_UPSERT = """
INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (alert_key) DO UPDATE SET
    resolved_at = excluded.resolved_at, acknowledged_at = excluded.acknowledged_at,
    latest = excluded.latest, notified = excluded.notified, written_at = excluded.written_at
"""


def alert_key(record: AlertRecord) -> str:
    return f"{record.key[0]}\x1f{record.key[1]}\x1f{record.fired_at!r}"


class AlertJournal:
    """Writes alert records to one journal file on a thread of its own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._queue: queue.Queue[tuple[AlertRecord, float] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.failed: str | None = None

    def record(self, record: AlertRecord, now: float | None = None) -> None:
        """Queue ``record`` to be written (the history's sink; returns at once)."""
        import time

        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="alert-journal", daemon=True)
                self._thread.start()
        self._queue.put((record, time.time() if now is None else now))

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued, then stop the thread."""
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            conn = _open(self.path)
        except (JournalError, sqlite3.Error, OSError) as exc:
            self.failed = str(exc)
            log.warning("Alert history not kept in the journal: %s", exc)
            return
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                batch = [item]
                while not self._queue.empty():  # a burst in one transaction
                    more = self._queue.get()
                    if more is None:
                        self._write(conn, batch)
                        return
                    batch.append(more)
                self._write(conn, batch)
        finally:
            conn.close()

    def _write(self, conn: sqlite3.Connection, batch: list[tuple[AlertRecord, float]]) -> None:
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(_UPSERT, [_row(record, now) for record, now in batch])
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            log.warning("Alert history: %d records not written: %s", len(batch), exc)
            if conn.in_transaction:
                conn.execute("ROLLBACK")

    def load(self, limit: int = 500) -> list[AlertRecord]:
        """The newest ``limit`` records, oldest first (blocking: call it off the GUI thread)."""
        if not self.path.exists():
            return []
        try:
            conn = _open(self.path)
        except (JournalError, sqlite3.Error, OSError) as exc:
            log.warning("Alert history not read from the journal: %s", exc)
            return []
        try:
            rows = conn.execute(
                "SELECT rule_id, rule_name, severity, subject, fired_at, resolved_at,"
                " acknowledged_at, why, latest, link_page, link_target, link_state, notified,"
                " written_at FROM alerts ORDER BY fired_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        finally:
            conn.close()
        return [_record(row) for row in reversed(rows)]


def _open(path: Path) -> sqlite3.Connection:
    conn = open_for_writing(path)
    conn.executescript(_TABLE)
    return conn


def _row(record: AlertRecord, now: float) -> tuple[object, ...]:
    link = record.link
    return (
        alert_key(record), record.key[0], record.rule_name, record.severity.value,
        record.subject, record.fired_at, record.resolved_at, record.acknowledged_at,
        record.why, record.latest, link.page.value if link else None,
        link.target if link else None, link.state if link else None, int(record.notified), now,
    )  # fmt: skip


def _record(row: tuple[object, ...]) -> AlertRecord:
    (rule_id, rule_name, severity, subject, fired_at, resolved_at, acknowledged_at, why, latest,
     page, target, state, notified, written_at) = row  # fmt: skip
    link = None
    if isinstance(page, str):
        link = AlertLink(LinkPage(page), str(target or ""), str(state) if state else None)
    return AlertRecord(
        record_id=0,
        key=(str(rule_id), str(subject)),
        rule_name=str(rule_name),
        severity=Severity(str(severity)),
        subject=str(subject),
        fired_at=float(fired_at),  # type: ignore[arg-type]
        why=str(why),
        latest=str(latest),
        link=link,
        # still firing when last written: it ended then, as far as anyone saw
        resolved_at=float(resolved_at if resolved_at is not None else written_at),  # type: ignore[arg-type]
        acknowledged_at=None if acknowledged_at is None else float(acknowledged_at),  # type: ignore[arg-type]
        notified=bool(notified),
    )
