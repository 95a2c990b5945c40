"""The status bar's summary of the stack: broker, worker and beat, each with a coloured dot."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.core.processes.spec import ProcessKind
from desktop.ui.processes.outcome import ProcessState
from desktop.ui.processes.supervisor import Supervisor

_KINDS = (
    (ProcessKind.BROKER, "Broker"),
    (ProcessKind.WORKER, "Worker"),
    (ProcessKind.BEAT, "Beat"),
)
_COLOURS = {
    ProcessState.RUNNING: "#2e9d4f",
    ProcessState.STARTING: "#d49a00",
    ProcessState.STOPPING: "#d49a00",
    ProcessState.CRASHED: "#d1383d",
    ProcessState.FAILED_TO_START: "#d1383d",
}
_IDLE = "#8a8f98"


def summarize(supervisor: Supervisor) -> dict[ProcessKind, tuple[int, ProcessState | None]]:
    """Per kind: how many processes run, and the most telling state among them."""
    rank = {
        ProcessState.CRASHED: 5,
        ProcessState.FAILED_TO_START: 5,
        ProcessState.RUNNING: 4,
        ProcessState.STARTING: 3,
        ProcessState.STOPPING: 2,
        ProcessState.EXITED: 1,
        ProcessState.NOT_STARTED: 0,
    }
    result: dict[ProcessKind, tuple[int, ProcessState | None]] = {}
    for kind, _label in _KINDS:
        states = [p.state for p in supervisor.processes() if p.spec.kind is kind]
        running = sum(1 for state in states if state is ProcessState.RUNNING)
        worst = max(states, key=lambda s: rank[s]) if states else None
        result[kind] = (running, worst)
    return result


class ProcessSummary(QWidget):
    def __init__(self, supervisor: Supervisor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._supervisor = supervisor
        self._labels: dict[ProcessKind, QLabel] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 6, 0)
        row.setSpacing(14)
        for kind, _label in _KINDS:
            label = QLabel()
            self._labels[kind] = label
            row.addWidget(label)
        supervisor.process_state_changed.connect(self._on_supervisor_process_state_changed)
        supervisor.process_added.connect(self._on_supervisor_process_state_changed)
        supervisor.process_removed.connect(self._on_supervisor_process_state_changed)
        self.refresh()

    def text(self) -> str:
        """Plain text of the summary, e.g. 'Broker: running · Worker: running · Beat: stopped'."""
        parts = []
        for kind, label in _KINDS:
            running, state = summarize(self._supervisor)[kind]
            parts.append(f"{label}: {_describe(running, state)}")
        return " · ".join(parts)

    @Slot(str)
    def _on_supervisor_process_state_changed(self, _name: str = "") -> None:
        self.refresh()

    def refresh(self) -> None:
        for (kind, label), (running, state) in zip(
            _KINDS, summarize(self._supervisor).values(), strict=True
        ):
            colour = _COLOURS.get(state, _IDLE) if state is not None else _IDLE
            self._labels[kind].setText(
                f'<span style="color:{colour}">●</span> {label}: {_describe(running, state)}'
            )


def _describe(running: int, state: ProcessState | None) -> str:
    if state is None:
        return "not started"
    if state is ProcessState.RUNNING and running > 1:
        return f"{running} running"
    return state.value
