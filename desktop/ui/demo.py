"""``celery-desk --demo``: local broker, demo worker and beat, and a trickle of tasks."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Slot

from desktop.core.demo_trickle import DemoTrickle
from desktop.core.processes.presets import DEMO_BEAT, DEMO_WORKER
from desktop.core.schedules.sample import ensure_sample_schedule
from desktop.ui.context import AppContext

log = logging.getLogger("celery_desk.demo")


class DemoRunner(QObject):
    """Once the local broker answers, starts the demo worker, beat and task trickle."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._trickle: DemoTrickle | None = None
        self._started = False
        ctx.local_broker.ready.connect(self._on_local_broker_ready)
        beat = ctx.presets.get(DEMO_BEAT)
        if beat is not None and beat.schedule_path:
            # Before any window reads it, so the Schedules page opens on the sample.
            ensure_sample_schedule(beat.schedule_path)

    def start(self) -> None:
        self._ctx.local_broker.start_and_connect()

    @Slot(str)
    def _on_local_broker_ready(self, url: str) -> None:
        if self._started:
            return
        self._started = True
        for name in (DEMO_WORKER, DEMO_BEAT):
            spec = self._ctx.presets.get(name)
            if spec is None:
                log.error("Demo preset %r is missing", name)
                continue
            self._ctx.supervisor.start(spec, url)
        self._trickle = DemoTrickle(url)
        self._trickle.start()
        log.info("Demo running: worker, beat and a trickle of tasks on %s", url)

    def stop(self) -> None:
        if self._trickle is not None:
            self._trickle.stop()
