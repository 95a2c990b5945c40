"""The reply panel: what each worker answered to the last action, shown without blocking.

A headline (action, outcome, time) over a table with one row per worker: its hostname, the
outcome ("ok", "error", "no reply") and the worker's text ("new rate limit set successfully",
"ValueError('Pool restarts not enabled')", "no reply within 3 s"). A refused action (a
read-only profile) or one that could not run (broker down, bad input) shows its reason in
the headline. Hidden until the first action; its Hide button puts it away again.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.control.guard import ACTIONS, Refused
from desktop.core.control.results import ActionResult, ReplyStatus

COLOURS = {
    ReplyStatus.OK: QColor("#2e7d32"),
    ReplyStatus.ERROR: QColor("#c62828"),
    ReplyStatus.NO_REPLY: QColor("#b26a00"),
}
_HEADLINE = {
    "ok": "color: #2e7d32; font-weight: bold;",
    "bad": "color: #c62828; font-weight: bold;",
    "busy": "font-weight: bold;",
}
MAX_ROWS = 8


def _label(action: str) -> str:
    info = ACTIONS.get(action)
    return info.label if info is not None else action


class ReplyPanel(QFrame):
    """Per-worker replies of the latest action (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide_button = QPushButton(self.tr("Hide"))
        self.hide_button.setFlat(True)
        self.hide_button.clicked.connect(self.hide)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Worker"), self.tr("Result"), self.tr("Reply")]
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 260)
        header.resizeSection(1, 90)
        header.setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.headline, stretch=1)
        top.addWidget(self.hide_button, alignment=Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, stretch=1)
        self.result: object | None = None
        self.hide()

    def _fit(self) -> None:
        """As tall as its rows (up to ``MAX_ROWS``, then it scrolls): the panel sits in a
        splitter, which would otherwise hand it a third of the page for a single reply."""
        rows = min(self.table.rowCount(), MAX_ROWS)
        self.table.setVisible(rows > 0)
        layout = self.layout()
        assert layout is not None  # set in __init__
        margins = layout.contentsMargins()
        height = self.headline.sizeHint().height() + margins.top() + margins.bottom() + 4
        if rows:
            table = self.table
            height += (
                layout.spacing() + table.horizontalHeader().sizeHint().height()
                + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth() + 2
            )  # fmt: skip
        self.setMaximumHeight(height + 2 * self.frameWidth())

    def show_running(self, label: str, targets: list[str], timeout: float) -> None:
        """An action just went out; its replies come within ``timeout`` seconds."""
        self.result = None
        who = ", ".join(targets) if targets else self.tr("all workers")
        text = self.tr("{0} → {1}: waiting up to {2} s for replies…")
        self._headline(text.format(label, who, f"{timeout:g}"), "busy")
        self.table.setRowCount(0)
        self._fit()
        self.show()

    def show_result(self, result: object) -> None:
        """An :class:`ActionResult`, a ``Refused`` or anything with ``summary()``."""
        self.result = result
        self.table.setRowCount(0)
        when = time.strftime("%H:%M:%S")
        if isinstance(result, Refused):
            text = self.tr("{0} refused: {1}").format(_label(result.action), result.reason)
            self._headline(text, "bad")
        elif isinstance(result, ActionResult):
            self._show_action_result(result, when)
        else:
            summary = getattr(result, "summary", None)
            self._headline(summary() if callable(summary) else str(result), "ok")
        self._fit()
        self.show()

    def show_failure(self, message: str) -> None:
        """The action raised (a bug): said plainly, never swallowed."""
        self.result = None
        self.table.setRowCount(0)
        self._headline(self.tr("The action failed: {0}").format(message), "bad")
        self._fit()
        self.show()

    def _show_action_result(self, result: ActionResult, when: str) -> None:
        label = _label(result.action)
        if result.error is not None:
            text = self.tr("{0} failed at {1}: {2}").format(label, when, result.error)
            self._headline(text, "bad")
            return
        for reply in result.replies:
            colour = COLOURS[reply.status]
            self._add_row(reply.destination, reply.status.label, reply.text, colour)
        if not result.replies:  # shutdown: sent, and nobody answers it
            for target in result.targets:
                note = result.note or self.tr("done")
                self._add_row(target, self.tr("sent"), note, COLOURS[ReplyStatus.OK])
        text = self.tr("{0} at {1}: {2}").format(label, when, result.outcome_text())
        self._headline(text, "ok" if result.ok else "bad")

    def _add_row(self, worker: str, status: str, text: str, colour: QColor) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        items = (QTableWidgetItem(worker), QTableWidgetItem(status), QTableWidgetItem(text))
        items[1].setForeground(colour)
        items[2].setToolTip(text)
        for column, item in enumerate(items):
            self.table.setItem(row, column, item)

    def _headline(self, text: str, kind: str) -> None:
        self.headline.setText(text)
        self.headline.setStyleSheet(_HEADLINE[kind])

    def rows(self) -> list[tuple[str, str, str]]:
        """(worker, result, reply) per row, as shown."""
        text = self._text
        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
