"""The Schedules view: the schedule file's entries in a table, an editor, and beat's verdict.

    page = SchedulesPage(runner, broker_url_provider, schedule_path)

Edits go to an :class:`~desktop.core.schedules.document.EditableSchedule` (undo with
Ctrl+Z); Save writes the file atomically and refuses to overwrite changes made elsewhere
(the banner offers Reload); the beat status then says whether the running beat applied the
saved revision. Blocking work (saving, asking workers, sending, reading Redis) runs on the
:class:`BackgroundRunner`; the page's toolbar actions live in :mod:`.page_actions`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from celery_desk_beat.local_zone import local_timezone_name
from celery_desk_beat.schedule_file import EntrySpec
from desktop.core.schedules.document import EditableSchedule, copy_label
from desktop.ui.background import BackgroundRunner
from desktop.ui.placeholder_view import PlaceholderTableView
from desktop.ui.schedules.beat_status import BeatStatusWidget
from desktop.ui.schedules.beat_switch import BeatSwitch
from desktop.ui.schedules.code_section import CodeScheduleSection
from desktop.ui.schedules.entry_editor import EntryEditor
from desktop.ui.schedules.entry_model import EntryTableModel, OutcomeLookup
from desktop.ui.schedules.page_actions import PageActions
from desktop.ui.schedules.page_feeds import FactsProvider, PageFeeds
from desktop.ui.schedules.schedule_banner import RELOAD, UNDO, ScheduleBanner
from desktop.ui.schedules.switch_flow import SwitchFlow

REFRESH_MS = 1000


class SchedulesPage(QWidget):
    """The Schedules view of one profile. ``outcome_lookup`` (task id -> state) joins
    outcomes from the live monitor; ``facts_provider`` reads the profile's project (its
    code-defined schedules, registered tasks and time zone; run off the GUI thread), None
    when the profile has no project. ``default_timezone`` is the zone of a file that names
    none until the project's own is known (the project's beat runs such a file in it)."""

    def __init__(
        self,
        runner: BackgroundRunner,
        broker_url_provider: Callable[[], str | None],
        schedule_path: str | os.PathLike[str],
        *,
        outcome_lookup: OutcomeLookup | None = None,
        facts_provider: FactsProvider | None = None,
        beat_switch: BeatSwitch | None = None,
        default_timezone: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.broker_url = broker_url_provider
        self.path = Path(schedule_path)
        self.document = EditableSchedule(self.path)
        self.default_timezone = default_timezone or local_timezone_name()
        self._project_timezone: str | None = None
        self._build(outcome_lookup)
        self.feeds = PageFeeds(self, facts_provider, parent=self)
        self.toolbar_actions = PageActions(self, owner=self)
        self.switch_flow = SwitchFlow(self, beat_switch, owner=self)
        self._beat_row.addWidget(self.switch_flow.button, 0, Qt.AlignmentFlag.AlignTop)
        self._wire()
        self.reload()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    # -- layout -------------------------------------------------------------------------------

    def _build(self, outcome_lookup: OutcomeLookup | None) -> None:
        self.toolbar = QToolBar()
        self.timezone = QComboBox()
        self.timezone.setObjectName("schedule_timezone")
        self.timezone.setToolTip(
            self.tr(
                "The zone crontab and clocked times are read in (the file's “timezone”); "
                "intervals and solar events do not depend on it"
            )
        )
        self.banner = ScheduleBanner()
        self.beat_status = BeatStatusWidget(self.runner, self.broker_url, self.path)
        self.model = EntryTableModel(outcome_lookup, self)
        self.table = PlaceholderTableView()
        self.table.setObjectName("schedule_entries")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # The schedule in words is the column people read: never squeeze it to "Eve…";
        # a narrow window scrolls instead.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.code_section = CodeScheduleSection()
        self.editor = EntryEditor()
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(self.code_section)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.file_label = QLabel()
        self.file_label.setObjectName("schedule_file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.toolbar, 1)
        zone_label = QLabel(self.tr("Time zone"))
        zone_label.setBuddy(self.timezone)
        top.addWidget(zone_label)
        top.addWidget(self.timezone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        self._beat_row = QHBoxLayout()
        self._beat_row.addWidget(self.beat_status, 1)
        layout.addLayout(self._beat_row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.file_label)

    def _wire(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.model.enabled_toggled.connect(self._on_model_enabled_toggled)
        self.editor.applied.connect(self._on_editor_applied)
        self.editor.changed.connect(self._on_editor_changed)
        self.editor.tasks_refresh_requested.connect(self.feeds.refresh_task_names)
        self.beat_status.snapshot_read.connect(self._on_beat_status_snapshot_read)
        self.code_section.copy_requested.connect(self._on_code_section_copy_requested)
        self.code_section.reload_requested.connect(self._on_code_section_reload_requested)
        self.banner.action_requested.connect(self._on_banner_action_requested)
        self.timezone.activated.connect(self._on_timezone_activated)

    # -- state --------------------------------------------------------------------------------

    @property
    def effective_timezone(self) -> str:
        return self.document.timezone or self.default_timezone

    def set_project_timezone(self, zone: str | None) -> None:
        """The project's ``timezone`` setting, once read: a file that names no zone runs in
        it (beat reads crontab fields in its app's zone), so the preview uses it too."""
        self._project_timezone = zone
        if zone and zone != self.default_timezone:
            self.default_timezone = zone
            self.timezone.clear()  # the first item names the default
            self.refresh(select=self.current_name())

    def has_unsaved_changes(self) -> bool:
        return self.document.dirty or self.editor.pending

    def selected_names(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        names = [e.name for r in rows if (e := self.model.entry_at(r)) is not None]
        current = self.model.entry_at(self.table.currentIndex().row())
        return names or ([current.name] if current else [])

    def current_name(self) -> str | None:
        entry = self.model.entry_at(self.table.currentIndex().row())
        return entry.name if entry else None

    def reload(self) -> None:
        """Read the file again (unsaved edits are dropped: callers confirm first)."""
        self.document.load()
        self.feeds.note_disk()
        self.editor.pending = False
        if self.document.load_error is not None:
            message = self.document.load_error.error.one_line()
            self.banner.show_message(
                self.tr("The schedule file cannot be used: {0}").format(message), "error", RELOAD
            )
        self.beat_status.set_file_revision(self.document.revision)
        self.refresh(select=self.current_name())

    def refresh(self, select: str | None = None) -> None:
        """Show the document again, keeping (or moving to) the entry called ``select``."""
        self.model.set_entries(self.document.entries, self.effective_timezone)
        self.table.set_placeholder(
            self.tr(
                "No entries in this schedule file yet. Copy the project's code-defined ones "
                "(below), or add one with New."
            )
            if self.document.load_error is None
            else ""
        )
        self.beat_status.set_timezone(self.effective_timezone)
        self._fill_timezones()
        row = self.model.row_of(select) if select else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        self._select_row(row)
        self.toolbar_actions.update()
        self._update_file_label()

    def _select_row(self, row: int) -> None:
        selection = self.table.selectionModel()
        if row < 0:
            selection.clearSelection()
            self._load_editor(None)
            return
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
            | QItemSelectionModel.SelectionFlag.Current
        )
        selection.blockSignals(True)
        selection.setCurrentIndex(index, flags)
        selection.blockSignals(False)
        self.table.viewport().update()
        self._load_editor(self.model.entry_at(row))

    def _load_editor(self, entry: EntrySpec | None) -> None:
        editing = self.editor.entry
        if (
            self.editor.pending
            and entry is not None
            and editing is not None
            and entry.name == editing.name
        ):
            # The same entry, shown again (a new zone, the project's facts arriving, a
            # timer refresh): keep what the user typed and only move the preview's zone.
            self.editor.set_timezone(self.effective_timezone)
            return
        state = self.model.run_state(entry) if entry else None
        last = state.last_run_at if state else None
        self.editor.load_entry(entry, self.effective_timezone, last)

    def _update_file_label(self) -> None:
        revision = self.document.revision
        if revision is None:
            shown = self.tr("new file")
        else:
            shown = self.tr("revision {0}").format(revision)
        parts = [str(self.path), shown]
        if self.has_unsaved_changes():
            parts.append(self.tr("unsaved changes"))
        self.file_label.setText(" · ".join(parts))

    def _fill_timezones(self) -> None:
        from zoneinfo import available_timezones

        if self.timezone.count() == 0:
            label = (
                self.tr("Project default ({0})")
                if self._project_timezone
                else self.tr("Default ({0})")
            )
            self.timezone.addItem(label.format(self.default_timezone), None)
            for name in sorted(available_timezones()):
                self.timezone.addItem(name, name)
        index = self.timezone.findData(self.document.timezone) if self.document.timezone else 0
        self.timezone.setCurrentIndex(max(index, 0))

    def apply_pending_edits(self) -> bool:
        """Apply the editor's unapplied edits; False (errors shown at their fields, and the
        banner says so) when they are invalid or the name is taken."""
        editing = self.editor.entry
        if not self.editor.pending or editing is None:
            return True
        if self.editor.apply() and not self.editor.pending:
            return True
        self.banner.show_message(
            self.tr("Entry “{0}” has errors: fix them, or Revert").format(editing.name), "error"
        )
        return False

    # -- slots --------------------------------------------------------------------------------

    @Slot(object, object)
    def _on_table_current_row_changed(self, current: Any, _previous: Any) -> None:
        target = self.model.entry_at(current.row())
        editing = self.editor.entry
        if self.editor.pending and editing is not None:
            if not self.apply_pending_edits():
                # Moving on would drop what was typed: stay on the entry, errors shown. The
                # view selects the clicked row after this slot: select ours again after it.
                row = self.model.row_of(editing.name)
                self._select_row(row)
                QTimer.singleShot(0, lambda: self._select_row(self.model.row_of(editing.name)))
                return
            # Applying refreshed the table (selecting the edited entry): go where asked.
            self._select_row(self.model.row_of(target.name) if target else -1)
        else:
            self._load_editor(target)
        self.toolbar_actions.update()

    @Slot(str, object)
    def _on_editor_applied(self, old_name: str, spec: EntrySpec) -> None:
        try:
            self.document.replace_entry(old_name, spec)
        except (ValueError, KeyError, PermissionError) as exc:
            self.editor.show_name_error(str(exc).strip("'\""))
            return
        self.editor.pending = False
        self.refresh(select=spec.name)

    @Slot()
    def _on_editor_changed(self) -> None:
        self.toolbar_actions.update()
        self._update_file_label()

    @Slot(str, bool)
    def _on_model_enabled_toggled(self, name: str, enabled: bool) -> None:
        if not self.apply_pending_edits():
            return
        self.document.set_enabled([name], enabled)
        self.refresh(select=self.current_name())

    @Slot(object)
    def _on_beat_status_snapshot_read(self, snapshot: Any) -> None:
        self.model.set_run_states(snapshot.runs)
        entry = self.editor.entry
        if entry is not None:
            state = self.model.run_state(entry)
            self.editor.set_last_run_at(state.last_run_at if state else None)

    @Slot(object)
    def _on_code_section_copy_requested(self, specs: list[EntrySpec]) -> None:
        if not specs or not self.apply_pending_edits():
            return
        added = self.document.add_many(specs, copy_label(len(specs)))
        self.refresh(select=added[0])
        message = (
            self.tr("Copied a code-defined entry into the file (not saved yet)")
            if len(added) == 1
            else self.tr(
                "Copied %n code-defined entries into the file (not saved yet)", "", len(added)
            )
        )
        self.banner.show_message(message, "info", UNDO)

    @Slot()
    def _on_code_section_reload_requested(self) -> None:
        self.feeds.load_project_facts(again=True)

    @Slot(str)
    def _on_banner_action_requested(self, action: str) -> None:
        self.toolbar_actions.banner_action(action)

    @Slot(int)
    def _on_timezone_activated(self, _index: int) -> None:
        zone = self.timezone.currentData()
        if zone != self.document.timezone and not self.document.read_only:
            self.document.set_timezone(zone)
            self.refresh(select=self.current_name())

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.switch_flow.update()
        self.model.refresh()
        self._update_file_label()
        self.toolbar_actions.update()
        self.feeds.check_disk()

    # -- visibility ---------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._timer.start()
        self.feeds.load_project_facts()
        self.feeds.refresh_task_names()

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def shutdown(self) -> None:
        """Stop polling and let go of the Redis connection (call when the app quits)."""
        self._timer.stop()
        self.beat_status.close_reader()
