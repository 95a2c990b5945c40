"""The journal's one writer: live batches, replays, coverage, retention, small values.

A :class:`JournalWriter` is used by one thread (the journal process's main loop, see
:mod:`desktop.core.history.journal_process`). Each call that writes is one transaction: a live
batch (:meth:`JournalWriter.live`) commits its tasks, workers and the extended live coverage
together, so after a kill the journal ends exactly at its last commit, whole.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from desktop.core.events.lost import CONNECTION_LOST, CONNECTION_RESTORED, EVENTS_DROPPED
from desktop.core.history.apply import BatchApplier, BatchResult
from desktop.core.history.coverage import CoverageKind, CoverageLog
from desktop.core.history.retention import Pruner, Retention
from desktop.core.history.schema import ORIGIN_LIVE, mark_closed, open_writer

#: meta key: the recorder stream id up to which every recorded event is in the journal.
STREAM_CURSOR = "stream_cursor"


class JournalWriter:
    """Writes one journal file. Not thread-safe: one thread calls everything."""

    def __init__(
        self,
        path: Path,
        retention: Retention | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        opened = open_writer(path, owner=True)
        self.conn = opened.conn
        #: Opening checked the file: the last writer did not close it (see open_writer).
        self.checked_on_open = opened.checked
        self._clock = clock
        self._applier = BatchApplier(self.conn)
        self.coverage = CoverageLog(self.conn)
        self.pruner = Pruner(self.conn, retention or Retention(), clock)
        self._housekept = float("-inf")
        #: Where the previous run stopped hearing live (read before this run adds periods).
        self.previous_live_end = self.coverage.last_live_end()
        self.events_written = 0
        self.duplicates = 0

    # -- live events -----------------------------------------------------------------------

    def connected(self, at: float) -> None:
        """The reader subscribed: from ``at`` on, everything published is heard live."""
        self._in_transaction(lambda: self.coverage.open_live(at))

    def disconnected(self, at: float) -> None:
        """The reader stopped hearing (stopped, or lost the connection without a marker)."""
        self._in_transaction(lambda: self.coverage.close_live(at))

    def live(self, events: list[dict[str, Any]]) -> BatchResult:
        """Journal a batch heard live, with the coverage it extends, in one transaction."""
        now = self._clock()
        result = self._applier.apply(
            events, ORIGIN_LIVE, now, before_commit=lambda r: self._live_coverage(events, r, now)
        )
        self._counted(result)
        return result

    def _live_coverage(self, events: list[dict[str, Any]], result: BatchResult, now: float) -> None:
        for event in events:
            kind = event.get("type")
            if kind == CONNECTION_LOST:
                lost_at = event.get("local_received")
                self.coverage.close_live(lost_at if isinstance(lost_at, float | int) else now)
            elif kind == CONNECTION_RESTORED:
                restored = event.get("local_received")
                self.coverage.open_live(restored if isinstance(restored, float | int) else now)
            elif kind == EVENTS_DROPPED:
                # the journal fell behind and the feed dropped what came meanwhile: not heard,
                # whatever the connection did, so a gap that catch-up and the strip can see
                began, ended = event.get("start"), event.get("local_received")
                ended = ended if isinstance(ended, float | int) else now
                self.coverage.close_live(began if isinstance(began, float | int) else ended)
                self.coverage.open_live(ended)
        if self.coverage.live:
            self.coverage.extend(result.newest or now)

    # -- catch-up --------------------------------------------------------------------------

    def replayed(
        self, events: Iterable[dict[str, Any]], origin: int, cursor: str | None = None
    ) -> BatchResult:
        """Journal events caught up from elsewhere (duplicates skipped) and, in the same
        transaction, the stream ``cursor`` they reach."""

        def save_cursor(_result: BatchResult) -> None:
            if cursor is not None:
                self._set_meta(STREAM_CURSOR, cursor)

        result = self._applier.apply(events, origin, self._clock(), before_commit=save_cursor)
        self._counted(result)
        return result

    def add_coverage(self, kind: CoverageKind, start: float, end: float, detail: str = "") -> None:
        self._in_transaction(lambda: self.coverage.add(kind, start, end, detail))

    def advance_cursor(self, cursor: str) -> None:
        """Everything recorded before ``cursor`` is journaled (heard live meanwhile)."""
        self._in_transaction(lambda: self._set_meta(STREAM_CURSOR, cursor))

    def meta(self, key: str) -> Any:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def _set_meta(self, key: str, value: object) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- upkeep ----------------------------------------------------------------------------

    def prune_step(self) -> int:
        """One small retention step (and, hourly, the housekeeping of side tables)."""
        now = self._clock()
        if now - self._housekept >= 3600:
            self._housekept = now
            self.pruner.housekeeping()
        return self.pruner.step()

    def close(self, at: float | None = None) -> None:
        """Close the live period (at ``at``, else now) and the file."""
        try:
            self.disconnected(self._clock() if at is None else at)
            self.conn.execute("PRAGMA optimize")
            mark_closed(self.conn)  # last: anything failing before leaves the file "open"
        finally:
            self.conn.close()

    def _counted(self, result: BatchResult) -> None:
        self.pruner.inserted(result.tasks_inserted)
        self.events_written += len(result.new_events)
        self.duplicates += result.duplicates

    def _in_transaction(self, action: Callable[[], object]) -> None:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            action()
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def read_meta(conn: sqlite3.Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]
