"""A table view for live models: painting holds the event source back (see the hub)."""

from __future__ import annotations

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.placeholder_view import PlaceholderTableView


class LiveTableView(PlaceholderTableView):
    """A table view whose paints run inside ``hub.gui_busy()``; with no rows, a placeholder.

    A paint calls the Python model's ``data()`` thousands of times, each taking the GIL back
    from the event source thread; holding the source back makes a 250 ms paint 15 ms again.
    """

    def __init__(self, hub: MonitorHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hub = hub

    def paint_rows(self, event: QPaintEvent) -> None:
        with self._hub.gui_busy():
            super().paint_rows(event)
