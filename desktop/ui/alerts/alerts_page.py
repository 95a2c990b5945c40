"""The Alerts page: firing and resolved alerts with when and why, a link to what each is
about, acknowledge, snooze and mute; and the rules with their form (second tab)."""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.alerts.history import AlertRecord
from desktop.core.alerts.links import AlertLink, LinkPage
from desktop.core.alerts.text import duration
from desktop.ui.alerts.alert_model import AlertTableModel, Column, severity_text, state_text
from desktop.ui.alerts.center import AlertCenter
from desktop.ui.alerts.rules_panel import RulesPanel
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.timefmt import format_datetime

SNOOZES = (3600.0, 4 * 3600.0, 24 * 3600.0)


def page_title() -> str:
    """The page's name in the navigation."""
    return QCoreApplication.translate("AlertsPage", "Alerts")


def link_text(link: AlertLink) -> str:
    """The link button's text: what it shows."""
    target = link.target
    if link.page is LinkPage.TASKS and link.state:
        text = QCoreApplication.translate("AlertsPage", "Show the failed tasks")
        if target:
            text = QCoreApplication.translate("AlertsPage", "Show the failed {0} tasks").format(
                target
            )
    elif link.page is LinkPage.TASKS:
        text = QCoreApplication.translate("AlertsPage", "Show the task {0}").format(target[:8])
    elif link.page is LinkPage.WORKERS:
        text = QCoreApplication.translate("AlertsPage", "Show the worker {0}").format(target)
    elif link.page is LinkPage.QUEUES:
        text = QCoreApplication.translate("AlertsPage", "Show the queue {0}").format(target)
    elif link.page is LinkPage.SCHEDULES:
        text = QCoreApplication.translate("AlertsPage", "Show the schedule")
        if target:
            text = QCoreApplication.translate("AlertsPage", "Show the schedule entry {0}").format(
                target
            )
    else:
        text = QCoreApplication.translate("AlertsPage", "Show the dashboard")
    return text


