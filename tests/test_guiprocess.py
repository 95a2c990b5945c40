"""GuiProcess with real child processes: output, graceful stop, kill, crash, failed start."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator

import psutil
import pytest
from pytestqt.qtbot import QtBot

from desktop.core.processes.logs import LogLine, Stream
from desktop.core.processes.spec import Command
from desktop.ui.processes.guiprocess import GuiProcess, ProcessOutcome, ProcessState
from tests.support.child_processes import SLEEPER, ChildTracker, python_command

WAIT_MS = 15_000

MakeProcess = Callable[[], GuiProcess]


@pytest.fixture
def make_process(qapp: object) -> Iterator[MakeProcess]:
    """GuiProcess factory; after the test, proves no child (or grandchild) is left."""
    tracker = ChildTracker()
    made: list[GuiProcess] = []

    def make() -> GuiProcess:
        process = GuiProcess("test child")
        process.state_changed.connect(
            lambda state: tracker.track(process.pid) if state is ProcessState.RUNNING else None
        )
        made.append(process)
        return process

    yield make
    for process in made:
        process.kill_now()
    survivors = tracker.kill_survivors()
    assert not survivors, f"children left running: {survivors}"


def run_to_end(qtbot: QtBot, process: GuiProcess, command: Command) -> ProcessOutcome:
    with qtbot.waitSignal(process.finished, timeout=WAIT_MS) as blocker:
        process.start(command)
    outcome = blocker.args[0] if blocker.args else None
    assert isinstance(outcome, ProcessOutcome)
    return outcome


def wait_for_line(qtbot: QtBot, process: GuiProcess, text: str) -> None:
    qtbot.waitUntil(
        lambda: any(line.text == text for line in process.buffer.lines()), timeout=WAIT_MS
    )


def child_lines(process: GuiProcess) -> list[tuple[Stream, str]]:
    return [(ln.stream, ln.text) for ln in process.buffer.lines() if ln.stream != Stream.SUPERVISOR]


def test_captures_stdout_and_stderr_separately(qtbot: QtBot, make_process: MakeProcess) -> None:
    process = make_process()
    received: list[LogLine] = []
    process.output_received.connect(received.extend)
    script = """
        import sys, time
        print("to stdout")
        print("to stderr", file=sys.stderr, flush=True)
        sys.stdout.buffer.write(b"caf\\xc3"); sys.stdout.flush(); time.sleep(0.05)
        sys.stdout.buffer.write(b"\\xa9 \\xff\\n"); sys.stdout.flush()
        sys.stdout.write("no newline at the end")
    """
    outcome = run_to_end(qtbot, process, python_command(script))
    lines = child_lines(process)
    assert (Stream.STDOUT, "to stdout") in lines
    assert (Stream.STDERR, "to stderr") in lines
    assert (Stream.STDOUT, "café \ufffd") in lines
    assert lines[-1] == (Stream.STDOUT, "no newline at the end")
    assert received == process.buffer.lines()
    assert "started (pid" in process.buffer.lines()[0].text
    # Exit code 0 that nobody asked for still counts as unexpected.
    assert outcome.state is ProcessState.CRASHED
    assert outcome.exit_code == 0
    assert outcome.describe() == "exited unexpectedly (exit code 0)"


def test_graceful_stop_is_not_a_crash(qtbot: QtBot, make_process: MakeProcess) -> None:
    process = make_process()
    script = """
        import signal, sys, time
        def bye(*_):
            print("bye", flush=True)
            sys.exit(0)
        signal.signal(signal.SIGTERM, bye)
        print("ready", flush=True)
        time.sleep(60)
    """
    states: list[ProcessState] = []
    process.state_changed.connect(states.append)
    process.start(python_command(script))
    wait_for_line(qtbot, process, "ready")
    assert process.state is ProcessState.RUNNING
    assert process.pid is not None
    uptime = process.uptime()
    assert uptime is not None
    assert uptime >= 0
    with qtbot.waitSignal(process.finished, timeout=WAIT_MS):
        process.stop(grace=10)
    assert states == [
        ProcessState.STARTING,
        ProcessState.RUNNING,
        ProcessState.STOPPING,
        ProcessState.EXITED,
    ]
    outcome = process.outcome
    assert outcome is not None
    assert (outcome.exit_code, outcome.signal, outcome.requested, outcome.killed) == (
        0,
        None,
        True,
        False,
    )
    assert outcome.describe() == "stopped"
    assert (Stream.STDOUT, "bye") in child_lines(process)
    assert process.pid is None


def test_default_sigterm_stop_is_not_a_crash(qtbot: QtBot, make_process: MakeProcess) -> None:
    process = make_process()
    process.start(python_command(SLEEPER))
    wait_for_line(qtbot, process, "ready")
    with qtbot.waitSignal(process.finished, timeout=WAIT_MS):
        process.stop()
    assert process.outcome is not None
    assert process.outcome.signal == signal.SIGTERM
    assert process.state is ProcessState.EXITED
    assert process.outcome.describe() == "stopped"


def test_kill_after_grace(qtbot: QtBot, make_process: MakeProcess) -> None:
    """A child ignoring SIGTERM is killed, and so is the grandchild it started."""
    process = make_process()
    script = """
        import signal, subprocess, sys, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        print("grandchild", grandchild.pid, flush=True)
        print("ready", flush=True)
        time.sleep(60)
    """
    process.start(python_command(script))
    wait_for_line(qtbot, process, "ready")
    grandchild = next(
        int(text.split()[1]) for _, text in child_lines(process) if text.startswith("grandchild")
    )
    grandchild_process = psutil.Process(grandchild)
    with qtbot.waitSignal(process.finished, timeout=WAIT_MS):
        process.stop(grace=0.5)
    outcome = process.outcome
    assert outcome is not None
    assert outcome.killed
    assert outcome.requested
    assert outcome.signal == signal.SIGKILL
    assert process.state is ProcessState.EXITED
    assert "did not stop within the grace period" in outcome.describe()
    grandchild_process.wait(5)
    assert not grandchild_process.is_running()


def test_unrequested_exit_code_is_a_crash(qtbot: QtBot, make_process: MakeProcess) -> None:
    process = make_process()
    outcome = run_to_end(qtbot, process, python_command("import sys; sys.exit(3)"))
    assert outcome.state is ProcessState.CRASHED
    assert outcome.exit_code == 3
    assert not outcome.requested
    assert outcome.describe() == "crashed with exit code 3"
    assert process.buffer.lines()[-1].text == "crashed with exit code 3"


def test_death_by_signal_is_a_crash(qtbot: QtBot, make_process: MakeProcess) -> None:
    process = make_process()
    outcome = run_to_end(
        qtbot, process, python_command("import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    )
    assert outcome.state is ProcessState.CRASHED
    assert outcome.signal == signal.SIGKILL
    assert outcome.describe() == "crashed: killed by SIGKILL"


@pytest.mark.parametrize(
    ("program", "message"),
    [
        ("/nonexistent/celery-desk-test-program", "does not exist"),
        ("celery-desk-no-such-program", "was not found on PATH"),
    ],
)
def test_failed_to_start_has_a_clear_message(
    qtbot: QtBot, make_process: MakeProcess, program: str, message: str
) -> None:
    process = make_process()
    outcome = run_to_end(qtbot, process, Command(program=program))
    assert process.state is ProcessState.FAILED_TO_START
    assert outcome.error is not None
    assert message in outcome.error
    assert outcome.describe().startswith("failed to start: ")
    assert process.pid is None


def test_start_again_after_end_and_refuse_double_start(
    qtbot: QtBot, make_process: MakeProcess
) -> None:
    process = make_process()
    run_to_end(qtbot, process, python_command("print('first')"))
    process.start(python_command(SLEEPER))
    with pytest.raises(RuntimeError, match="already"):
        process.start(python_command(SLEEPER))
    wait_for_line(qtbot, process, "ready")
    assert (Stream.STDOUT, "first") in child_lines(process)  # the log spans runs
    with qtbot.waitSignal(process.finished, timeout=WAIT_MS):
        process.stop(grace=5)
    assert process.state is ProcessState.EXITED


def test_environment_and_working_directory(
    qtbot: QtBot, make_process: MakeProcess, tmp_path: object
) -> None:
    process = make_process()
    script = "import os; print(os.environ['DESK_TEST'], os.getcwd())"
    command = python_command(script, DESK_TEST="42")
    command = Command(command.program, command.args, cwd=str(tmp_path), env=command.env)
    run_to_end(qtbot, process, command)
    assert (Stream.STDOUT, f"42 {tmp_path}") in child_lines(process)
