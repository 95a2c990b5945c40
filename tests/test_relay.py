"""The relay and keeper with real processes: output through, stop, the app vanishing, detach.

The relay is started here the way a QProcess starts it: stdin and stdout are pipes held by
this test, which plays the app.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from desktop.core.processes.detached import (
    RUN_INFO_NAME,
    RunInfo,
    mark_detached,
    new_run_dir,
    read_run_info,
    read_status,
)
from desktop.core.processes.log_file import CappedLog, LogTail, RedactedLines, rotated
from desktop.core.processes.relay import relay_command
from desktop.core.processes.spec import Command
from tests.support.child_processes import ChildTracker

REPO = Path(__file__).resolve().parent.parent

# Prints a numbered line every 50 ms; says "TERM" on SIGTERM and exits 3.
TICKER = """
    import signal, sys, time
    def on_term(signum, frame):
        print("TERM", flush=True)
        sys.exit(3)
    signal.signal(signal.SIGTERM, on_term)
    print("ready", flush=True)
    for i in range(100000):
        print("tick", i, flush=True)
        time.sleep(0.05)
"""

IGNORES_SIGTERM = """
    import signal, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print("ready", flush=True)
    time.sleep(120)
"""


def target(script: str) -> Command:
    return Command(sys.executable, ("-u", "-c", textwrap.dedent(script)))


class Relay:
    """A relay process, with this test as its app."""

    def __init__(self, script: str, grace: float = 5.0) -> None:
        self.run_dir = new_run_dir("test target")
        command = relay_command(target(script), self.run_dir, grace)
        self.process = subprocess.Popen(
            command.argv,
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, **command.env},
        )
        self.lines: list[str] = []

    def read_until(self, text: str, timeout: float = 20.0) -> None:
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line.decode().rstrip("\n"))
            if self.lines[-1] == text:
                return
        raise AssertionError(f"no {text!r} from the relay; got {self.lines[-5:]}")

    def info(self) -> RunInfo:
        info = read_run_info(self.run_dir)
        assert info is not None, "the keeper wrote no run.json"
        return info

    def close(self) -> None:
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def relays() -> Iterator[list[Relay]]:
    made: list[Relay] = []
    tracker = ChildTracker()
    yield made
    for relay in made:
        if (info := read_run_info(relay.run_dir)) is not None:
            tracker.track(info.keeper_pid)
        relay.close()
    survivors = tracker.kill_survivors()
    assert not survivors, f"left running: {survivors}"


def start(relays: list[Relay], script: str, grace: float = 5.0) -> Relay:
    relay = Relay(script, grace)
    relays.append(relay)
    relay.read_until("ready")
    return relay


def gone(pid: int, create_time: float, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            process = psutil.Process(pid)
            if process.create_time() != create_time or process.status() == "zombie":
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False


def test_output_passes_through_and_stop_ends_like_the_target(relays: list[Relay]) -> None:
    relay = start(relays, TICKER)
    relay.read_until("tick 3")
    info = relay.info()
    assert info.target_pid != relay.process.pid
    assert psutil.Process(info.target_pid).ppid() == info.keeper_pid
    # The keeper lives in a session of its own: the app's terminal signals never reach it.
    assert os.getsid(info.keeper_pid) == info.keeper_pid != os.getsid(relay.process.pid)
    relay.process.send_signal(signal.SIGTERM)  # what QProcess.terminate() sends
    relay.read_until("TERM")
    assert relay.process.wait(10) == 3  # the target's own exit code, seen by the app
    assert gone(info.keeper_pid, info.keeper_create_time, 5)
    assert not relay.run_dir.exists(), "an attached run leaves no files behind"
    log_lines = [line for line in relay.lines if line.startswith("tick")]
    assert log_lines[:4] == ["tick 0", "tick 1", "tick 2", "tick 3"]


def test_a_target_killed_by_a_signal_is_reported_as_that_signal(relays: list[Relay]) -> None:
    relay = start(relays, TICKER)
    os.kill(relay.info().target_pid, signal.SIGKILL)
    assert relay.process.wait(10) == -signal.SIGKILL


def test_a_program_that_cannot_run_exits_127(tmp_path: Path) -> None:
    run_dir = new_run_dir("missing")
    command = relay_command(Command(str(tmp_path / "no-such-program")), run_dir, 1.0)
    relay = subprocess.Popen(command.argv, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert relay.stdout is not None and relay.stdin is not None
    output = relay.stdout.read()  # stdin stays open, as the app's does
    assert relay.wait(10) == 127
    relay.stdin.close()
    relay.stdout.close()
    assert b"cannot run" in output


def test_app_gone_stops_the_target(relays: list[Relay]) -> None:
    relay = start(relays, TICKER)
    info = relay.info()
    assert relay.process.stdin is not None
    relay.process.stdin.close()  # the app's end of the pipe closes however the app ends
    assert relay.process.wait(10) != 0
    assert gone(info.target_pid, info.target_create_time, 10), "target outlived the app"
    assert gone(info.keeper_pid, info.keeper_create_time, 10)
    assert not relay.run_dir.exists()


def test_relay_killed_stops_a_stubborn_target_after_the_grace(relays: list[Relay]) -> None:
    relay = start(relays, IGNORES_SIGTERM, grace=1.0)
    info = relay.info()
    relay.process.kill()
    relay.process.wait(5)
    assert not gone(info.target_pid, info.target_create_time, 0.5), "killed before its grace"
    assert gone(info.target_pid, info.target_create_time, 10), "SIGKILL after the grace"
    assert gone(info.keeper_pid, info.keeper_create_time, 10)


APP = """
    import subprocess, sys, time
    from pathlib import Path
    from desktop.core.processes.relay import relay_command
    from desktop.core.processes.spec import Command
    command = relay_command(
        Command(sys.executable, ("-c", "import time; print('ready', flush=True); time.sleep(60)")),
        Path(sys.argv[1]),
        5.0,
    )
    relay = subprocess.Popen(command.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert relay.stdout.readline() == b"ready\\n"
    print("up", flush=True)
    time.sleep(60)
"""


def test_app_killed_with_sigkill_takes_the_target_with_it() -> None:
    run_dir = new_run_dir("app killed")
    app = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(APP), str(run_dir)],
        cwd=REPO,
        stdout=subprocess.PIPE,
    )
    tracker = ChildTracker()
    try:
        assert app.stdout is not None
        assert app.stdout.readline() == b"up\n"
        tracker.track(app.pid)
        info = read_run_info(run_dir)
        assert info is not None
        app.kill()
        app.wait(5)
        assert gone(info.target_pid, info.target_create_time, 10), "target outlived the app"
        assert gone(info.keeper_pid, info.keeper_create_time, 10)
        assert tracker.alive() == []
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        if app.stdout is not None:
            app.stdout.close()
        assert not tracker.kill_survivors()


def test_detached_run_outlives_the_relay_and_records_its_end(relays: list[Relay]) -> None:
    relay = start(relays, TICKER)
    info = relay.info()
    mark_detached(relay.run_dir)
    relay.process.send_signal(signal.SIGTERM)  # the app's quit reaches a marked relay
    assert relay.process.wait(10) == 0
    relay.close()  # and the app's pipes close
    time.sleep(0.5)
    assert not gone(info.target_pid, info.target_create_time, 0.5), "the target was stopped"
    log_path = relay.run_dir / "output.log"
    size = log_path.stat().st_size
    time.sleep(0.3)
    assert log_path.stat().st_size > size, "output no longer reaches the log file"
    os.kill(info.target_pid, signal.SIGTERM)
    assert gone(info.keeper_pid, info.keeper_create_time, 10)
    status = read_status(relay.run_dir)
    assert status is not None
    assert (status.exit_code, status.signal) == (3, None)
    assert log_path.read_text().rstrip("\n").endswith("TERM")
    run = json.loads((relay.run_dir / RUN_INFO_NAME).read_text())
    assert set(run) == {
        "keeper_pid",
        "keeper_create_time",
        "target_pid",
        "target_create_time",
        "started_at",
    }


def test_capped_log_rotates_and_the_tail_follows(tmp_path: Path) -> None:
    path = tmp_path / "output.log"
    writer = CappedLog(path, max_bytes=100)
    tail = LogTail(path)
    received = b""
    for number in range(40):
        writer.write(f"line {number:02d}\n".encode())  # 8 bytes a line
        if number % 3 == 0:
            received += tail.read()
    received += tail.read()
    writer.close()
    assert received.decode().splitlines() == [f"line {n:02d}" for n in range(40)]
    assert path.stat().st_size <= 100
    assert rotated(path).stat().st_size <= 100


def test_tail_of_an_existing_log_starts_at_a_line(tmp_path: Path) -> None:
    path = tmp_path / "output.log"
    path.write_bytes(b"".join(f"line {n:03d}\n".encode() for n in range(100)))
    tail = LogTail(path, backlog=50)
    lines = tail.read().decode().splitlines()
    assert lines[-1] == "line 099"
    assert all(line.startswith("line ") and len(line) == 8 for line in lines)
    assert len(lines) < 10
    assert tail.read() == b""


def test_the_log_file_gets_whole_lines_with_passwords_masked(tmp_path: Path) -> None:
    path = tmp_path / "output.log"
    lines = RedactedLines(CappedLog(path))
    lines.write(b"connecting to redis://user:s3cr")  # a URL split across two reads
    assert path.read_bytes() == b""
    lines.write(b"et@db.example:6380/0\nready\npartial")
    assert path.read_bytes() == b"connecting to redis://user:****@db.example:6380/0\nready\n"
    lines.close()
    assert path.read_bytes().endswith(b"ready\npartial")
    assert b"s3cret" not in path.read_bytes()
