"""The window's own dialogs in English and in Chinese: every text whole, and a field error
that does not widen its form (issue #12: nothing clipped in Chinese)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.control.audit import AuditLog
from desktop.core.events.hints import Hint, no_task_events_hint
from desktop.core.history import journal_path
from desktop.core.profiles import ProfileStore
from desktop.core.secrets import SecretStore
from desktop.core.settings import SettingsStore
from desktop.ui.about_dialog import AboutDialog
from desktop.ui.audit_view import AuditDialog
from desktop.ui.background import BackgroundRunner
from desktop.ui.profile_dialog import ProfileDialog
from desktop.ui.send_task_dialog import SendTaskDialog
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.status_warnings import WarningsDialog
from tests.support.clipping import clipped_texts

SENT_OFF = Hint("sent-event-off", None, "Tasks appear only once a worker receives them.", "x")


def _profiles() -> ProfileStore:
    return ProfileStore(secrets=SecretStore())


def _warnings() -> QDialog:
    dialog = WarningsDialog()
    dialog.show_hints([no_task_events_hint("celery@host", True), SENT_OFF])
    return dialog


def _settings_history() -> QDialog:
    """Preferences on its History tab, with a journal file whose path is longer than the
    dialog (it elides in the middle) and a size beside it."""
    journal = journal_path("Staging " * 12)
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_bytes(b"x" * 5000)
    dialog = SettingsDialog(SettingsStore(), SecretStore(), journal_file=journal)
    dialog.tabs.setCurrentWidget(dialog.history)
    return dialog


def _send(runner: BackgroundRunner) -> QDialog:
    return SendTaskDialog(runner, lambda: None, lambda: (False, "p"))


DIALOGS: dict[str, Callable[[BackgroundRunner], QWidget]] = {
    "profile": lambda runner: ProfileDialog(_profiles(), runner),
    "settings": lambda _runner: SettingsDialog(SettingsStore(), SecretStore()),
    "settings history": lambda _runner: _settings_history(),
    "about": lambda _runner: AboutDialog(),
    "audit": lambda _runner: AuditDialog(AuditLog()),
    "send task": _send,
    "warnings": lambda _runner: _warnings(),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_the_dialog_shows_its_texts_whole(
    qtbot: QtBot, language: str, runner: BackgroundRunner, name: str
) -> None:
    dialog = DIALOGS[name](runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    assert clipped_texts(dialog) == [], f"{name} in {language}"


def test_a_field_error_does_not_widen_the_profile_dialog(
    qtbot: QtBot, language: str, runner: BackgroundRunner
) -> None:
    dialog = ProfileDialog(_profiles(), runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    width = dialog.width()
    dialog.project_box.setChecked(True)
    dialog.workdir.setText("/no/such/directory/with/a/rather/long/name/for/the/message")
    dialog.url.setText("redis://localhost:99999/0")
    dialog.env.setPlainText("not an assignment\nneither is this one")
    QApplication.processEvents()
    assert dialog.problem.isVisible() and dialog.problem.wordWrap()
    assert dialog.width() == width
    assert clipped_texts(dialog) == []
