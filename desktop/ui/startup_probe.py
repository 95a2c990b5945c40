"""``CELERY_DESK_PROBE``: the app says when its window and its history are up (bench/ only).

bench/history_launch.py launches the real app with this variable set and reads what it
prints: one JSON line per milestone on stdout, each with the wall-clock time (``t``, epoch
seconds, comparable with the launcher's clock) and the process's peak resident memory so
far (``maxrss_kb``). The milestones:

- ``window-shown``: the main window's first show event; ``window-painted``: its first paint
  (the window is on screen, drawn);
- ``history-page``: the Tasks view's history has its first page and the count of matches
  (``history-failed`` when there is no journal to read);
- then the steps the variable lists, separated by ``;``, each printed when done:
  ``scroll:N`` scrolls the history table to the bottom N times, each time until the next page
  is in; ``search:TEXT`` types TEXT into the search box and waits for the first page of its
  answer; ``quit`` closes the window.

Without the variable nothing of this is built; it only watches, and drives the widgets the
way a user's scroll or typing does.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Final

from PySide6.QtCore import QEvent, QObject, QTimer

from desktop.ui.main_window import MainWindow

PROBE_ENV: Final = "CELERY_DESK_PROBE"
#: A step that gets no answer in this long is reported as timed out and the next one runs.
STEP_TIMEOUT_MS: Final = 30_000


def install_probe(window: MainWindow) -> StartupProbe | None:
    """A probe on ``window`` when ``CELERY_DESK_PROBE`` is set (its value: the steps)."""
    steps = os.environ.get(PROBE_ENV)
    if steps is None:
        return None
    return StartupProbe(window, [s for s in steps.split(";") if s.strip()])


def _say(event: str, **fields: object) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    line = {"probe": event, "t": time.time(), "maxrss_kb": peak, **fields}
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


class StartupProbe(QObject):
    """Watches ``window`` and runs the steps once the history's first page is in."""

    def __init__(self, window: MainWindow, steps: list[str]) -> None:
        super().__init__(window)
        self._window = window
        self._steps = steps
        self._seen: set[str] = set()
        self._history = window.tasks_page.history
        self._scrolls_left = 0
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(STEP_TIMEOUT_MS)
        self._timeout.timeout.connect(self._on_timeout)
        window.installEventFilter(self)
        self._history.model.loaded.connect(self._on_loaded)
        self._history.model.failed.connect(self._on_failed)
        self._history.model.rowsInserted.connect(self._on_rows_inserted)
        self._waiting: str | None = "history-page"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show:
            self._once("window-shown")
        elif kind == QEvent.Type.Paint:
            self._once("window-painted")
        return False

    def _once(self, event: str) -> None:
        if event not in self._seen:
            self._seen.add(event)
            _say(event)

    def _model_fields(self) -> dict[str, object]:
        model = self._history.model
        return {"rows": model.rowCount(), "total": model.total}

    def _on_loaded(self) -> None:
        if self._waiting in ("history-page", "search"):
            _say(self._waiting, **self._model_fields())
            self._next_step()

    def _on_failed(self, message: str) -> None:
        if self._waiting is not None:
            _say("history-failed", step=self._waiting, message=message)
            self._next_step()

    def _on_rows_inserted(self) -> None:
        if self._waiting == "scroll":
            _say("scroll", **self._model_fields())
            self._scrolls_left -= 1
            if self._scrolls_left > 0:
                self._scroll()
            else:
                self._next_step()

    def _on_timeout(self) -> None:
        _say("timeout", step=self._waiting)
        self._next_step()

    def _scroll(self) -> None:
        self._timeout.start()
        self._history.table.scrollToBottom()

    def _next_step(self) -> None:
        self._timeout.stop()
        self._waiting = None
        if not self._steps:
            return
        kind, _, arg = self._steps.pop(0).partition(":")
        if kind == "scroll":
            self._waiting, self._scrolls_left = "scroll", max(1, int(arg or "1"))
            self._window.show_page("tasks")
            self._scroll()
        elif kind == "search":
            self._waiting = "search"
            self._timeout.start()
            self._window.tasks_page.filters.set_query(arg)
        elif kind == "quit":
            _say("quit")
            self._window.close()
        else:
            _say("unknown-step", step=kind)
            self._next_step()
