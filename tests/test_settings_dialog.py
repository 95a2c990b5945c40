"""Preferences offscreen: values land in the typed settings; bad ones are named, not saved;
the History tab's fields keep to the settings' limits (typed as a user types them)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox
from pytestqt.qtbot import QtBot

from desktop.core.secrets import SecretStore
from desktop.core.settings import SettingsStore
from desktop.core.settings_schema import HISTORY_DAYS, HISTORY_TASKS
from desktop.ui.locale_format import format_size
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


def _typed(box: QAbstractSpinBox, text: str) -> None:
    """Type ``text`` over a spin box's contents, as a user would, and leave the field."""
    box.lineEdit().selectAll()
    QTest.keyClicks(box, text)
    box.interpretText()


def test_the_history_tab_saves_the_journals_retention(
    qtbot: QtBot, language: str, tmp_path: Path
) -> None:
    journal = tmp_path / "Demo.sqlite3"
    journal.write_bytes(b"x" * 3000)
    store = SettingsStore()
    store.load()
    dialog = SettingsDialog(store, SecretStore(), journal_file=journal)
    qtbot.addWidget(dialog)
    history = dialog.history
    # The defaults, the cap per name shown as none.
    assert history.journal_on.isChecked()
    assert (history.success_days.value(), history.failure_days.value()) == (7.0, 30.0)
    assert history.max_tasks.value() == 2_000_000 and history.per_name.value() == 0
    assert history.per_name.text() == history.per_name.specialValueText() != ""
    assert history.file is not None and history.file.full_text() == str(journal)
    assert history.file_size is not None and history.file_size.text() == format_size(3000)

    _typed(history.success_days, "1")
    assert history.success_days.text() == ("1 天" if language == "zh_CN" else "1 day")
    _typed(history.success_days, "2.5")
    _typed(history.failure_days, "90")
    _typed(history.max_tasks, "50000")
    _typed(history.per_name, "250")
    assert history.per_name.text() == ("250 个任务" if language == "zh_CN" else "250 tasks")
    dialog._on_buttons_accepted()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    reloaded = SettingsStore()
    saved = reloaded.load()
    assert (saved.history_success_days, saved.history_failure_days) == (2.5, 90.0)
    assert (saved.history_max_tasks, saved.history_max_per_name) == (50_000, 250)
    assert saved.history_enabled is True


def test_the_history_fields_keep_to_the_settings_limits(
    qtbot: QtBot, language: str, tmp_path: Path
) -> None:
    store = SettingsStore()
    store.load()
    store.update(history_max_per_name=10)
    dialog = SettingsDialog(store, SecretStore(), journal_file=tmp_path / "none.sqlite3")
    qtbot.addWidget(dialog)
    history = dialog.history
    for days in (history.success_days, history.failure_days):
        assert (days.minimum(), days.maximum()) == HISTORY_DAYS
    assert (history.max_tasks.minimum(), history.max_tasks.maximum()) == HISTORY_TASKS
    assert history.per_name.value() == 10
    # The key that would leave the range is refused: "4000" days stops at 400.
    _typed(history.failure_days, "4000")
    assert history.failure_days.value() == 400.0
    _typed(history.success_days, "0")  # below 0.01 days: the field keeps its value
    assert history.success_days.value() == 7.0
    _typed(history.max_tasks, "500")  # below 1000 tasks
    assert history.max_tasks.value() == 2_000_000
    history.max_tasks.setValue(10**9)
    assert history.max_tasks.value() == HISTORY_TASKS[1]
    # 0 is no cap (None); switching the journal off greys the fields and saves them all.
    history.per_name.setValue(0)
    history.journal_on.setChecked(False)
    assert not history.success_days.isEnabled() and not history.per_name.isEnabled()
    assert history.file_size is not None  # a journal never written says so
    assert history.file_size.text() == ("尚未创建" if language == "zh_CN" else "not created yet")
    dialog._on_buttons_accepted()
    saved = SettingsStore().load()
    assert saved.history_enabled is False and saved.history_max_per_name is None
    assert (saved.history_failure_days, saved.history_max_tasks) == (400.0, HISTORY_TASKS[1])
