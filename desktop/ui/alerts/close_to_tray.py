"""Closing the window to the tray: when it applies, and the explanation shown once.

Only a close from the window system (the title bar's close button, Alt+F4) hides the window,
and only where the desktop has a tray and the setting is on; ``window.close()`` from the
code (File > Quit, the tray's Quit, a quit signal, a restart) quits as before, through the
window's questions about unsaved schedules and running processes. Hiding quits nothing: the
monitor keeps listening, alerts keep being evaluated and notified.

The first time, a question says so and offers to quit on close instead (the setting); the
answer is remembered. Once the window has hidden, Qt must not quit when some other window
closes while it is hidden: ``quitOnLastWindowClosed`` goes off, and the window quits the
application itself when it really closes (:meth:`CloseToTray.quit_if_needed`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.settings import SettingsStore


class CloseToTray(QObject):
    """Signals:
    quit_chosen(): the user answered the first-close question with "quit".
    """

    quit_chosen = Signal()

    def __init__(self, window: QWidget, tray_available: bool, settings: SettingsStore) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.tray_available = tray_available
        self.question: QMessageBox | None = None
        self._hidden_once = False

    def applies(self, event: QCloseEvent) -> bool:
        """Whether this close event should hide the window rather than quit."""
        return event.spontaneous() and self.tray_available and self._settings.settings.close_to_tray

    def hide_window(self) -> None:
        """Hide to the tray, after the one-time explanation if it was not given yet."""
        if self._settings.settings.close_to_tray_explained:
            self._hide()
            return
        if self.question is not None:
            self.question.raise_()
            return
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Celery Desk keeps running"))
        box.setText(
            self.tr(
                "Closing the window keeps Celery Desk running in the tray: it goes on "
                "listening to events and tells you when an alert fires."
            )
        )
        box.setInformativeText(self.tr("Quit from the tray icon's menu or with File > Quit."))
        self.keep_button = box.addButton(
            self.tr("Keep running in the tray"), QMessageBox.ButtonRole.AcceptRole
        )
        self.quit_button = box.addButton(
            self.tr("Quit when the window closes"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.setDefaultButton(self.keep_button)
        box.finished.connect(self._on_question_finished)
        self.question = box
        box.open()

    @Slot(int)
    def _on_question_finished(self, _result: int) -> None:
        box, self.question = self.question, None
        if box is None:
            return
        keep = box.clickedButton() is not self.quit_button
        box.deleteLater()
        self._settings.update(close_to_tray_explained=True, close_to_tray=keep)
        if keep:
            self._hide()
        else:
            self.quit_chosen.emit()

    def _hide(self) -> None:
        self._hidden_once = True
        QGuiApplication.setQuitOnLastWindowClosed(False)
        self._window.hide()

    def quit_if_needed(self) -> None:
        """The window really closed: quit, which Qt no longer does by itself once hidden."""
        if self._hidden_once:
            QTimer.singleShot(0, QCoreApplication.quit)
