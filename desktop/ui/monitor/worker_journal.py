"""Workers the journal saw: when they were seen, and how a worker not heard now is shown.

After a restart the live store knows only the workers heard since connecting; the journal
(written by the journal process, possibly right now) knows every worker ever seen and the
periods it was seen in. :class:`WorkerJournal` reads those sightings off the GUI thread
through the app's :class:`JournalService`, every ``POLL_MS`` while the Workers page is shown,
and says when they changed. :func:`past_cell` renders a worker known only from the journal in
the workers table (greyed, italic, "not seen"); :func:`seen_text` is the detail panel's
"Seen: 22:01 – 23:40, 23:55 – 06:30".

Signals:
    sightings_changed(object): ``{hostname: WorkerSighting}``, empty when there is no journal.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QFont

from desktop.core.history import JournalReader, WorkerSighting
from desktop.ui.locale_format import format_count, format_decimal
from desktop.ui.monitor.journal_service import JournalService
from desktop.ui.monitor.timefmt import format_age, format_datetime, formatter
from desktop.ui.monitor.worker_columns import (
    HOSTNAME_ROLE,
    OFFLINE_COLOUR,
    RAW_ROLE,
    Column,
    alignment,
)

#: How often the shown page asks the journal again (workers come and go in seconds, but a
#: sighting period closes only after a silence of twice the heartbeat or more).
POLL_MS = 10_000
#: Periods listed in the detail panel; older ones are counted, not listed.
SHOWN_PERIODS = 8

Sightings = dict[str, WorkerSighting]


class WorkerJournal(QObject):
    """Polls the journal's worker sightings while :meth:`set_active` (module docstring)."""

    sightings_changed = Signal(object)

    def __init__(self, service: JournalService | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.sightings: Sightings = {}
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def set_active(self, on: bool) -> None:
        """Read now and every ``POLL_MS`` (the page is shown), or stop polling."""
        if on:
            self.reload()
            self._timer.start()
        else:
            self._timer.stop()

    def reload(self) -> None:
        """Ask the journal again; with no journal (switched off) nobody is known from it."""
        service = self._service

        def read(reader: JournalReader) -> list[WorkerSighting]:
            return reader.workers()

        if service is None or not service.submit("workers", read, self._on_read):
            self._take({})

    def _on_read(self, found: list[WorkerSighting]) -> None:
        self._take({s.hostname: s for s in found})

    def _take(self, sightings: Sightings) -> None:
        # a failed read (no journal file yet) keeps what was known: the next poll retries
        if sightings != self.sightings:
            self.sightings = sightings
            self.sightings_changed.emit(sightings)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.reload()


def format_periods(periods: list[tuple[float, float]], limit: int = SHOWN_PERIODS) -> str:
    """``22:01 – 23:40, 23:55 – 2024-05-02 06:30``: a date where the day changes (and first,
    unless today), the newest ``limit`` periods, the older ones counted."""
    fmt = formatter()
    today = fmt.to_datetime(time.time()).date()
    shown = periods[-limit:]
    texts: list[str] = []
    last_day = today
    for i, (start, end) in enumerate(shown):
        ends: list[str] = []
        for j, moment in enumerate((start, end)):
            when = fmt.to_datetime(moment)
            first = i == 0 and j == 0
            dated = when.date() != last_day or (first and when.date() != today)
            ends.append(f"{when:%Y-%m-%d %H:%M}" if dated else f"{when:%H:%M}")
            last_day = when.date()
        texts.append(" – ".join(ends))
    text = ", ".join(texts)
    earlier = len(periods) - len(shown)
    if earlier:
        more = QCoreApplication.translate("WorkerJournal", "%Ln earlier", "", earlier)
        text = f"{more}, {text}"
    return text


def seen_text(sighting: WorkerSighting | None) -> str:
    """The detail panel's line about ``sighting`` ("" when the journal does not know it)."""
    if sighting is None or not sighting.periods:
        return ""
    return QCoreApplication.translate("WorkerJournal", "Seen: {0}").format(
        format_periods(sighting.periods)
    )


def not_seen_since(sighting: WorkerSighting) -> str:
    when = format_datetime(sighting.last_seen)
    if sighting.info.get("offline"):
        return QCoreApplication.translate(
            "WorkerJournal", "Not seen since {0} (said goodbye)"
        ).format(when)
    return QCoreApplication.translate("WorkerJournal", "Not seen since {0} (no heartbeat)").format(
        when
    )


# -- a row of a worker known only from the journal -------------------------------------------

_TIPPED = frozenset({Column.STATUS, Column.HOSTNAME, Column.HEARTBEAT})


def past_cell(s: WorkerSighting, column: Column, role: int, now: float) -> object:
    """What the workers table shows for ``s`` in ``column`` under ``role`` (None: nothing;
    the Status column's hollow dot is the model's)."""
    if role == Qt.ItemDataRole.DisplayRole:
        return _past_display(s, column, now)
    if role == RAW_ROLE:
        return past_raw(s, column)
    if role == Qt.ItemDataRole.ToolTipRole and column in _TIPPED:
        heard = QCoreApplication.translate(
            "WorkerTableModel", "Known from the journal: not heard since connecting"
        )
        lines = [not_seen_since(s), heard]
        return "\n".join([s.hostname, *lines] if column is Column.HOSTNAME else lines)
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setItalic(True)
        return font
    styles: dict[int, object] = {
        Qt.ItemDataRole.ForegroundRole: QBrush(OFFLINE_COLOUR),
        Qt.ItemDataRole.TextAlignmentRole: alignment(column),
        HOSTNAME_ROLE: s.hostname,
    }
    return styles.get(role)


def _past_display(s: WorkerSighting, column: Column, now: float) -> str:
    if column is Column.STATUS:
        return QCoreApplication.translate("WorkerTableModel", "not seen")
    if column is Column.HEARTBEAT:
        return format_age(max(0.0, now - s.last_seen))
    if column is Column.LOADAVG:
        return ", ".join(format_decimal(x, 2) for x in _loadavg(s.info))
    value = past_raw(s, column)
    if column is Column.PROCESSED and isinstance(value, int):
        return format_count(value)
    return "" if value is None else str(value)


def _loadavg(info: dict[str, object]) -> list[float]:
    value = info.get("loadavg")
    if isinstance(value, list) and all(isinstance(x, int | float) for x in value):
        return [float(x) for x in value]
    return []


def past_raw(s: WorkerSighting, column: Column) -> object:
    """Sort values of a journal-only row: what the journal kept of the worker's last word."""
    info = s.info
    if column is Column.STATUS:
        return -1  # below offline (0) and online (1)
    if column is Column.HOSTNAME:
        return s.hostname
    if column is Column.HEARTBEAT:
        return s.last_seen
    if column is Column.LOADAVG:
        loadavg = _loadavg(info)
        return loadavg[0] if loadavg else None
    key = {Column.PID: "pid", Column.PROCESSED: "processed", Column.VERSION: "sw_ver"}.get(column)
    value = info.get(key) if key else None
    return value if isinstance(value, int | str) and not isinstance(value, bool) else None
