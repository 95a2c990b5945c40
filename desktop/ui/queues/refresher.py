"""Reading the queues off the GUI thread for the Queues page, one read at a time.

:class:`QueueRefresher` keeps a :class:`QueueInspector` for the current broker URL (a new
one when the URL changes; the old one is closed on a thread, since a connect in progress
holds it for up to its timeout). Each read runs on the :class:`BackgroundRunner`: the
workers' queues (from a provider, or an ``inspect active_queues`` broadcast at most every
``ACTIVE_QUEUES_EVERY`` seconds), a snapshot, and a peek of the selected queue. A request
made while a read runs is merged into one more read afterwards.

Signals:
    refreshed(object): a :class:`Refreshed` for the current URL.
    url_changed(object): the new broker URL (``None`` when disconnected).
    failed(str): a read raised (a bug): one line for the status bar.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.queues.inspect import QueueInspector, QueueSnapshot
from desktop.core.queues.results import PeekResult
from desktop.ui.background import BackgroundRunner

ACTIVE_QUEUES_EVERY = 10.0
ACTIVE_QUEUES_TIMEOUT = 1.0
ActiveQueues = Mapping[str, Sequence[Any]]


@dataclass(frozen=True, slots=True)
class Refreshed:
    url: str
    snapshot: QueueSnapshot
    peek: PeekResult | None


class QueueRefresher(QObject):
    """Owns the inspector and the one-read-at-a-time hand-off."""

    refreshed = Signal(object)
    url_changed = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        runner: BackgroundRunner,
        url_provider: Callable[[], str | None],
        active_queues_provider: Callable[[], ActiveQueues | None] | None = None,
        sent_time_lookup: Callable[[str], float | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._url_provider = url_provider
        self._active_provider = active_queues_provider
        self._sent_time = sent_time_lookup  # called on a worker thread: must be thread-safe
        self._url: str | None = None
        self._inspector: QueueInspector | None = None
        self._busy = False
        self._again: tuple[str | None, int, bool] | None = None
        self._active: ActiveQueues | None = None
        self._active_at = float("-inf")

    @property
    def inspector(self) -> QueueInspector | None:
        return self._inspector

    def request(self, selected: str | None, count: int, force: bool = False) -> None:
        """Read now (or right after the running read); ``force`` rediscovers and asks workers."""
        inspector = self._current_inspector()
        if inspector is None or self._url is None:
            return
        if self._busy:
            pending = self._again
            self._again = (selected, count, force or bool(pending and pending[2]))
            return
        self._busy = True
        url, provider, sent_time = self._url, self._active_provider, self._sent_time
        ask_workers = provider is None and (
            force or time.monotonic() - self._active_at >= ACTIVE_QUEUES_EVERY
        )
        active: ActiveQueues | None = provider() if provider is not None else self._active

        def work() -> tuple[Refreshed, ActiveQueues | None]:
            known = active
            if ask_workers:
                fresh, _error = inspector.active_queues(ACTIVE_QUEUES_TIMEOUT)
                known = fresh if fresh is not None else active
            snapshot = inspector.snapshot(known, sent_time=sent_time, rediscover=force)
            peek = inspector.peek(selected, count) if selected and snapshot.error is None else None
            return Refreshed(url, snapshot, peek), known if ask_workers else None

        self._runner.submit(work, self._on_runner_done, self._on_runner_error)

    def _current_inspector(self) -> QueueInspector | None:
        url = self._url_provider() or None
        if url != self._url:
            self._drop_inspector()
            self._url = url
            self._active, self._active_at = None, float("-inf")
            if url:
                self._inspector = QueueInspector(url)
            self.url_changed.emit(url)
        return self._inspector

    @Slot(object)
    def _on_runner_done(self, outcome: tuple[Refreshed, ActiveQueues | None]) -> None:
        result, asked = outcome
        self._busy = False
        if asked is not None:
            self._active, self._active_at = asked, time.monotonic()
        if result.url == self._url:
            self.refreshed.emit(result)
        self._maybe_again()

    @Slot(object)
    def _on_runner_error(self, exc: BaseException) -> None:
        self._busy = False
        self.failed.emit(f"{type(exc).__name__}: {exc}")
        self._maybe_again()

    def _maybe_again(self) -> None:
        if self._again is not None:
            selected, count, force = self._again
            self._again = None
            self.request(selected, count, force)

    def _drop_inspector(self, wait: bool = False) -> None:
        inspector, self._inspector = self._inspector, None
        if inspector is None:
            return
        if wait:
            inspector.close()
        else:
            threading.Thread(target=inspector.close, name="queues-close", daemon=True).start()

    def shutdown(self, wait: bool = False) -> None:
        """Close the broker connection (on a thread unless ``wait``); requests start afresh."""
        self._drop_inspector(wait)
        self._url = None
