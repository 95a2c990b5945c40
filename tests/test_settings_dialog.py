"""Preferences offscreen: values land in the typed settings; bad ones are named, not saved."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.core.secrets import SecretStore
from desktop.core.settings import SettingsStore
from desktop.ui.settings_dialog import SettingsDialog


def test_accepting_saves_the_changes(qtbot: QtBot) -> None:
    store = SettingsStore()
    store.load()
    dialog = SettingsDialog(store, SecretStore())
    qtbot.addWidget(dialog)
    dialog.keep_local.setChecked(True)
    dialog.port.setValue(16123)
    dialog.timezone.setCurrentText("Asia/Shanghai")
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog._on_buttons_accepted()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    reloaded = SettingsStore()
    reloaded.load()
    assert reloaded.settings.keep_local_broker is True
    assert reloaded.settings.local_broker_port == 16123
    assert reloaded.settings.display_timezone == "Asia/Shanghai"
    assert reloaded.settings.language == "zh_CN"


def test_an_unknown_time_zone_is_named_and_nothing_saved(qtbot: QtBot) -> None:
    store = SettingsStore()
    store.load()
    dialog = SettingsDialog(store, SecretStore())
    qtbot.addWidget(dialog)
    dialog.timezone.setCurrentText("Mars/Olympus_Mons")
    dialog.keep_local.setChecked(True)
    dialog._on_buttons_accepted()
    assert "display_timezone" in dialog.error.text()
    assert store.settings.keep_local_broker is False
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
