"""The entry editor: task, arguments, options and schedule of one entry, with a live preview.

Edits stay in the form until Apply; then ``applied`` hands the checked entry to the page,
which puts it in the document (undoable). Every field is validated as beat will validate
it (:func:`celery_desk_beat.schedule_validation.validate_entry`) and its error shown at the field.

The fields scroll; the heading and the Revert/Apply row stay in view, so what is pending
and how to apply it are always visible. The form is never narrower than its fields need:
a long error message wraps instead of widening it.

Signals:
    applied(str, object): (the entry's name before the edit, the new ``EntrySpec``).
    changed(): the form was edited.
    tasks_refresh_requested(): the user asked for the workers' registered tasks.
"""

from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from celery_desk_beat.schedule_entries import normalize_schedule
from celery_desk_beat.schedule_file import EntrySpec
from desktop.core.schedules.entry_check import EntryForm, check_entry_form
from desktop.ui.schedules.crontab_form import CrontabForm
from desktop.ui.schedules.field_error import ERROR_COLOUR, FieldError, WrappingLabel
from desktop.ui.schedules.options_box import OptionsBox
from desktop.ui.schedules.preview_panel import PreviewPanel
from desktop.ui.schedules.schedule_forms import ClockedForm, IntervalForm, ScheduleForm, SolarForm

PREVIEW_DELAY_MS = 120
#: How often the preview checks that its first run is still ahead.
CLOCK_MS = 1000
#: Characters an editable task name shows at least; longer names scroll in the field
#: rather than widening the form.
TASK_MIN_CHARS = 16


