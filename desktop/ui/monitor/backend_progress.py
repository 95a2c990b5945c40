"""Polling the result backend for the progress of the task shown in the detail panel.

Only the one task shown, only while it is unfinished and its events carry no progress of
their own, once a second, on a pool thread, never two reads at once, from the profile's
result backend (``backend_url_provider``; None from it: there is none to read, so no bar). A
failed read hides the bar and is retried at the next tick; it is logged once per backend, not
every second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from desktop.core.control.backend_state import BackendState, BackendStateReader
from desktop.core.events import EventStore
from desktop.core.redact import redact_text
from desktop.ui.background import BackgroundRunner
from desktop.ui.monitor.task_detail import TaskDetail

log = logging.getLogger("celery_desk.monitor")

POLL_INTERVAL_MS = 1000


class BackendProgressPoller(QObject):
    """Feeds :meth:`TaskDetail.set_backend_state` for the task ``detail`` shows."""

    def __init__(
        self,
        runner: BackgroundRunner,
        detail: TaskDetail,
        store: Callable[[], EventStore],
        url_provider: Callable[[], str | None],
        parent: QObject | None = None,
        *,
        backend_url_provider: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._detail, self._store, self._url = runner, detail, store, url_provider
        # without a provider, the result backend is the broker's db (the demo's)
        self._backend_url = backend_url_provider or url_provider
        self._reader: BackendStateReader | None = None
        self._busy = False
        self._warned: str | None = None
        self.reads = 0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        uuid = self._detail.uuid
        task = self._store().get(uuid) if uuid is not None else None
        if task is None or task.finished or task.progress() is not None:
            return
        url, backend_url = self._url(), self._backend_url()
        if not url or not backend_url or self._busy:
            return
        reader = self._reader_for(url, backend_url)
        self._busy = True
        self._runner.submit(lambda: reader.read(task.uuid), self._on_read, self._on_error)

    def _reader_for(self, url: str, backend_url: str) -> BackendStateReader:
        reader = self._reader
        if reader is None or (reader.url, reader.backend_url) != (url, backend_url):
            if reader is not None:
                self._runner.submit(reader.close, lambda _none: None)
            reader = self._reader = BackendStateReader(url, backend_url)
        return reader

    def _on_read(self, state: object) -> None:
        self._busy = False
        self.reads += 1
        self._detail.set_backend_state(state if isinstance(state, BackendState) else None)

    def _on_error(self, error: BaseException) -> None:
        self._busy = False
        reader = self._reader
        if reader is not None and self._warned != reader.backend_url:
            self._warned = reader.backend_url
            text = redact_text(str(error))
            log.info("cannot read task progress from the result backend: %s", text)
        self._detail.set_backend_state(None)

    def shutdown(self) -> None:
        self._timer.stop()
        reader, self._reader = self._reader, None
        if reader is not None:
            self._runner.submit(reader.close, lambda _none: None)
