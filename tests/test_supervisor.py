"""Supervisor with real children: auto-restart with backoff, restart, stop_all, exit paths."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from pytestqt.qtbot import QtBot

from desktop.core.processes.backoff import BackoffPolicy
from desktop.core.processes.logs import Stream
from desktop.core.processes.spec import ProcessKind, ProcessSpec, SpecError
from desktop.ui.processes.guiprocess import ProcessState
from desktop.ui.processes.supervisor import Supervisor
from tests.support.child_processes import SLEEPER, ChildTracker, python_command

WAIT_MS = 15_000
REPO = Path(__file__).resolve().parent.parent

IGNORES_SIGTERM = """
    import signal, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print("ready", flush=True)
    time.sleep(60)
"""


def custom_spec(name: str, script: str, auto_restart: bool = False) -> ProcessSpec:
    """A CUSTOM preset running ``script`` with this interpreter, via ``celery-desk exec``."""
    return ProcessSpec(
        name=name,
        kind=ProcessKind.CUSTOM,
        python=sys.executable,
        extra_args=["-u", "-c", textwrap.dedent(script)],
        auto_restart=auto_restart,
    )


@pytest.fixture
def tracker() -> ChildTracker:
    return ChildTracker()


@pytest.fixture
def supervisor(qapp: object, tracker: ChildTracker) -> Iterator[Supervisor]:
    """A supervisor whose children are all proven gone after the test."""
    sup = Supervisor(BackoffPolicy(initial=0.05, factor=2, max_delay=0.2, max_crashes=3))

    def track(name: str) -> None:
        entry = sup.get(name)
        if entry is not None and entry.state is ProcessState.RUNNING:
            tracker.track(entry.process.pid)

    sup.process_state_changed.connect(track)
    yield sup
    sup.kill_all_now(timeout=1)
    survivors = tracker.kill_survivors()
    assert not survivors, f"children left running: {survivors}"


def ready(sup: Supervisor, name: str) -> bool:
    entry = sup.get(name)
    return entry is not None and any(line.text == "ready" for line in entry.buffer.lines())


def test_crashing_child_is_restarted_with_backoff_then_given_up(
    qtbot: QtBot, supervisor: Supervisor
) -> None:
    spec = custom_spec("crasher", "import sys; print('run', flush=True); sys.exit(3)", True)
    entry = supervisor.start(spec, None)
    qtbot.waitUntil(lambda: "not restarting again" in entry.note, timeout=WAIT_MS)
    assert entry.state is ProcessState.CRASHED
    assert entry.restarts == 3
    texts = [line.text for line in entry.buffer.lines()]
    assert texts.count("run") == 4
    notes = [t for t in texts if t.startswith("restarting in")]
    assert notes == [
        "restarting in 0.05 s (attempt 1)",
        "restarting in 0.1 s (attempt 2)",
        "restarting in 0.2 s (attempt 3)",
    ]
    assert "crashed with exit code 3" in entry.status_text()
    # Starting by hand forgets the crash history; a long first delay leaves time to cancel.
    entry.tracker.policy = BackoffPolicy(initial=30, max_crashes=3)
    supervisor.start(spec, None)
    qtbot.waitUntil(lambda: entry.note == "restarting in 30 s (attempt 1)", timeout=WAIT_MS)
    supervisor.stop("crasher")
    assert entry.note == "restart cancelled"
    assert entry.restart_timer is None


def test_no_restart_without_auto_restart_or_after_stop(
    qtbot: QtBot, supervisor: Supervisor
) -> None:
    crasher = supervisor.start(custom_spec("once", "raise SystemExit(2)"), None)
    sleeper = supervisor.start(custom_spec("sleeper", SLEEPER, auto_restart=True), None)
    qtbot.waitUntil(lambda: crasher.state is ProcessState.CRASHED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: ready(supervisor, "sleeper"), timeout=WAIT_MS)
    with qtbot.waitSignal(sleeper.process.finished, timeout=WAIT_MS):
        supervisor.stop("sleeper")
    assert sleeper.state is ProcessState.EXITED
    assert crasher.restarts == sleeper.restarts == 0
    assert crasher.note == sleeper.note == ""


def test_restart_running_process(qtbot: QtBot, supervisor: Supervisor) -> None:
    entry = supervisor.start(custom_spec("sleeper", SLEEPER), None)
    qtbot.waitUntil(lambda: entry.state is ProcessState.RUNNING, timeout=WAIT_MS)
    first_pid = entry.process.pid
    with pytest.raises(RuntimeError, match="already"):
        supervisor.start(entry.spec, None)
    supervisor.restart("sleeper")
    qtbot.waitUntil(
        lambda: entry.state is ProcessState.RUNNING and entry.process.pid != first_pid,
        timeout=WAIT_MS,
    )
    assert entry.restarts == 1
    assert first_pid is not None
    assert not psutil.pid_exists(first_pid) or psutil.Process(first_pid).status() == "zombie"
    # A bad new spec fails before anything is stopped.
    bad = ProcessSpec(name="sleeper", kind=ProcessKind.CUSTOM)
    with pytest.raises(SpecError, match="needs its command"):
        supervisor.restart("sleeper", spec=bad)
    assert entry.state is ProcessState.RUNNING


def test_stop_all_leaves_no_children(
    qtbot: QtBot, supervisor: Supervisor, tracker: ChildTracker
) -> None:
    names = ["a", "b", "stubborn"]
    for name in names[:2]:
        supervisor.start(custom_spec(name, SLEEPER, auto_restart=True), None)
    stubborn = supervisor.launch(
        ProcessSpec(name="stubborn", kind=ProcessKind.CUSTOM), python_command(IGNORES_SIGTERM)
    )
    qtbot.waitUntil(lambda: all(ready(supervisor, n) for n in names), timeout=WAIT_MS)
    pids = [entry.process.pid for entry in supervisor.processes()]
    with qtbot.waitSignal(supervisor.all_stopped, timeout=WAIT_MS):
        supervisor.stop_all(grace=0.5)
    assert not supervisor.any_active()
    assert all(entry.state is ProcessState.EXITED for entry in supervisor.processes())
    assert stubborn.outcome is not None
    assert stubborn.outcome.killed
    assert all(entry.restarts == 0 for entry in supervisor.processes())
    assert tracker.alive() == []
    assert all(pid is not None for pid in pids)
    # Nothing active: all_stopped comes at once.
    with qtbot.waitSignal(supervisor.all_stopped, timeout=1000):
        supervisor.stop_all()


def test_kill_all_now_is_synchronous(qtbot: QtBot, supervisor: Supervisor) -> None:
    entry = supervisor.launch(
        ProcessSpec(name="stubborn", kind=ProcessKind.CUSTOM), python_command(IGNORES_SIGTERM)
    )
    qtbot.waitUntil(lambda: ready(supervisor, "stubborn"), timeout=WAIT_MS)
    supervisor.kill_all_now(timeout=0.3)
    assert entry.state is ProcessState.EXITED
    assert entry.outcome is not None
    assert entry.outcome.killed


def test_remove_and_output_signal(qtbot: QtBot, supervisor: Supervisor) -> None:
    seen: list[tuple[str, Stream, str]] = []
    supervisor.process_output.connect(
        lambda name, lines: seen.extend((name, ln.stream, ln.text) for ln in lines)
    )
    with qtbot.waitSignal(supervisor.process_added) as added:
        entry = supervisor.start(custom_spec("echo", "print('hello')"), None)
    assert added.args == ["echo"]
    qtbot.waitUntil(lambda: not entry.state.is_active, timeout=WAIT_MS)
    assert ("echo", Stream.STDOUT, "hello") in seen
    with qtbot.waitSignal(supervisor.process_removed) as removed:
        supervisor.remove("echo")
    assert removed.args == ["echo"]
    assert supervisor.names() == []


APP_SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication
from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.processes.shutdown import QuitSignalHandler
from desktop.ui.processes.supervisor import Supervisor

app = QCoreApplication([])
sup = Supervisor()
spec = ProcessSpec(name="child", kind=ProcessKind.CUSTOM, python=sys.executable,
                   extra_args=["-c", "import time; print('up', flush=True); time.sleep(60)"])
entry = sup.start(spec, None)

def on_output(name, lines):
    if any(line.text == "up" for line in lines):
        print("CHILD", entry.process.pid, flush=True)
        if MODE == "atexit":
            app.quit()

sup.process_output.connect(on_output)
if MODE == "signal":
    handler = QuitSignalHandler(sup, app.quit, grace=5)
app.exec()
print("QUIT active" if sup.any_active() else "QUIT clean", flush=True)
"""


