"""Periodically ask every worker to send task events (``app.control.enable_events()``).

Workers started without ``-E`` send heartbeats but no task events; the ``enable_events``
broadcast turns them on until that worker restarts, so it is repeated (Flower does it every
5 s) to catch workers started later. The broadcast expects no reply and runs in its own
thread; a failure (broker down) is logged, kept in :attr:`EventsEnabler.last_error` and
retried at the next interval.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from celery import Celery

log = logging.getLogger("desktop.events")


class EventsEnabler(threading.Thread):
    """Broadcasts ``enable_events`` every ``interval`` seconds while :attr:`enabled`."""

    def __init__(self, app: Celery, interval: float = 5.0, enabled: bool = True) -> None:
        super().__init__(name="enable-events", daemon=True)
        if interval <= 0:
            raise ValueError("the enable-events interval must be positive")
        self._app = app
        self.interval = interval
        self._enabled = threading.Event()
        if enabled:
            self._enabled.set()
        self._halt = threading.Event()
        self._wake = threading.Event()
        self.broadcasts = 0
        self.failures = 0
        self.last_error: str | None = None
        self.last_sent: float | None = None

    @property
    def enabled(self) -> bool:
        return self._enabled.is_set()

    def set_enabled(self, enabled: bool) -> None:
        """Switch the broadcast on or off; switching on broadcasts at once."""
        if enabled:
            self._enabled.set()
            self._wake.set()
        else:
            self._enabled.clear()

    def stop(self, timeout: float = 2.0) -> bool:
        self._halt.set()
        self._wake.set()
        if self.is_alive():
            self.join(timeout)
        return not self.is_alive()

    def run(self) -> None:
        while not self._halt.is_set():
            if self._enabled.is_set():
                self.broadcast_once()
            self._wake.wait(self.interval)
            self._wake.clear()

    def broadcast_once(self) -> bool:
        """One broadcast, now, in the calling thread; True when it was published."""
        try:
            self._app.control.enable_events()
        except Exception as exc:  # broker unreachable or misconfigured: try again later
            self.failures += 1
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.debug("enable_events broadcast failed: %s", self.last_error)
            return False
        self.broadcasts += 1
        self.last_sent = time.time()
        self.last_error = None
        return True
