"""The status bar's summary of what the app runs: its local broker, workers and beats, each
with a coloured dot.

The states are those of processes the app started. Workers started elsewhere (systemd,
docker, a terminal) that the monitor hears are added to the worker item, so a bar reading
"Worker: not started" never hides workers that run: "Workers: 2 online (not started here)".
The count comes from the hub's status (once a second), never per event. Likewise a beat that
runs the profile's schedule file elsewhere (desktop/ui/beat_presence.py): "Beat: running (not
started here)".

The broker the window is connected to is the connection's own item (main_window.py): "Local
broker" shows only while the app runs one, so it is never read as the state of a remote broker.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.core.i18n import translate
from desktop.core.processes.spec import ProcessKind
from desktop.ui.beat_presence import BeatPresence
from desktop.ui.processes.outcome import ProcessState
from desktop.ui.processes.supervisor import Supervisor

_KINDS = (ProcessKind.BROKER, ProcessKind.WORKER, ProcessKind.BEAT)
_COLOURS = {
    ProcessState.RUNNING: "#2e9d4f",
    ProcessState.STARTING: "#d49a00",
    ProcessState.STOPPING: "#d49a00",
    ProcessState.CRASHED: "#d1383d",
    ProcessState.FAILED_TO_START: "#d1383d",
}
_IDLE = "#8a8f98"


def summarize(supervisor: Supervisor) -> dict[ProcessKind, tuple[int, ProcessState | None]]:
    """Per kind: how many processes run, and the most telling state among them (None: the
    app has no process of that kind)."""
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
    for kind in _KINDS:
        states = [p.state for p in supervisor.processes() if p.spec.kind is kind]
        running = sum(1 for state in states if state is ProcessState.RUNNING)
        worst = max(states, key=lambda s: rank[s]) if states else None
        result[kind] = (running, worst)
    return result


class ProcessSummary(QWidget):
    def __init__(
        self,
        supervisor: Supervisor,
        beat: BeatPresence | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._supervisor = supervisor
        self._beat = beat
        self._online = 0
        self._labels: dict[ProcessKind, QLabel] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 6, 0)
        row.setSpacing(14)
        for kind in _KINDS:
            label = QLabel()
            label.setToolTip(_tip(kind))
            self._labels[kind] = label
            row.addWidget(label)
        supervisor.process_state_changed.connect(self._on_supervisor_process_state_changed)
        supervisor.process_added.connect(self._on_supervisor_process_state_changed)
        supervisor.process_removed.connect(self._on_supervisor_process_state_changed)
        if beat is not None:
            beat.changed.connect(self.refresh)
        self.refresh()

    def show_workers_online(self, count: int) -> None:
        """How many workers the monitor hears online (from the hub's status, 0 when it listens
        to no broker); the bar is redrawn only when the count changes."""
        if count != self._online:
            self._online = count
            self.refresh()

    def label(self, kind: ProcessKind) -> QLabel:
        return self._labels[kind]

    def text(self) -> str:
        """Plain text of what is shown, e.g. 'Local broker: running · Worker: running ·
        Beat: not started' (no local broker item while the app runs none)."""
        parts = []
        for kind, (running, state) in summarize(self._supervisor).items():
            if _shown(kind, state):
                parts.append(self._item(kind, running, state))
        return " · ".join(parts)

    @Slot(str)
    def _on_supervisor_process_state_changed(self, _name: str = "") -> None:
        self.refresh()

    def refresh(self) -> None:
        for kind, (running, state) in summarize(self._supervisor).items():
            widget = self._labels[kind]
            widget.setVisible(_shown(kind, state))
            colour = _COLOURS.get(state, _IDLE) if state is not None else _IDLE
            if self._elsewhere(kind) and _idle(state):
                colour = _COLOURS[ProcessState.RUNNING]
            dot = f'<span style="color:{colour}">●</span>'
            widget.setText(f"{dot} {self._item(kind, running, state)}")
            if kind is ProcessKind.WORKER:
                widget.setToolTip(_worker_tip(self._online))
            elif kind is ProcessKind.BEAT:
                widget.setToolTip(_beat_tip(self._elsewhere(kind)))

    def _item(self, kind: ProcessKind, running: int, state: ProcessState | None) -> str:
        online = self._online if kind is ProcessKind.WORKER else 0
        if online and _idle(state):
            if online == 1:
                return translate("ProcessSummary", "Worker: 1 online (not started here)")
            return translate(
                "ProcessSummary", "Workers: %n online (not started here)", None, online
            )
        if kind is ProcessKind.BEAT and self._elsewhere(kind) and _idle(state):
            return translate("ProcessSummary", "Beat: running (not started here)")
        text = _item(kind, running, state)
        if online > running:
            # more workers are heard than the app runs: the rest were started elsewhere
            text = translate("ProcessSummary", "{0}, %n online", None, online).format(text)
        return text

    def _elsewhere(self, kind: ProcessKind) -> bool:
        """Processes of ``kind`` run that the app may not have started."""
        if kind is ProcessKind.WORKER:
            return self._online > 0
        return kind is ProcessKind.BEAT and self._beat is not None and self._beat.running


