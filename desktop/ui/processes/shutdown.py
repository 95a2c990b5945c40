"""Leaving no child behind when the app ends.

Three exits, three answers:
- a normal quit: the window calls ``Supervisor.stop_all`` and quits on ``all_stopped``;
- SIGTERM/SIGINT to the app: ``QuitSignalHandler`` does the same, and a second signal
  kills the children at once;
- the interpreter exiting anyway (an exception, ``sys.exit``): an ``atexit`` hook kills
  what is still running. A crash of the app itself is covered by the children's own
  parent-death guard (``desktop.core.processes.guard``), and for relayed children by the
  relay seeing its stdin close (``desktop.core.processes.relay``).

"Children" never includes what the user chose to leave running (the quit question): those
were let go before any of this runs, and a quit signal leaves them as they are.
"""

from __future__ import annotations

import atexit
import logging
import signal
import socket
import weakref
from collections.abc import Callable
from types import FrameType
from typing import Protocol

import shiboken6
from PySide6.QtCore import QObject, QSocketNotifier, SignalInstance, Slot

log = logging.getLogger("celery_desk.processes")


class ChildSupervisor(Protocol):
    """What the exit paths use of :class:`~desktop.ui.processes.supervisor.Supervisor`.

    A protocol, not the class: the supervisor registers itself here when it is created, so
    this module sits below it and cannot import it.
    """

    # True once the quit question was answered: the window does not ask it again.
    quit_decided: bool

    @property
    def all_stopped(self) -> SignalInstance: ...

    def any_active(self) -> bool: ...

    def stop_all(self, grace: float | None = None) -> None: ...

    def kill_all_now(self, timeout: float = 2.0) -> None: ...


_live_supervisors: weakref.WeakSet[ChildSupervisor] = weakref.WeakSet()


def register_supervisor(supervisor: ChildSupervisor) -> None:
    """Have ``supervisor``'s children killed at interpreter exit if still running."""
    _live_supervisors.add(supervisor)


@atexit.register
def kill_all_at_exit() -> None:
    for supervisor in list(_live_supervisors):
        if not shiboken6.isValid(supervisor):
            continue  # Qt already destroyed it, and its QProcesses killed their children
        try:
            if supervisor.any_active():
                log.warning("killing children still running at exit")
                supervisor.kill_all_now()
        except RuntimeError:  # a C++ object went away while we looked
            log.debug("supervisor vanished during exit", exc_info=True)


class QuitSignalHandler(QObject):
    """SIGTERM and SIGINT stop the children gracefully, then call ``quit_app``.

    Python runs signal handlers only when it gets control, which a Qt event loop rarely
    gives it; ``signal.set_wakeup_fd`` plus a socket notifier wakes the loop instead.
    A second signal while stopping kills the children and quits at once.
    """

    def __init__(
        self,
        supervisor: ChildSupervisor,
        quit_app: Callable[[], None],
        grace: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._supervisor = supervisor
        self._quit_app = quit_app
        self._grace = grace
        self._stopping = False
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous_handlers = {
            sig: signal.signal(sig, _note_signal) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)

    def uninstall(self) -> None:
        """Give the signals back to whoever had them."""
        self._notifier.setEnabled(False)
        for sig, handler in self._previous_handlers.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()

    @Slot()
    def _on_notifier_activated(self) -> None:
        try:
            received = self._reader.recv(64)
        except BlockingIOError:
            return
        for number in received:
            if number in (signal.SIGTERM, signal.SIGINT):
                self._on_quit_signal(signal.Signals(number))

    def _on_quit_signal(self, sig: signal.Signals) -> None:
        if self._stopping:
            log.warning("%s again: killing the children now", sig.name)
            self._supervisor.kill_all_now(timeout=0.5)
            self._quit_app()
            return
        log.info("%s received: stopping the children, then quitting", sig.name)
        self._stopping = True
        # Nobody to ask: what was left running before stays so, the rest stops.
        self._supervisor.quit_decided = True
        self._supervisor.all_stopped.connect(self._on_supervisor_all_stopped)
        self._supervisor.stop_all(self._grace)

    @Slot()
    def _on_supervisor_all_stopped(self) -> None:
        self._quit_app()


def _note_signal(_signum: int, _frame: FrameType | None) -> None:
    """The Python-level handler does nothing: the wakeup fd carries the signal number."""
