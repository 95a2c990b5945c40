"""The table of schedule entries: a thin model over the document's entries, the run state
beat keeps in Redis, and the outcomes of their tasks from the event stream.

Task events carry no message headers, so outcomes are joined by task id: beat records the
ids of each entry's latest messages in its run state (``RunState.task_ids``) and "Run now"
adds its own; ``outcome_lookup`` (task id -> state, from the live monitor's store) says
how each ended. Raw values sit under ``RAW_ROLE`` so sorting never parses display text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from celery_desk_beat.beat_state import RunState
from celery_desk_beat.schedule_file import EntrySpec
from desktop.core.schedules.describe import Description, describe_schedule
from desktop.core.schedules.preview import next_run
from desktop.ui.locale_format import format_count
from desktop.ui.schedules.words import both_languages, in_ui_language

RAW_ROLE = Qt.ItemDataRole.UserRole
AnyIndex = QModelIndex | QPersistentModelIndex
OutcomeLookup = Callable[[str], str | None]
OUTCOMES_SHOWN = 5


class Column(IntEnum):
    NAME = 0
    TASK = 1
    SCHEDULE = 2
    NEXT = 3
    LAST = 4
    RUNS = 5
    ENABLED = 6
    OUTCOMES = 7


OUTCOME_SYMBOLS = {
    "SUCCESS": "✓",
    "FAILURE": "✗",
    "RETRY": "↻",
    "REVOKED": "⊘",
    "REJECTED": "⊘",
    "STARTED": "▶",
    "RECEIVED": "…",
    "PENDING": "…",
}
OUTCOME_COLOURS = {"SUCCESS": QColor("#2e8b3a"), "FAILURE": QColor("#d32f2f")}
_DISABLED = QColor("#808080")


def format_moment(moment: datetime | None, now: datetime) -> str:
    """``14:05:00`` today, ``2026-03-08 03:30`` another day (both in ``moment``'s zone)."""
    if moment is None:
        return ""
    if moment.date() == now.astimezone(moment.tzinfo).date():
        return f"{moment:%H:%M:%S}"
    return f"{moment:%Y-%m-%d %H:%M}"


class EntryTableModel(QAbstractTableModel):
    """Rows are the document's entries, in file order.

    Signals:
        enabled_toggled(str, bool): the user ticked or unticked an entry's Enabled box.
    """

    enabled_toggled = Signal(str, bool)

    def __init__(
        self, outcome_lookup: OutcomeLookup | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._entries: list[EntrySpec] = []
        self._timezone = "UTC"
        self._words: dict[str, Description] = {}
        self._runs: dict[str, RunState] = {}
        self._run_now: dict[str, list[str]] = {}
        self._next: dict[str, datetime | None] = {}
        self._outcome_lookup = outcome_lookup
        self._clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    # -- feeding ------------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[EntrySpec], timezone: str) -> None:
        """Show ``entries``; a reset only when the rows themselves changed."""
        entries = list(entries)
        same_rows = [e.name for e in entries] == [e.name for e in self._entries]
        same_zone = timezone == self._timezone
        if same_rows and same_zone and entries == self._entries:
            return
        if not same_rows:
            self.beginResetModel()
        self._entries, self._timezone = entries, timezone
        # the page names the zone once; the table says only what happens
        self._words = {e.name: describe_schedule(e.schedule) for e in entries}
        self._next.clear()
        if same_rows:
            self._changed_all()
        else:
            self.endResetModel()

    def set_run_states(self, runs: dict[str, RunState]) -> None:
        if runs != self._runs:
            self._runs = dict(runs)
            self._next.clear()
            self._changed_all()

    def set_outcome_lookup(self, lookup: OutcomeLookup | None) -> None:
        self._outcome_lookup = lookup
        self._changed_all()

    def set_clock(self, clock: Callable[[], datetime]) -> None:
        """The source of "now" for next runs (tests hold it still)."""
        self._clock = clock
        self._next.clear()

    def note_run_now(self, name: str, task_id: str) -> None:
        """Remember a "Run now" task of ``name`` so its outcome shows with the others."""
        self._run_now.setdefault(name, []).insert(0, task_id)
        del self._run_now[name][OUTCOMES_SHOWN:]
        self._changed_all()

    def refresh(self) -> None:
        """Times and outcomes move on their own: repaint those columns."""
        now = self._clock()
        for name, due in list(self._next.items()):
            if due is not None and due <= now:
                del self._next[name]
        if self._entries:
            top = self.index(0, Column.NEXT)
            bottom = self.index(len(self._entries) - 1, Column.OUTCOMES)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole, RAW_ROLE])

    def _changed_all(self) -> None:
        if self._entries:
            last = self.index(len(self._entries) - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # -- reading ------------------------------------------------------------------------------

    def entry_at(self, row: int) -> EntrySpec | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, name: str) -> int:
        return next((row for row, e in enumerate(self._entries) if e.name == name), -1)

    def description(self, name: str) -> Description | None:
        return self._words.get(name)

    def run_state(self, entry: EntrySpec) -> RunState | None:
        return self._runs.get(entry.entry_id)

    def next_run_of(self, entry: EntrySpec) -> datetime | None:
        if not entry.enabled:
            return None
        if entry.name not in self._next:
            state = self._runs.get(entry.entry_id)
            self._next[entry.name] = next_run(
                entry.schedule,
                self._timezone,
                start=self._clock(),
                last_run_at=state.last_run_at if state else None,
            )
        return self._next[entry.name]

    def outcomes(self, entry: EntrySpec) -> list[tuple[str, str | None]]:
        """``(task id, state or None)`` of the entry's latest tasks, newest first."""
        state = self._runs.get(entry.entry_id)
        ids = [*self._run_now.get(entry.name, ()), *(state.task_ids if state else ())]
        lookup = self._outcome_lookup
        return [(task_id, lookup(task_id) if lookup else None) for task_id in ids[:OUTCOMES_SHOWN]]

    # -- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips().get(Column(section))
        return None

    def _headers(self) -> dict[Column, str]:
        return {
            Column.NAME: self.tr("Name"),
            Column.TASK: self.tr("Task"),
            Column.SCHEDULE: self.tr("Schedule"),
            Column.NEXT: self.tr("Next run"),
            Column.LAST: self.tr("Last run"),
            Column.RUNS: self.tr("Runs"),
            Column.ENABLED: self.tr("Enabled"),
            Column.OUTCOMES: self.tr("Last outcomes"),
        }

    def _header_tips(self) -> dict[Column, str]:
        return {
            Column.NEXT: self.tr("When beat sends it next, in the schedule's time zone"),
            Column.LAST: self.tr("When beat last sent it (its due time)"),
            Column.RUNS: self.tr("How many times beat sent it (from beat's run state)"),
            Column.OUTCOMES: self.tr(
                "How its latest tasks ended, oldest to newest: ✓ succeeded, ✗ failed, "
                "↻ retried, ⊘ revoked, ▶ running, … waiting, · not seen by the monitor"
            ),
        }

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Column.ENABLED:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == RAW_ROLE:
            return self._raw(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        return self._decoration(entry, column, role)

    def _decoration(self, entry: EntrySpec, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.ENABLED:
            return Qt.CheckState.Checked if entry.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(entry, column)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        entry = self.entry_at(index.row()) if index.isValid() else None
        if entry is None or index.column() != Column.ENABLED:
            return False
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked != entry.enabled:
            self.enabled_toggled.emit(entry.name, checked)
        return True

    # -- cells --------------------------------------------------------------------------------

    def _display(self, entry: EntrySpec, column: Column) -> Any:
        texts: dict[Column, Callable[[], str]] = {
            Column.NAME: lambda: entry.name,
            Column.TASK: lambda: entry.task,
            Column.SCHEDULE: lambda: (
                in_ui_language(self._words[entry.name]) if entry.name in self._words else ""
            ),
            Column.NEXT: lambda: self._next_text(entry),
            Column.LAST: lambda: self._last_text(entry),
            Column.RUNS: lambda: format_count(self._count(entry)),
            Column.ENABLED: lambda: "",  # the check box says it
            Column.OUTCOMES: lambda: " ".join(
                OUTCOME_SYMBOLS.get(state or "", "·") for _, state in reversed(self.outcomes(entry))
            ),
        }
        return texts[column]()

    def _count(self, entry: EntrySpec) -> int:
        state = self._runs.get(entry.entry_id)
        return state.total_run_count if state else 0

    def _next_text(self, entry: EntrySpec) -> str:
        if not entry.enabled:
            return self.tr("disabled")
        return format_moment(self.next_run_of(entry), self._clock()) or self.tr(
            "none", "no next run"
        )

    def _last_text(self, entry: EntrySpec) -> str:
        state = self._runs.get(entry.entry_id)
        if state is None or state.last_due is None:
            return self.tr("never", "no run yet")
        return format_moment(state.last_due.astimezone(ZoneInfo(self._timezone)), self._clock())

    def _raw(self, entry: EntrySpec, column: Column) -> Any:
        state = self._runs.get(entry.entry_id)
        if column == Column.NEXT:
            due = self.next_run_of(entry)
            return due.timestamp() if due else float("inf")
        if column == Column.LAST:
            return state.last_due.timestamp() if state and state.last_due else 0.0
        if column == Column.RUNS:
            return state.total_run_count if state else 0
        if column == Column.ENABLED:
            return entry.enabled
        return self._display(entry, column)

    def _tooltip(self, entry: EntrySpec, column: Column) -> Any:
        if column == Column.SCHEDULE:
            words = self._words.get(entry.name)
            return both_languages(words) if words else None
        if column == Column.OUTCOMES:
            outcomes = self.outcomes(entry)
            if not outcomes:
                return self.tr("No run recorded yet")
            unseen = self.tr("not in the event stream")
            lines = [f"{task_id}: {state or unseen}" for task_id, state in outcomes]
            if self._outcome_lookup is None:
                lines.append(self.tr("(the live monitor is not connected: outcomes unknown)"))
            return "\n".join(lines)
        if column == Column.NAME and entry.description:
            return entry.description
        return None

    def _foreground(self, entry: EntrySpec, column: Column) -> Any:
        if not entry.enabled:
            return QBrush(_DISABLED)
        if column == Column.OUTCOMES:
            outcomes = self.outcomes(entry)
            colour = OUTCOME_COLOURS.get(outcomes[0][1] or "") if outcomes else None
            return QBrush(colour) if colour else None
        return None
