"""The Processes page: presets on the left, supervised processes on the right, a log below.

One name is "current" at a time, whether picked in the preset list or the process table
(processes are named after their presets); the toolbar acts on it and the log follows it.
Problems are reported in a banner above the page, never in a modal box.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core.processes.logs import LogLine
from desktop.core.processes.presets import PresetConflictError, PresetStore
from desktop.core.processes.spec import ProcessKind, ProcessSpec, SpecError
from desktop.ui.processes.banner import MessageBanner
from desktop.ui.processes.guiprocess import ProcessState
from desktop.ui.processes.log_view import LogView
from desktop.ui.processes.preset_editor import PresetEditor
from desktop.ui.processes.process_table import ProcessTable
from desktop.ui.processes.supervisor import Supervisor

NAME_ROLE = Qt.ItemDataRole.UserRole


def _titled(title: str, widget: QWidget) -> QWidget:
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    label = QLabel(f"<b>{html.escape(title)}</b>")
    layout.addWidget(label)
    layout.addWidget(widget, 1)
    return panel


class ProcessesView(QWidget):
    """Start, stop and watch worker, beat and broker processes from presets."""

    def __init__(
        self,
        supervisor: Supervisor,
        presets: PresetStore,
        broker_url_provider: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._supervisor = supervisor
        self._presets = presets
        self._broker_url = broker_url_provider
        self._current: str | None = None
        self._syncing = False
        self._seen_states: dict[str, ProcessState] = {}
        self._deleted: ProcessSpec | None = None
        self._profile: str | None = None
        self.editor: PresetEditor | None = None

        self._build_widgets()
        self._lay_out()
        self.preset_list.currentItemChanged.connect(self._on_preset_list_current_item_changed)
        self.table.name_selected.connect(self._on_table_name_selected)
        self.log_view.cleared.connect(self._on_log_view_cleared)
        self.banner.action_requested.connect(self._on_banner_action_requested)
        supervisor.process_added.connect(self._on_supervisor_process_added)
        supervisor.process_state_changed.connect(self._on_supervisor_process_state_changed)
        supervisor.process_output.connect(self._on_supervisor_process_output)
        self.reload_presets()
        if presets.messages:
            self.show_message(
                self.tr("Presets: {0}").format("; ".join(presets.messages)), "warning"
            )
        self._say_adopted()
        shown = self._shown_presets()
        self._set_current(shown[0].name if shown else None)

    def _build_widgets(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.start_action = self._action(self.tr("Start"), self._on_start_triggered)
        self.stop_action = self._action(self.tr("Stop"), self._on_stop_triggered)
        self.restart_action = self._action(self.tr("Restart"), self._on_restart_triggered)
        self.toolbar.addSeparator()
        self.new_action = self._action(self.tr("New preset…"), self._on_new_triggered)
        self.edit_action = self._action(self.tr("Edit preset…"), self._on_edit_triggered)
        self.delete_action = self._action(self.tr("Delete preset"), self._on_delete_triggered)
        self.banner = MessageBanner(self)
        self.preset_list = QListWidget(self)
        self.table = ProcessTable(self._supervisor, self)
        self.model = self.table.source_model
        self.log_title = QLabel(self)
        self.log_view = LogView(self._supervisor.log_lines, self)

    def _lay_out(self) -> None:
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(_titled(self.tr("Presets"), self.preset_list))
        top.addWidget(_titled(self.tr("Processes"), self.table))
        top.setStretchFactor(1, 1)
        top.setSizes([220, 780])
        log_panel = QWidget()
        log_layout = QVBoxLayout(log_panel)
        log_layout.setContentsMargins(0, 0, 0, 0)
        log_layout.addWidget(self.log_title)
        log_layout.addWidget(self.log_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(log_panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

    def _action(self, text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    # -- current name ----------------------------------------------------------------------

    @property
    def current_name(self) -> str | None:
        return self._current

    def select(self, name: str | None) -> None:
        """Make ``name`` current, selecting it in the preset list and the table."""
        self._set_current(name)

    def _set_current(self, name: str | None) -> None:
        changed = name != self._current
        self._current = name
        self._syncing = True
        try:
            self._select_in_list(name)
            self.table.select_name(name)
        finally:
            self._syncing = False
        if changed:
            entry = self._supervisor.get(name) if name else None
            self.log_view.set_lines(entry.buffer.lines() if entry else [])
        if name:
            self.log_title.setText(self.tr("<b>Log</b> — {0}").format(html.escape(name)))
        else:
            self.log_title.setText(self.tr("<b>Log</b>"))
        self._update_actions()

    def _select_in_list(self, name: str | None) -> None:
        for row in range(self.preset_list.count()):
            item = self.preset_list.item(row)
            if item.data(NAME_ROLE) == name:
                self.preset_list.setCurrentItem(item)
                return
        self.preset_list.setCurrentRow(-1)

    def _update_actions(self) -> None:
        name = self._current
        entry = self._supervisor.get(name) if name else None
        state = entry.state if entry else ProcessState.NOT_STARTED
        startable = name is not None and (self._presets.get(name) or entry) is not None
        self.start_action.setEnabled(startable and not state.is_active)
        waiting = entry is not None and entry.restart_timer is not None
        running = state in (ProcessState.STARTING, ProcessState.RUNNING)
        self.stop_action.setEnabled(running or waiting)
        self.restart_action.setEnabled(state is ProcessState.RUNNING)
        has_preset = name is not None and self._presets.get(name) is not None
        self.edit_action.setEnabled(has_preset)
        self.delete_action.setEnabled(has_preset)

    def set_profile(self, name: str) -> None:
        """Show ``name``'s presets (and those of every profile); new presets go to it."""
        self._profile = name
        self.reload_presets()
        if self._current is not None and self._presets.get(self._current) is None:
            self._set_current(None)
        else:
            self._set_current(self._current)

    def reload_presets(self) -> None:
        """Show the active profile's presets again (after an edit made elsewhere)."""
        self._syncing = True
        try:
            self.preset_list.clear()
            for spec in self._shown_presets():
                item = QListWidgetItem(f"{spec.name}  ·  {spec.kind.label}")
                item.setData(NAME_ROLE, spec.name)
                item.setToolTip(self.tr("Demo app") if spec.is_demo else f"-A {spec.app_module}")
                self.preset_list.addItem(item)
        finally:
            self._syncing = False

    def _shown_presets(self) -> list[ProcessSpec]:
        if self._profile is None:
            return self._presets.presets()
        return self._presets.for_profile(self._profile)

    # -- messages --------------------------------------------------------------------------

    def _say_adopted(self) -> None:
        adopted = [entry.name for entry in self._supervisor.processes() if entry.adopted]
        if adopted:
            self.show_message(
                self.tr(
                    "Left running when Celery Desk last quit, supervised again: {0}. "
                    "Stop them here when you no longer need them."
                ).format(", ".join(adopted)),
                "info",
            )

    def show_message(self, text: str, level: str = "error", action: str | None = None) -> None:
        """A non-blocking banner above the page; ``action`` adds a link such as "undo"."""
        self.banner.show_message(text, level, action)

    def message_text(self) -> str:
        return self.banner.message_text()

    @Slot(str)
    def _on_banner_action_requested(self, action: str) -> None:
        if action == "undo" and self._deleted is not None:
            spec, self._deleted = self._deleted, None
            self._save_preset(spec, None)
        elif action == "reload":
            self._presets.load()
            self.reload_presets()
            self._set_current(self._current)

    # -- toolbar ---------------------------------------------------------------------------

    @Slot()
    def _on_start_triggered(self) -> None:
        name = self._current
        entry = self._supervisor.get(name) if name else None
        spec = (self._presets.get(name) if name else None) or (entry.spec if entry else None)
        if spec is None:
            return
        try:
            self._supervisor.start(spec, self._broker_url())
        except (SpecError, RuntimeError) as exc:
            self.show_message(self.tr("Cannot start {0}: {1}").format(spec.name, exc))
            return
        self.banner.dismiss()
        self._set_current(spec.name)

    @Slot()
    def _on_stop_triggered(self) -> None:
        if self._current:
            self._supervisor.stop(self._current)
            self._update_actions()

    @Slot()
    def _on_restart_triggered(self) -> None:
        name = self._current
        if not name or self._supervisor.get(name) is None:
            return
        try:
            self._supervisor.restart(name, self._presets.get(name), self._broker_url())
        except (SpecError, ValueError) as exc:
            self.show_message(self.tr("Cannot restart {0}: {1}").format(name, exc))

    @Slot()
    def _on_new_triggered(self) -> None:
        self._open_editor(None)

    @Slot()
    def _on_edit_triggered(self) -> None:
        spec = self._presets.get(self._current) if self._current else None
        if spec is not None:
            self._open_editor(spec)

    def _open_editor(self, spec: ProcessSpec | None) -> None:
        editor = PresetEditor(spec, self._presets.names(), self)
        old_name = spec.name if spec else None
        editor.accepted.connect(lambda: self._save_preset(editor.spec(), old_name))
        editor.finished.connect(editor.deleteLater)
        self.editor = editor
        editor.open()  # window-modal but asynchronous: the event loop keeps running

    def _save_preset(self, spec: ProcessSpec, old_name: str | None) -> None:
        previous = self._presets.get(old_name) if old_name else None
        if previous is not None:
            spec.profile = previous.profile
        elif not spec.profile and spec.kind is not ProcessKind.BROKER:
            spec.profile = self._profile or ""
        try:
            self._presets.upsert(spec, old_name)
        except PresetConflictError as exc:
            self.show_message(self.tr("Preset not saved: {0}").format(exc), action="reload")
            return
        except (ValueError, OSError) as exc:
            self.show_message(self.tr("Preset not saved: {0}").format(exc))
            return
        self.reload_presets()
        self._set_current(spec.name)

    @Slot()
    def _on_delete_triggered(self) -> None:
        name = self._current
        if not name:
            return
        try:
            self._deleted = self._presets.delete(name)
        except PresetConflictError as exc:
            self.show_message(self.tr("Preset not deleted: {0}").format(exc), action="reload")
            return
        except OSError as exc:
            self.show_message(self.tr("Preset not deleted: {0}").format(exc))
            return
        self.reload_presets()
        self.show_message(self.tr("Deleted preset {0}.").format(name), "info", action="undo")
        self._set_current(name if self._supervisor.get(name) else None)

    # -- selection and supervisor slots ------------------------------------------------------

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_preset_list_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if not self._syncing and current is not None:
            self._set_current(current.data(NAME_ROLE))

    @Slot(str)
    def _on_table_name_selected(self, name: str) -> None:
        if not self._syncing:
            self._set_current(name)

    @Slot()
    def _on_log_view_cleared(self) -> None:
        entry = self._supervisor.get(self._current) if self._current else None
        if entry is not None:
            entry.buffer.clear()

    @Slot(str)
    def _on_supervisor_process_added(self, name: str) -> None:
        if name == self._current:
            self._current = None  # reload the log from the new process's buffer
            self._set_current(name)

    @Slot(str)
    def _on_supervisor_process_state_changed(self, name: str) -> None:
        entry = self._supervisor.get(name)
        if entry is not None and self._seen_states.get(name) is not entry.state:
            self._seen_states[name] = entry.state
            if entry.state in (ProcessState.CRASHED, ProcessState.FAILED_TO_START):
                self.show_message(self.tr("{0}: {1}").format(name, entry.status_text()), "warning")
        if name == self._current:
            self._update_actions()

    @Slot(str, list)
    def _on_supervisor_process_output(self, name: str, lines: list[LogLine]) -> None:
        if name == self._current:
            self.log_view.append_lines(lines)
