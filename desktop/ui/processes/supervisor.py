"""Named worker, beat, broker and custom children: start, stop, restart, auto-restart.

The supervisor is the single owner of the app's children. It never blocks the GUI:
``stop_all`` returns at once and reports ``all_stopped``; only ``kill_all_now`` waits, and
only for the app's exit path (see ``desktop.ui.processes.shutdown``).
"""

from __future__ import annotations

import logging
import time
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.processes.backoff import BackoffPolicy
from desktop.core.processes.logs import LogBuffer, LogLevel, LogLine
from desktop.core.processes.spec import (
    Command,
    ProcessKind,
    ProcessSpec,
    SpecError,
    build_command,
)
from desktop.ui.processes.guiprocess import GuiProcess, ProcessOutcome, ProcessState
from desktop.ui.processes.managed import GRACE_BY_KIND, ManagedProcess
from desktop.ui.processes.shutdown import register_supervisor

__all__ = ["GRACE_BY_KIND", "ManagedProcess", "Supervisor"]

log = logging.getLogger("celery_desk.processes")


class Supervisor(QObject):
    """Owns the app's children by name.

    Signals:
        process_added(str): a new name appeared (its row goes at the end).
        process_removed(str): a stopped name was removed.
        process_state_changed(str): state, pid, outcome or note of a name changed.
        process_output(str, list): new ``LogLine`` objects of a name.
        all_stopped(): after ``stop_all``, once no child is active.
    """

    process_added = Signal(str)
    process_removed = Signal(str)
    process_state_changed = Signal(str)
    process_output = Signal(str, list)
    all_stopped = Signal()

    def __init__(
        self,
        policy: BackoffPolicy | None = None,
        log_lines: int = 10_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.policy = policy if policy is not None else BackoffPolicy()
        self.log_lines = log_lines
        self._entries: dict[str, ManagedProcess] = {}
        self._stopping_all = False
        self._stop_all_grace: float | None = None
        register_supervisor(self)

    # -- reading ---------------------------------------------------------------------------

    def processes(self) -> list[ManagedProcess]:
        return list(self._entries.values())

    def names(self) -> list[str]:
        return list(self._entries)

    def get(self, name: str) -> ManagedProcess | None:
        return self._entries.get(name)

    def process(self, name: str) -> ManagedProcess | None:
        return self._entries.get(name)

    def any_active(self) -> bool:
        return any(entry.state.is_active for entry in self._entries.values())

    def has_running(self) -> bool:
        """Some child is starting, running or stopping."""
        return self.any_active()

    def has_transitions(self) -> bool:
        """Some child is between states (starting or stopping)."""
        busy = (ProcessState.STARTING, ProcessState.STOPPING)
        return any(entry.state in busy for entry in self._entries.values())

    # -- control ---------------------------------------------------------------------------

    def start(self, spec: ProcessSpec, broker_url: str | None) -> ManagedProcess:
        """Start ``spec`` under its name; raises SpecError, or RuntimeError if it runs."""
        return self.launch(spec, build_command(spec, broker_url), broker_url)

    def launch(
        self, spec: ProcessSpec, command: Command, broker_url: str | None = None
    ) -> ManagedProcess:
        """Start an already built command under ``spec``'s name and restart policy."""
        entry = self._entries.get(spec.name)
        if entry is not None and entry.state.is_active:
            raise RuntimeError(f"{spec.name} is already {entry.state.value}")
        if entry is None:
            process = GuiProcess(spec.name, LogBuffer(self.log_lines), self)
            entry = ManagedProcess(spec, process, self.policy)
            self._entries[spec.name] = entry
            process.state_changed.connect(partial(self._on_process_state_changed, spec.name))
            process.output_received.connect(partial(self._on_process_output_received, spec.name))
            process.finished.connect(partial(self._on_process_finished, spec.name))
            self.process_added.emit(spec.name)
        else:
            self._cancel_restart(entry)
            entry.spec = spec
            entry.tracker.reset()  # started by hand: earlier crashes no longer count
        entry.broker_url = broker_url
        entry.note = ""
        self._stopping_all = False
        entry.process.start(command)
        return entry

    def stop(self, name: str, grace: float | None = None) -> None:
        """Stop ``name`` (SIGTERM, then kill after ``grace``); cancels a pending restart."""
        entry = self._entries.get(name)
        if entry is None:
            return
        entry.pending_restart = False
        if self._cancel_restart(entry):
            entry.note = "restart cancelled"
            self.process_state_changed.emit(name)
        entry.process.stop(self._grace(entry, grace))

    def restart(
        self, name: str, spec: ProcessSpec | None = None, broker_url: str | None = None
    ) -> None:
        """Stop (if active) and start again, with a new spec or broker URL when given.

        Raises SpecError at once if the spec cannot be built; a running process is then
        left alone.
        """
        entry = self._entries.get(name)
        if entry is None:
            raise KeyError(name)
        if spec is not None:
            if spec.name != name:
                raise ValueError("restart cannot rename a process")
            entry.spec = spec
        if broker_url is not None:
            entry.broker_url = broker_url
        command = build_command(entry.spec, entry.broker_url)  # fail before stopping
        entry.tracker.reset()
        self._cancel_restart(entry)
        if entry.state.is_active:
            entry.pending_restart = True
            entry.process.stop(self._grace(entry, None))
            return
        entry.restarts += 1
        self.launch(entry.spec, command, entry.broker_url)

    def remove(self, name: str) -> None:
        """Forget a name that is not active (its log goes with it)."""
        entry = self._entries.get(name)
        if entry is None:
            return
        if entry.state.is_active:
            raise RuntimeError(f"stop {name} before removing it")
        self._cancel_restart(entry)
        del self._entries[name]
        entry.process.deleteLater()
        self.process_removed.emit(name)

    def stop_all(self, grace: float | None = None) -> None:
        """Stop every child without blocking; ``all_stopped`` follows (at once if none).

        Brokers go last: a worker in warm shutdown still needs its broker to ack and
        requeue, and beat to flush its state.
        """
        self._stopping_all = True
        self._stop_all_grace = grace
        for entry in self._entries.values():
            entry.pending_restart = False
            self._cancel_restart(entry)
            if entry.spec.kind is not ProcessKind.BROKER:
                entry.process.stop(self._grace(entry, grace))
        self._continue_stop_all()

    def _continue_stop_all(self) -> None:
        if not self._stopping_all:
            return
        clients_active = any(
            entry.state.is_active and entry.spec.kind is not ProcessKind.BROKER
            for entry in self._entries.values()
        )
        if not clients_active:
            for entry in self._entries.values():
                if entry.state.is_active and entry.state is not ProcessState.STOPPING:
                    entry.process.stop(self._grace(entry, self._stop_all_grace))
        if not self.any_active():
            self._stopping_all = False
            self.all_stopped.emit()

    def kill_all_now(self, timeout: float = 2.0) -> None:
        """Last resort at interpreter exit: SIGTERM all, wait up to ``timeout`` s, then kill.

        Blocks (up to ``timeout`` plus about a second per child still refusing to die):
        only for the aboutToQuit/atexit path, when the event loop no longer runs.
        """
        live = [
            entry
            for entry in self._entries.values()
            if shiboken6.isValid(entry.process) and entry.state.is_active
        ]
        for entry in live:
            self._cancel_restart(entry)
            entry.pending_restart = False
        self._stopping_all = True
        for entry in live:
            entry.process.stop(grace=3600)  # the timer never fires: we kill below
        deadline = time.monotonic() + timeout
        for entry in live:
            remaining = max(0.0, deadline - time.monotonic())
            entry.process.wait_for_end(remaining)
        for entry in live:
            entry.process.kill_now(timeout=1.0)

    # -- internals -------------------------------------------------------------------------

    def _grace(self, entry: ManagedProcess, grace: float | None) -> float:
        return grace if grace is not None else GRACE_BY_KIND[entry.spec.kind]

    def _cancel_restart(self, entry: ManagedProcess) -> bool:
        timer = entry.restart_timer
        entry.restart_timer = None
        if timer is None:
            return False
        timer.stop()
        timer.deleteLater()
        return True

    def _on_process_state_changed(self, name: str, _state: ProcessState) -> None:
        self.process_state_changed.emit(name)

    def _on_process_output_received(self, name: str, lines: list[LogLine]) -> None:
        self.process_output.emit(name, lines)

    def _on_process_finished(self, name: str, outcome: ProcessOutcome) -> None:
        entry = self._entries.get(name)
        if entry is None:
            return
        if entry.pending_restart and not self._stopping_all:
            entry.pending_restart = False
            entry.restarts += 1
            self._relaunch(entry)
        elif (
            outcome.state is ProcessState.CRASHED
            and entry.spec.auto_restart
            and not self._stopping_all
        ):
            self._schedule_restart(entry, outcome)
        self._continue_stop_all()

    def _schedule_restart(self, entry: ManagedProcess, outcome: ProcessOutcome) -> None:
        decision = entry.tracker.record_crash(time.monotonic(), outcome.ran_for)
        entry.note = decision.reason
        entry.process.add_note(decision.reason, LogLevel.WARNING)
        if decision.delay is not None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(partial(self._on_restart_timer_timeout, entry.name))
            entry.restart_timer = timer
            timer.start(int(decision.delay * 1000))
        else:
            log.warning("%s: %s", entry.name, decision.reason)
        self.process_state_changed.emit(entry.name)

    def _on_restart_timer_timeout(self, name: str) -> None:
        entry = self._entries.get(name)
        if entry is None or entry.restart_timer is None:
            return
        self._cancel_restart(entry)
        entry.restarts += 1
        self._relaunch(entry)

    def _relaunch(self, entry: ManagedProcess) -> None:
        try:
            command = build_command(entry.spec, entry.broker_url)
        except SpecError as exc:
            entry.note = f"not restarted: {exc}"
            entry.process.add_note(entry.note, LogLevel.ERROR)
            self.process_state_changed.emit(entry.name)
            return
        entry.note = ""
        entry.process.start(command)