def _idle(state: ProcessState | None) -> bool:
    """The app runs no process of that kind and never tried to."""
    return state is None or state is ProcessState.NOT_STARTED


def _beat_tip(elsewhere: bool) -> str:
    tip = _tip(ProcessKind.BEAT)
    if not elsewhere:
        return tip
    running = translate(
        "ProcessSummary", "A beat runs this profile's schedule file (Schedules page)"
    )
    return f"{tip}\n{running}"


def _worker_tip(online: int) -> str:
    tip = _tip(ProcessKind.WORKER)
    if not online:
        return tip
    if online == 1:
        heard = translate("ProcessSummary", "The monitor hears 1 worker online (Workers page)")
    else:
        heard = translate(
            "ProcessSummary", "The monitor hears %n workers online (Workers page)", None, online
        )
    return f"{tip}\n{heard}"


def _shown(kind: ProcessKind, state: ProcessState | None) -> bool:
    """The local broker only while the app has one; workers and beats always (a new user
    learns there are none yet)."""
    return kind is not ProcessKind.BROKER or state is not None


def _item(kind: ProcessKind, running: int, state: ProcessState | None) -> str:
    return translate("ProcessSummary", "{0}: {1}").format(_kind(kind), _describe(running, state))


def _kind(kind: ProcessKind) -> str:
    if kind is ProcessKind.BROKER:
        return translate("ProcessSummary", "Local broker")
    if kind is ProcessKind.WORKER:
        return translate("ProcessSummary", "Worker")
    return translate("ProcessSummary", "Beat")


def _tip(kind: ProcessKind) -> str:
    if kind is ProcessKind.BROKER:
        return translate(
            "ProcessSummary", "The private redis-server Celery Desk runs (Processes page)"
        )
    if kind is ProcessKind.WORKER:
        return translate("ProcessSummary", "Workers started by Celery Desk (Processes page)")
    return translate("ProcessSummary", "Beats started by Celery Desk (Processes page)")


def _describe(running: int, state: ProcessState | None) -> str:
    if state is None or state is ProcessState.NOT_STARTED:
        return translate("ProcessSummary", "not started")
    if state is ProcessState.RUNNING:
        if running > 1:
            return translate("ProcessSummary", "%n running", None, running)
        return translate("ProcessSummary", "running")
    texts = {
        ProcessState.STARTING: translate("ProcessSummary", "starting"),
        ProcessState.STOPPING: translate("ProcessSummary", "stopping"),
        ProcessState.EXITED: translate("ProcessSummary", "exited"),
        ProcessState.CRASHED: translate("ProcessSummary", "crashed"),
        ProcessState.FAILED_TO_START: translate("ProcessSummary", "failed to start"),
    }
    return texts[state]
