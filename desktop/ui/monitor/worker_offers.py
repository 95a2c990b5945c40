"""What each worker offers the action forms: its registered task names and active queues.

Filled from the worker detail panel's ``inspect`` reports as they load; for workers not
inspected yet, :meth:`WorkerOffers.learn` asks them (``registered`` and ``active_queues``)
off the GUI thread, a few at a time, and says so with ``learned``.

Signals:
    learned(): new names arrived (forms refill their choices).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from desktop.core.control.catalog import queue_names, task_names
from desktop.core.inspect import InspectReport, WorkerInspector
from desktop.ui.background import BackgroundRunner

#: Workers asked at once when a form opens on many of them.
LEARN_AT_MOST = 8
CALLS = ("registered", "active_queues")


class WorkerOffers(QObject):
    """Task and queue names per worker hostname (see the module docstring)."""

    learned = Signal()

    def __init__(
        self, runner: BackgroundRunner, timeout: float = 2.0, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.timeout = timeout
        self._inspector: WorkerInspector | None = None
        self._tasks: dict[str, tuple[str, ...]] = {}
        self._queues: dict[str, tuple[str, ...]] = {}
        self._learning = False

    def set_inspector(self, inspector: WorkerInspector | None, forget: bool) -> None:
        """The inspector to ask through; ``forget`` drops what is known (another broker)."""
        self._inspector = inspector
        if forget:
            self._tasks.clear()
            self._queues.clear()

    def tasks(self, hosts: Iterable[str]) -> list[str]:
        """The task names registered on any of ``hosts``, sorted."""
        return sorted({name for host in hosts for name in self._tasks.get(host, ())})

    def queues(self, hosts: Iterable[str]) -> list[str]:
        """The queues any of ``hosts`` consumes, sorted."""
        return sorted({name for host in hosts for name in self._queues.get(host, ())})

    def forget_queues(self, hosts: Iterable[str]) -> None:
        """Their queues changed (a consumer added or cancelled): ask again next time."""
        for host in hosts:
            self._queues.pop(host, None)

    def take_report(self, report: InspectReport) -> None:
        host = report.hostname
        registered = report.results.get("registered")
        if registered is not None and registered.ok:
            self._tasks[host] = task_names({host: registered.reply})
        queues = report.results.get("active_queues")
        if queues is not None and queues.ok:
            self._queues[host] = queue_names({host: queues.reply})

    def learn(self, hosts: list[str]) -> None:
        """Ask (off the GUI thread) those of ``hosts`` whose names are not known yet."""
        inspector = self._inspector
        known = self._tasks.keys() & self._queues.keys()
        missing = [h for h in hosts if h not in known][:LEARN_AT_MOST]
        if inspector is None or not missing or self._learning:
            return
        self._learning = True
        timeout = self.timeout
        self._runner.submit(
            lambda: [inspector.inspect(h, CALLS, timeout=timeout) for h in missing],
            self._on_learned,
            self._on_learn_failed,
        )

    def _on_learned(self, reports: list[InspectReport]) -> None:
        self._learning = False
        for report in reports:
            self.take_report(report)
        self.learned.emit()

    def _on_learn_failed(self, _exc: BaseException) -> None:
        self._learning = False
