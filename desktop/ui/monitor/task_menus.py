"""The Tasks view's menus: the columns menu on a table's header, the menu on a task row.

Both tables (Live and History) share them: :class:`TaskMenus` reads what is shown from the
page (the current table and its rows) at the moment a menu is asked for. The page is seen
through :class:`MenuPage`, so this module does not import the page that imports it.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from desktop.core.events.model import TaskRecord
from desktop.ui.monitor.task_actions import TaskActions
from desktop.ui.monitor.task_columns import Column, headers
from desktop.ui.monitor.task_filters import FilterBar


class ShownRows(Protocol):
    def record_at(self, row: int) -> TaskRecord | None: ...


class MenuPage(Protocol):
    """What the menus need of the Tasks page."""

    @property
    def view(self) -> QTableView: ...

    @property
    def rows(self) -> ShownRows: ...

    @property
    def task_actions(self) -> TaskActions | None: ...

    @property
    def filters(self) -> FilterBar: ...

    def set_column_visible(self, column: Column, visible: bool) -> None: ...


class TaskMenus(QObject):
    """The menus of ``page``'s tables (:meth:`attach` each table); ``widget`` is the page as
    the menus' parent."""

    def __init__(self, widget: QWidget, page: MenuPage) -> None:
        super().__init__(widget)
        self._widget = widget
        self._page = page
        #: The open row menu (tests and screenshots look at it).
        self.context_menu: QMenu | None = None

    def attach(self, table: QTableView) -> None:
        table.customContextMenuRequested.connect(self._on_table_context_menu)
        table.horizontalHeader().customContextMenuRequested.connect(self._on_header_context_menu)

    @Slot(QPoint)
    def _on_header_context_menu(self, pos: QPoint) -> None:
        page, view = self._page, self._page.view
        menu = QMenu(self._widget)
        titles = headers()
        for col in Column:
            action = QAction(titles[col], menu)
            action.setCheckable(True)
            action.setChecked(not view.isColumnHidden(col))
            action.toggled.connect(lambda on, c=col: page.set_column_visible(c, on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.tr("Arrival order (newest first)"), self._sort_by_arrival)
        menu.popup(view.horizontalHeader().mapToGlobal(pos))

    @Slot()
    def _sort_by_arrival(self) -> None:
        self._page.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)

    @Slot(QPoint)
    def _on_table_context_menu(self, pos: QPoint) -> None:
        page, view = self._page, self._page.view
        index = view.indexAt(pos)
        task = page.rows.record_at(index.row())
        if task is None:
            return
        if not view.selectionModel().isRowSelected(index.row()):
            view.selectRow(index.row())
        menu = QMenu(self._widget)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context_menu = menu
        if page.task_actions is not None:
            page.task_actions.fill_menu(menu)
            menu.addSeparator()
        menu.addAction(self.tr("Copy task ID"), lambda: _copy(task.uuid))
        menu.addAction(
            self.tr("Show only {0}").format(task.name or "?"),
            lambda: page.filters.set_name(task.name),
        )
        menu.popup(view.viewport().mapToGlobal(pos))


def _copy(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
