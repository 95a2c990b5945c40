"""The app's code-defined schedules, read-only, with actions to copy them into the file.

The file scheduler does not run ``beat_schedule`` or ``add_periodic_task`` entries; this
list shows them so they can be moved over. Entries that cannot be copied say why.

Signals:
    copy_requested(object): a list of ``EntrySpec`` to add to the file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.schedules.code_import import CodeEntry
from desktop.core.schedules.describe import describe_schedule


class CodeScheduleSection(QGroupBox):
    """A list of code-defined entries (see the module docstring for the signal)."""

    copy_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Code-defined schedules (read-only: the file scheduler ignores them)", parent
        )
        self.entries: list[CodeEntry] = []
        self.tree = QTreeWidget()
        self.tree.setObjectName("code_schedules")
        self.tree.setHeaderLabels(["Name", "Task", "Schedule", "Note"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.status = QLabel("Loading the app's code-defined schedules…")
        self.copy_selected = QPushButton("Copy selected into the file")
        self.copy_all = QPushButton("Copy all into the file")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.copy_selected)
        buttons.addWidget(self.copy_all)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        self.copy_selected.clicked.connect(self._on_copy_selected_clicked)
        self.copy_all.clicked.connect(self._on_copy_all_clicked)
        self._update_buttons()
        self.tree.itemSelectionChanged.connect(self._update_buttons)

    def set_entries(self, entries: list[CodeEntry]) -> None:
        self.entries = list(entries)
        self.tree.clear()
        for index, entry in enumerate(self.entries):
            words = describe_schedule(entry.spec.schedule).en if entry.spec else entry.description
            item = QTreeWidgetItem([entry.name, entry.task, words, entry.problem or ""])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            if entry.spec is None:
                item.setDisabled(True)
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        count = len(self.entries)
        self.status.setText(
            "The app defines no periodic task in code"
            if not count
            else f"{count} in the app's code"
        )
        self._update_buttons()

    def show_error(self, message: str) -> None:
        self.status.setText(f"Cannot read the app's code-defined schedules: {message}")

    def copyable(self, only_selected: bool) -> list[CodeEntry]:
        if not only_selected:
            return [entry for entry in self.entries if entry.spec is not None]
        rows = [item.data(0, Qt.ItemDataRole.UserRole) for item in self.tree.selectedItems()]
        return [self.entries[row] for row in sorted(rows) if self.entries[row].spec is not None]

    @Slot()
    def _update_buttons(self) -> None:
        self.copy_selected.setEnabled(bool(self.copyable(True)))
        self.copy_all.setEnabled(bool(self.copyable(False)))

    @Slot()
    def _on_copy_selected_clicked(self) -> None:
        self.copy_requested.emit([entry.spec for entry in self.copyable(True)])

    @Slot()
    def _on_copy_all_clicked(self) -> None:
        self.copy_requested.emit([entry.spec for entry in self.copyable(False)])
