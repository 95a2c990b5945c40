"""The worker detail panel: what ``inspect`` says about one worker, one tab per call.

The calls run off the GUI thread through the app's :class:`BackgroundRunner` with a timeout;
a worker that stays silent is shown as "no reply within 2 s" on every tab, plainly. Replies
are JSON-like dicts and lists, shown as trees (key, value). A newer request (another worker
selected, Refresh) makes the answer of an older one be dropped when it arrives. A worker
known only from the journal is not asked (it is not there to answer): see
:meth:`WorkerDetail.show_past_worker`.
Under the title, the periods the journal saw the worker in (:meth:`WorkerDetail.set_seen`).

Signals:
    report_loaded(object): the :class:`InspectReport` now on display.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
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

from desktop.core.inspect import (
    CALLS,
    CallResult,
    InspectReport,
    WorkerInspector,
    describe_timeout,
)
from desktop.core.redact import redact_text
from desktop.ui.background import BackgroundRunner
from desktop.ui.locale_format import format_count
from desktop.ui.monitor.timefmt import format_time


def tab_titles() -> dict[str, str]:
    """The title of each inspect call's tab, in the UI language."""
    translate = QCoreApplication.translate
    return {
        "stats": translate("WorkerDetail", "Stats"),
        "active": translate("WorkerDetail", "Active"),
        "reserved": translate("WorkerDetail", "Reserved"),
        "scheduled": translate("WorkerDetail", "Scheduled"),
        "revoked": translate("WorkerDetail", "Revoked"),
        "registered": translate("WorkerDetail", "Registered tasks"),
        "active_queues": translate("WorkerDetail", "Active queues"),
        "conf": translate("WorkerDetail", "Conf"),
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
        if len(value) == 1:
            summary = QCoreApplication.translate("WorkerDetail", "%Ln item", None, len(value))
        else:
            summary = QCoreApplication.translate("WorkerDetail", "%Ln items", None, len(value))
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
        self.tree.setHeaderLabels([self.tr("Key"), self.tr("Value")])
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
        self._set_message(self.tr("Nothing.") if empty else "", error=False)
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
        #: The shown worker is known only from the journal (nothing is asked).
        self.past = False
        self.title = QLabel()
        self.status = QLabel()
        self.status.setStyleSheet("color: palette(placeholder-text);")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        self.copy_button = QPushButton(self.tr("Copy JSON"))
        self.copy_button.setToolTip(self.tr("Copy this tab's reply as JSON"))
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.status, stretch=1)
        header.addWidget(self.copy_button)
        header.addWidget(self.refresh_button)
        self.seen = QLabel()
        self.seen.setWordWrap(True)
        self.seen.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.seen.hide()
        self.tabs = QTabWidget()
        self.tab_for: dict[str, InspectTab] = {}
        titles = tab_titles()
        for call in CALLS:
            tab = self.tab_for[call] = InspectTab()
            self.tabs.addTab(tab, titles[call])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.seen)
        layout.addWidget(self.tabs, stretch=1)
        self._show_idle()

    @property
    def hostname(self) -> str | None:
        return self._hostname

    @property
    def loading(self) -> bool:
        shown = self._hostname is not None and not self.past
        return shown and self.report is None and self._inspector is not None

    def set_inspector(self, inspector: WorkerInspector | None) -> None:
        """The broker's inspector (None when not connected); reloads the shown worker."""
        self._inspector = inspector
        self.refresh()

    def show_worker(self, hostname: str | None) -> None:
        if hostname == self._hostname and self.report is not None:
            return
        self._hostname = hostname
        self.refresh()

    def set_seen(self, text: str) -> None:
        """The line under the title: when the journal saw the worker ("" hides it)."""
        self.seen.setText(text)
        self.seen.setVisible(bool(text))

    def show_past_worker(self, hostname: str, since: str) -> None:
        """``hostname`` is known only from the journal: say so on every tab, ask nothing."""
        self._generation += 1  # an answer still to come for a live worker is dropped
        self._hostname = hostname
        self.past = True
        self.report = None
        self.refresh_button.setEnabled(False)
        self.title.setText(f"<b>{html.escape(hostname)}</b>")
        self.status.setText(since)
        self.status.setStyleSheet("color: palette(placeholder-text);")
        text = self.tr(
            "Not heard since connecting: known from the journal only, so there is nobody to ask."
        )
        self._show_all(text, error=False)

    def refresh(self) -> None:
        """Ask the worker again (off the GUI thread); an older pending answer is dropped."""
        self._generation += 1
        self.report = None
        self.past = False
        host, inspector = self._hostname, self._inspector
        self.refresh_button.setEnabled(host is not None and inspector is not None)
        if host is None:
            self._show_idle()
            return
        self.title.setText(f"<b>{html.escape(host)}</b>")
        if inspector is None:
            self._show_all(self.tr("Not connected to a broker: nothing to ask."), error=False)
            self.status.setText("")
            return
        asking = self.tr("Asking {0}… (up to {1} s)").format(host, f"{self.timeout:g}")
        self._show_all(asking, error=False)
        self.status.setText(self.tr("asking…"))
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
        titles = tab_titles()
        for call, tab in self.tab_for.items():
            result = report.results.get(call)
            if result is None:
                tab.show_message(self.tr("Not asked."))
                continue
            tab.show_result(result)
            count = _count(result)
            title = titles[call] + (f" ({format_count(count)})" if count is not None else "")
            self.tabs.setTabText(self.tabs.indexOf(tab), title)
        when = format_time(report.finished_at)
        if report.all_timed_out:
            text = self.tr("{0} · asked at {1}").format(describe_timeout(report.timeout), when)
            self.status.setText(text)
            self.status.setStyleSheet("color: #d32f2f; font-weight: bold;")
        else:
            self.status.setText(self.tr("updated {0}").format(when))
            self.status.setStyleSheet("color: palette(placeholder-text);")
        self.report_loaded.emit(report)

    def _on_failure(self, exc: BaseException) -> None:
        # inspect() never raises; this is a bug somewhere, shown rather than swallowed
        error = f"{type(exc).__name__}: {exc}"
        self._show_all(self.tr("Inspect failed: {0}").format(error), error=True)
        self.status.setText("")

    def _show_idle(self) -> None:
        nobody = self.tr("No worker selected")
        self.title.setText(f"<b>{html.escape(nobody)}</b>")
        self.status.setText("")
        self._show_all(self.tr("Select a worker to see what it is doing."), error=False)
        self.refresh_button.setEnabled(False)

    def _show_all(self, text: str, error: bool) -> None:
        titles = tab_titles()
        for call, tab in self.tab_for.items():
            tab.show_message(text, error)
            self.tabs.setTabText(self.tabs.indexOf(tab), titles[call])

    @Slot()
    def _on_refresh_button_clicked(self) -> None:
        self.refresh()

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, InspectTab) and tab.result is not None and tab.result.ok:
            text = json.dumps(tab.result.reply, indent=2, ensure_ascii=False, default=str)
            QGuiApplication.clipboard().setText(text)
