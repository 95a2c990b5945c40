"""``--screenshot PATH``: wait until the window has settled (or a fixed delay), save a PNG."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QSize, QTimer, Slot
from PySide6.QtWidgets import QApplication

from desktop.ui.connection import ConnectionState
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow

log = logging.getLogger("celery_desk.screenshot")

SETTLE_CAP_S = 30.0
SHOT_SIZE = QSize(1280, 800)
#: Half-second waits for a running demo task to show in the detail panel, at most.
PREPARE_TRIES = 30
_SETTLED_STATES = (ConnectionState.CONNECTED, ConnectionState.FAILED, ConnectionState.DISCONNECTED)


class ScreenshotTaker(QObject):
    """Saves the main window to ``path`` and then quits the application with 0 (1 on failure)."""

    def __init__(
        self, ctx: AppContext, window: MainWindow, path: Path, delay: float | None
    ) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self._path = path
        self._started = time.monotonic()
        self._stable_since: float | None = None
        self.exit_code = 1
        self._prepared = False
        self._prepare_tries = 0
        self._timer = QTimer(self)
        if delay is not None:
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._take)
            self._timer.start(int(delay * 1000))
        else:
            self._timer.timeout.connect(self._on_timer_timeout)
            self._timer.start(250)

    def _settled(self) -> bool:
        connection_done = self._ctx.connection.status.state in _SETTLED_STATES
        return connection_done and not self._ctx.supervisor.has_transitions()

    @Slot()
    def _on_timer_timeout(self) -> None:
        now = time.monotonic()
        if self._settled():
            self._stable_since = self._stable_since or now
            if now - self._stable_since >= 1.5:
                self._take()
        else:
            self._stable_since = None
        if now - self._started > SETTLE_CAP_S:
            log.warning(
                "Window did not settle within %.0f s; taking the screenshot anyway", SETTLE_CAP_S
            )
            self._take()

    def _show_a_task(self, patient: bool) -> bool:
        """Select the task that shows the most in the detail panel; False: wait for one.

        A running ``slow`` demo task (progress bar) is worth waiting for while ``patient``;
        then a failure (traceback); then the newest task.
        """
        page = self._window.tasks_page
        if self._window.pages.currentWidget() is not page or page.detail.uuid is not None:
            return True
        tasks = list(self._ctx.hub.store.tasks.values())
        running = [t for t in tasks if not t.finished and t.name and t.name.endswith(".slow")]
        if not running and patient:
            return False
        failed = [t for t in tasks if t.state == "FAILURE" and t.traceback]
        candidates = running or failed or tasks
        if candidates:
            page.select_task(candidates[-1].uuid)
        return True

    @Slot()
    def _take(self) -> None:
        self._timer.stop()
        if not self._prepared:
            self._prepare_tries += 1
            if not self._show_a_task(patient=self._prepare_tries < PREPARE_TRIES):
                QTimer.singleShot(500, self._take)
                return
            # the detail (progress from the result backend) fills in within a second
            self._prepared = True
            QTimer.singleShot(1500, self._take)
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        saved = self._window.grab().save(str(self._path))
        if saved:
            print(self.tr("Screenshot saved to {0}").format(self._path))
            print(f"Connection: {self._ctx.connection.status.state.value}")
            print(f"Processes: {self._window.process_summary.text()}")
            self.exit_code = 0
        else:
            print(self.tr("Could not save the screenshot to {0}").format(self._path))
        self._window.close()
        QTimer.singleShot(0, self._quit_when_closed)

    @Slot()
    def _quit_when_closed(self) -> None:
        if self._window.isVisible():
            QTimer.singleShot(100, self._quit_when_closed)
            return
        app = QApplication.instance()
        if app is not None:
            app.exit(self.exit_code)