class AlertsPage(QWidget):
    """Signals:
    link_activated(object): show what an alert is about (an :class:`AlertLink`).
    """

    link_activated = Signal(object)

    def __init__(self, center: AlertCenter, runner: BackgroundRunner) -> None:
        super().__init__()
        self._center = center
        self.model = AlertTableModel(center, self)
        self.summary = QLabel()
        self.table = QTableView()
        self.table.setObjectName("alertTable")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rules = RulesPanel(center, runner)
        self._build_buttons()
        self._setup_table()
        self._lay_out()
        center.changed.connect(self._on_center_changed)
        center.ticked.connect(self._show_detail)
        self._on_center_changed()

    def _build_buttons(self) -> None:
        self.link_button = QPushButton()
        self.link_button.clicked.connect(self._on_link_clicked)
        self.ack_button = QPushButton(self.tr("Acknowledge"))
        self.ack_button.clicked.connect(self._on_ack_clicked)
        self.snooze_button = QToolButton()
        self.snooze_button.setText(self.tr("Snooze rule"))
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.snooze_button)
        for seconds in SNOOZES:
            menu.addAction(
                self.tr("For {0}").format(duration(seconds)), partial(self._snooze, seconds)
            )
        menu.addSeparator()
        menu.addAction(self.tr("Wake up"), lambda: self._snooze(None))
        self.snooze_button.setMenu(menu)
        self.mute_button = QPushButton(self.tr("Mute rule"))
        self.mute_button.setCheckable(True)
        self.mute_button.clicked.connect(self._on_mute_clicked)

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.WHY, QHeaderView.ResizeMode.Stretch)
        widths = {Column.SEVERITY: 70, Column.STATE: 150, Column.RULE: 160, Column.SUBJECT: 190,
                  Column.FIRED: 140, Column.RESOLVED: 80}  # fmt: skip
        for column, width in widths.items():
            table.setColumnWidth(column, width)
        table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        table.doubleClicked.connect(self._on_link_clicked)

    def _lay_out(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        for widget in (self.link_button, self.ack_button, self.snooze_button, self.mute_button):
            actions.addWidget(widget)
        alerts = QWidget()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([420, 160])
        splitter.setChildrenCollapsible(False)
        column = QVBoxLayout(alerts)
        column.addLayout(actions)
        column.addWidget(splitter, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(alerts, self.tr("Alerts"))
        self.tabs.addTab(self.rules, self.tr("Rules"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 0)
        outer.addWidget(self.tabs)

    # -- selection -------------------------------------------------------------------------

    def selected_record(self) -> AlertRecord | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        record = self.model.record(rows[0].row())
        return self._center.history.get(record.record_id) if record is not None else None

    def select_record(self, record_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        row = self.model.row_of(record_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    @Slot()
    def _on_center_changed(self) -> None:
        firing = self._center.firing()
        resolved = len(self._center.history) - len(firing)
        self.summary.setText(
            self.tr("%n firing", "", len(firing)) + " · " + self.tr("%n resolved", "", resolved)
        )
        if self.selected_record() is None and self.model.rowCount():
            self.table.selectRow(0)
        self._show_detail()

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._show_detail()

    @Slot()
    def _show_detail(self) -> None:
        record = self.selected_record()
        rule = self._center.evaluator.rule(record.key[0]) if record is not None else None
        for widget in (self.link_button, self.ack_button, self.snooze_button, self.mute_button):
            widget.setEnabled(record is not None)
        if record is None:
            self.detail.setText(
                self.tr("No alert has fired yet. The Rules tab says what is watched.")
            )
            self.link_button.setText(self.tr("Show"))
            return
        self.ack_button.setEnabled(record.acknowledged_at is None)
        self.link_button.setEnabled(record.link is not None)
        self.link_button.setText(link_text(record.link) if record.link else self.tr("Show"))
        self.mute_button.setEnabled(rule is not None)
        self.snooze_button.setEnabled(rule is not None)
        self.mute_button.setChecked(rule is not None and rule.muted)
        self.detail.setText(self._detail_html(record))

    def _detail_html(self, record: AlertRecord) -> str:
        lines = [
            f"<b>{html.escape(record.rule_name)}</b> · {severity_text(record.severity)}"
            f" · {state_text(record)}",
            self.tr("Fired {0}: {1}").format(
                format_datetime(record.fired_at), html.escape(record.why)
            ),
        ]
        if record.firing:
            now = self._center.history.latest_why(record)
            lines.append(self.tr("Now: {0}").format(html.escape(now)))
        else:
            lines.append(
                self.tr("Resolved {0}: {1}").format(
                    format_datetime(record.resolved_at), html.escape(record.latest)
                )
            )
        if record.acknowledged_at is not None:
            lines.append(
                self.tr("Acknowledged {0}").format(format_datetime(record.acknowledged_at))
            )
        if not record.notified:
            lines.append(self.tr("Not notified (muted, snoozed, or notified within the cooldown)."))
        return "<br>".join(lines)

    # -- actions -----------------------------------------------------------------------------

    @Slot()
    def _on_link_clicked(self) -> None:
        record = self.selected_record()
        if record is not None and record.link is not None:
            self.link_activated.emit(record.link)

    @Slot()
    def _on_ack_clicked(self) -> None:
        record = self.selected_record()
        if record is not None:
            self._center.acknowledge(record.record_id)
            self.select_record(record.record_id)

    def _snooze(self, seconds: float | None) -> None:
        record = self.selected_record()
        if record is not None:
            self._center.snooze(record.key[0], seconds)
            self.select_record(record.record_id)

    @Slot(bool)
    def _on_mute_clicked(self, muted: bool) -> None:
        record = self.selected_record()
        if record is not None:
            self._center.mute(record.key[0], muted)
            self.select_record(record.record_id)