def run_app_script(mode: str, send: signal.Signals | None) -> tuple[int, list[str], str]:
    """Run a tiny app with a supervised child; return (exit code, stdout lines, stderr)."""
    script = f"MODE = {mode!r}\n{APP_SCRIPT}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    child = None
    try:
        assert app.stdout is not None
        first = app.stdout.readline()
        assert first.startswith("CHILD"), first + (app.stderr.read() if app.stderr else "")
        child = psutil.Process(int(first.split()[1]))
        if send is not None:
            app.send_signal(send)
        # Not communicate(): it reads the raw pipe and would miss what readline() buffered.
        app.wait(timeout=20)
        rest = app.stdout.read()
        stderr = app.stderr.read() if app.stderr else ""
        child.wait(10)
        return app.returncode, [first.strip(), *rest.splitlines()], stderr
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        if child is not None and child.is_running():
            child.kill()
        for pipe in (app.stdout, app.stderr):
            if pipe is not None:
                pipe.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_quit_signal_stops_children_then_quits(sig: signal.Signals) -> None:
    code, lines, stderr = run_app_script("signal", sig)
    assert code == 0, stderr
    assert lines[-1] == "QUIT clean"


def test_atexit_kills_children_left_running() -> None:
    code, lines, stderr = run_app_script("atexit", None)
    assert code == 0, stderr
    assert lines[-1] == "QUIT active"  # the script itself left the child running
    assert "Destroyed while process" not in stderr
