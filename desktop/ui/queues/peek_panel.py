"""The peek panel under the queues table: the first N waiting messages of one queue, decoded.

Rows are in the order workers take them (priority level 0 first, oldest first). The table is
rebuilt only when the messages change, and the selected message stays selected across
refreshes. Delete and Purge only emit requests; the page confirms and runs them.

Signals:
    delete_requested(object): a :class:`PeekedMessage` to delete.
    purge_requested(): purge the shown queue.
    count_changed(int): the user changed how many messages to show.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.queues.messages import MAX_PEEK
from desktop.core.queues.results import PeekedMessage, PeekResult
from desktop.ui.locale_format import format_count
from desktop.ui.monitor.timefmt import format_datetime, notifier

#: Column keys, in order; the titles are translated where the table is built.
COLUMNS = ("position", "priority", "task", "task_id", "args", "kwargs", "eta", "retries")


class PeekPanel(QWidget):
    """Title, message table, and the Delete message / Purge queue buttons."""

    delete_requested = Signal(object)
    purge_requested = Signal()
    count_changed = Signal(int)

    def __init__(self, count: int = 20, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queue: str | None = None
        self._total = 0
        self._messages: tuple[PeekedMessage, ...] = ()
        self._refusal: str | None = None
        self.title = QLabel(self.tr("Select a queue to see its first messages"))
        self.count = QSpinBox()
        self.count.setRange(1, MAX_PEEK)
        self.count.setValue(count)
        self.count.setPrefix(self.tr("Show "))
        self.count.setToolTip(self.tr("How many of the queue's first messages to show"))
        self.count.valueChanged.connect(self.count_changed)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(self._headers())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("args"), QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.delete_button = QPushButton(self.tr("Delete message…"))
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.purge_button = QPushButton(self.tr("Purge queue…"))
        self.purge_button.clicked.connect(self.purge_requested)
        self.reason = QLabel()
        self.reason.setStyleSheet("color: #8a5a00;")
        top = QHBoxLayout()
        top.addWidget(self.title, stretch=1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason, stretch=1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.purge_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.addLayout(top)
        column.addWidget(self.table, stretch=1)
        column.addLayout(buttons)
        self._update_buttons()
        notifier().zone_changed.connect(self._on_zone_changed)

    def _headers(self) -> list[str]:
        titles = {
            "position": "#",
            "priority": self.tr("Priority"),
            "task": self.tr("Task"),
            "task_id": self.tr("Task id"),
            "args": self.tr("Args"),
            "kwargs": self.tr("Kwargs"),
            "eta": self.tr("ETA"),
            "retries": self.tr("Retries"),
        }
        return [titles[key] for key in COLUMNS]

    @property
    def queue(self) -> str | None:
        return self._queue

    @property
    def total(self) -> int:
        return self._total

    def set_queue(self, queue: str | None, total: int = 0) -> None:
        if queue != self._queue:
            self._queue = queue
            self._set_messages(())
        self._total = total
        self._update_title()
        self._update_buttons()

    def show_peek(self, result: PeekResult) -> None:
        if result.queue != self._queue:
            return
        if result.error is not None:
            self.title.setTextFormat(Qt.TextFormat.PlainText)
            self.title.setText(self.tr("Cannot read '{0}': {1}").format(result.queue, result.error))
            return
        self._total = result.total
        if tuple(m.raw for m in result.messages) != tuple(m.raw for m in self._messages):
            self._set_messages(result.messages)
        self._update_title()
        self._update_buttons()

    def set_refusal(self, reason: str | None) -> None:
        """Disable the actions and say why (read-only profile), or enable them again."""
        self._refusal = reason
        self.reason.setText(reason or "")
        self._update_buttons()

    def selected_message(self) -> PeekedMessage | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self._messages):
            return None
        return self._messages[rows[0].row()]

    def messages(self) -> tuple[PeekedMessage, ...]:
        return self._messages

    def _set_messages(self, messages: tuple[PeekedMessage, ...]) -> None:
        selected = self.selected_message()
        self._messages = messages
        self.table.setRowCount(len(messages))
        for row, peeked in enumerate(messages):
            m = peeked.message
            cells = (
                str(peeked.position + 1),
                str(m.priority if m.priority is not None else peeked.step),
                m.task or "?",
                m.task_id or "",
                m.args_repr,
                m.kwargs_repr,
                _eta_text(m.eta),
                "" if m.retries is None else str(m.retries),
            )
            tip = json.dumps(m.headers, indent=1, default=str, ensure_ascii=False)[:4000]
            if m.error:
                tip = f"{m.error}\n\n{tip}"
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                self.table.setItem(row, column, item)
            if selected is not None and peeked.raw == selected.raw:
                self.table.selectRow(row)
        self._update_buttons()

    def _update_title(self) -> None:
        if self._queue is None:
            self.title.setTextFormat(Qt.TextFormat.PlainText)
            self.title.setText(self.tr("Select a queue to see its first messages"))
            return
        shown = len(self._messages)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setText(
            self.tr("<b>{0}</b>: {1} waiting · showing the first {2}").format(
                html.escape(self._queue), format_count(self._total), format_count(shown)
            )
        )

    @Slot()
    def _update_buttons(self) -> None:
        allowed = self._refusal is None
        has_message = self.selected_message() is not None
        self.delete_button.setEnabled(allowed and has_message)
        self.purge_button.setEnabled(allowed and self._queue is not None and self._total > 0)
        tip = self._refusal or ""
        self.delete_button.setToolTip(tip or self.tr("Delete the selected message from the queue"))
        self.purge_button.setToolTip(tip or self.tr("Delete every waiting message of this queue"))

    @Slot(str)
    def _on_zone_changed(self, _zone: str) -> None:
        self._set_messages(self._messages)  # the ETAs, in the new display zone

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        message = self.selected_message()
        if message is not None:
            self.delete_requested.emit(message)


def _eta_text(eta: str | None) -> str:
    """The message's ETA (ISO text) in the display zone, with its offset; text that is not a
    date is shown as it is."""
    if not eta:
        return ""
    try:
        moment = datetime.fromisoformat(eta)
    except ValueError:
        return eta
    if moment.tzinfo is None:
        # A worker reads a naive ETA in the app's timezone, UTC unless the app says otherwise.
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment.timestamp())
