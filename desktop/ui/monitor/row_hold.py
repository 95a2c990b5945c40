"""Keeping the rows of a live table still under the user's hand.

A live table inserts rows as tasks arrive; at the top of a newest-first table every insert
pushes the rows below it down, so a click aimed at one task lands on another. A
:class:`RowHold` watches a view and its model and, while the user is at work (the pointer
over the rows, or a row selected) or has scrolled away from the top, scrolls by exactly what
a change moved: the row under the pointer (else the selected row, else the top row) stays
where it was on screen. New rows then wait above the viewport, and a pill at the top of the
table says how many ("↑ 3 new"); a click on it, or going back to the top, shows them. When
nothing holds the table any more and the user had not scrolled away, it returns to the top.

The seam: it needs only the standard model signals (rows inserted or removed, layout
changed, reset) and the view's geometry, so it keeps working whatever model feeds the view
(the live store today, a journal being browsed tomorrow). It never changes the model.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    SignalInstance,
    Slot,
)
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPushButton, QTableView

PILL_MARGIN = 6
POINTER_POLL_MS = 200


class RowHold(QObject):
    """Holds the rows of ``view`` still while the user works with them (module docstring)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        self._model: QAbstractItemModel | None = None
        self._pointer_over = False
        self._held = False
        self._adjusting = False
        self._anchor: QPersistentModelIndex | None = None
        self._anchor_offset = 0
        self._sorting = False
        self._following = True  # at the top before the hold began: back there after it
        #: New rows waiting above the viewport since the user was last at the top.
        self.new_rows = 0
        self.pill = QPushButton(view)
        self.pill.setObjectName("new_rows_pill")
        self.pill.setCursor(Qt.CursorShape.PointingHandCursor)
        self.pill.setStyleSheet(
            "QPushButton { border-radius: 10px; padding: 2px 12px;"
            " background: palette(highlight); color: palette(highlighted-text); }"
        )
        self.pill.clicked.connect(self.show_new_rows)
        self.pill.hide()
        # Enter and Leave say when the pointer comes and goes, but Leave is not sent when it
        # moves straight onto a sibling widget: while it is over the rows, look every so often
        self._pointer_timer = QTimer(self)
        self._pointer_timer.setInterval(POINTER_POLL_MS)
        self._pointer_timer.timeout.connect(self._update_pointer)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self._on_scroll_value_changed)
        view.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        self.watch(view.model())

    # -- public API ------------------------------------------------------------------------

    def watch(self, model: QAbstractItemModel | None) -> None:
        """Follow ``model`` and the view's selection (call it again after ``setModel``)."""
        if self._model is not None:
            for signal, slot in self._connections(self._model):
                signal.disconnect(slot)
        self._model = model
        if model is not None:
            for signal, slot in self._connections(model):
                signal.connect(slot)
        selection = self._view.selectionModel()
        if selection is not None:
            selection.selectionChanged.connect(self._update_hold)
        self._forget_new_rows()

    @property
    def holding(self) -> bool:
        """Rows stay still now: the pointer is over them or a row is selected."""
        selection = self._view.selectionModel()
        return self._pointer_over or (selection is not None and selection.hasSelection())

    @Slot()
    def show_new_rows(self) -> None:
        """Go to the top, where the new rows are."""
        self._view.verticalScrollBar().setValue(0)

    # -- following the model ---------------------------------------------------------------

    def _connections(
        self, model: QAbstractItemModel
    ) -> list[tuple[SignalInstance, Callable[..., None]]]:
        return [
            (model.rowsAboutToBeInserted, self._on_rows_about_to_change),
            (model.rowsInserted, self._on_rows_inserted),
            (model.rowsAboutToBeRemoved, self._on_rows_about_to_change),
            (model.rowsRemoved, self._on_rows_removed),
            (model.layoutAboutToBeChanged, self._on_layout_about_to_be_changed),
            (model.layoutChanged, self._on_layout_changed),
            (model.modelReset, self._forget_new_rows),
        ]

    def _top(self) -> int:
        """The scroll position in rows (the view may scroll per item or per pixel)."""
        view = self._view
        value = view.verticalScrollBar().value()
        if view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem:
            return value
        return value // max(1, view.verticalHeader().defaultSectionSize())

    def _take_anchor(self) -> None:
        """Remember the row the user looks at, and where on screen it is."""
        self._anchor = None
        if not (self.holding or self._top() > 0):
            return  # at the top with nothing held: new rows show as they come
        view = self._view
        row = -1
        if self._pointer_over:
            row = view.rowAt(view.viewport().mapFromGlobal(QCursor.pos()).y())
        current = view.currentIndex()
        if row < 0 and current.isValid() and self._visible(current.row()):
            row = current.row()
        if row < 0:
            row = view.rowAt(0)
        if row < 0 or self._model is None:
            return
        self._anchor = QPersistentModelIndex(self._model.index(row, 0))
        self._anchor_offset = row

    def _visible(self, row: int) -> bool:
        view = self._view
        y = view.rowViewportPosition(row)
        return 0 <= y < view.viewport().height()

    def _restore_anchor(self) -> int:
        """Scroll by what the change moved the anchor; the rows it moved (0: none)."""
        anchor, self._anchor = self._anchor, None
        if anchor is None or not anchor.isValid():
            return 0
        moved = anchor.row() - self._anchor_offset
        if moved:
            view = self._view
            bar = view.verticalScrollBar()
            per_item = view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem
            step = 1 if per_item else view.verticalHeader().defaultSectionSize()
            target = max(0, bar.value() + moved * step)
            # the view recomputes its range after the change: widen it now, or it clamps
            self._adjusting = True
            try:
                bar.setMaximum(max(bar.maximum(), target))
                bar.setValue(target)
            finally:
                self._adjusting = False
        return moved

    @Slot(QModelIndex, int, int)
    def _on_rows_about_to_change(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if not parent.isValid():
            self._take_anchor()

    @Slot(QModelIndex, int, int)
    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            return
        top = self._top()
        if self._restore_anchor() > 0 and first <= top:
            self.new_rows += last - first + 1
            self._update_pill()

    @Slot(QModelIndex, int, int)
    def _on_rows_removed(self, parent: QModelIndex, _first: int, _last: int) -> None:
        if not parent.isValid():
            self._restore_anchor()

    @Slot()
    def _on_layout_about_to_be_changed(self) -> None:
        if not self._sorting:  # a click on a header reorders everything: nothing to keep
            self._take_anchor()

    @Slot()
    def _on_layout_changed(self) -> None:
        self._restore_anchor()
        self._sorting = False

    @Slot()
    def _on_sort_indicator_changed(self) -> None:
        self._sorting = True
        QTimer.singleShot(0, self, self._end_sorting)

    def _end_sorting(self) -> None:
        self._sorting = False

    # -- the user --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._view:
            if kind == QEvent.Type.Resize and self.new_rows:
                self._update_pill()
        elif kind in (QEvent.Type.Enter, QEvent.Type.Leave):
            self._update_pointer()
        return False

    @Slot()
    def _update_pointer(self) -> None:
        viewport = self._view.viewport()
        under = QApplication.widgetAt(QCursor.pos())
        over = under is not None and (under is viewport or viewport.isAncestorOf(under))
        self._pointer_over = over and viewport.isVisible()
        if self._pointer_over:
            self._pointer_timer.start()
        else:
            self._pointer_timer.stop()
        self._update_hold()

    @Slot()
    def _update_hold(self) -> None:
        """A hold begins (remember whether the user was at the top) or ends (go back)."""
        now = self.holding
        if now and not self._held:
            self._following = self._top() == 0
        elif self._held and not now and self._following and self.new_rows:
            self.show_new_rows()
        self._held = now

    @Slot(int)
    def _on_scroll_value_changed(self, value: int) -> None:
        if value == 0:
            self._forget_new_rows()
        elif not self._adjusting:
            self._following = False  # the user scrolled away: stay where they went

    def _forget_new_rows(self) -> None:
        self.new_rows = 0
        self._update_pill()

    def _update_pill(self) -> None:
        pill = self.pill
        if not self.new_rows:
            pill.hide()
            return
        pill.setText(self.tr("↑ %Ln new", "", self.new_rows))
        pill.adjustSize()
        area = self._view.viewport().geometry()
        pill.move(QPoint(area.center().x() - pill.width() // 2, area.top() + PILL_MARGIN))
        pill.show()
        pill.raise_()
