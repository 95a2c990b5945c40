"""A table view that says why it is empty (and what to do) instead of showing a blank."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QTableView, QWidget


class PlaceholderTableView(QTableView):
    """With no rows, the placeholder text is drawn in the middle of the viewport."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = ""

    def placeholder(self) -> str:
        return self._placeholder

    def set_placeholder(self, text: str) -> None:
        """What an empty table says (why it is empty, what to do); "" for nothing."""
        if text != self._placeholder:
            self._placeholder = text
            self.viewport().update()

    def paint_rows(self, event: QPaintEvent) -> None:
        """The table's own painting; subclasses wrap it (the live view holds events back)."""
        super().paintEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_rows(event)
        model = self.model()
        if self._placeholder and (model is None or model.rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(area, int(flags), self._placeholder)
            painter.end()
