"""Preferences: the typed settings in a form; invalid values are named at the field.

The language applies at the next start (widgets translate their texts when they are built);
"Restart now" saves the settings and asks the window to quit and start again. The journal's
settings are a tab of their own (desktop/ui/history_settings.py).
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.secrets import SecretStore
from desktop.core.settings import SettingsError, SettingsStore
from desktop.ui.history_settings import HistorySettings
from desktop.ui.i18n import active_language, choose_language, system_language

#: Each language named in itself, so that a user who cannot read the current one finds theirs.
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}


class SettingsDialog(QDialog):
    """Signals:
    restart_requested(): the settings are saved and the user wants the app to start again.
    """

    restart_requested = Signal()

    def __init__(
        self,
        store: SettingsStore,
        secrets: SecretStore,
        parent: QWidget | None = None,
        journal_file: Path | None = None,
    ) -> None:
        """``journal_file``: the active profile's journal, for the History group to show."""
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
        self.grace.setSuffix(self.tr(" s"))
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
        system = LANGUAGE_NAMES.get(system_language(), "English")
        self.language.addItem(self.tr("System default ({0})").format(system), "system")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))
        self.language_note = QLabel(self.tr("Takes effect when Celery Desk starts again."))
        # One line: wrapped beside the button, a form row is given too little height for it.
        self.language_note.setWordWrap(False)
        self.restart_button = QPushButton(self.tr("Restart now"))
        self.restart_button.setToolTip(
            self.tr("Save, quit as usual (unsaved work is asked about) and start again")
        )
        self.restart_button.clicked.connect(self._on_restart_clicked)
        self.language.currentIndexChanged.connect(self._on_language_changed)
        self._on_language_changed()
        self.history = HistorySettings(current, journal_file)
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
        form.addRow(self.tr("Language"), self.language)
        restart_row = QHBoxLayout()
        restart_row.addWidget(self.language_note, 1)
        restart_row.addWidget(self.restart_button)
        form.addRow("", restart_row)
        form.addRow(self.tr("Keychain"), keychain)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        general = QWidget()
        general.setLayout(form)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, self.tr("General"))
        self.tabs.addTab(self.history, self.tr("History"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
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
            **self.history.changes(),
        }

    def _save(self) -> bool:
        try:
            self._store.update(**self.changes())
        except SettingsError as exc:
            self.error.setText(str(exc))
            return False
        return True

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self._save():
            self.accept()

    @Slot()
    def _on_language_changed(self) -> None:
        # Restarting is only worth it when the chosen language is not the one on screen.
        chosen = choose_language(str(self.language.currentData()))
        self.restart_button.setEnabled(chosen != active_language())

    @Slot()
    def _on_restart_clicked(self) -> None:
        if self._save():
            self.accept()
            self.restart_requested.emit()
