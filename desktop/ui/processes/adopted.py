"""A process an earlier session left running, supervised again.

It is not our child, so nothing is known by waiting for it: a timer reads what its keeper
appended to the log file and checks that the target is still the process recorded (pid
and create time, so a reused pid is never mistaken for it). Stopping sends SIGTERM to the
target and kills its tree after the grace period. Once the target is gone its keeper
writes how it ended (``status.json``); that becomes the outcome.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import signal
import time
from datetime import datetime

import psutil
from PySide6.QtCore import QObject, QTimer, Slot

from desktop.core.i18n import translate
from desktop.core.processes.detached import DetachedRecord, live_process, read_status
from desktop.core.processes.log_file import LogTail
from desktop.core.processes.logs import LogBuffer, Stream
from desktop.ui.processes.child import ChildProcess
from desktop.ui.processes.outcome import ProcessOutcome, ProcessState

log = logging.getLogger("celery_desk.processes")

POLL_MS = 300
# After the target ended, how long to wait for its keeper to write the status file.
STATUS_WAIT_S = 3.0


class AdoptedProcess(ChildProcess):
    """A left-running process, found alive (or ended) from its ``DetachedRecord``.

    Signals: those of ``ChildProcess``.
    """

    def __init__(
        self, record: DetachedRecord, buffer: LogBuffer | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(record.name, buffer, parent)
        self.record = record
        self.detached = True
        self._stop_requested = False
        self._killed = False
        self._ended_at: float | None = None
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._tail = LogTail(record.log_path)
        self._target = live_process(record.run.target_pid, record.run.target_create_time)
        self._keeper = live_process(record.run.keeper_pid, record.run.keeper_create_time)
        self._grace_timer = QTimer(self)
        self._grace_timer.setSingleShot(True)
        self._grace_timer.timeout.connect(self._on_grace_timer_timeout)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_MS)
        self._poll_timer.timeout.connect(self._on_poll_timer_timeout)
        self._read_log()
        created = record.run.target_create_time
        self.started_at = datetime.fromtimestamp(created)
        self._started_monotonic = time.monotonic() - max(0.0, time.time() - created)
        if self._target is not None:
            self.last_pid = record.run.target_pid
            self._state = ProcessState.RUNNING
            note = translate(
                "AdoptedProcess",
                "left running by an earlier session (pid {0}); supervised again, its log read "
                "from {1}",
            )
            self.add_note(note.format(self.last_pid, record.log_path))
        else:
            self._state = ProcessState.STOPPING  # ends on the first poll, with its status
            self._ended_at = time.monotonic()
            self.add_note(
                translate(
                    "AdoptedProcess",
                    "left running by an earlier session; it ended while the app was closed",
                )
            )
        self._poll_timer.start()

    @property
    def adopted(self) -> bool:
        return True

    # -- control ---------------------------------------------------------------------------

    def stop(self, grace: float = 10.0) -> None:
        if self._state is not ProcessState.RUNNING or self._target is None:
            return
        self._stop_requested = True
        self._set_state(ProcessState.STOPPING)
        with contextlib.suppress(psutil.Error):
            self._target.send_signal(signal.SIGTERM)
        self._grace_timer.start(max(0, int(grace * 1000)))

    def kill_now(self, timeout: float = 2.0) -> None:
        if not self._state.is_active:
            return
        self._stop_requested = True
        self._kill_tree()
        self.wait_for_end(timeout)

    def wait_for_end(self, timeout: float) -> bool:
        if not self._state.is_active:
            return True
        if self._target is not None:
            with contextlib.suppress(psutil.Error):
                self._target.wait(timeout)
        self._poll()
        return not self._state.is_active

    def _kill_tree(self) -> None:
        self._killed = True
        if self._target is None:
            return
        try:
            family = [*self._target.children(recursive=True), self._target]
        except psutil.Error:
            family = [self._target]
        for process in family:
            with contextlib.suppress(psutil.Error):
                process.kill()

    # -- polling ---------------------------------------------------------------------------

    @Slot()
    def _on_poll_timer_timeout(self) -> None:
        self._poll()

    @Slot()
    def _on_grace_timer_timeout(self) -> None:
        if self._state is ProcessState.STOPPING:
            log.warning("%s did not stop within its grace period; killing it", self.name)
            self._kill_tree()

    def _poll(self) -> None:
        self._read_log()
        if not self._state.is_active:
            return
        if self._target is not None and _alive(self._target):
            return
        if self._ended_at is None:
            self._ended_at = time.monotonic()
        status = read_status(self.record.run_dir)
        keeper_done = self._keeper is None or not _alive(self._keeper)
        waited = time.monotonic() - self._ended_at
        if status is None and not keeper_done and waited < STATUS_WAIT_S:
            return  # the keeper is still writing the last output and the status
        self._read_log()
        self._end(status.exit_code if status else None, status.signal if status else None)

    def _read_log(self) -> None:
        data = self._tail.read()
        text = self._decoder.decode(data) if data else ""
        lines = self.buffer.append_text(text, Stream.STDOUT) if text else []
        if lines:
            self.output_received.emit(lines)

    def _end(self, exit_code: int | None, signal_number: int | None) -> None:
        self._poll_timer.stop()
        self._grace_timer.stop()
        leftover = self.buffer.flush_partial()
        if leftover:
            self.output_received.emit(leftover)
        ran_for = 0.0
        if self._started_monotonic is not None:
            ran_for = time.monotonic() - self._started_monotonic
        if exit_code is None and signal_number is None:
            self.add_note(
                translate(
                    "AdoptedProcess", "its exit status is unknown (the keeper left no status file)"
                )
            )
        self.outcome = ProcessOutcome(
            exit_code=exit_code,
            signal=signal_number,
            requested=self._stop_requested,
            killed=self._killed,
            ran_for=ran_for,
        )
        self.add_note(self.outcome.describe())
        self._set_state(self.outcome.state)
        self.finished.emit(self.outcome)


def _alive(process: psutil.Process) -> bool:
    try:
        return bool(process.is_running() and process.status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False
