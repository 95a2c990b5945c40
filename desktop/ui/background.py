"""Running blocking calls (broker probes, inspect, sends) off the GUI thread.

Work runs on a small thread pool; its result is handed back to the GUI thread through a
queued signal, so callbacks may touch widgets. Workers never touch Qt objects themselves.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("celery_desk.background")

ResultCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class BackgroundRunner(QObject):
    """Runs callables on worker threads and delivers outcomes on the GUI thread.

    Signals:
        _delivered(object, object): internal hand-over (callback, value) across threads.
    """

    _delivered = Signal(object, object)

    def __init__(self, max_workers: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="desk-bg")
        self._closed = threading.Event()
        self._delivered.connect(self._on_self_delivered)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: ResultCallback,
        on_error: ErrorCallback | None = None,
    ) -> None:
        if self._closed.is_set():
            return
        # Worker threads must not look up attributes on this QObject (shiboken's attribute
        # lookup is not thread-safe): they get a bound emit and a plain Event, nothing else.
        emit = self._delivered.emit
        closed = self._closed

        def work() -> None:
            try:
                value = fn()
            except Exception as exc:  # delivered to the caller, never lost in the pool
                log.debug("background call failed", exc_info=True)
                if on_error is not None and not closed.is_set():
                    emit(on_error, exc)
                return
            if not closed.is_set():
                emit(on_done, value)

        self._pool.submit(work)

    @Slot(object, object)
    def _on_self_delivered(self, callback: Callable[[Any], None], value: object) -> None:
        if not self._closed.is_set():
            callback(value)

    def shutdown(self) -> None:
        """Stop delivering; running calls finish on their own (never joined on the GUI thread)."""
        self._closed.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
