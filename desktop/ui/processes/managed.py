"""One supervised name: its spec, its current ``GuiProcess`` and its restart bookkeeping."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from desktop.core.processes.backoff import BackoffPolicy, RestartTracker
from desktop.core.processes.logs import LogBuffer, LogLine
from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.processes.guiprocess import GuiProcess, ProcessOutcome, ProcessState

# How long each kind gets to stop before it is killed: a worker finishes its current
# tasks in warm shutdown, which may take a while.
GRACE_BY_KIND = {
    ProcessKind.WORKER: 15.0,
    ProcessKind.BEAT: 5.0,
    ProcessKind.BROKER: 5.0,
    ProcessKind.CUSTOM: 5.0,
}


class ManagedProcess:
    """One supervised name: its spec, its process, and its restart bookkeeping."""

    def __init__(self, spec: ProcessSpec, process: GuiProcess, policy: BackoffPolicy) -> None:
        self.spec = spec
        self.process = process
        self.restarts = 0
        self.note = ""  # what the supervisor is doing about it: "restarting in 4 s"
        self.tracker = RestartTracker(policy)
        self.restart_timer: QTimer | None = None
        # Held in memory only, for restarts; it may contain a password.
        self.broker_url: str | None = None
        self.pending_restart = False

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def state(self) -> ProcessState:
        return self.process.state

    @property
    def pid(self) -> int | None:
        """The child's pid while it is active."""
        return self.process.pid

    @property
    def outcome(self) -> ProcessOutcome | None:
        return self.process.outcome

    @property
    def buffer(self) -> LogBuffer:
        return self.process.buffer

    def is_running(self) -> bool:
        """Active: starting, running or stopping."""
        return self.process.state.is_active

    def last_lines(self, count: int) -> list[LogLine]:
        lines = self.process.buffer.lines()
        return lines[-count:] if count > 0 else []

    def status_text(self) -> str:
        """The last outcome and what happens next, for people."""
        parts = []
        if self.outcome is not None:
            parts.append(self.outcome.describe())
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)
