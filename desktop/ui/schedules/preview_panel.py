"""The editor's live preview: the schedule in words and its next runs.

Runs come from :func:`desktop.core.schedules.preview.preview_schedule` (Celery's own
schedule objects, in the schedule's zone). The words and the daylight-saving notes are in
the UI's language, the other language in their tooltip. A run bent by daylight saving gets
its notes as child lines marked ⚠; the note that the clocks change is shown once per day.

The runs move on with the clock: :meth:`PreviewPanel.refresh_if_stale` (called each second
by the editor while it is shown) recomputes them once the first listed run has passed, so
the list never shows a time in the past.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.core.schedules.describe import Description, describe_schedule
from desktop.core.schedules.dst import format_offset
from desktop.core.schedules.preview import DEFAULT_COUNT, SchedulePreview, preview_schedule
from desktop.ui.locale_format import format_weekday_date
from desktop.ui.schedules.field_error import WrappingLabel
from desktop.ui.schedules.words import both_languages, in_ui_language

NOTE_COLOUR = QColor("#b26a00")


@dataclass(frozen=True)
class _Shown:
    """What the panel last previewed, to compute it again when time moves on."""

    schedule: dict[str, Any]
    timezone: str
    last_run_at: datetime | None


class PreviewPanel(QWidget):
    """Description and next runs of one schedule; :meth:`show_schedule` recomputes them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = WrappingLabel()
        self.words.setObjectName("preview_words")
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.words.setStyleSheet("font-weight: 600;")
        self.title = WrappingLabel()
        self.runs = QTreeWidget()
        self.runs.setObjectName("preview_runs")
        self.runs.setHeaderHidden(True)
        self.runs.setRootIsDecorated(False)
        self.runs.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.words)
        layout.addWidget(self.title)
        layout.addWidget(self.runs, 1)
        self.preview: SchedulePreview | None = None
        self.description: Description | None = None
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self._shown: _Shown | None = None

    def show_schedule(
        self,
        schedule: dict[str, Any],
        timezone: str,
        last_run_at: datetime | None = None,
        start: datetime | None = None,
    ) -> None:
        words = describe_schedule(schedule, timezone)
        self.description = words
        self.words.set_plain(in_ui_language(words))
        self.words.setToolTip(both_languages(words))
        self._shown = _Shown(dict(schedule), timezone, last_run_at)
        preview = preview_schedule(
            schedule, timezone, DEFAULT_COUNT, start=start or self.clock(), last_run_at=last_run_at
        )
        self.preview = preview
        self._fill(preview)

    def refresh_if_stale(self) -> bool:
        """Compute the runs again when the first one shown has passed; True if it did."""
        preview, shown = self.preview, self._shown
        if preview is None or shown is None or not preview.runs:
            return False
        if preview.runs[0].utc > self.clock():
            return False
        self.show_schedule(shown.schedule, shown.timezone, shown.last_run_at)
        return True

    def show_problem(self, message: str) -> None:
        """No preview: the schedule is not valid yet."""
        self.preview = self.description = self._shown = None
        self.words.set_plain("")
        self.words.setToolTip("")
        self.title.set_plain(self.tr("No preview: {0}").format(message))
        self.runs.clear()

    def _fill(self, preview: SchedulePreview) -> None:
        self.runs.clear()
        if preview.error:
            self.title.set_plain(self.tr("No preview: {0}").format(preview.error))
            return
        if not preview.runs:
            self.title.set_plain(self.tr("No upcoming run: {0}").format(preview.note or "?"))
            return
        count = len(preview.runs)
        title = (
            self.tr("Next run ({0}):") if count == 1 else self.tr("Next %n runs ({0}):", "", count)
        )
        self.title.set_plain(title.format(preview.timezone))
        days_noted: set[date] = set()
        brush = QBrush(NOTE_COLOUR)
        for run in preview.runs:
            offset = format_offset(run.at.utcoffset() or timedelta())
            when = f"{format_weekday_date(run.at.date())} {run.at:%H:%M:%S} ({offset})"
            self.runs.addTopLevelItem(QTreeWidgetItem([when]))
            for index, (english, chinese) in enumerate(
                zip(run.notes_en, run.notes_zh, strict=True)
            ):
                if index == 0 and run.at.date() in days_noted:
                    continue  # "the clocks change this day": once per day is enough
                note = Description(english, chinese)
                child = QTreeWidgetItem([f"    ⚠ {in_ui_language(note)}"])
                child.setToolTip(0, both_languages(note))
                child.setForeground(0, brush)
                self.runs.addTopLevelItem(child)
            if run.notes_en:
                days_noted.add(run.at.date())

    def run_lines(self) -> list[str]:
        """The lines of the run list as shown (runs and their notes)."""
        items = (self.runs.topLevelItem(i) for i in range(self.runs.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]
