"""Quitting while a user project's worker or beat runs: stop them, leave them, or stay.

Demo processes and the local broker are not asked about: they stop with the app as always
(a broker a left-running worker uses is kept for it by the supervisor).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from desktop.ui.processes.supervisor import Supervisor


class QuitChoice(StrEnum):
    STOP = "stop"
    LEAVE_RUNNING = "leave running"
    CANCEL = "cancel"


class QuitQuestion(QMessageBox):
    """The question, with three buttons; ``choice()`` says which one was clicked."""

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quit_question")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Quit Celery Desk"))
        listed = "".join(f"<li>{html.escape(name)}</li>" for name in names)
        self.setText(
            self.tr("Your project's processes are still running:<ul>{0}</ul>").format(listed)
        )
        self.setInformativeText(
            self.tr(
                "Stop them, or leave them running without Celery Desk. Processes left "
                "running appear in the Processes view the next time you open Celery Desk, "
                "and you stop them from there."
            )
        )
        self.stop_button = self.addButton(self.tr("Stop them"), QMessageBox.ButtonRole.AcceptRole)
        self.leave_button = self.addButton(
            self.tr("Leave running"), QMessageBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.stop_button)
        self.setEscapeButton(self.cancel_button)

    def choice(self) -> QuitChoice:
        clicked: QAbstractButton | None = self.clickedButton()
        if clicked is self.stop_button:
            return QuitChoice.STOP
        if clicked is self.leave_button:
            return QuitChoice.LEAVE_RUNNING
        return QuitChoice.CANCEL


def ask_before_quitting(
    supervisor: Supervisor, parent: QWidget, on_answer: Callable[[QuitChoice], None]
) -> bool:
    """True when there is nothing to ask: the quit may go on now.

    Otherwise shows the question without blocking (window-modal, no nested event loop) and
    returns False; once answered it acts (LEAVE_RUNNING lets the processes go, see
    ``Supervisor.leave_running``; STOP makes adopted ones stop with the app too; CANCEL
    changes nothing) and then calls ``on_answer``. Asking while the question is open shows
    it again rather than a second one.
    """
    names = supervisor.project_processes_running()
    if supervisor.quit_decided or not names:
        return True
    shown = parent.findChild(QuitQuestion)
    if isinstance(shown, QuitQuestion) and shown.isVisible():
        shown.raise_()
        shown.activateWindow()
        return False
    box = QuitQuestion(names, parent)

    def answered() -> None:
        choice = box.choice()
        box.deleteLater()
        if choice is QuitChoice.LEAVE_RUNNING:
            supervisor.leave_running(names)
        elif choice is QuitChoice.STOP:
            supervisor.stop_on_quit(names)
        if choice is not QuitChoice.CANCEL:
            supervisor.quit_decided = True
        on_answer(choice)

    box.finished.connect(answered)
    box.open()
    return False
