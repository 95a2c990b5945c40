"""Which periods the journal knows, and how: heard live, caught up, backfilled, or not at all.

The writer records periods as it goes (:class:`CoverageLog`): a ``live`` period from the
moment the event reader subscribed to the moment it lost the connection or stopped (extended
with every batch, so a killed writer leaves a period ending at its last commit); a
``recorder`` period for what a catch-up replayed from the recorder's stream (from the stream
position it started at to the one it reached, split where the recorder itself had a gap); a
``backfill`` period for what the result backend filled in.

:func:`coverage_periods` turns those rows into the timeline the UI shows: non-overlapping
periods, where live beats recorder beats backfill, and the holes between them labelled
``gap``. Each :class:`CoveragePeriod` says what its kind lacks.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Final

from desktop.core.i18n import translate


class CoverageKind(StrEnum):
    LIVE = "live"
    RECORDER = "recorder"
    BACKFILL = "backfill"
    GAP = "gap"


#: Who wins where two periods overlap.
_PRECEDENCE: Final = {
    CoverageKind.LIVE: 0,
    CoverageKind.RECORDER: 1,
    CoverageKind.BACKFILL: 2,
    CoverageKind.GAP: 3,
}


def describe_kind(kind: CoverageKind) -> str:
    """A short label for ``kind``, in the user's language."""
    if kind is CoverageKind.LIVE:
        return translate("Coverage", "Heard live")
    if kind is CoverageKind.RECORDER:
        return translate("Coverage", "Caught up from the recorder")
    if kind is CoverageKind.BACKFILL:
        return translate("Coverage", "Backfilled from the result backend (partial)")
    return translate("Coverage", "Not covered")


def describe_lacks(kind: CoverageKind) -> str:
    """What the journal may lack for a period of ``kind``, in the user's language."""
    if kind is CoverageKind.LIVE:
        return translate("Coverage", "Nothing: every event the broker published was heard.")
    if kind is CoverageKind.RECORDER:
        return translate(
            "Coverage",
            "Nothing the recorder heard; events it missed itself show as gaps, and the times "
            "are when the recorder received them.",
        )
    if kind is CoverageKind.BACKFILL:
        return translate(
            "Coverage",
            "Only tasks whose results were still in the result backend: no sent, received or "
            "started times, no retries, no tasks that are still running or whose results "
            "expired; names, arguments and workers only with result_extended.",
        )
    return translate(
        "Coverage",
        "Everything: nobody was listening and no recorder ran, so tasks of this period are "
        "missing unless the result backend still held them.",
    )


@dataclass(frozen=True, slots=True)
class CoveragePeriod:
    """``[start, end]`` (epoch seconds) covered in one way; ``detail`` is free text."""

    kind: CoverageKind
    start: float
    end: float
    detail: str = ""

    @property
    def label(self) -> str:
        return describe_kind(self.kind)

    @property
    def lacks(self) -> str:
        return describe_lacks(self.kind)


class CoverageLog:
    """The writer's side: opens, extends and closes periods in the ``coverage`` table.

    Writes happen inside the writer's own transactions: call :meth:`extend` with a batch,
    before its COMMIT, so a period's end never runs ahead of what was committed.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._live: int | None = None
        self._live_end = 0.0

    @property
    def live(self) -> bool:
        return self._live is not None

    def open_live(self, start: float) -> None:
        if self._live is None:
            self._live = self.add(CoverageKind.LIVE, start, start)
            self._live_end = start

    def extend(self, end: float) -> None:
        if self._live is not None and end > self._live_end:
            self._live_end = end
            self._conn.execute("UPDATE coverage SET end = ? WHERE id = ?", (end, self._live))

    def close_live(self, end: float | None = None) -> None:
        if self._live is not None:
            if end is not None:
                self._conn.execute(
                    "UPDATE coverage SET end = max(start, ?) WHERE id = ?", (end, self._live)
                )
            self._live = None

    def add(self, kind: CoverageKind, start: float, end: float, detail: str = "") -> int:
        row_id = self._conn.execute(
            "INSERT INTO coverage (kind, start, end, detail) VALUES (?, ?, ?, ?)",
            (str(kind), start, max(start, end), detail),
        ).lastrowid
        assert row_id is not None
        return row_id

    def last_live_end(self) -> float | None:
        """The end of the newest live period on record (from any earlier run)."""
        row = self._conn.execute(
            "SELECT max(end) FROM coverage WHERE kind = ?", (str(CoverageKind.LIVE),)
        ).fetchone()
        return None if row is None or row[0] is None else float(row[0])


def coverage_periods(conn: sqlite3.Connection, since: float, until: float) -> list[CoveragePeriod]:
    """The periods between ``since`` and ``until``, gaps included, oldest first."""
    raw = [
        CoveragePeriod(CoverageKind(kind), max(start, since), min(end, until), detail or "")
        for kind, start, end, detail in conn.execute(
            "SELECT kind, start, end, detail FROM coverage WHERE end >= ? AND start <= ?",
            (since, until),
        )
        if kind in CoverageKind.__members__.values()
    ]
    return flatten(raw, since, until)


def flatten(periods: list[CoveragePeriod], since: float, until: float) -> list[CoveragePeriod]:
    """Non-overlapping periods covering ``[since, until]``: where several overlap the one of
    highest precedence shows; what none covers is a gap. Adjacent pieces of a kind merge."""
    cuts = sorted({since, until, *(p.start for p in periods), *(p.end for p in periods)})
    cuts = [c for c in cuts if since <= c <= until]
    out: list[CoveragePeriod] = []
    for start, end in pairwise(cuts):
        if end <= start:
            continue
        middle = (start + end) / 2
        covering = [p for p in periods if p.start <= middle <= p.end]
        best = min(covering, key=lambda p: _PRECEDENCE[p.kind], default=None)
        kind = CoverageKind.GAP if best is None else best.kind
        detail = "" if best is None else best.detail
        if out and out[-1].kind == kind and out[-1].end == start and out[-1].detail == detail:
            out[-1] = CoveragePeriod(kind, out[-1].start, end, detail)
        else:
            out.append(CoveragePeriod(kind, start, end, detail))
    return out
