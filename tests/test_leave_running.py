"""Leaving a user project's worker running at quit, and supervising it again next time.

Real redis-server, real Celery workers (the demo app run as a user project would be: a
working directory and a ``-A`` module), real relays and keepers; nothing is mocked.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import shiboken6
from celery import Celery
from pytestqt.qtbot import QtBot

from desktop.core.broker.kept import find_kept_broker
from desktop.core.net import free_port
from desktop.core.processes.detached import (
    DetachedRecord,
    DetachedRegistry,
    RunInfo,
    read_run_info,
    runs_root,
)
from desktop.core.processes.presets import LOCAL_BROKER, PresetStore, spec_to_dict
from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.processes.guiprocess import GuiProcess, ProcessState
from desktop.ui.processes.managed import ManagedProcess
from desktop.ui.processes.process_model import Column, ProcessTableModel
from desktop.ui.processes.processes_view import ProcessesView
from desktop.ui.processes.supervisor import Supervisor
from tests.support.child_processes import ChildTracker
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
WORKER = "Project worker"
READY_MS = 60_000
STOP_MS = 30_000


def project_worker() -> ProcessSpec:
    """The demo app run the way a user's project is: its directory and -A module."""
    return ProcessSpec(
        name=WORKER,
        kind=ProcessKind.WORKER,
        workdir=str(REPO),
        app_module="celery_desk_demo",
        concurrency=1,
        use_connected_broker=True,
    )


@pytest.fixture
def tracker() -> Iterator[ChildTracker]:
    seen = ChildTracker()
    yield seen
    survivors = seen.kill_survivors()
    assert not survivors, f"left running: {survivors}"


def start_worker(
    qtbot: QtBot, supervisor: Supervisor, url: str, tracker: ChildTracker
) -> tuple[ManagedProcess, RunInfo]:
    entry = supervisor.start(project_worker(), url)
    qtbot.waitUntil(
        lambda: any("ready." in ln.text for ln in entry.buffer.lines()), timeout=READY_MS
    )
    assert isinstance(entry.process, GuiProcess)
    info = entry.process.run_info()
    assert info is not None
    tracker.track(entry.process.last_pid)  # the relay, its keeper, the worker and its pool
    assert entry.pid == info.target_pid != entry.process.last_pid
    return entry, info


def alive(info: RunInfo) -> bool:
    try:
        process = psutil.Process(info.target_pid)
        return bool(
            process.create_time() == info.target_create_time and process.status() != "zombie"
        )
    except psutil.NoSuchProcess:
        return False


def state_of(entry: ManagedProcess) -> ProcessState:
    """The state now (a function call, so that mypy does not keep an earlier assert's)."""
    return entry.state


def send_add(url: str) -> None:
    app = Celery(broker=url, set_as_current=False)
    try:
        app.send_task("celery_desk_demo.tasks.add", (2, 3))
    finally:
        app.close()


@pytest.mark.qt_log_ignore("QProcess: Destroyed while process")
def test_left_running_worker_outlives_its_supervisor_and_is_adopted_then_stopped(
    qtbot: QtBot, redis_server: RedisServer, tracker: ChildTracker
) -> None:
    first = Supervisor()
    _entry, info = start_worker(qtbot, first, redis_server.url, tracker)
    assert first.project_processes_running() == [WORKER]
    assert first.leave_running([WORKER]) == [WORKER]
    registry_text = DetachedRegistry().path.read_text()
    assert WORKER in registry_text
    assert "redis://" not in registry_text and "password" not in registry_text.lower()

    # The app goes away without ending the relay: the QProcess destructor kills it.
    shiboken6.delete(first)
    qtbot.wait(1500)
    assert alive(info), "the worker left running died with its supervisor"

    second = Supervisor()
    adopted = second.get(WORKER)
    assert adopted is not None and adopted.adopted
    assert adopted.state is ProcessState.RUNNING
    assert adopted.pid == info.target_pid
    assert second.any_process_active() and not second.any_active()
    model = ProcessTableModel(second)
    row = model.row_of(WORKER)
    assert model.index(row, Column.STATE).data() == "running · detached"
    assert model.index(row, Column.PID).data() == str(info.target_pid)

    # Its log keeps coming, now from the keeper's file.
    send_add(redis_server.url)
    qtbot.waitUntil(
        lambda: any("succeeded" in ln.text for ln in adopted.buffer.lines()), timeout=STOP_MS
    )

    view = ProcessesView(second, PresetStore(), broker_url_provider=lambda: redis_server.url)
    qtbot.addWidget(view)
    assert WORKER in view.message_text()
    view.select(WORKER)
    assert view.stop_action.isEnabled()
    with qtbot.waitSignal(adopted.process.finished, timeout=STOP_MS):
        view.stop_action.trigger()
    assert state_of(adopted) is ProcessState.EXITED
    assert adopted.outcome is not None and adopted.outcome.requested
    assert adopted.status_text() == "stopped"
    qtbot.waitUntil(lambda: tracker.alive() == [], timeout=STOP_MS)
    assert DetachedRegistry().load() == []
    assert list(runs_root().iterdir()) == []


