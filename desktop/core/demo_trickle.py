"""A trickle of demo tasks for ``celery-desk --demo``: successes, failures, retries, progress.

Runs on its own thread because sending talks to the broker; the GUI only starts and stops it.
"""

from __future__ import annotations

import itertools
import logging
import random
import threading
from collections.abc import Iterator
from typing import Any

log = logging.getLogger("celery_desk.demo")

# (task, args) in the order they are sent; the cycle repeats with fresh numbers.
_MIX: tuple[str, ...] = ("add", "add", "slow", "add", "fail", "add", "flaky", "test")


def _args_for(name: str, rng: random.Random) -> list[Any]:
    if name == "add":
        return [rng.randint(1, 99), rng.randint(1, 99)]
    if name == "slow":
        return [round(rng.uniform(2.0, 6.0), 1)]
    if name == "fail":
        return [rng.choice(["disk full", "upstream timed out", "invalid invoice id"])]
    if name == "flaky":
        return [rng.randint(1, 3)]
    return [f"hello #{rng.randint(1, 9999)}"]


class DemoTrickle:
    """Sends one demo task every ``interval`` seconds until :meth:`stop`."""

    def __init__(self, broker_url: str, interval: float = 1.5, seed: int | None = None) -> None:
        self._broker_url = broker_url
        self._interval = interval
        self._rng = random.Random(seed)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.sent = 0

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="demo-trickle", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _plan(self) -> Iterator[tuple[str, list[Any]]]:
        for name in itertools.cycle(_MIX):
            yield f"celery_desk_demo.tasks.{name}", _args_for(name, self._rng)

    def _run(self) -> None:
        from celery_desk_demo.config import build_settings
        from celery_desk_demo.factory import create_app

        settings = build_settings()
        settings.update(broker_url=self._broker_url, result_backend=self._broker_url)
        app = create_app(settings, main="celery-desk-demo")
        try:
            for task, args in self._plan():
                if self._stop.wait(self._interval):
                    return
                try:
                    app.send_task(task, args=args)
                    self.sent += 1
                except Exception as exc:  # the broker may be restarting: keep trickling
                    log.warning("Demo trickle could not send %s: %s", task, exc)
        finally:
            app.close()
