"""The project's code-defined schedules, read-only, with actions to copy them into the file.

The file scheduler does not run ``beat_schedule`` or ``add_periodic_task`` entries; this
list shows them so they can be moved over. Entries that cannot be copied say why. When the
project cannot be imported, its traceback is shown instead (never the demo's entries).

Signals:
    copy_requested(object): a list of ``EntrySpec`` to add to the file.
    reload_requested(): read the project again (after the user fixed it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.schedules.code_import import CodeEntry
from desktop.core.schedules.describe import describe_schedule
from desktop.ui.schedules.words import both_languages, in_ui_language


class CodeScheduleSection(QGroupBox):
    """A list of code-defined entries (see the module docstring for the signal)."""

    copy_requested = Signal(object)
    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(
            self.tr("Code-defined schedules (read-only: the file scheduler ignores them)")
        )
        self.entries: list[CodeEntry] = []
        self.tree = QTreeWidget()
        self.tree.setObjectName("code_schedules")
        self.tree.setHeaderLabels(
            [self.tr("Name"), self.tr("Task"), self.tr("Schedule"), self.tr("Note")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.status = QLabel(self.tr("Reading the project's code-defined schedules…"))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit()
        self.details.setObjectName("code_schedules_error")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.hide()
        self.read_again = QPushButton(self.tr("Read again"))
        self.read_again.setToolTip(self.tr("Import the project again in its own interpreter"))
        self.copy_selected = QPushButton(self.tr("Copy selected into the file"))
        self.copy_all = QPushButton(self.tr("Copy all into the file"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.read_again)
        buttons.addWidget(self.copy_selected)
        buttons.addWidget(self.copy_all)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.read_again.clicked.connect(self.reload_requested)
        self.copy_selected.clicked.connect(self._on_copy_selected_clicked)
        self.copy_all.clicked.connect(self._on_copy_all_clicked)
        self._update_buttons()
        self.tree.itemSelectionChanged.connect(self._update_buttons)

    def set_entries(self, entries: list[CodeEntry]) -> None:
        self.entries = list(entries)
        self.tree.show()
        self.details.hide()
        self.tree.clear()
        for index, entry in enumerate(self.entries):
            description = describe_schedule(entry.spec.schedule) if entry.spec else None
            words = in_ui_language(description) if description else entry.description
            item = QTreeWidgetItem([entry.name, entry.task, words, entry.problem or ""])
            if description is not None:
                item.setToolTip(2, both_languages(description))
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            if entry.spec is None:
                item.setDisabled(True)
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        count = len(self.entries)
        if not count:
            self.status.setText(self.tr("The project defines no periodic task in code"))
        elif count == 1:
            self.status.setText(self.tr("One periodic task in the project's code"))
        else:
            self.status.setText(self.tr("%n periodic tasks in the project's code", "", count))
        self._update_buttons()

    def show_loading(self) -> None:
        self.status.setText(self.tr("Reading the project's code-defined schedules…"))

    def show_no_project(self) -> None:
        """A profile without a project: nothing to read, and nothing of the demo's shown."""
        self.entries = []
        self.tree.clear()
        self.tree.hide()
        self.details.hide()
        self.read_again.hide()
        self.status.setText(
            self.tr(
                "This profile has no project. Add yours (Profiles → Edit profile…: its "
                "directory, interpreter and -A module) to see its code-defined schedules."
            )
        )
        self._update_buttons()

    def show_error(self, message: str, details: str = "") -> None:
        """The project could not be read: say why, with its traceback below."""
        self.entries = []
        self.tree.clear()
        self.tree.hide()
        self.status.setText(message)
        self.details.setPlainText(details)
        self.details.setVisible(bool(details))
        self._update_buttons()

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
