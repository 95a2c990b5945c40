"""Whether a beat runs the profile's schedule file, wherever it was started (issue #13).

The status bar's beat item knows only the beats the app started; a beat run by systemd or a
terminal on the same file publishes its status in Redis (the file scheduler's ``status`` key,
which expires 15 s after the beat stops publishing), the same place the Schedules page reads
(desktop/ui/schedules/beat_status.py). This reads it every few seconds on the background
runner, one read in flight at most, and nothing while no broker is connected.

Signals:
    changed(): :attr:`running` changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.schedules.remote import BeatReader
from desktop.ui.background import BackgroundRunner

#: The bar is a summary: a beat started or stopped elsewhere shows within a few seconds.
POLL_MS = 5000


class BeatPresence(QObject):
    changed = Signal()

    def __init__(
        self,
        runner: BackgroundRunner,
        broker_url_provider: Callable[[], str | None],
        schedule_path_provider: Callable[[], str | os.PathLike[str]],
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._broker_url = broker_url_provider
        self._schedule_path = schedule_path_provider
        self._reader: BeatReader | None = None
        self._in_flight = False
        #: a beat is active on the schedule file (False also when nothing can be read)
        self.running = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.poll_now()

    def poll_now(self) -> None:
        if self._in_flight:
            return
        url = self._broker_url()
        if not url:
            self._set(False)
            return
        reader = self._reader_for(Path(self._schedule_path()))
        self._in_flight = True
        self._runner.submit(lambda: reader.read(url), self._on_read, self._on_read_failed)

    def stop(self) -> None:
        """Stop polling and release the Redis client (quitting)."""
        self._timer.stop()
        reader, self._reader = self._reader, None
        if reader is not None:
            self._runner.submit(reader.close, lambda _value: None)

    def _reader_for(self, path: Path) -> BeatReader:
        # the profile (and so the file) can change; a new file needs a new reader
        if self._reader is None or self._reader.schedule_path != path:
            old, self._reader = self._reader, BeatReader(path)
            if old is not None:
                self._runner.submit(old.close, lambda _value: None)
        return self._reader

    def _on_read(self, snapshot: Any) -> None:
        self._in_flight = False
        self._set(snapshot.status is not None)

    def _on_read_failed(self, _error: BaseException) -> None:
        # the broker item and the Schedules page say why Redis cannot be read
        self._in_flight = False
        self._set(False)

    def _set(self, running: bool) -> None:
        if running != self.running:
            self.running = running
            self.changed.emit()
