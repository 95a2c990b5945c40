"""One child process, watched from the GUI thread without ever blocking it.

Wraps ``QProcess``: stdout and stderr are read as they arrive, decoded as UTF-8 (a
character split across reads is kept whole), joined into lines in a ``LogBuffer``, and
handed on as ``output_received``. ``stop`` sends SIGTERM and kills after a grace timer
(a Celery worker in warm shutdown ignores a second SIGTERM: docs/facts.md). Every end is
summed up in a typed ``ProcessOutcome``.

Started with a ``RelayRun``, the program runs behind a relay and keeper
(:mod:`desktop.core.processes.relay`) so that the supervisor can later leave it running.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import os
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psutil
from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Slot

from desktop.core.i18n import translate
from desktop.core.processes.detached import RunInfo, read_run_info
from desktop.core.processes.logs import LogBuffer, LogLevel, Stream
from desktop.core.processes.relay import relay_command
from desktop.core.processes.spec import Command
from desktop.core.self_command import current_environment
from desktop.ui.processes.child import ChildProcess
from desktop.ui.processes.outcome import ProcessOutcome, ProcessState

__all__ = ["GuiProcess", "ProcessOutcome", "ProcessState", "RelayRun"]

log = logging.getLogger("celery_desk.processes")


@dataclass(frozen=True)
class RelayRun:
    """Run the program behind a relay, its files in ``run_dir``; ``grace`` is how long the
    keeper gives it to stop if the app vanishes without leaving it running."""

    run_dir: Path
    grace: float


class GuiProcess(ChildProcess):
    """A child process the app started. Can be started again after it ended.

    Signals: those of ``ChildProcess``.
    """

    def __init__(
        self, name: str = "process", buffer: LogBuffer | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(name, buffer, parent)
        self.relay: RelayRun | None = None
        self._run_info: RunInfo | None = None
        self._stop_requested = False
        self._killed = False
        self._decoders = self._new_decoders()

        self._proc = QProcess(self)
        self._proc.started.connect(self._on_proc_started)
        self._proc.finished.connect(self._on_proc_finished)
        self._proc.errorOccurred.connect(self._on_proc_error_occurred)
        self._proc.readyReadStandardOutput.connect(self._on_proc_ready_read_standard_output)
        self._proc.readyReadStandardError.connect(self._on_proc_ready_read_standard_error)
        self._grace_timer = QTimer(self)
        self._grace_timer.setSingleShot(True)
        self._grace_timer.timeout.connect(self._on_grace_timer_timeout)

    @staticmethod
    def _new_decoders() -> dict[Stream, codecs.IncrementalDecoder]:
        factory = codecs.getincrementaldecoder("utf-8")
        return {Stream.STDOUT: factory(errors="replace"), Stream.STDERR: factory(errors="replace")}

    @property
    def target_pid(self) -> int | None:
        """The program's own pid: behind a relay, the one its keeper recorded."""
        if self.relay is None or not self._state.is_active:
            return self.pid
        info = self.run_info()
        return info.target_pid if info is not None else None

    def run_info(self) -> RunInfo | None:
        """The keeper's record of a relayed run (None until the keeper has written it)."""
        if self._run_info is None and self.relay is not None:
            self._run_info = read_run_info(self.relay.run_dir)
        return self._run_info

    # -- control ---------------------------------------------------------------------------

    def start(self, command: Command, relay: RelayRun | None = None) -> None:
        """Launch ``command``, behind a relay when given; raises RuntimeError if this
        process is still active."""
        if self._state.is_active:
            text = translate("GuiProcess", "{0} is already {1}")
            raise RuntimeError(text.format(self.name, self._state.label))
        self.command = command
        self.relay = relay
        self.detached = False
        self.outcome = None
        self.started_at = None
        self._run_info = None
        self._started_monotonic = None
        self._stop_requested = False
        self._killed = False
        self._decoders = self._new_decoders()

        launched = relay_command(command, relay.run_dir, relay.grace) if relay else command
        env = QProcessEnvironment()
        for key, value in {**current_environment(), **launched.env}.items():
            env.insert(key, value)
        self._proc.setProcessEnvironment(env)
        self._proc.setProgram(launched.program)
        self._proc.setArguments(list(launched.args))
        self._proc.setWorkingDirectory(launched.cwd or "")
        # Children start with default signal handlers and without this app's sockets.
        flags = (
            QProcess.UnixProcessFlag.ResetSignalHandlers
            | QProcess.UnixProcessFlag.CloseFileDescriptors
        )
        self._proc.setUnixProcessParameters(flags)
        log.info("starting %s: %s", self.name, command.display())
        self._set_state(ProcessState.STARTING)
        self._proc.start()
        if relay is None:
            self._proc.closeWriteChannel()
        # A relay's stdin stays open and unused: its EOF, however this app ends, is how
        # the relay learns that the app is gone.

    def stop(self, grace: float = 10.0) -> None:
        """Ask the child to stop (SIGTERM); kill it if still running after ``grace`` s."""
        if self._state not in (ProcessState.STARTING, ProcessState.RUNNING):
            return
        self._stop_requested = True
        self._set_state(ProcessState.STOPPING)
        self._proc.terminate()
        self._grace_timer.start(max(0, int(grace * 1000)))

    def kill_now(self, timeout: float = 2.0) -> None:
        """Kill at once and wait up to ``timeout`` s: blocks, so only for app exit."""
        if not self._state.is_active:
            return
        self._stop_requested = True
        self._kill_tree()
        self._proc.waitForFinished(int(timeout * 1000))

    def wait_for_end(self, timeout: float) -> bool:
        """Block up to ``timeout`` s for the child to end: only for app exit, never the GUI."""
        if not self._state.is_active:
            return True
        return self._proc.waitForFinished(int(timeout * 1000))

    def _kill_tree(self) -> None:
        """SIGKILL the child and its descendants (a killed worker cannot reap its pool).

        A detached relay's descendants (its keeper and the program) were let go: only the
        relay itself is killed.
        """
        self._killed = True
        pid = self._proc.processId()
        if pid > 0 and not self.detached:
            try:
                descendants = psutil.Process(pid).children(recursive=True)
            except psutil.Error:
                descendants = []
            for child in descendants:
                with contextlib.suppress(psutil.Error):
                    child.kill()
        self._proc.kill()

    # -- QProcess slots --------------------------------------------------------------------

    @Slot()
    def _on_proc_started(self) -> None:
        self.last_pid = self._proc.processId()
        self.started_at = datetime.now()
        self._started_monotonic = time.monotonic()
        command = self.command.display() if self.command else ""
        if self.relay is None:
            note = translate("GuiProcess", "started (pid {0}): {1}")
        else:
            note = translate("GuiProcess", "started (relay pid {0}, may be left running): {1}")
        self.add_note(note.format(self.last_pid, command))
        if self._state is ProcessState.STARTING:
            self._set_state(ProcessState.RUNNING)

    @Slot()
    def _on_proc_ready_read_standard_output(self) -> None:
        self._read(Stream.STDOUT, self._proc.readAllStandardOutput().data())

    @Slot()
    def _on_proc_ready_read_standard_error(self) -> None:
        self._read(Stream.STDERR, self._proc.readAllStandardError().data())

    def _read(
        self, stream: Stream, data: bytes | bytearray | memoryview, final: bool = False
    ) -> None:
        text = self._decoders[stream].decode(bytes(data), final)
        lines = self.buffer.append_text(text, stream) if text else []
        if lines:
            self.output_received.emit(lines)

    @Slot(QProcess.ProcessError)
    def _on_proc_error_occurred(self, error: QProcess.ProcessError) -> None:
        if error is not QProcess.ProcessError.FailedToStart:
            # Crashes arrive through finished(); read/write errors only matter in the log.
            log.debug("%s: %s (%s)", self.name, self._proc.errorString(), error)
            return
        message = self._start_error_text()
        log.warning("%s %s", self.name, message)
        self._end(ProcessOutcome(error=message))

    def _start_error_text(self) -> str:
        program = self.command.program if self.command else "?"
        if os.sep not in program and shutil.which(program) is None:
            return translate("GuiProcess", "program {0} was not found on PATH").format(
                repr(program)
            )
        if os.sep in program and not os.path.exists(program):
            return translate("GuiProcess", "program {0} does not exist").format(program)
        if self.command and self.command.cwd and not os.path.isdir(self.command.cwd):
            return translate("GuiProcess", "working directory {0} does not exist").format(
                self.command.cwd
            )
        return translate("GuiProcess", "cannot run {0}: {1}").format(
            program, self._proc.errorString()
        )

    @Slot(int, QProcess.ExitStatus)
    def _on_proc_finished(self, exit_code: int, exit_status: QProcess.ExitStatus) -> None:
        self._read(Stream.STDOUT, self._proc.readAllStandardOutput().data(), final=True)
        self._read(Stream.STDERR, self._proc.readAllStandardError().data(), final=True)
        leftover = self.buffer.flush_partial()
        if leftover:
            self.output_received.emit(leftover)
        crashed = exit_status is QProcess.ExitStatus.CrashExit
        ran_for = 0.0
        if self._started_monotonic is not None:
            ran_for = time.monotonic() - self._started_monotonic
        self._end(
            ProcessOutcome(
                # On POSIX Qt reports the terminating signal as the exit code of a CrashExit.
                exit_code=None if crashed else exit_code,
                exit_status=exit_status,
                signal=exit_code if crashed else None,
                requested=self._stop_requested,
                killed=self._killed,
                ran_for=ran_for,
            )
        )

    @Slot()
    def _on_grace_timer_timeout(self) -> None:
        if self._state is ProcessState.STOPPING:
            log.warning("%s did not stop within its grace period; killing it", self.name)
            self._kill_tree()

    def _end(self, outcome: ProcessOutcome) -> None:
        self._grace_timer.stop()
        self.outcome = outcome
        level = None if outcome.state is ProcessState.EXITED else LogLevel.ERROR
        self.add_note(outcome.describe(), level)
        self._set_state(outcome.state)
        self.finished.emit(outcome)
