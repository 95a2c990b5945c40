"""The editor's live preview: the schedule in words (English and Chinese) and its next runs.

Runs come from :func:`desktop.core.schedules.preview.preview_schedule` (Celery's own
schedule objects, in the schedule's zone). A run bent by daylight saving gets its notes as
child lines marked ⚠ (the Chinese note in the tooltip); the note that the clocks change is
shown once per day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.core.schedules.describe import describe_schedule
from desktop.core.schedules.dst import format_offset
from desktop.core.schedules.preview import DEFAULT_COUNT, SchedulePreview, preview_schedule

NOTE_COLOUR = QColor("#b26a00")


class PreviewPanel(QWidget):
    """Description and next runs of one schedule; :meth:`show_schedule` recomputes them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.english = QLabel()
        self.chinese = QLabel()
        for label in (self.english, self.chinese):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.english.setStyleSheet("font-weight: 600;")
        self.title = QLabel()
        self.runs = QTreeWidget()
        self.runs.setObjectName("preview_runs")
        self.runs.setHeaderHidden(True)
        self.runs.setRootIsDecorated(False)
        self.runs.setMinimumHeight(180)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.english)
        layout.addWidget(self.chinese)
        layout.addWidget(self.title)
        layout.addWidget(self.runs, 1)
        self.preview: SchedulePreview | None = None

    def show_schedule(
        self,
        schedule: dict[str, Any],
        timezone: str,
        last_run_at: datetime | None = None,
        start: datetime | None = None,
    ) -> None:
        words = describe_schedule(schedule, timezone)
        self.english.setText(words.en)
        self.chinese.setText(words.zh)
        preview = preview_schedule(
            schedule, timezone, DEFAULT_COUNT, start=start, last_run_at=last_run_at
        )
        self.preview = preview
        self._fill(preview)

    def show_problem(self, message: str) -> None:
        """No preview: the schedule is not valid yet."""
        self.preview = None
        self.english.setText("")
        self.chinese.setText("")
        self.title.setText(f"No preview: {message}")
        self.runs.clear()

    def _fill(self, preview: SchedulePreview) -> None:
        self.runs.clear()
        if preview.error:
            self.title.setText(f"No preview: {preview.error}")
            return
        if not preview.runs:
            self.title.setText(f"No upcoming run: {preview.note or 'none in sight'}")
            return
        self.title.setText(f"Next {len(preview.runs)} runs ({preview.timezone}):")
        days_noted: set[date] = set()
        brush = QBrush(NOTE_COLOUR)
        for run in preview.runs:
            offset = format_offset(run.at.utcoffset() or timedelta())
            item = QTreeWidgetItem([f"{run.at:%a %Y-%m-%d %H:%M:%S} ({offset})"])
            self.runs.addTopLevelItem(item)
            for index, (english, chinese) in enumerate(
                zip(run.notes_en, run.notes_zh, strict=True)
            ):
                if index == 0 and run.at.date() in days_noted:
                    continue  # "the clocks change this day": once per day is enough
                child = QTreeWidgetItem([f"    ⚠ {english}"])
                child.setToolTip(0, f"{english}\n{chinese}")
                child.setForeground(0, brush)
                self.runs.addTopLevelItem(child)
            if run.notes_en:
                days_noted.add(run.at.date())

    def run_lines(self) -> list[str]:
        """The lines of the run list as shown (runs and their notes)."""
        items = (self.runs.topLevelItem(i) for i in range(self.runs.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]
