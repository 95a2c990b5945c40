"""Reading the journal: what the Tasks view, the task detail and the Dashboard ask for.

A :class:`JournalReader` holds one read-only connection (WAL: it never waits for the
writer, which is another process). It is not thread-safe: one per thread, e.g. one on a
background thread for queries over a million tasks (each is designed to stay under 200 ms,
bench/journal_queries.py measures them). Every method returns plain data.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

import orjson

from desktop.core.events.task_filter import TaskFilter
from desktop.core.history import rows
from desktop.core.history.coverage import CoveragePeriod, coverage_periods
from desktop.core.history.rows import SELECT_COLUMNS, JournalTask
from desktop.core.history.schema import open_for_reading
from desktop.core.history.sql_query import compile_filter


class SortKey(StrEnum):
    """What the journal can be sorted by. The first six use an index at any size; the
    others sort the filtered rows, fine for thousands, slow for a million."""

    SEEN = "seen"  # when the task was first seen: sent, else received
    STATE = "state"
    NAME = "name"
    WORKER = "worker"
    RUNTIME = "runtime"
    UUID = "uuid"
    QUEUE = "queue"
    ARGS = "args"
    KWARGS = "kwargs"
    RESULT = "result"


#: Matches past which a page walks the sort index instead of sorting the matches.
MANY: Final = 5000
#: How far conditions are counted to tell which of them selects fewer rows.
ORDER_CAP: Final = 200_000

INDEXED_SORTS: Final = frozenset(
    {SortKey.SEEN, SortKey.STATE, SortKey.NAME, SortKey.WORKER, SortKey.RUNTIME, SortKey.UUID}
)


_SORT_INDEX: Final = {
    SortKey.SEEN: "tasks_seen", SortKey.STATE: "tasks_state", SortKey.NAME: "tasks_name",
    SortKey.WORKER: "tasks_worker", SortKey.RUNTIME: "tasks_runtime", SortKey.UUID: "tasks_uuid",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class JournalQuery:
    """A view of the journal: what to show (the Tasks view's own filter) and in what order."""

    filter: TaskFilter = field(default_factory=TaskFilter)
    sort: SortKey = SortKey.SEEN
    descending: bool = True


@dataclass(frozen=True, slots=True)
class MinuteCount:
    """Tasks that finished in the minute starting at ``minute`` (epoch seconds)."""

    minute: int
    succeeded: int
    failed: int


@dataclass(frozen=True, slots=True)
class WorkerSighting:
    """A worker as the journal last saw it, and the periods it was seen in."""

    hostname: str
    first_seen: float
    last_seen: float
    info: dict[str, Any]
    periods: list[tuple[float, float]]


@dataclass(frozen=True, slots=True)
class JournalStats:
    tasks: int
    oldest: float | None
    newest: float | None
    bytes_on_disk: int


class JournalReader:
    """Read-only queries over one journal file. Raises JournalError when it cannot open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = open_for_reading(path)
        self._version: int | None = None

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> JournalReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def changed(self) -> bool:
        """Whether the writer committed since the last call (cheap: poll it on a timer)."""
        version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        changed = self._version is not None and version != self._version
        self._version = version
        return changed

    # -- the Tasks view --------------------------------------------------------------------

    def count(self, query: JournalQuery) -> int:
        where = compile_filter(query.filter, self._estimate)
        sql = f"SELECT count(*) FROM tasks WHERE {where.sql_for(scan_order=False)}"
        return int(self._conn.execute(sql, where.params).fetchone()[0])

    def page(self, query: JournalQuery, offset: int, limit: int) -> list[JournalTask]:
        """Rows ``offset`` to ``offset + limit`` of ``query``, in its order."""
        where = compile_filter(query.filter, self._estimate)
        direction = "DESC" if query.descending else "ASC"
        keys = [query.sort.value] if query.sort is SortKey.SEEN else [query.sort.value, "seen"]
        order = ", ".join(f"{key} {direction}" for key in [*keys, "id"])
        # Many matches: walk the sort's own index and test each row, rather than collect and
        # sort them all (the first page then costs a few hundred rows, not 50,000). Few:
        # collect them through the filter's indexes and sort those.
        scan = query.sort in INDEXED_SORTS and (
            any(map(self._many_match, where.matches))
            or (
                where.sql != "1"
                and self._estimate(where.sql_for(False), where.params, MANY) >= MANY
            )
        )
        source = f"tasks INDEXED BY {_SORT_INDEX[query.sort]}" if scan else "tasks"
        sql = (
            f"SELECT {SELECT_COLUMNS} FROM {source} WHERE {where.sql_for(scan)} "
            f"ORDER BY {order} LIMIT ? OFFSET ?"
        )
        return [
            rows.from_row(row) for row in self._conn.execute(sql, [*where.params, limit, offset])
        ]

    def _many_match(self, match: str) -> bool:
        found = self._conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM task_text WHERE task_text MATCH ? LIMIT ?)",
            (match, MANY),
        ).fetchone()[0]
        return int(found) >= MANY

    def _estimate(self, condition: str, params: list[object], cap: int = ORDER_CAP) -> int:
        """Rows ``condition`` selects, counted up to ``cap`` (cheap either way: one index)."""
        sql = f"SELECT count(*) FROM (SELECT 1 FROM tasks WHERE {condition} LIMIT ?)"
        return int(self._conn.execute(sql, [*params, cap]).fetchone()[0])

    def task(self, uuid: str) -> JournalTask | None:
        """One task with its whole timeline, or None."""
        row = self._conn.execute(
            f"SELECT {SELECT_COLUMNS} FROM tasks WHERE uuid = ?", (uuid,)
        ).fetchone()
        return None if row is None else rows.from_row(row)

    def children(self, uuid: str, limit: int = 1000) -> list[JournalTask]:
        """The tasks ``uuid`` started (its children), oldest first."""
        return [
            rows.from_row(row)
            for row in self._conn.execute(
                f"SELECT {SELECT_COLUMNS} FROM tasks WHERE parent_id = ? ORDER BY seen LIMIT ?",
                (uuid, limit),
            )
        ]

    def recent(self, limit: int) -> list[JournalTask]:
        """The ``limit`` tasks seen last, oldest first: what a live store starts from."""
        found = [
            rows.from_row(row)
            for row in self._conn.execute(
                f"SELECT {SELECT_COLUMNS} FROM tasks ORDER BY seen DESC LIMIT ?", (limit,)
            )
        ]
        found.reverse()
        return found

    def names(self, kind: str) -> list[str]:
        """Every task name (``kind`` "name"), worker, queue or state the journal has seen."""
        return [
            text
            for (text,) in self._conn.execute(
                "SELECT text FROM names WHERE kind = ? ORDER BY text", (kind,)
            )
        ]

    # -- the Dashboard ---------------------------------------------------------------------

    def minute_counts(
        self, since: float, until: float, name: str | None = None
    ) -> list[MinuteCount]:
        """Tasks finished per minute from ``since`` to ``until`` (minutes with none left
        out), for all task names or one."""
        sql = (
            "SELECT minute, sum(succeeded), sum(failed) FROM minutes "
            "WHERE minute >= ? AND minute <= ?"
        )
        params: list[object] = [int(since // 60 * 60), int(until)]
        if name is not None:
            sql += " AND name = ?"
            params.append(name)
        sql += " GROUP BY minute ORDER BY minute"
        return [
            MinuteCount(int(m), int(ok), int(bad)) for m, ok, bad in self._conn.execute(sql, params)
        ]

    def coverage(self, since: float, until: float) -> list[CoveragePeriod]:
        """How each moment from ``since`` to ``until`` is known: live, recorder, backfill or
        a gap, oldest first (see :mod:`desktop.core.history.coverage`)."""
        return coverage_periods(self._conn, since, until)

    def workers(self) -> list[WorkerSighting]:
        """Every worker the journal saw, newest first, with its sighting periods."""
        periods: dict[str, list[tuple[float, float]]] = {}
        for hostname, start, end in self._conn.execute(
            "SELECT hostname, start, end FROM sightings ORDER BY start"
        ):
            periods.setdefault(hostname, []).append((start, end))
        return [
            WorkerSighting(
                host, first, last, orjson.loads(info) if info else {}, periods.get(host, [])
            )
            for host, first, last, info in self._conn.execute(
                "SELECT hostname, first_seen, last_seen, info FROM workers ORDER BY last_seen DESC"
            )
        ]

    def stats(self) -> JournalStats:
        tasks, oldest, newest = self._conn.execute(
            "SELECT count(*), min(seen), max(seen) FROM tasks"
        ).fetchone()
        size = sum(
            os.path.getsize(part) for part in (self.path, Path(f"{self.path}-wal")) if part.exists()
        )
        return JournalStats(int(tasks), oldest, newest, size)

    @property
    def connection(self) -> sqlite3.Connection:
        """The connection itself, for benchmarks and tests."""
        return self._conn
