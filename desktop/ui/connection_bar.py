"""The bar at the top of the window: which broker, connect/disconnect, and how it went."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from desktop.core.broker.url import BrokerUrlError, join_password, parse_broker_url, split_password
from desktop.core.profiles import LOCAL_PROFILE_NAME, ConnectionProfile, ProfileStore
from desktop.ui.connection import ConnectionState, ConnectionStatus

_STATE_COLOURS = {
    ConnectionState.DISCONNECTED: "#8a8f98",
    ConnectionState.STARTING_BROKER: "#d49a00",
    ConnectionState.CONNECTING: "#d49a00",
    ConnectionState.CONNECTED: "#2e9d4f",
    ConnectionState.FAILED: "#d1383d",
    ConnectionState.LOST: "#d1383d",
}


class ConnectionBar(QWidget):
    """Profile chooser, URL and password fields, connect button and status.

    Signals:
        connect_requested(str, str): full URL (with password) and a label for it.
        local_requested(): connect to the private local broker (start it if needed).
        disconnect_requested(): drop the current connection.
        read_only_changed(str, bool): a profile was marked read-only (True) or not.
    """

    connect_requested = Signal(str, str)
    read_only_changed = Signal(str, bool)
    local_requested = Signal()
    disconnect_requested = Signal()

    def __init__(self, profiles: ProfileStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._state = ConnectionState.DISCONNECTED
        self._local_url: str | None = None

        self.profile_combo = QComboBox()
        self.profile_combo.setMinimumWidth(150)
        self.profile_combo.setToolTip(self.tr("Saved connection profiles"))
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("redis://[user@]host:6379/0   rediss://…   amqp://…")
        self.url_edit.setClearButtonEnabled(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("password"))
        self.password_edit.setMaximumWidth(140)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setDefault(True)
        self.profile_menu_button = QToolButton()
        self.profile_menu_button.setText(self.tr("Profiles"))
        self.profile_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.profile_menu_button)
        menu.addAction(self.tr("Save as profile…"), self._on_save_profile)
        self._delete_action = menu.addAction(self.tr("Delete profile"), self._on_delete_profile)
        menu.addSeparator()
        self.read_only_action = menu.addAction(self.tr("Read-only (no actions on this broker)"))
        self.read_only_action.setCheckable(True)
        self.read_only_action.toggled.connect(self._on_read_only_action_toggled)
        self.profile_menu_button.setMenu(menu)
        self.status_dot = QLabel("●")
        self.status_label = QLabel()
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setMinimumWidth(260)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(QLabel(self.tr("Broker")))
        layout.addWidget(self.profile_combo)
        layout.addWidget(self.url_edit, stretch=3)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.connect_button)
        layout.addWidget(self.profile_menu_button)
        layout.addSpacing(8)
        layout.addWidget(self.status_dot)
        layout.addWidget(self.status_label, stretch=2)

        self.profile_combo.currentIndexChanged.connect(self._on_profile_combo_changed)
        self.url_edit.editingFinished.connect(self._on_url_edit_finished)
        self.url_edit.returnPressed.connect(self._on_connect_clicked)
        self.password_edit.returnPressed.connect(self._on_connect_clicked)
        self.connect_button.clicked.connect(self._on_connect_clicked)
        self.reload_profiles()
        self.show_status(ConnectionStatus(ConnectionState.DISCONNECTED, ""))

    # -- profiles -------------------------------------------------------------------------
    def reload_profiles(self, select: str | None = None) -> None:
        current = select or self.profile_combo.currentText() or LOCAL_PROFILE_NAME
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for profile in self._profiles.list():
            self.profile_combo.addItem(profile.name)
        index = self.profile_combo.findText(current)
        self.profile_combo.setCurrentIndex(max(index, 0))
        self.profile_combo.blockSignals(False)
        self._on_profile_combo_changed()

    def select_profile(self, name: str) -> None:
        self.reload_profiles(select=name)

    def set_url(self, url: str) -> None:
        """Show ``url`` for a one-off connection; its password moves to the masked field."""
        bare, password = split_password(url)
        self.profile_combo.setCurrentIndex(-1)
        self.url_edit.setText(bare)
        self.password_edit.setText(password or "")

    @Slot(str)
    def show_local_url(self, url: str) -> None:
        """The local broker's address, once it is known (it has no password)."""
        self._local_url = url
        if self.is_local_selected():
            self.url_edit.setText(url)

    def is_local_selected(self) -> bool:
        return self.profile_combo.currentText() == LOCAL_PROFILE_NAME

    @Slot()
    def _on_profile_combo_changed(self) -> None:
        name = self.profile_combo.currentText()
        local = name == LOCAL_PROFILE_NAME
        self._delete_action.setEnabled(not local)
        profile = None if local else self._profiles.get(name)
        self.read_only_action.blockSignals(True)
        self.read_only_action.setEnabled(profile is not None)
        self.read_only_action.setChecked(bool(profile and profile.read_only))
        self.read_only_action.blockSignals(False)
        self.url_edit.setReadOnly(local)
        self.password_edit.setEnabled(not local)
        if local:
            self.url_edit.setText(
                self._local_url or self.tr("private redis-server started by Celery Desk")
            )
            self.password_edit.clear()
            return
        profile = self._profiles.get(name)
        if profile is not None:
            self.url_edit.setText(profile.url)
            self.password_edit.setText("")
            self.password_edit.setPlaceholderText(
                self.tr("saved in keychain") if self._profiles.has_password(name) else "password"
            )

    @Slot()
    def _on_url_edit_finished(self) -> None:
        text = self.url_edit.text().strip()
        bare, password = split_password(text)
        if password:
            self.url_edit.setText(bare)
            self.password_edit.setText(password)

    def _typed_url(self) -> str:
        bare = self.url_edit.text().strip()
        password = self.password_edit.text()
        name = self.profile_combo.currentText()
        if not password and self._profiles.get(name) is not None:
            profile_url = self._profiles.resolve_url(name)
            if split_password(profile_url)[0] == bare:
                return profile_url
        return join_password(bare, password) if password else bare

    @Slot()
    def _on_save_profile(self) -> None:
        url = self._typed_url()
        try:
            parse_broker_url(url)
        except BrokerUrlError as exc:
            self.show_status(ConnectionStatus(ConnectionState.FAILED, "", message=str(exc)))
            return
        name, ok = QInputDialog.getText(self, self.tr("Save profile"), self.tr("Profile name:"))
        name = name.strip()
        if not ok or not name or name == LOCAL_PROFILE_NAME:
            return
        bare, password = split_password(url)
        self._profiles.save(ConnectionProfile(name=name, url=bare), password)
        self.reload_profiles(select=name)

    @Slot(bool)
    def _on_read_only_action_toggled(self, checked: bool) -> None:
        profile = self._profiles.get(self.profile_combo.currentText())
        if profile is not None and profile.read_only != checked:
            self._profiles.save(replace(profile, read_only=checked))
            self.read_only_changed.emit(profile.name, checked)

    @Slot()
    def _on_delete_profile(self) -> None:
        name = self.profile_combo.currentText()
        if name != LOCAL_PROFILE_NAME:
            self._profiles.delete(name)
            self.reload_profiles(select=LOCAL_PROFILE_NAME)

    # -- connect ----------------------------------------------------------------------------
    @Slot()
    def _on_connect_clicked(self) -> None:
        if self._state in (
            ConnectionState.CONNECTED,
            ConnectionState.CONNECTING,
            ConnectionState.STARTING_BROKER,
            ConnectionState.LOST,
        ):
            self.disconnect_requested.emit()
            return
        if self.is_local_selected():
            self.local_requested.emit()
            return
        url = self._typed_url()
        try:
            parse_broker_url(url)
        except BrokerUrlError as exc:
            self.show_status(ConnectionStatus(ConnectionState.FAILED, "", message=str(exc)))
            return
        self.connect_requested.emit(url, self.profile_combo.currentText())

    def show_status(self, status: ConnectionStatus) -> None:
        self._state = status.state
        colour = _STATE_COLOURS[status.state]
        self.status_dot.setStyleSheet(f"color: {colour}; font-size: 14pt;")
        text = status.state.value.capitalize()
        if status.state is ConnectionState.CONNECTED and status.server:
            text += f" · {status.server}"
        if status.message and status.state is not ConnectionState.CONNECTED:
            text += f": {status.message}"
        self.status_label.setText(text)
        self.status_label.setToolTip(status.masked_url or status.label)
        busy = status.state in (
            ConnectionState.CONNECTED,
            ConnectionState.CONNECTING,
            ConnectionState.STARTING_BROKER,
            ConnectionState.LOST,
        )
        self.connect_button.setText(self.tr("Disconnect") if busy else self.tr("Connect"))
        self.profile_combo.setEnabled(not busy)
