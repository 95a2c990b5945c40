"""What the journal keeps, and pruning it in small steps that never hold the writer long.

Rules (:class:`Retention`, from the settings): successful tasks go after ``success_days``,
every other task (failed, revoked, never finished) after ``failure_days``; past
``max_tasks`` the oldest go, successes before anything else; with ``per_name`` set, no task
name keeps more than that many. Chart counts, worker sightings and coverage periods go with
the longest of the ages.

:meth:`Pruner.step` deletes at most ``STEP_ROWS`` tasks in one short transaction and says how
many it deleted; the writer calls it between batches while there is nothing else to do, so
ingest never waits behind a long delete.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from desktop.core.events.model import SUCCESS
from desktop.core.history.rows import TEXT_COLUMNS

DAY: Final = 86_400.0
#: Tasks deleted per step, at most: a few tens of milliseconds.
STEP_ROWS: Final = 1000
#: How often the per-name counts are taken again (a scan of the name index).
PER_NAME_EVERY_S: Final = 60.0

_TEXT_DELETE: Final = (
    f"INSERT INTO task_text (task_text, rowid, {', '.join(TEXT_COLUMNS)}) "
    "VALUES ('delete', ?, ?, ?, ?, ?)"
)
_VICTIM_COLUMNS: Final = "id, " + ", ".join(TEXT_COLUMNS)


@dataclass(frozen=True, slots=True)
class Retention:
    """How much history a journal keeps (defaults as the settings give them)."""

    success_days: float = 7.0
    failure_days: float = 30.0
    max_tasks: int = 2_000_000
    per_name: int | None = None

    @property
    def longest_s(self) -> float:
        return max(self.success_days, self.failure_days) * DAY


class Pruner:
    """Applies a :class:`Retention` to one journal, a small step at a time."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        retention: Retention,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._conn = conn
        self.retention = retention
        self._clock = clock
        #: Tasks in the journal: counted once, then kept up to date by the writer.
        self.count = int(conn.execute("SELECT count(*) FROM tasks").fetchone()[0])
        self._crowded: dict[str, int] = {}
        self._names_checked = float("-inf")
        self.deleted = 0

    def inserted(self, count: int) -> None:
        self.count += count

    def step(self) -> int:
        """Delete the most urgent ``STEP_ROWS`` tasks or fewer; 0 when nothing is due."""
        now = self._clock()
        rules = self.retention
        ok_cutoff, bad_cutoff = now - rules.success_days * DAY, now - rules.failure_days * DAY
        for query, args in (
            ("state = ? AND seen < ? ORDER BY state, seen", (SUCCESS, ok_cutoff)),
            ("seen < ? ORDER BY seen", (now - rules.longest_s,)),
            ("state != ? AND seen < ? ORDER BY seen", (SUCCESS, bad_cutoff)),
        ):
            deleted = self._delete_where(query, args, STEP_ROWS)
            if deleted:
                return deleted
        excess = self.count - rules.max_tasks
        if excess > 0:
            limit = min(excess, STEP_ROWS)
            deleted = self._delete_where("state = ? ORDER BY state, seen", (SUCCESS,), limit)
            return deleted or self._delete_where("1 ORDER BY seen", (), limit)
        if rules.per_name:
            return self._per_name_step(rules.per_name, now)
        return 0

    def housekeeping(self) -> None:
        """Drop chart minutes, sightings and coverage older than the longest age."""
        cutoff = self._clock() - self.retention.longest_s
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM minutes WHERE minute < ?", (int(cutoff),))
            conn.execute("DELETE FROM sightings WHERE end < ?", (cutoff,))
            conn.execute("DELETE FROM coverage WHERE end < ?", (cutoff,))
            conn.execute("DELETE FROM workers WHERE last_seen < ?", (cutoff,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _per_name_step(self, cap: int, now: float) -> int:
        if now - self._names_checked >= PER_NAME_EVERY_S:
            self._names_checked = now
            self._crowded = dict(
                self._conn.execute(
                    "SELECT name, count(*) - ? FROM tasks WHERE name IS NOT NULL "
                    "GROUP BY name HAVING count(*) > ?",
                    (cap, cap),
                ).fetchall()
            )
        while self._crowded:
            name, excess = next(iter(self._crowded.items()))
            limit = min(excess, STEP_ROWS)
            deleted = self._delete_where("name = ? ORDER BY name, seen", (name,), limit)
            if deleted >= excess or not deleted:
                del self._crowded[name]
            else:
                self._crowded[name] = excess - deleted
            if deleted:
                return deleted
        return 0

    def _delete_where(self, where: str, args: tuple[object, ...], limit: int) -> int:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            victims = conn.execute(
                f"SELECT {_VICTIM_COLUMNS} FROM tasks WHERE {where} LIMIT ?", (*args, limit)
            ).fetchall()
            if victims:
                texts = [row for row in victims if any(row[1:])]
                if texts:
                    conn.executemany(_TEXT_DELETE, texts)
                conn.executemany("DELETE FROM tasks WHERE id = ?", [(row[0],) for row in victims])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self.count -= len(victims)
        self.deleted += len(victims)
        return len(victims)
