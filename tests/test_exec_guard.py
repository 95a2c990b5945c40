"""`celery-desk exec`: a program that knows nothing of Celery Desk still dies with the app.

The app starts redis-server and a user project's own interpreter through it. A Celery worker
in warm shutdown whose broker died with the app ignores the parent-death SIGTERM (it waits
for the broker), so the watcher exec leaves behind must kill it after the grace period.
Real processes: a stand-in for the app, the exec wrapper, a program that ignores SIGTERM.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]

# Ignores SIGTERM like a worker waiting for its broker; says so once it does.
STUBBORN = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "print('ready', flush=True); time.sleep(600)"
)
QUICK = "print('done', flush=True)"

# The app's stand-in: starts `exec` as the supervisor does (its own pid in the environment),
# prints the program's pid and first line, then waits to be killed.
APP = """
import os, subprocess, sys, time
env = dict(os.environ, CELERY_DESK_PARENT_PID=str(os.getpid()))
child = subprocess.Popen(
    [sys.executable, "-P", "-m", "desktop", "exec", "--", sys.executable, "-c", sys.argv[1]],
    env=env, stdout=subprocess.PIPE, text=True,
)
print(child.pid, flush=True)
print(child.stdout.readline().strip(), flush=True)
if sys.argv[2] == "wait-eof":
    child.stdout.read()  # returns only once nobody holds the program's stdout any more
    print("eof", child.wait(), flush=True)
time.sleep(600)
"""


def _marked(mark: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.environ().get("GUARD_TEST_MARK") == mark and proc.status() != "zombie":
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def _start_app(program: str, mode: str, mark: str) -> subprocess.Popen[str]:
    env = dict(os.environ, GUARD_TEST_MARK=mark, CELERY_DESK_ORPHAN_KILL_AFTER="1")
    return subprocess.Popen(
        [sys.executable, "-c", APP, program, mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


def test_a_program_that_ignores_sigterm_is_killed_once_the_app_is_gone() -> None:
    mark = uuid.uuid4().hex
    app = _start_app(STUBBORN, "stay", mark)
    assert app.stdout is not None
    try:
        program = int(app.stdout.readline())
        assert app.stdout.readline().strip() == "ready"
        os.kill(app.pid, signal.SIGKILL)
        app.wait(timeout=10)
        # The grace is 1 s here (10 s by default): SIGTERM is ignored, so only the kill ends it.
        assert _gone_within(program, 8), psutil.Process(program).cmdline()
        deadline = time.monotonic() + 5
        while _marked(mark) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _marked(mark) == []  # neither the program nor its watcher is left
    finally:
        app.kill()
        app.wait()
        app.stdout.close()
        for proc in _marked(mark):
            proc.kill()


def test_the_watcher_ends_with_the_program_and_holds_none_of_its_output() -> None:
    mark = uuid.uuid4().hex
    app = _start_app(QUICK, "wait-eof", mark)
    assert app.stdout is not None
    try:
        int(app.stdout.readline())
        assert app.stdout.readline().strip() == "done"
        # the app's reader sees the end of the program's output as soon as the program ends
        assert app.stdout.readline().split() == ["eof", "0"]
        deadline = time.monotonic() + 3
        while [p for p in _marked(mark) if p.pid != app.pid] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [p.pid for p in _marked(mark) if p.pid != app.pid] == []
    finally:
        app.kill()
        app.wait()
        app.stdout.close()
        for proc in _marked(mark):
            proc.kill()
