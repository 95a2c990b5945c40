"""Preferences: the typed settings in a form; invalid values are named at the field."""

from __future__ import annotations

import zoneinfo
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.secrets import SecretStore
from desktop.core.settings import SettingsError, SettingsStore

LANGUAGES = (("system", "System default"), ("en", "English"), ("zh_CN", "简体中文"))


class SettingsDialog(QDialog):
    def __init__(
        self, store: SettingsStore, secrets: SecretStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._store = store
        current = store.settings

        self.start_local = QCheckBox(self.tr("Start the local broker when no broker is configured"))
        self.start_local.setChecked(current.start_local_broker_if_unconfigured)
        self.keep_local = QCheckBox(self.tr("Keep the local broker running after quitting"))
        self.keep_local.setChecked(current.keep_local_broker)
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(self.tr("automatic (a free port, then remembered)"))
        self.port.setValue(current.local_broker_port or 0)
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(["local", "UTC", *sorted(zoneinfo.available_timezones())])
        self.timezone.setCurrentText(current.display_timezone)
        self.grace = QDoubleSpinBox()
        self.grace.setRange(0, 3600)
        self.grace.setSuffix(" s")
        self.grace.setValue(current.stop_grace_seconds)
        self.log_lines = QSpinBox()
        self.log_lines.setRange(100, 1_000_000)
        self.log_lines.setSingleStep(1000)
        self.log_lines.setValue(current.log_buffer_lines)
        self.auto_restart = QCheckBox(self.tr("Restart crashed processes automatically"))
        self.auto_restart.setChecked(current.auto_restart_crashed)
        self.broadcast = QCheckBox(self.tr("Ask workers to send events every few seconds"))
        self.broadcast.setChecked(current.enable_events_broadcast)
        self.language = QComboBox()
        for code, label in LANGUAGES:
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))
        self.error = QLabel()
        self.error.setStyleSheet("color: #d1383d;")
        self.error.setWordWrap(True)
        self._lay_out(secrets)

    def _lay_out(self, secrets: SecretStore) -> None:
        keychain = QLabel(
            self.tr("Passwords are stored in: {0}").format(secrets.backend_name)
            if secrets.persistent
            else secrets.explanation()
        )
        keychain.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Local broker"), self.start_local)
        form.addRow("", self.keep_local)
        form.addRow(self.tr("Local broker port"), self.port)
        form.addRow(self.tr("Show times in"), self.timezone)
        form.addRow(self.tr("Stop grace period"), self.grace)
        form.addRow(self.tr("Log lines kept per process"), self.log_lines)
        form.addRow(self.tr("Processes"), self.auto_restart)
        form.addRow(self.tr("Events"), self.broadcast)
        form.addRow(self.tr("Language (after restart)"), self.language)
        form.addRow(self.tr("Keychain"), keychain)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def changes(self) -> dict[str, Any]:
        return {
            "start_local_broker_if_unconfigured": self.start_local.isChecked(),
            "keep_local_broker": self.keep_local.isChecked(),
            "local_broker_port": self.port.value() or None,
            "display_timezone": self.timezone.currentText().strip(),
            "stop_grace_seconds": float(self.grace.value()),
            "log_buffer_lines": self.log_lines.value(),
            "auto_restart_crashed": self.auto_restart.isChecked(),
            "enable_events_broadcast": self.broadcast.isChecked(),
            "language": str(self.language.currentData()),
        }

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            self._store.update(**self.changes())
        except SettingsError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
