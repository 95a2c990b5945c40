"""The states of a supervised process and the typed outcome of a run."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QProcess


class ProcessState(StrEnum):
    NOT_STARTED = "not started"
    STARTING = "starting"
    RUNNING = "running"
    STOPPING = "stopping"
    EXITED = "exited"
    CRASHED = "crashed"
    FAILED_TO_START = "failed to start"

    @property
    def is_active(self) -> bool:
        return self in (ProcessState.STARTING, ProcessState.RUNNING, ProcessState.STOPPING)

    @property
    def label(self) -> str:
        """The state for people, in the UI language (the value stays the English key)."""
        labels = {
            ProcessState.NOT_STARTED: QCoreApplication.translate("ProcessState", "not started"),
            ProcessState.STARTING: QCoreApplication.translate("ProcessState", "starting"),
            ProcessState.RUNNING: QCoreApplication.translate("ProcessState", "running"),
            ProcessState.STOPPING: QCoreApplication.translate("ProcessState", "stopping"),
            ProcessState.EXITED: QCoreApplication.translate("ProcessState", "exited"),
            ProcessState.CRASHED: QCoreApplication.translate("ProcessState", "crashed"),
            ProcessState.FAILED_TO_START: QCoreApplication.translate(
                "ProcessState", "failed to start"
            ),
        }
        return labels[self]


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return QCoreApplication.translate("ProcessOutcome", "signal {0}").format(number)


@dataclass(frozen=True)
class ProcessOutcome:
    """How a run ended. Any end nobody asked for counts as a crash, even exit code 0:
    a worker, beat or broker is meant to run until stopped."""

    exit_code: int | None = None
    exit_status: QProcess.ExitStatus | None = None
    signal: int | None = None
    error: str | None = None
    requested: bool = False
    killed: bool = False
    ran_for: float = 0.0

    @property
    def state(self) -> ProcessState:
        if self.error is not None:
            return ProcessState.FAILED_TO_START
        return ProcessState.EXITED if self.requested else ProcessState.CRASHED

    def describe(self) -> str:
        """How it ended, for people (the log's note and the Last outcome column)."""
        if self.error is not None:
            return QCoreApplication.translate("ProcessOutcome", "failed to start: {0}").format(
                self.error
            )
        if self.requested:
            return self._describe_stop()
        if self.signal is not None:
            return QCoreApplication.translate("ProcessOutcome", "crashed: killed by {0}").format(
                signal_name(self.signal)
            )
        if self.exit_code is None:
            return QCoreApplication.translate(
                "ProcessOutcome", "ended unexpectedly (exit status unknown)"
            )
        if self.exit_code == 0:
            return QCoreApplication.translate("ProcessOutcome", "exited unexpectedly (exit code 0)")
        return QCoreApplication.translate("ProcessOutcome", "crashed with exit code {0}").format(
            self.exit_code
        )

    def _describe_stop(self) -> str:
        if self.killed:
            return QCoreApplication.translate(
                "ProcessOutcome", "killed: it did not stop within the grace period"
            )
        if self.exit_code not in (None, 0):
            return QCoreApplication.translate("ProcessOutcome", "stopped (exit code {0})").format(
                self.exit_code
            )
        return QCoreApplication.translate("ProcessOutcome", "stopped")
