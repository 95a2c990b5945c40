"""A table view for live models: painting holds the event source back (see the hub)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QTableView, QWidget

from desktop.ui.monitor.hub import MonitorHub


class LiveTableView(QTableView):
    """A QTableView whose paints run inside ``hub.gui_busy()``; with no rows, a placeholder.

    A paint calls the Python model's ``data()`` thousands of times, each taking the GIL back
    from the event source thread; holding the source back makes a 250 ms paint 15 ms again.
    """

    def __init__(self, hub: MonitorHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        self._placeholder = ""

    def placeholder(self) -> str:
        return self._placeholder

    def set_placeholder(self, text: str) -> None:
        """What an empty table says (why it is empty, what to do); "" for nothing."""
        if text != self._placeholder:
            self._placeholder = text
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        with self._hub.gui_busy():
            super().paintEvent(event)
        model = self.model()
        if self._placeholder and (model is None or model.rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(area, int(flags), self._placeholder)
            painter.end()
