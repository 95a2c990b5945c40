"""What the supervisor knows of any child: state, output, outcome, and how to stop it.

Two kinds share it: :class:`~desktop.ui.processes.guiprocess.GuiProcess` (a QProcess the
app started) and :class:`~desktop.ui.processes.adopted.AdoptedProcess` (a process left
running by an earlier session, picked up again).
"""

from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from desktop.core.processes.logs import LogBuffer, LogLevel
from desktop.core.processes.spec import Command
from desktop.ui.processes.outcome import ProcessOutcome, ProcessState


class ChildProcess(QObject):
    """A supervised child process.

    Signals:
        state_changed(object): the new ``ProcessState``.
        output_received(list): new ``LogLine`` objects, in order.
        finished(object): the ``ProcessOutcome`` of the run that just ended.
    """

    state_changed = Signal(object)
    output_received = Signal(list)
    finished = Signal(object)

    def __init__(
        self, name: str = "process", buffer: LogBuffer | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.buffer = buffer if buffer is not None else LogBuffer()
        self.command: Command | None = None
        self.outcome: ProcessOutcome | None = None
        self.last_pid: int | None = None
        self.started_at: datetime | None = None
        # True once the process no longer dies with the app: left running at quit, or
        # adopted from an earlier session. Its descendants are then never ours to kill.
        self.detached = False
        self._state = ProcessState.NOT_STARTED
        self._started_monotonic: float | None = None

    @property
    def state(self) -> ProcessState:
        return self._state

    @property
    def pid(self) -> int | None:
        """The child's pid while it is active."""
        return self.last_pid if self._state.is_active else None

    @property
    def target_pid(self) -> int | None:
        """The pid of the program itself (not of a relay in front of it), while active."""
        return self.pid

    @property
    def adopted(self) -> bool:
        return False

    def uptime(self) -> float | None:
        """Seconds since it started, while it is active."""
        if self._started_monotonic is None or not self._state.is_active:
            return None
        return time.monotonic() - self._started_monotonic

    def _set_state(self, state: ProcessState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)

    def add_note(self, text: str, level: LogLevel | None = None) -> None:
        """A supervisor remark in this process's log (restarts, give-ups)."""
        self.output_received.emit([self.buffer.append_note(text, level)])

    # -- control: each kind implements these -------------------------------------------------

    def stop(self, grace: float = 10.0) -> None:
        """Ask the child to stop (SIGTERM); kill it if still running after ``grace`` s."""
        raise NotImplementedError

    def kill_now(self, timeout: float = 2.0) -> None:
        """Kill at once and wait up to ``timeout`` s: blocks, so only for app exit."""
        raise NotImplementedError

    def wait_for_end(self, timeout: float) -> bool:
        """Block up to ``timeout`` s for the child to end: only for app exit, never the GUI."""
        raise NotImplementedError
