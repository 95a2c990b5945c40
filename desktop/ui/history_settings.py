"""Preferences > History: the task journal's switch, what it keeps, and where its file is.

A tab of its own rather than a group under the other settings: together they made a dialog
taller than Qt lets a window start on a small screen (two thirds of it), which then cut the
wrapped texts short.

The journal's writer process is given its retention once, when it starts: MonitorHub.start
passes ``profile_journal(...)`` on each connect and ``celery-desk journal`` reads it from its
first line (desktop/core/history/journal_process.py). Nothing carries a change to a running
writer, so a change here applies at the next connection, and the hint says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.history import journal_size
from desktop.core.settings import Settings
from desktop.core.settings_schema import HISTORY_DAYS, HISTORY_TASKS
from desktop.ui.eliding_label import ElidingLabel
from desktop.ui.locale_format import format_size

HINT_STYLE = "color: palette(placeholder-text);"


class DaysSpinBox(QDoubleSpinBox):
    """Days within the settings' limits, shown with the decimals the value needs ("7 days",
    "0.5 days", never "7.00 days"), and "1 day" in the singular."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(2)  # the schema's least, 0.01 days, is about a quarter of an hour
        self.setRange(*HISTORY_DAYS)
        self.valueChanged.connect(self._on_value_changed)
        self._on_value_changed(self.value())

    def textFromValue(self, value: float) -> str:
        locale = self.locale()
        # No grouping: "3,650" would be read back as two numbers by some locales.
        locale.setNumberOptions(locale.numberOptions() | QLocale.NumberOption.OmitGroupSeparator)
        text = locale.toString(value, "f", self.decimals())
        point = locale.decimalPoint()
        return text.rstrip("0").rstrip(point) if point in text else text

    @Slot(float)
    def _on_value_changed(self, value: float) -> None:
        self.setSuffix(self.tr(" day") if value == 1 else self.tr(" days"))


class TaskCountSpinBox(QSpinBox):
    """A number of tasks, digits grouped ("2,000,000 tasks"), "1 task" in the singular."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setGroupSeparatorShown(True)
        self.valueChanged.connect(self._on_value_changed)
        self._on_value_changed(self.value())

    @Slot(int)
    def _on_value_changed(self, value: int) -> None:
        self.setSuffix(self.tr(" task") if value == 1 else self.tr(" tasks"))


class HistorySettings(QWidget):
    """The journal's settings, a page of Preferences; :meth:`changes` gives them back.

    ``journal_file``: the active profile's journal, shown with its size; None leaves the
    row out (no profile to speak of).
    """

    def __init__(
        self, settings: Settings, journal_file: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.journal_on = QCheckBox(self.tr("Keep every task in a journal on disk"))
        self.journal_on.setChecked(settings.history_enabled)
        self.success_days = DaysSpinBox()
        self.success_days.setValue(settings.history_success_days)
        self.failure_days = DaysSpinBox()
        self.failure_days.setValue(settings.history_failure_days)
        self.failure_days.setToolTip(
            self.tr("Every task that did not succeed: failed, revoked or never finished")
        )
        self.max_tasks = TaskCountSpinBox()
        self.max_tasks.setRange(*HISTORY_TASKS)
        self.max_tasks.setSingleStep(100_000)
        self.max_tasks.setValue(settings.history_max_tasks)
        self.max_tasks.setToolTip(self.tr("Past this, the oldest successful tasks go first"))
        # 0 stands for no cap (None in the settings), whose least real cap is 1.
        self.per_name = TaskCountSpinBox()
        self.per_name.setRange(0, HISTORY_TASKS[1])
        self.per_name.setSingleStep(1000)
        self.per_name.setSpecialValueText(self.tr("no cap"))
        self.per_name.setValue(settings.history_max_per_name or 0)
        self.per_name.setToolTip(self.tr("So that one busy task cannot crowd out the others"))
        self.hint = QLabel(
            self.tr(
                "Failures are kept longer than successes; old tasks are removed in the "
                "background, a little at a time. Changes apply at the next connection."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.file: ElidingLabel | None = None
        self.file_size: QLabel | None = None
        self.journal_on.toggled.connect(self._on_journal_on_toggled)
        self._on_journal_on_toggled(self.journal_on.isChecked())
        self._lay_out(journal_file)

    def _lay_out(self, journal_file: Path | None) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Journal"), self.journal_on)
        form.addRow(self.tr("Keep successful tasks for"), self.success_days)
        form.addRow(self.tr("Keep failed tasks for"), self.failure_days)
        form.addRow(self.tr("Keep at most"), self.max_tasks)
        form.addRow(self.tr("Per task name, at most"), self.per_name)
        if journal_file is not None:
            form.addRow(self.tr("Journal file"), self._file_row(journal_file))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addStretch(1)  # the General tab is taller: the space goes below, not between

    def _file_row(self, journal_file: Path) -> QHBoxLayout:
        # A long path must not widen the dialog: it loses its middle, keeping the file
        # name (the profile's), and shows whole in the tooltip.
        self.file = ElidingLabel(mode=Qt.TextElideMode.ElideMiddle)
        self.file.set_full_text(str(journal_file))
        size = journal_size(journal_file)  # two stats: no need to leave the GUI thread
        self.file_size = QLabel(self.tr("not created yet") if size is None else format_size(size))
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.file_size)
        return row

    def changes(self) -> dict[str, Any]:
        return {
            "history_enabled": self.journal_on.isChecked(),
            "history_success_days": float(self.success_days.value()),
            "history_failure_days": float(self.failure_days.value()),
            "history_max_tasks": self.max_tasks.value(),
            "history_max_per_name": self.per_name.value() or None,
        }

    @Slot(bool)
    def _on_journal_on_toggled(self, on: bool) -> None:
        # Kept and saved while the journal is off, but greyed: they change nothing then.
        for field in (self.success_days, self.failure_days, self.max_tasks, self.per_name):
            field.setEnabled(on)