class FormScroll(QScrollArea):
    """Scrolls its form vertically only, and asks for the form's full width, so a splitter
    never squeezes it below what its fields need (which would cut their right edge off)."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        body = self.widget()
        if body is None:
            return hint
        margins = self.contentsMargins()
        width = body.minimumSizeHint().width() + margins.left() + margins.right()
        width += self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), hint.height())


class EntryEditor(QWidget):
    """The form for one entry (see the module docstring for its signals)."""

    applied = Signal(str, object)
    changed = Signal()
    tasks_refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entry: EntrySpec | None = None
        self._timezone = "UTC"
        self._last_run_at: datetime | None = None
        self._loading = False
        self._pending = False
        self.errors: dict[str, FieldError] = {}
        self._build()
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._on_preview_timer_timeout)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_MS)
        self._clock_timer.timeout.connect(self._on_clock_timer_timeout)
        self.load_entry(None, "UTC")

    # -- layout -------------------------------------------------------------------------------

    def _line(self, key: str, widget: QWidget) -> QWidget:
        self.errors[key] = FieldError(widget)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(self.errors[key])
        return box

    def _build(self) -> None:
        form = self._build_fields()
        self.options = OptionsBox()
        self.errors.update(self.options.errors)
        self._build_schedule()
        self.heading = WrappingLabel()
        self.heading.setObjectName("entry_heading")
        self.heading.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.body = QWidget()
        self.body.setObjectName("entry_form")
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 4, 0)
        column.addLayout(form)
        column.addWidget(self.tabs)
        column.addWidget(self.schedule_error)
        column.addWidget(self.preview, 1)
        column.addWidget(self.options)  # rarely changed: below what the schedule does
        self.form_scroll = FormScroll()
        self.form_scroll.setObjectName("entry_scroll")
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.form_scroll, 1)
        layout.addLayout(self._build_buttons())
        self.options.changed.connect(self._on_input_changed)
        for edit in (self.name, self.args, self.kwargs, self.description):
            edit.textChanged.connect(self._on_input_changed)
        self.task.currentTextChanged.connect(self._on_input_changed)
        self.enabled.toggled.connect(self._on_input_changed)
        self.tabs.currentChanged.connect(self._on_input_changed)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._on_tabs_current_changed(self.tabs.currentIndex())
        self.refresh_tasks.clicked.connect(self.tasks_refresh_requested)

    def _build_fields(self) -> QFormLayout:
        self.name = QLineEdit()
        self.task = QComboBox()
        self.task.setEditable(True)
        self.task.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.task.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.task.setMinimumContentsLength(TASK_MIN_CHARS)
        self.task.setToolTip(self.tr("A task name the workers registered, or any name (free text)"))
        self.refresh_tasks = QToolButton()
        self.refresh_tasks.setText("↻")
        self.refresh_tasks.setToolTip(self.tr("Ask the workers for their registered tasks"))
        task_row = QHBoxLayout()
        task_row.setContentsMargins(0, 0, 0, 0)
        task_row.addWidget(self.task, 1)
        task_row.addWidget(self.refresh_tasks)
        task_box = QWidget()
        task_box.setLayout(task_row)
        self.args = QLineEdit("[]")
        self.args.setToolTip(
            self.tr('Positional arguments as a JSON array, e.g. [2, 3] or ["hello"]')
        )
        self.kwargs = QLineEdit("{}")
        self.kwargs.setToolTip(
            self.tr('Keyword arguments as a JSON object, e.g. {"format": "pdf"}')
        )
        self.enabled = QCheckBox(self.tr("Enabled"))
        self.enabled.setToolTip(self.tr("Beat sends only enabled entries"))
        self.description = QLineEdit()
        self.description.setPlaceholderText(self.tr("What this entry is for (optional)"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self._line("name", self.name))
        form.addRow(self.tr("Task"), self._line("task", task_box))
        form.addRow(self.tr("Args (JSON)"), self._line("args", self.args))
        form.addRow(self.tr("Kwargs (JSON)"), self._line("kwargs", self.kwargs))
        form.addRow("", self.enabled)
        form.addRow(self.tr("Description"), self._line("description", self.description))
        return form

    def _build_schedule(self) -> None:
        self.forms: dict[str, ScheduleForm] = {
            "interval": IntervalForm(),
            "crontab": CrontabForm(),
            "solar": SolarForm(),
            "clocked": ClockedForm(),
        }
        titles = {
            "interval": self.tr("Interval"),
            "crontab": self.tr("Crontab"),
            "solar": self.tr("Solar"),
            "clocked": self.tr("Clocked", "a one-off schedule at a set time"),
        }
        self.tabs = QTabWidget()
        for kind, schedule_form in self.forms.items():
            self.tabs.addTab(schedule_form, titles[kind])
            schedule_form.changed.connect(self._on_input_changed)
        self.schedule_error = WrappingLabel()
        self.schedule_error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.schedule_error.hide()
        self.preview = PreviewPanel()

    def _build_buttons(self) -> QHBoxLayout:
        self.pending_note = QLabel(self.tr("Unapplied changes"))
        self.pending_note.setObjectName("pending_note")
        self.pending_note.setStyleSheet("color: #7a4b00;")
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("apply_entry")
        self.apply_button.setToolTip(
            self.tr("Put these values in the schedule (Save writes the file)")
        )
        self.apply_button.setDefault(True)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.setObjectName("revert_entry")
        self.revert_button.setToolTip(self.tr("Forget the unapplied changes to this entry"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 4, 0, 0)
        buttons.addWidget(self.pending_note)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        self.apply_button.clicked.connect(self.apply)
        self.revert_button.clicked.connect(self.revert)
        return buttons

    # -- pending edits ------------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """The form holds edits not applied to the document yet."""
        return self._pending

    @pending.setter
    def pending(self, value: bool) -> None:
        self._pending = value
        # Kept in the layout when hidden, so Revert and Apply never move.
        self.pending_note.setText(self.tr("Unapplied changes") if value else "")
        self.revert_button.setEnabled(value)
        self.apply_button.setEnabled(value)

    # -- loading ------------------------------------------------------------------------------

    def load_entry(
        self,
        entry: EntrySpec | None,
        timezone: str,
        last_run_at: datetime | None = None,
    ) -> None:
        """Show ``entry`` (None: nothing selected, the form is disabled)."""
        self._entry, self._last_run_at = entry, last_run_at
        self._loading = True
        try:
            self.set_timezone(timezone)
            self.setEnabled(entry is not None)
            shown = entry or EntrySpec(
                name="", task="", schedule={"type": "interval", "seconds": 60}
            )
            self.heading.set_plain(
                self.tr("Entry “{0}”").format(shown.name) if entry else self.tr("No entry selected")
            )
            self.name.setText(shown.name)
            self.task.setCurrentText(shown.task)
            self.args.setText(json.dumps(shown.args, ensure_ascii=False))
            self.kwargs.setText(json.dumps(shown.kwargs, ensure_ascii=False))
            self.enabled.setChecked(shown.enabled)
            self.description.setText(shown.description)
            options = shown.options
            self.options.load(options)
            kind = shown.schedule["type"]
            self.forms[kind].load(dict(shown.schedule))
            self.tabs.setCurrentWidget(self.forms[kind])
        finally:
            self._loading = False
        self.pending = False
        self.refresh_now()

    def set_timezone(self, timezone: str) -> None:
        self._timezone = timezone
        for schedule_form in self.forms.values():
            schedule_form.set_timezone(timezone)
        if not self._loading:
            self._preview_timer.start()

    def set_last_run_at(self, last_run_at: datetime | None) -> None:
        """Beat's last run of the entry, once known or when it moved: the preview of an
        interval counts from it."""
        if last_run_at != self._last_run_at:
            self._last_run_at = last_run_at
            self._preview_timer.start()

    def set_task_names(self, names: list[str]) -> None:
        current = self.task.currentText()
        self.task.blockSignals(True)
        self.task.clear()
        self.task.addItems(names)
        self.task.setCurrentText(current)
        self.task.blockSignals(False)

    @property
    def entry(self) -> EntrySpec | None:
        """The entry as loaded (before unapplied edits)."""
        return self._entry

    # -- building and checking -----------------------------------------------------------------

    def current_form(self) -> ScheduleForm:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, ScheduleForm)
        return widget

    def build(self) -> tuple[EntrySpec | None, dict[str, str]]:
        """The entry the form holds, or None and every problem by field key."""
        schedule_form = self.current_form()
        return check_entry_form(
            EntryForm(
                name=self.name.text(),
                task=self.task.currentText(),
                schedule=schedule_form.schedule_data(),
                args_text=self.args.text(),
                kwargs_text=self.kwargs.text(),
                options=self.options.options(),
                enabled=self.enabled.isChecked(),
                description=self.description.text(),
                entry_id=self._entry.id if self._entry is not None else None,
                schedule_errors=schedule_form.local_errors(),
            )
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.show_error(errors.get(key))
        schedule_errors = {
            k.removeprefix("schedule."): v for k, v in errors.items() if k.startswith("schedule.")
        }
        form = self.current_form()
        form.show_errors(schedule_errors)
        unplaced = {k: v for k, v in schedule_errors.items() if k not in form.errors}
        self.schedule_error.set_plain("; ".join(f"{k}: {v}" for k, v in unplaced.items()))
        self.schedule_error.setVisible(bool(unplaced))

    def field_error(self, key: str) -> str:
        """The error shown at a field (``args``, ``schedule.day_of_week``...), "" if none."""
        if key.startswith("schedule."):
            label = self.current_form().errors.get(key.removeprefix("schedule."))
            return label.message() if label else ""
        label = self.errors.get(key)
        return label.message() if label else ""

    def show_name_error(self, message: str) -> None:
        self.errors["name"].show_error(message)

    # -- actions ------------------------------------------------------------------------------

    @Slot()
    def apply(self) -> bool:
        """Check the form and hand the entry over; False (errors shown) when it is not valid."""
        if self._entry is None:
            return False
        spec, errors = self.build()
        self.show_errors(errors)
        if spec is None:
            return False
        self.applied.emit(self._entry.name, spec)
        return True

    @Slot()
    def revert(self) -> None:
        self.load_entry(self._entry, self._timezone, self._last_run_at)

    def refresh_now(self) -> None:
        """Validate and recompute the preview at once (normally done shortly after typing)."""
        self._preview_timer.stop()
        if self._entry is None:
            self.show_errors({})
            self.preview.show_problem(self.tr("select an entry"))
            return
        _spec, errors = self.build()
        self.show_errors(errors)
        schedule = self.current_form().schedule_data()
        schedule_errors = {k: v for k, v in errors.items() if k.startswith("schedule.")}
        if schedule_errors:
            key, message = next(iter(schedule_errors.items()))
            self.preview.show_problem(f"{key.removeprefix('schedule.')}: {message}")
            return
        try:
            unchanged = self._entry.schedule == normalize_schedule(schedule)
        except ValueError as exc:  # what the field checks let through, Celery may still refuse
            self.preview.show_problem(str(exc))
            return
        self.preview.show_schedule(
            schedule, self._timezone, self._last_run_at if unchanged else None
        )

    # -- visibility ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._clock_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._clock_timer.stop()

    # -- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_input_changed(self) -> None:
        if self._loading:
            return
        self.pending = True
        self._preview_timer.start()
        self.changed.emit()

    @Slot(int)
    def _on_tabs_current_changed(self, _index: int) -> None:
        # A tab widget is as tall as its tallest page: only the shown form counts, so a
        # short interval form does not leave the crontab form's height empty.
        current = self.tabs.currentWidget()
        for schedule_form in self.forms.values():
            vertical = (
                QSizePolicy.Policy.Preferred
                if schedule_form is current
                else QSizePolicy.Policy.Ignored
            )
            schedule_form.setSizePolicy(QSizePolicy.Policy.Preferred, vertical)
        self.tabs.updateGeometry()

    @Slot()
    def _on_preview_timer_timeout(self) -> None:
        self.refresh_now()

    @Slot()
    def _on_clock_timer_timeout(self) -> None:
        if not self._preview_timer.isActive():  # a recompute is coming anyway
            self.preview.refresh_if_stale()
