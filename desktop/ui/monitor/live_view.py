"""The table view of the live monitor pages: a placeholder while it has no rows, and one paint
for each of the hub's batches."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from desktop.core.events.store import ChangeSet
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.placeholder_view import PlaceholderTableView


class LiveTableView(PlaceholderTableView):
    """A :class:`PlaceholderTableView` for a model the hub keeps current.

    Rows inserted by a batch make Qt lay the items out on a zero-time timer, which runs after
    the paint that the same batch's changed rows asked for: two paints of the whole table per
    batch, and painting was a third of the GUI thread's time under a flood of events. Laying
    out as soon as the batch is applied merges the two. Build the view after its model, so
    that the model has applied the batch when this view hears of it.
    """

    def __init__(self, hub: MonitorHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        hub.batch_applied.connect(self._on_hub_batch_applied)

    @Slot(object)
    def _on_hub_batch_applied(self, _changes: ChangeSet) -> None:
        self.executeDelayedItemsLayout()  # nothing to do unless rows came or went
