"""The table view of the live monitor pages: a placeholder while it has no rows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.placeholder_view import PlaceholderTableView


class LiveTableView(PlaceholderTableView):
    """A :class:`PlaceholderTableView` for a model the hub keeps current.

    Its paints used to hold the event source back; the source now decodes in a reader
    process, so a paint's many ``data()`` calls never wait for its GIL and nothing is held.
    The pages still pass their hub; once they build a PlaceholderTableView, this class goes.
    """

    def __init__(self, hub: MonitorHub, parent: QWidget | None = None) -> None:
        del hub  # see the class docstring
        super().__init__(parent)
