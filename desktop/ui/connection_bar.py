"""The bar at the top of the window: which broker, connect/disconnect, and how it went."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from desktop.core.broker.url import BrokerUrlError, join_password, parse_broker_url, split_password
from desktop.core.profiles import (
    DEMO_PROFILE_NAME,
    ConnectionProfile,
    ProfileStore,
    profile_name_for_url,
)
from desktop.ui.connection import ConnectionState, ConnectionStatus, state_text
from desktop.ui.eliding_label import ElidingLabel

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

    The URL field is always editable: a URL typed there and connected to becomes a new
    profile (named after its host), saved as typed with its password in the keychain, so
    the next start connects to it again.

    Signals:
        connect_requested(str, str): full URL (with password) and the profile's name.
        local_requested(str): connect the named profile to the private local broker.
        disconnect_requested(): drop the current connection.
        profile_selected(str): the user picked another profile (the window follows it).
        edit_requested(str): open the profile editor on this profile ("" for a new one).
        read_only_changed(str, bool): a profile was marked read-only (True) or not.
    """

    connect_requested = Signal(str, str)
    local_requested = Signal(str)
    disconnect_requested = Signal()
    profile_selected = Signal(str)
    edit_requested = Signal(str)
    read_only_changed = Signal(str, bool)

    def __init__(self, profiles: ProfileStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._state = ConnectionState.DISCONNECTED
        self._local_url: str | None = None
        self._shown_url = ""

        self.profile_combo = QComboBox()
        self.profile_combo.setMinimumWidth(150)
        self.profile_combo.setToolTip(self.tr("Connection profiles: a broker and your project"))
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("redis://[user@]host:6379/0   rediss://…   amqp://…")
        self.url_edit.setClearButtonEnabled(True)
        self.url_edit.setToolTip(
            self.tr("Type a broker URL and press Connect: it is saved as a new profile")
        )
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("password"))
        self.password_edit.setMaximumWidth(140)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setDefault(True)
        self.profile_menu_button = self._build_profile_menu()
        self.status_dot = QLabel("●")
        self.status_label = ElidingLabel()
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setMinimumWidth(260)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(QLabel(self.tr("Profile")))
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

    def _build_profile_menu(self) -> QToolButton:
        button = QToolButton()
        button.setText(self.tr("Profiles"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.addAction(self.tr("New profile…"), self._on_new_profile)
        self._edit_action = menu.addAction(self.tr("Edit profile…"), self._on_edit_profile)
        self._delete_action = menu.addAction(self.tr("Delete profile"), self._on_delete_profile)
        menu.addSeparator()
        self.read_only_action = menu.addAction(self.tr("Read-only (no actions on this broker)"))
        self.read_only_action.setCheckable(True)
        self.read_only_action.toggled.connect(self._on_read_only_action_toggled)
        button.setMenu(menu)
        return button

    # -- profiles -------------------------------------------------------------------------
    def reload_profiles(self, select: str | None = None) -> None:
        """Fill the chooser again, selecting ``select`` (else the current one, else the demo).

        Emits ``profile_selected`` when that changes which profile is selected.
        """
        before = self.profile_combo.currentText()
        current = select or before or DEMO_PROFILE_NAME
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for profile in self._profiles.list():
            self.profile_combo.addItem(profile.name)
        index = self.profile_combo.findText(current)
        self.profile_combo.setCurrentIndex(max(index, 0))
        self.profile_combo.blockSignals(False)
        self._show_selected()
        if self.profile_combo.currentText() != before:
            self.profile_selected.emit(self.profile_combo.currentText())

    def select_profile(self, name: str) -> None:
        self.reload_profiles(select=name)

    def selected_profile(self) -> ConnectionProfile | None:
        return self._profiles.get(self.profile_combo.currentText())

    def set_url(self, url: str) -> None:
        """Show ``url`` in the field; its password moves to the masked field."""
        bare, password = split_password(url)
        self.url_edit.setText(bare)
        self.password_edit.setText(password or "")

    @Slot(str)
    def show_local_url(self, url: str) -> None:
        """The local broker's address, once it is known (it has no password)."""
        self._local_url = url
        profile = self.selected_profile()
        if profile is not None and profile.is_local:
            self._show_url(url)

    def is_local_selected(self) -> bool:
        profile = self.selected_profile()
        return profile is not None and profile.is_local

    @Slot()
    def _on_profile_combo_changed(self) -> None:
        self._show_selected()
        self.profile_selected.emit(self.profile_combo.currentText())

    def _show_selected(self) -> None:
        profile = self.selected_profile()
        builtin = profile is None or profile.is_builtin
        self._delete_action.setEnabled(not builtin)
        self._edit_action.setEnabled(not builtin)
        self.read_only_action.blockSignals(True)
        self.read_only_action.setEnabled(not builtin)
        self.read_only_action.setChecked(bool(profile and profile.read_only))
        self.read_only_action.blockSignals(False)
        self.password_edit.clear()
        if profile is None or profile.is_local:
            self._show_url(self._local_url or "")
            self.password_edit.setPlaceholderText(self.tr("password"))
            if not self._local_url:
                self.url_edit.setPlaceholderText(
                    self.tr("private redis-server started by Celery Desk")
                )
            return
        self.url_edit.setPlaceholderText("redis://[user@]host:6379/0   rediss://…   amqp://…")
        self._show_url(profile.url)
        self.password_edit.setPlaceholderText(
            self.tr("saved in keychain")
            if self._profiles.has_password(profile.name)
            else self.tr("password")
        )

    def _show_url(self, url: str) -> None:
        self._shown_url = url
        self.url_edit.setText(url)

    @Slot()
    def _on_url_edit_finished(self) -> None:
        text = self.url_edit.text().strip()
        bare, password = split_password(text)
        if password:
            self.url_edit.setText(bare)
            self.password_edit.setText(password)

    def _typed_something_else(self) -> bool:
        """The URL field no longer shows the selected profile's broker."""
        typed = split_password(self.url_edit.text().strip())[0]
        return bool(typed) and typed != self._shown_url

    def _typed_url(self) -> str:
        bare, embedded = split_password(self.url_edit.text().strip())
        password = self.password_edit.text() or embedded or ""
        profile = self.selected_profile()
        if not password and profile is not None and not profile.is_local and bare == profile.url:
            return self._profiles.resolve_url(profile.name)
        return join_password(bare, password) if password else bare

    @Slot()
    def _on_new_profile(self) -> None:
        self.edit_requested.emit("")

    @Slot()
    def _on_edit_profile(self) -> None:
        profile = self.selected_profile()
        if profile is not None and not profile.is_builtin:
            self.edit_requested.emit(profile.name)

    @Slot(bool)
    def _on_read_only_action_toggled(self, checked: bool) -> None:
        profile = self.selected_profile()
        if profile is not None and not profile.is_builtin and profile.read_only != checked:
            self._profiles.save(replace(profile, read_only=checked))
            self.read_only_changed.emit(profile.name, checked)

    @Slot()
    def _on_delete_profile(self) -> None:
        profile = self.selected_profile()
        if profile is None or profile.is_builtin:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete profile"),
            self.tr(
                "Delete the profile '{0}'? Its saved password is removed too; its schedule "
                "file and process presets stay on disk."
            ).format(profile.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._profiles.delete(profile.name)
            self.reload_profiles(select=DEMO_PROFILE_NAME)

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
        profile = self.selected_profile()
        if self._typed_something_else() or profile is None:
            self._connect_typed_url()
            return
        if profile.is_local:
            self.local_requested.emit(profile.name)
            return
        url = self._typed_url()
        if self._check(url):
            self.connect_requested.emit(url, profile.name)

    def _connect_typed_url(self) -> None:
        """A URL typed by hand: save it as a new profile, select it, connect to it."""
        url = self._typed_url()
        if not self._check(url):
            return
        bare, password = split_password(url)
        name = profile_name_for_url(bare, self._profiles.names())
        try:
            self._profiles.save(ConnectionProfile(name=name, url=bare), password or "")
        except ValueError as exc:  # ProfileError, BrokerUrlError: the message is for people
            self.show_status(ConnectionStatus(ConnectionState.FAILED, "", message=str(exc)))
            return
        self.reload_profiles(select=name)
        self.connect_requested.emit(url, name)

    def _check(self, url: str) -> bool:
        try:
            parse_broker_url(url)
        except BrokerUrlError as exc:
            self.show_status(ConnectionStatus(ConnectionState.FAILED, "", message=str(exc)))
            return False
        return True

    def show_status(self, status: ConnectionStatus) -> None:
        self._state = status.state
        colour = _STATE_COLOURS[status.state]
        self.status_dot.setStyleSheet(f"color: {colour}; font-size: 14pt;")
        text = state_text(status.state)
        if status.state is ConnectionState.CONNECTED and status.server:
            text = self.tr("{0} · {1}").format(text, status.server)
        if status.message and status.state is not ConnectionState.CONNECTED:
            text = self.tr("{0}: {1}").format(text, status.message)
        self.status_label.set_full_text(text, status.masked_url or status.label)
        busy = status.state in (
            ConnectionState.CONNECTED,
            ConnectionState.CONNECTING,
            ConnectionState.STARTING_BROKER,
            ConnectionState.LOST,
        )
        self.connect_button.setText(self.tr("Disconnect") if busy else self.tr("Connect"))
        self.profile_combo.setEnabled(not busy)
