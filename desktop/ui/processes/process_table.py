"""The process table widget: the model behind a sort proxy, selected by process name."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.ui.processes.process_model import RAW_ROLE, Column, ProcessTableModel
from desktop.ui.processes.supervisor import Supervisor


class ProcessTable(QTableView):
    """Rows of ``ProcessTableModel``, sortable on raw values, one row selected at a time.

    Signals:
        name_selected(str): the user made another process current.
    """

    name_selected = Signal(str)

    def __init__(self, supervisor: Supervisor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_model = ProcessTableModel(supervisor, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source_model)
        self.proxy.setSortRole(RAW_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # arrival order until asked
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.OUTCOME, QHeaderView.ResizeMode.Stretch)
        self._selecting = False
        self.selectionModel().currentRowChanged.connect(self._on_selection_current_row_changed)

    def select_name(self, name: str | None) -> None:
        """Select ``name``'s row (or nothing) without emitting ``name_selected``."""
        row = self.source_model.row_of(name) if name else -1
        selection = self.selectionModel()
        self._selecting = True
        try:
            if row < 0:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
                return
            index = self.proxy.mapFromSource(self.source_model.index(row, 0))
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.setCurrentIndex(index, flags)
        finally:
            self._selecting = False

    def name_at_row(self, view_row: int) -> str | None:
        """The process name shown in ``view_row`` (after sorting)."""
        source = self.proxy.mapToSource(self.proxy.index(view_row, 0))
        return self.source_model.name_at(source.row())

    @Slot(QModelIndex, QModelIndex)
    def _on_selection_current_row_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        name = self.source_model.name_at(self.proxy.mapToSource(current).row())
        if name is not None:
            self.name_selected.emit(name)
