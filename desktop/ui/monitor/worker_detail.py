"""The worker detail panel: what ``inspect`` says about one worker, one tab per call.

The calls run off the GUI thread through the app's :class:`BackgroundRunner` with a timeout;
a worker that stays silent is shown as "no reply within 2 s" on every tab, plainly. Replies
are JSON-like dicts and lists, shown as trees (key, value). A newer request (another worker
selected, Refresh) makes the answer of an older one be dropped when it arrives.

Signals:
    report_loaded(object): the :class:`InspectReport` now on display.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.inspect import CALLS, CallResult, InspectReport, WorkerInspector
from desktop.core.redact import redact_text
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.timefmt import format_time

TAB_TITLES = {
    "stats": "Stats",
    "active": "Active",
    "reserved": "Reserved",
    "scheduled": "Scheduled",
    "revoked": "Revoked",
    "registered": "Registered tasks",
    "active_queues": "Active queues",
    "conf": "Conf",
}
#: Keys that name an item of a list of dicts better than its index.
_LABEL_KEYS = ("name", "id", "request")
_MAX_VALUE = 300


def _label(value: Any, index: int) -> str:
    if isinstance(value, dict):
        for key in _LABEL_KEYS:
            inner = value.get(key)
            if isinstance(inner, dict):  # scheduled: {"eta", "priority", "request": {...}}
                inner = inner.get("name")
            if isinstance(inner, str):
                return inner
    return f"[{index}]"


def _scalar(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    # Celery censors its conf reply; a URL in a custom setting still gets masked here
    text = redact_text(text)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def fill_tree(parent: QTreeWidgetItem, value: Any) -> None:
    """Children of ``parent`` for ``value``: dict keys, list items, or nothing for scalars."""
    if isinstance(value, dict):
        for key, inner in value.items():
            _add(parent, str(key), inner)
    elif isinstance(value, list | tuple):
        for i, inner in enumerate(value):
            if isinstance(inner, dict | list | tuple):
                _add(parent, _label(inner, i), inner)
            else:  # registered names, revoked ids: the value is the label
                QTreeWidgetItem(parent, [_scalar(inner), ""])


def _add(parent: QTreeWidgetItem, key: str, value: Any) -> None:
    if isinstance(value, dict | list | tuple):
        summary = f"{len(value)} item{'s' if len(value) != 1 else ''}"
        item = QTreeWidgetItem(parent, [key, summary])
        fill_tree(item, value)
    else:
        text = _scalar(value)
        item = QTreeWidgetItem(parent, [key, text])
        if len(text) > 60:
            item.setToolTip(1, text)


class InspectTab(QWidget):
    """One call's outcome: a message line over a key/value tree."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Key", "Value"])
        self.tree.setColumnWidth(0, 280)
        self.tree.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.tree, stretch=1)
        self.result: CallResult | None = None

    def show_message(self, text: str, error: bool = False) -> None:
        self.result = None
        self.tree.clear()
        self._set_message(text, error)

    def show_result(self, result: CallResult) -> None:
        self.result = result
        self.tree.clear()
        if not result.ok:
            self._set_message(result.error or "", error=True)
            return
        reply = result.reply
        empty = isinstance(reply, dict | list | tuple) and not reply
        self._set_message("Nothing." if empty else "", error=False)
        root = self.tree.invisibleRootItem()
        if isinstance(reply, dict | list | tuple):
            fill_tree(root, reply)
        else:
            QTreeWidgetItem(root, [_scalar(reply), ""])
        self.tree.expandToDepth(0)

    def _set_message(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setStyleSheet("color: #d32f2f; font-weight: bold;" if error else "")

    def item_texts(self) -> list[str]:
        """The first-column texts of the top-level items (tests, copy)."""
        root = self.tree.invisibleRootItem()
        children = (root.child(i) for i in range(root.childCount()))
        return [child.text(0) for child in children if child is not None]


def _count(result: CallResult) -> int | None:
    if not result.ok or result.call in ("stats", "conf"):
        return None
    reply = result.reply
    return len(reply) if isinstance(reply, dict | list | tuple) else None


class WorkerDetail(QWidget):
    """Inspect results for the selected worker (see the module docstring)."""

    report_loaded = Signal(object)

    def __init__(
        self, runner: BackgroundRunner, timeout: float = 2.0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.timeout = timeout
        self._inspector: WorkerInspector | None = None
        self._hostname: str | None = None
        self._generation = 0
        self.report: InspectReport | None = None
        self.title = QLabel("<b>No worker selected</b>")
        self.status = QLabel()
        self.status.setStyleSheet("color: palette(placeholder-text);")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        self.copy_button = QPushButton("Copy JSON")
        self.copy_button.setToolTip("Copy this tab's reply as JSON")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.status, stretch=1)
        header.addWidget(self.copy_button)
        header.addWidget(self.refresh_button)
        self.tabs = QTabWidget()
        self.tab_for: dict[str, InspectTab] = {}
        for call in CALLS:
            tab = self.tab_for[call] = InspectTab()
            self.tabs.addTab(tab, TAB_TITLES[call])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.tabs, stretch=1)
        self._show_idle()

    @property
    def hostname(self) -> str | None:
        return self._hostname

    @property
    def loading(self) -> bool:
        return self._hostname is not None and self.report is None and self._inspector is not None

    def set_inspector(self, inspector: WorkerInspector | None) -> None:
        """The broker's inspector (None when not connected); reloads the shown worker."""
        self._inspector = inspector
        self.refresh()

    def show_worker(self, hostname: str | None) -> None:
        if hostname == self._hostname and self.report is not None:
            return
        self._hostname = hostname
        self.refresh()

    def refresh(self) -> None:
        """Ask the worker again (off the GUI thread); an older pending answer is dropped."""
        self._generation += 1
        self.report = None
        host, inspector = self._hostname, self._inspector
        self.refresh_button.setEnabled(host is not None and inspector is not None)
        if host is None:
            self._show_idle()
            return
        self.title.setText(f"<b>{host}</b>")
        if inspector is None:
            self._show_all("Not connected to a broker: nothing to ask.", error=False)
            self.status.setText("")
            return
        self._show_all(f"Asking {host}… (up to {self.timeout:g} s)", error=False)
        self.status.setText("asking…")
        generation, timeout = self._generation, self.timeout
        self._runner.submit(
            lambda: inspector.inspect(host, timeout=timeout),
            self._deliver(generation, self._on_report),
            self._deliver(generation, self._on_failure),
        )

    def _deliver(self, generation: int, slot: Callable[[Any], None]) -> Callable[[Any], None]:
        def deliver(value: Any) -> None:
            if generation == self._generation:
                slot(value)

        return deliver

    def _on_report(self, report: InspectReport) -> None:
        self.report = report
        for call, tab in self.tab_for.items():
            result = report.results.get(call)
            if result is None:
                tab.show_message("Not asked.")
                continue
            tab.show_result(result)
            count = _count(result)
            title = TAB_TITLES[call] + (f" ({count})" if count is not None else "")
            self.tabs.setTabText(self.tabs.indexOf(tab), title)
        when = format_time(report.finished_at)
        if report.all_timed_out:
            self.status.setText(f"no reply within {report.timeout:g} s · asked at {when}")
            self.status.setStyleSheet("color: #d32f2f; font-weight: bold;")
        else:
            self.status.setText(f"updated {when}")
            self.status.setStyleSheet("color: palette(placeholder-text);")
        self.report_loaded.emit(report)

    def _on_failure(self, exc: BaseException) -> None:
        # inspect() never raises; this is a bug somewhere, shown rather than swallowed
        self._show_all(f"Inspect failed: {type(exc).__name__}: {exc}", error=True)
        self.status.setText("")

    def _show_idle(self) -> None:
        self.title.setText("<b>No worker selected</b>")
        self.status.setText("")
        self._show_all("Select a worker to see what it is doing.", error=False)
        self.refresh_button.setEnabled(False)

    def _show_all(self, text: str, error: bool) -> None:
        for call, tab in self.tab_for.items():
            tab.show_message(text, error)
            self.tabs.setTabText(self.tabs.indexOf(tab), TAB_TITLES[call])

    @Slot()
    def _on_refresh_button_clicked(self) -> None:
        self.refresh()

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, InspectTab) and tab.result is not None and tab.result.ok:
            text = json.dumps(tab.result.reply, indent=2, ensure_ascii=False, default=str)
            QGuiApplication.clipboard().setText(text)