def test_restart_of_an_adopted_worker_starts_a_supervised_one(
    qtbot: QtBot, redis_server: RedisServer, tracker: ChildTracker
) -> None:
    first = Supervisor()
    _entry, info = start_worker(qtbot, first, redis_server.url, tracker)
    first.leave_running([WORKER])
    with qtbot.waitSignal(first.all_stopped, timeout=STOP_MS):
        first.stop_all()  # ends the relay only
    assert alive(info)
    shiboken6.delete(first)

    second = Supervisor()
    adopted = second.get(WORKER)
    assert adopted is not None
    with pytest.raises(ValueError, match="no preset"):
        second.restart(WORKER)
    second.restart(WORKER, project_worker(), redis_server.url)
    qtbot.waitUntil(
        lambda: (
            isinstance(adopted.process, GuiProcess)
            and sum("ready." in ln.text for ln in adopted.buffer.lines()) >= 1
            and adopted.state is ProcessState.RUNNING
        ),
        timeout=READY_MS,
    )
    assert not alive(info)
    assert not adopted.adopted and adopted.restarts == 1
    tracker.track(adopted.process.last_pid)
    with qtbot.waitSignal(second.all_stopped, timeout=STOP_MS):
        second.stop_all()
    qtbot.waitUntil(lambda: tracker.alive() == [], timeout=STOP_MS)
    assert DetachedRegistry().load() == []


def test_attached_worker_dies_when_its_relay_is_killed(
    qtbot: QtBot, redis_server: RedisServer, tracker: ChildTracker
) -> None:
    supervisor = Supervisor()
    entry, info = start_worker(qtbot, supervisor, redis_server.url, tracker)
    relay_pid = entry.process.last_pid
    assert relay_pid is not None
    with qtbot.waitSignal(entry.process.finished, timeout=STOP_MS):
        os.kill(relay_pid, signal.SIGKILL)
    assert entry.state is ProcessState.CRASHED
    qtbot.waitUntil(lambda: tracker.alive() == [], timeout=STOP_MS)
    assert not alive(info)
    assert DetachedRegistry().load() == []
    assert list(runs_root().iterdir()) == []


def test_a_left_running_worker_dead_at_the_next_start_shows_how_it_ended(
    qtbot: QtBot, redis_server: RedisServer, tracker: ChildTracker
) -> None:
    first = Supervisor()
    _entry, info = start_worker(qtbot, first, redis_server.url, tracker)
    first.leave_running([WORKER])
    with qtbot.waitSignal(first.all_stopped, timeout=STOP_MS):
        first.stop_all()
    shiboken6.delete(first)
    os.kill(info.target_pid, signal.SIGTERM)  # stopped while the app was closed
    qtbot.waitUntil(lambda: tracker.alive() == [], timeout=STOP_MS)

    second = Supervisor()
    entry = second.get(WORKER)
    assert entry is not None
    qtbot.waitUntil(lambda: not entry.state.is_active, timeout=STOP_MS)
    assert entry.outcome is not None and entry.outcome.exit_code == 0
    texts = [line.text for line in entry.buffer.lines()]
    assert any("ended while the app was closed" in text for text in texts)
    assert any("ready." in text for text in texts), "its log from the file is shown"
    assert DetachedRegistry().load() == []


def test_registry_records_hold_no_environment_or_arguments(tmp_path: Path) -> None:
    spec = project_worker()
    spec.env = {"DJANGO_SETTINGS_MODULE": "proj.settings", "SOMETHING_URL": "redis://h:1/0"}
    spec.extra_args = ["--broker", "redis://h:2/0"]
    info = RunInfo(1, 1.0, 2, 2.0, "2026-01-01T00:00:00+00:00")
    record = DetachedRecord(WORKER, spec_to_dict(spec), tmp_path, info, True, "now")
    registry = DetachedRegistry(tmp_path / "registry.json")
    registry.put(record)
    text = registry.path.read_text()
    assert "redis://" not in text and "DJANGO" not in text
    (loaded,) = registry.load()
    assert loaded.spec["workdir"] == str(REPO) and loaded.uses_local_broker
    registry.drop(WORKER)
    assert not registry.path.exists()
    assert read_run_info(tmp_path) is None


def test_a_worker_left_running_on_the_local_broker_keeps_the_broker(
    qtbot: QtBot, tracker: ChildTracker
) -> None:
    port = free_port()
    first = Supervisor()
    broker = first.start(
        ProcessSpec(name=LOCAL_BROKER, kind=ProcessKind.BROKER, broker_port=port), None
    )
    qtbot.waitUntil(
        lambda: any("Local broker ready" in ln.text for ln in broker.buffer.lines()),
        timeout=READY_MS,
    )
    tracker.track(broker.process.last_pid)
    broker_pid = broker.pid
    _entry, info = start_worker(qtbot, first, f"redis://127.0.0.1:{port}/0", tracker)
    assert first.leave_running([WORKER]) == [WORKER]
    with qtbot.waitSignal(first.all_stopped, timeout=STOP_MS):
        first.stop_all()  # the relays end; the worker and, for it, the broker go on
    shiboken6.delete(first)
    qtbot.wait(1000)
    assert alive(info)
    kept = find_kept_broker()
    assert kept is not None and kept.port == port and kept.pid == broker_pid

    second = Supervisor()
    adopted_broker, adopted_worker = second.get(LOCAL_BROKER), second.get(WORKER)
    assert adopted_broker is not None and adopted_worker is not None
    assert adopted_broker.adopted and adopted_broker.state is ProcessState.RUNNING
    assert adopted_worker.uses_local_broker and adopted_worker.keep_on_quit
    # Quitting again without a question (a quit signal): both stay.
    with qtbot.waitSignal(second.all_stopped, timeout=STOP_MS):
        second.stop_all()
    assert adopted_broker.state is ProcessState.RUNNING and adopted_broker.keep_on_quit

    # "Stop them" at the next quit: the worker, then (no longer needed) the broker.
    second.stop_on_quit([WORKER])
    with qtbot.waitSignal(second.all_stopped, timeout=STOP_MS):
        second.stop_all()
    assert state_of(adopted_worker) is ProcessState.EXITED
    assert state_of(adopted_broker) is ProcessState.EXITED
    qtbot.waitUntil(lambda: tracker.alive() == [], timeout=STOP_MS)
    assert find_kept_broker() is None
    assert DetachedRegistry().load() == []
