"""Named worker, beat, broker and custom children: start, stop, restart, auto-restart.

The supervisor is the single owner of the app's children. It never blocks the GUI:
``stop_all`` returns at once and reports ``all_stopped``; only ``kill_all_now`` waits, and
only for the app's exit path (see ``desktop.ui.processes.shutdown``).

A user project's worker or beat (and the local broker) runs behind a relay, so that the
user may leave it running when the app quits (``leave_running``). On creation the
supervisor adopts what an earlier session left running: such an entry runs an
``AdoptedProcess`` until it is stopped, and a restart starts a normal child in its place.
"""

from __future__ import annotations

import logging
import time
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.i18n import translate
from desktop.core.processes.backoff import BackoffPolicy
from desktop.core.processes.detached import DetachedRegistry, new_run_dir, remove_run_dir
from desktop.core.processes.logs import LogBuffer, LogLevel, LogLine
from desktop.core.processes.spec import (
    Command,
    ProcessKind,
    ProcessSpec,
    SpecError,
    build_command,
)
from desktop.ui.processes import leaving
from desktop.ui.processes.adopted import AdoptedProcess
from desktop.ui.processes.child import ChildProcess
from desktop.ui.processes.guiprocess import GuiProcess, ProcessOutcome, ProcessState, RelayRun
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
        registry: DetachedRegistry | None = None,
    ) -> None:
        super().__init__(parent)
        self.policy = policy if policy is not None else BackoffPolicy()
        self.log_lines = log_lines
        self.registry = registry if registry is not None else DetachedRegistry()
        # Set once the user answered the quit question (or a quit signal decided for them):
        # the window does not ask again.
        self.quit_decided = False
        self._entries: dict[str, ManagedProcess] = {}
        self._stopping_all = False
        self._stop_all_grace: float | None = None
        register_supervisor(self)
        self._adopt_left_running()

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
        """Some child that ends with the app is starting, running or stopping (a process
        adopted from an earlier session and still meant to be left running is not)."""
        return any(_ends_with_app(entry) for entry in self._entries.values())

    def any_process_active(self) -> bool:
        """Some child, left running or not, is starting, running or stopping."""
        return any(entry.state.is_active for entry in self._entries.values())

    def has_running(self) -> bool:
        """Some child that ends with the app is starting, running or stopping."""
        return self.any_active()

    def project_processes_running(self) -> list[str]:
        """The names of the user project's workers and beats that are active: the ones the
        quit question asks about (adopted ones included)."""
        return [
            entry.name
            for entry in self._entries.values()
            if entry.detachable and entry.state in (ProcessState.STARTING, ProcessState.RUNNING)
        ]

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
            text = translate("Supervisor", "{0} is already {1}")
            raise RuntimeError(text.format(spec.name, entry.state.label))
        if entry is None:
            entry = self._add(spec, GuiProcess(spec.name, LogBuffer(self.log_lines), self))
        else:
            self._cancel_restart(entry)
            entry.spec = spec
            entry.tracker.reset()  # started by hand: earlier crashes no longer count
        entry.broker_url = broker_url
        entry.note = ""
        self._stopping_all = False
        self._start_process(entry, command)
        return entry

    def stop(self, name: str, grace: float | None = None) -> None:
        """Stop ``name`` (SIGTERM, then kill after ``grace``); cancels a pending restart."""
        entry = self._entries.get(name)
        if entry is None:
            return
        entry.pending_restart = False
        if self._cancel_restart(entry):
            entry.note = translate("Supervisor", "restart cancelled")
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
        if spec is None and entry.adopted:
            # Its record keeps where it ran, not how: only its preset can say.
            text = translate(
                "Supervisor", "{0} was left running by an earlier session and has no preset"
            )
            raise ValueError(text.format(name))
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
        self._keep_local_broker_if_needed()
        self._stopping_all = True
        self._stop_all_grace = grace
        for entry in self._entries.values():
            entry.pending_restart = False
            self._cancel_restart(entry)
            if entry.spec.kind is not ProcessKind.BROKER and _ends_with_app(entry):
                entry.process.stop(self._grace(entry, grace))
        self._continue_stop_all()

    def _continue_stop_all(self) -> None:
        if not self._stopping_all:
            return
        clients_active = any(
            _ends_with_app(entry) and entry.spec.kind is not ProcessKind.BROKER
            for entry in self._entries.values()
        )
        if not clients_active:
            for entry in self._entries.values():
                if _ends_with_app(entry) and entry.state is not ProcessState.STOPPING:
                    entry.process.stop(self._grace(entry, self._stop_all_grace))
        if not self.any_active():
            self._stopping_all = False
            self.all_stopped.emit()

    # -- quitting with a user project's processes running ------------------------------------

    def leave_running(self, names: list[str]) -> list[str]:
        """Let ``names`` outlive the app (and the local broker, if one of them uses it).

        Returns the names that will be left running; any other still stops with the app
        (e.g. one whose keeper had not started it yet). Call before ``stop_all``, which
        then ends only their relays.
        """
        left = leaving.leave_running(self._entries, names, self.registry)
        for name in names:
            self.process_state_changed.emit(name)
        self._keep_local_broker_if_needed()
        return left

    def stop_on_quit(self, names: list[str]) -> None:
        """Make adopted ``names`` stop with the app after all (the quit question's Stop)."""
        for name in names:
            entry = self._entries.get(name)
            if entry is not None and entry.adopted:
                entry.keep_on_quit = False

    def _keep_local_broker_if_needed(self) -> None:
        leaving.keep_local_broker_if_needed(list(self._entries.values()), self.registry)

    def kill_all_now(self, timeout: float = 2.0) -> None:
        """Last resort at interpreter exit: SIGTERM all, wait up to ``timeout`` s, then kill.

        Blocks (up to ``timeout`` plus about a second per child still refusing to die):
        only for the aboutToQuit/atexit path, when the event loop no longer runs.
        """
        self._keep_local_broker_if_needed()
        live = [
            entry
            for entry in self._entries.values()
            if shiboken6.isValid(entry.process) and _ends_with_app(entry)
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

    def _add(self, spec: ProcessSpec, process: ChildProcess) -> ManagedProcess:
        entry = ManagedProcess(spec, process, self.policy)
        self._entries[spec.name] = entry
        self._connect(spec.name, process)
        self.process_added.emit(spec.name)
        return entry

    def _connect(self, name: str, process: ChildProcess) -> None:
        process.state_changed.connect(partial(self._on_process_state_changed, name))
        process.output_received.connect(partial(self._on_process_output_received, name))
        process.finished.connect(partial(self._on_process_finished, name))

    def _start_process(self, entry: ManagedProcess, command: Command) -> None:
        """Start ``command`` for ``entry``: in a new GuiProcess if an adopted one ran before,
        behind a relay if it may be left running."""
        if not isinstance(entry.process, GuiProcess):
            old = entry.process
            entry.process = GuiProcess(entry.name, old.buffer, self)
            self._connect(entry.name, entry.process)
            old.deleteLater()
        entry.keep_on_quit = False
        entry.uses_local_broker = False
        relay = None
        if leaving.is_relayed(entry.spec):
            try:
                relay = RelayRun(new_run_dir(entry.name), self._grace(entry, None))
            except OSError as exc:
                log.warning("%s runs without a relay (cannot be left running): %s", entry.name, exc)
        entry.process.start(command, relay)

    def _adopt_left_running(self) -> None:
        for spec, record in leaving.adopt(self.registry):
            if spec.name in self._entries:
                continue
            process = AdoptedProcess(record, LogBuffer(self.log_lines), self)
            entry = self._add(spec, process)
            # A broker stays only as long as a worker left running needs it.
            entry.keep_on_quit = spec.kind is not ProcessKind.BROKER
            entry.uses_local_broker = record.uses_local_broker
            log.info("%s: adopted (left running by an earlier session)", spec.name)

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
        self._clean_up_run(entry)
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
            entry.note = translate("Supervisor", "not restarted: {0}").format(exc)
            entry.process.add_note(entry.note, LogLevel.ERROR)
            self.process_state_changed.emit(entry.name)
            return
        entry.note = ""
        self._start_process(entry, command)

    def _clean_up_run(self, entry: ManagedProcess) -> None:
        process = entry.process
        if isinstance(process, AdoptedProcess):
            leaving.forget(process, entry.spec.kind, self.registry)
            entry.keep_on_quit = False
        elif isinstance(process, GuiProcess) and process.relay and not process.detached:
            remove_run_dir(process.relay.run_dir)  # the keeper's job, unless it was killed


def _ends_with_app(entry: ManagedProcess) -> bool:
    """Active, and stopped when the app quits (the relay of a run left running is: the
    run itself goes on without it)."""
    return entry.state.is_active and not (entry.adopted and entry.keep_on_quit)
