"""One supervised name: its spec, its current process (started here, or adopted) and its
restart bookkeeping."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from desktop.core.processes.backoff import BackoffPolicy, RestartTracker
from desktop.core.processes.logs import LogBuffer, LogLine
from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.processes.child import ChildProcess
from desktop.ui.processes.outcome import ProcessOutcome, ProcessState

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

    def __init__(self, spec: ProcessSpec, process: ChildProcess, policy: BackoffPolicy) -> None:
        self.spec = spec
        self.process = process
        # Not stopped when the app quits: adopted from an earlier session, or left running
        # by the user's answer to the quit question.
        self.keep_on_quit = False
        # Its broker is the app's local broker, which must then outlive the app with it.
        self.uses_local_broker = False
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
        """The program's pid while it is active (behind a relay: the program's, not the
        relay's)."""
        return self.process.target_pid

    @property
    def detachable(self) -> bool:
        """A user project's worker or beat: the quit question asks about these."""
        return not self.spec.is_demo and self.spec.kind in (ProcessKind.WORKER, ProcessKind.BEAT)

    @property
    def adopted(self) -> bool:
        """Left running by an earlier session and picked up again."""
        return self.process.adopted

    @property
    def survives_quit(self) -> bool:
        """It goes on after the app quits: left running now, or adopted and still kept."""
        return self.keep_on_quit if self.process.adopted else self.process.detached

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
