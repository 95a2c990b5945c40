"""The rule form: thresholds, hold, cooldown, severity, enabled, name patterns, delivery,
and a live answer to "would this fire now?".

The answer is the edited rule (not saved yet) evaluated on what the app sees now, hold time
aside (:meth:`AlertCenter.would_fire`), again after each edit and each evaluation tick.
A webhook's URL and secret are read from and written to the keychain off the GUI thread.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.alerts.delivery import DeliveryResult
from desktop.core.alerts.rules import Rule, Severity, Webhook, WebhookKind, display_name
from desktop.core.alerts.webhooks import WebhookCredentials
from desktop.ui.alerts.center import AlertCenter
from desktop.ui.alerts.feedback import feedback_html
from desktop.ui.alerts.rule_params import ParamsEditor, editor_for
from desktop.ui.background import BackgroundRunner


class RuleForm(QWidget):
    """Edits one rule; ``saved`` carries it back (the panel stores it through the center).

    Signals:
        saved(object): the edited :class:`Rule`, to store.
        edited(): something changed since the rule was shown.
    """

    saved = Signal(object)
    edited = Signal()

    def __init__(self, center: AlertCenter, runner: BackgroundRunner) -> None:
        super().__init__()
        self._center = center
        self._runner = runner
        self._rule: Rule | None = None
        self._dirty = False
        self.params_editor: ParamsEditor | None = None
        self._build()
        center.ticked.connect(self._refresh_feedback)
        center.delivered.connect(self._on_center_delivered)

    def _build(self) -> None:
        common = self._common_fields()
        self.params_box = QGroupBox(self.tr("Condition"))
        self.params_layout = QVBoxLayout(self.params_box)
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setObjectName("wouldFire")
        self.webhook_box = self._webhook_fields()
        self.save_button = QPushButton(self.tr("Save rule"))
        self.save_button.clicked.connect(self._on_save_clicked)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.clicked.connect(self._on_revert_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(common)
        column.addWidget(self.params_box)
        column.addWidget(self.feedback)
        column.addWidget(self.webhook_box)
        column.addStretch(1)
        column.addLayout(buttons)

    def _common_fields(self) -> QFormLayout:
        self.name = QLineEdit()
        self.enabled = QCheckBox(self.tr("Enabled"))
        self.severity = QComboBox()
        self.severity.addItem(self.tr("Info"), Severity.INFO)
        self.severity.addItem(self.tr("Warning"), Severity.WARNING)
        self.severity.addItem(self.tr("Critical"), Severity.CRITICAL)
        self.hold = QDoubleSpinBox()
        self.hold.setRange(0, 24 * 3600)
        self.hold.setDecimals(0)
        self.hold.setSuffix(self.tr(" s"))
        self.cooldown = QDoubleSpinBox()
        self.cooldown.setRange(0, 7 * 24 * 60)
        self.cooldown.setDecimals(0)
        self.cooldown.setSuffix(self.tr(" min"))
        self.pattern = QLineEdit()
        self.pattern.setPlaceholderText(self.tr("* (everything), or e.g. proj.billing.*"))
        self.exclude = QLineEdit()
        self.exclude.setPlaceholderText(self.tr("nothing"))
        self.desktop = QCheckBox(self.tr("Desktop notification"))
        self.muted = QCheckBox(self.tr("Muted"))
        self.snoozed = QLabel()
        common = QFormLayout()
        common.addRow(self.tr("Name"), self.name)
        flags = QHBoxLayout()
        for check in (self.enabled, self.desktop, self.muted):
            flags.addWidget(check)
            check.toggled.connect(self._on_field_edited)
        flags.addStretch(1)
        common.addRow("", flags)
        common.addRow(self.tr("Severity"), self.severity)
        common.addRow(self.tr("Hold for"), self.hold)
        common.addRow(self.tr("Notify again after"), self.cooldown)
        common.addRow(self.tr("Watch names"), self.pattern)
        common.addRow(self.tr("Except"), self.exclude)
        common.addRow("", self.snoozed)
        for line in (self.name, self.pattern, self.exclude):
            line.textEdited.connect(self._on_field_edited)
        self.severity.currentIndexChanged.connect(self._on_field_edited)
        self.hold.valueChanged.connect(self._on_field_edited)
        self.cooldown.valueChanged.connect(self._on_field_edited)
        return common

    def _webhook_fields(self) -> QGroupBox:
        box = QGroupBox(self.tr("Chat webhook"))
        self.webhook_kind = QComboBox()
        self.webhook_kind.addItem(self.tr("None"), None)
        self.webhook_kind.addItem(self.tr("Slack"), WebhookKind.SLACK)
        self.webhook_kind.addItem(self.tr("DingTalk"), WebhookKind.DINGTALK)
        self.webhook_kind.addItem(self.tr("Feishu / Lark"), WebhookKind.FEISHU)
        self.webhook_kind.addItem(self.tr("WeCom"), WebhookKind.WECOM)
        self.webhook_url = QLineEdit()
        self.webhook_url.setEchoMode(QLineEdit.EchoMode.Password)
        self.webhook_url.setPlaceholderText(self.tr("The robot's webhook address"))
        self.webhook_secret = QLineEdit()
        self.webhook_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.webhook_secret.setPlaceholderText(self.tr("Signing secret (DingTalk, Feishu)"))
        self.webhook_resolved = QCheckBox(self.tr("Also when resolved"))
        self.test_button = QPushButton(self.tr("Send test"))
        self.test_button.clicked.connect(self._on_test_clicked)
        self.webhook_status = QLabel()
        self.webhook_status.setWordWrap(True)
        form = QFormLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.webhook_kind, 1)
        row.addWidget(self.webhook_resolved)
        row.addWidget(self.test_button)
        form.addRow(self.tr("Send to"), row)
        form.addRow(self.tr("Address"), self.webhook_url)
        form.addRow(self.tr("Secret"), self.webhook_secret)
        form.addRow("", self.webhook_status)
        self.webhook_kind.currentIndexChanged.connect(self._on_field_edited)
        self.webhook_kind.currentIndexChanged.connect(self._show_webhook_fields)
        self.webhook_resolved.toggled.connect(self._on_field_edited)
        self.webhook_url.textEdited.connect(self._on_field_edited)
        self.webhook_secret.textEdited.connect(self._on_field_edited)
        return box

    @Slot()
    def _show_webhook_fields(self) -> None:
        kind = self.webhook_kind.currentData()
        for widget in (self.webhook_url, self.webhook_resolved, self.test_button):
            widget.setEnabled(kind is not None)
        self.webhook_secret.setEnabled(kind in (WebhookKind.DINGTALK, WebhookKind.FEISHU))

    # -- showing and reading a rule -----------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def set_rule(self, rule: Rule | None) -> None:
        self._rule = rule
        self.setEnabled(rule is not None)
        if rule is None:
            return
        widgets = (self.name, self.enabled, self.desktop, self.muted, self.severity, self.hold,
                   self.cooldown, self.pattern, self.exclude, self.webhook_kind,
                   self.webhook_resolved, self.webhook_url, self.webhook_secret)  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        self.name.setText(display_name(rule))
        self.enabled.setChecked(rule.enabled)
        self.desktop.setChecked(rule.desktop)
        self.muted.setChecked(rule.muted)
        self.severity.setCurrentIndex(self.severity.findData(rule.severity))
        self.hold.setValue(rule.hold_seconds)
        self.cooldown.setValue(rule.cooldown_seconds / 60)
        self.pattern.setText(rule.pattern)
        self.exclude.setText(rule.exclude)
        webhook = rule.webhooks[0] if rule.webhooks else None
        self.webhook_kind.setCurrentIndex(
            max(0, self.webhook_kind.findData(webhook.kind if webhook else None))
        )
        self.webhook_resolved.setChecked(webhook.send_resolved if webhook else True)
        self.webhook_url.clear()
        self.webhook_secret.clear()
        self.webhook_status.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self._show_webhook_fields()
        self._show_params(rule)
        self._show_snooze(rule)
        self._dirty = False
        if webhook is not None:
            self._load_credentials(rule, webhook)
        self._refresh_feedback()

    def _show_params(self, rule: Rule) -> None:
        old = self.params_editor
        if old is not None:  # gone now: deleteLater alone would leave it shown until idle
            self.params_layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.params_editor = editor_for(rule.params)
        self.params_editor.edited.connect(self._on_field_edited)
        self.params_layout.addWidget(self.params_editor)

    def _show_snooze(self, rule: Rule) -> None:
        from desktop.ui.monitor.timefmt import format_datetime

        until = rule.snoozed_until
        self.snoozed.setVisible(until is not None)
        if until is not None:
            self.snoozed.setText(self.tr("Snoozed until {0}").format(format_datetime(until)))

    def rule(self) -> Rule | None:
        """The rule as edited (None: no rule shown)."""
        base = self._rule
        if base is None:
            return None
        name = self.name.text().strip() or base.name
        if base.builtin and name == display_name(base):
            name = base.name  # untouched: keep the English source so it stays translated
        kind = self.webhook_kind.currentData()
        webhooks: tuple[Webhook, ...] = ()
        if kind is not None:
            known = base.webhooks[0].webhook_id if base.webhooks else uuid.uuid4().hex[:8]
            webhooks = (Webhook(known, WebhookKind(kind), self.webhook_resolved.isChecked()),)
        assert self.params_editor is not None
        return replace(
            base,
            name=name,
            enabled=self.enabled.isChecked(),
            desktop=self.desktop.isChecked(),
            muted=self.muted.isChecked(),
            severity=Severity(self.severity.currentData()),
            hold_seconds=self.hold.value(),
            cooldown_seconds=self.cooldown.value() * 60,
            pattern=self.pattern.text().strip() or "*",
            exclude=self.exclude.text().strip(),
            params=self.params_editor.params(),
            webhooks=webhooks,
        )

    def credentials(self) -> WebhookCredentials:
        return WebhookCredentials(self.webhook_url.text().strip(), self.webhook_secret.text())

    # -- keychain ---------------------------------------------------------------------------------

    def _load_credentials(self, rule: Rule, webhook: Webhook) -> None:
        secrets, profile = self._center.secrets, self._center.profile_name
        shown = rule.rule_id

        def read() -> WebhookCredentials | None:
            return secrets.get(profile, rule.rule_id, webhook.webhook_id)

        def fill(credentials: WebhookCredentials | None) -> None:
            if self._rule is None or self._rule.rule_id != shown or self._dirty:
                return
            if credentials is None:
                self.webhook_status.setText(self.tr("No address saved in the keychain yet."))
                return
            self.webhook_url.setText(credentials.url)
            self.webhook_secret.setText(credentials.secret)

        self._runner.submit(read, fill)

    def _store_credentials(self, rule: Rule) -> None:
        if not rule.webhooks or not self.webhook_url.text().strip():
            return
        secrets, profile, credentials = (
            self._center.secrets,
            self._center.profile_name,
            self.credentials(),
        )
        webhook = rule.webhooks[0]
        self._runner.submit(
            lambda: secrets.set(profile, rule.rule_id, webhook.webhook_id, credentials),
            lambda _none: self.webhook_status.setText(secrets.explanation()),
        )

    # -- slots ------------------------------------------------------------------------------------

    @Slot()
    def _on_field_edited(self) -> None:
        self._dirty = True
        self.edited.emit()
        self._refresh_feedback()

    @Slot()
    def _refresh_feedback(self) -> None:
        rule = self.rule()
        if rule is None or (not self.isVisible() and not self._dirty):
            return
        self.feedback.setText(feedback_html(rule, self._center.would_fire(rule)))

    @Slot()
    def _on_save_clicked(self) -> None:
        rule = self.rule()
        if rule is None:
            return
        self._store_credentials(rule)
        self._rule = rule
        self._dirty = False
        self.saved.emit(rule)

    @Slot()
    def _on_revert_clicked(self) -> None:
        self.set_rule(self._rule)

    @Slot()
    def _on_test_clicked(self) -> None:
        rule, kind = self.rule(), self.webhook_kind.currentData()
        if rule is None or kind is None or not self.webhook_url.text().strip():
            self.webhook_status.setText(self.tr("Choose a chat tool and give its address first."))
            return
        self.webhook_status.setText(self.tr("Sending a test message…"))
        self._center.send_test(Webhook("test", WebhookKind(kind)), self.credentials(), rule)

    @Slot(object)
    def _on_center_delivered(self, result: DeliveryResult) -> None:
        if self._rule is None or not result.delivery.label.startswith(self._rule.rule_id + "/"):
            return
        if result.ok:
            self.webhook_status.setText(self.tr("Delivered: {0}").format(result.detail))
        else:
            n = result.attempts
            if n == 1:
                text = self.tr("Not delivered after %n attempt: {0}", "", n)
            else:
                text = self.tr("Not delivered after %n attempts: {0}", "", n)
            self.webhook_status.setText(text.format(result.detail))
