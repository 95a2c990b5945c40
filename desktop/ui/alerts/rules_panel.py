"""The rules of the active profile: a list on the left, the form of the selected one on the
right, and buttons to add a rule of any kind, delete one, or put a built-in back."""

from __future__ import annotations

import uuid
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.alerts.rules import (
    BeatCheck,
    BrokerDown,
    EventStream,
    FailureRate,
    Params,
    QueueBacklog,
    Rule,
    StuckTask,
    WorkerOffline,
    builtin_rules,
    display_name,
)
from desktop.core.settings import SettingsStore
from desktop.ui.alerts.center import AlertCenter
from desktop.ui.alerts.rule_form import RuleForm
from desktop.ui.background import BackgroundRunner


def _new_kinds() -> list[tuple[str, Params]]:
    return [
        (QCoreApplication.translate("RulesPanel", "Failure rate"), FailureRate()),
        (QCoreApplication.translate("RulesPanel", "Queue backlog"), QueueBacklog()),
        (QCoreApplication.translate("RulesPanel", "Worker offline"), WorkerOffline()),
        (QCoreApplication.translate("RulesPanel", "Beat problem"), BeatCheck()),
        (QCoreApplication.translate("RulesPanel", "Task running too long"), StuckTask()),
        (QCoreApplication.translate("RulesPanel", "Event stream problem"), EventStream()),
        (QCoreApplication.translate("RulesPanel", "Broker unreachable"), BrokerDown()),
    ]


class RulesPanel(QWidget):
    """Lists the rules and edits the selected one through the center."""

    def __init__(self, center: AlertCenter, runner: BackgroundRunner) -> None:
        super().__init__()
        self._center = center
        self.list = QListWidget()
        self.list.setObjectName("alertRules")
        self.form = RuleForm(center, runner)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("New rule"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for label, params in _new_kinds():
            menu.addAction(label, partial(self.add_rule, params, label))
        self.add_button.setMenu(menu)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.reset_button = QPushButton(self.tr("Defaults"))
        self.reset_button.setToolTip(self.tr("Put this built-in rule back as it shipped"))
        self.reset_button.clicked.connect(self._on_reset_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.list, 1)
        left_column.addLayout(buttons)
        #: closing the window to the tray (the setting), given by the window that has one
        self.tray_setting = QCheckBox(self.tr("Closing the window keeps it in the tray"))
        self.tray_setting.hide()
        left_column.addWidget(self.tray_setting)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 700])
        splitter.setChildrenCollapsible(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(splitter)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.form.saved.connect(self._on_form_saved)
        center.changed.connect(self.reload)
        self.reload()

    def bind_tray_setting(self, settings: SettingsStore, tray_available: bool) -> None:
        """Show the close-to-tray setting (where the desktop has a tray) and keep it."""
        self.tray_setting.setVisible(tray_available)
        self.tray_setting.setChecked(settings.settings.close_to_tray)
        self.tray_setting.toggled.connect(
            lambda on: settings.update(close_to_tray=on, close_to_tray_explained=True)
        )

    @Slot()
    def reload(self) -> None:
        """Show the center's rules again, keeping the selected one (unless it is edited)."""
        if self.form.dirty:
            return
        current = self.selected_rule()
        self.list.blockSignals(True)
        self.list.clear()
        for rule in self._center.rules:
            item = QListWidgetItem(self._label(rule))
            item.setData(Qt.ItemDataRole.UserRole, rule.rule_id)
            if not rule.enabled:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.select(current.rule_id if current is not None else None)

    def _label(self, rule: Rule) -> str:
        name = display_name(rule)
        if not rule.enabled:
            return self.tr("{0} (off)").format(name)
        if rule.muted or rule.snoozed_until is not None:
            return self.tr("{0} (silenced)").format(name)
        return name

    def select(self, rule_id: str | None) -> None:
        row = 0
        for index in range(self.list.count()):
            if self.list.item(index).data(Qt.ItemDataRole.UserRole) == rule_id:
                row = index
        if self.list.count():
            if self.list.currentRow() == row:
                self._on_list_current_row_changed(row)
            self.list.setCurrentRow(row)

    def selected_rule(self) -> Rule | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self._center.evaluator.rule(str(item.data(Qt.ItemDataRole.UserRole)))

    def add_rule(self, params: Params, name: str) -> Rule:
        rule = Rule(f"rule-{uuid.uuid4().hex[:8]}", name, params)
        self._center.update_rule(rule)
        self.select(rule.rule_id)
        return rule

    @Slot(int)
    def _on_list_current_row_changed(self, _row: int) -> None:
        rule = self.selected_rule()
        self.form.set_rule(rule)
        self.delete_button.setEnabled(rule is not None and not rule.builtin)
        self.reset_button.setEnabled(rule is not None and rule.builtin)

    @Slot(object)
    def _on_form_saved(self, rule: Rule) -> None:
        self._center.update_rule(rule)

    @Slot()
    def _on_delete_clicked(self) -> None:
        rule = self.selected_rule()
        if rule is None or rule.builtin:
            return
        self._center.set_rules([r for r in self._center.rules if r.rule_id != rule.rule_id])

    @Slot()
    def _on_reset_clicked(self) -> None:
        rule = self.selected_rule()
        shipped = next((r for r in builtin_rules() if rule and r.rule_id == rule.rule_id), None)
        if rule is not None and shipped is not None:
            self._center.update_rule(replace(shipped, webhooks=rule.webhooks))
            self.form.set_rule(self.selected_rule())
