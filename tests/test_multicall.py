"""``celery-desk worker`` / ``beat``: argument order, app loading errors, dying with the parent."""

from __future__ import annotations

import signal
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from celery.bin.celery import celery as celery_group

from desktop.core.multicall import reorder_arguments, worker_main
from desktop.core.processes.guard import PARENT_ENV
from tests.support.celery_procs import (
    FAST_WORKER_OPTIONS,
    READY_MARKER,
    CeleryProcess,
    celery_env,
    desk_command,
    kill_processes,
    start_celery,
    unique_hostname,
    wait_for_text,
)
from tests.support.redis_server import RedisServer

UNUSED_BROKER = "redis://127.0.0.1:9/0"  # never contacted: these workers fail before connecting


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["-A", "proj", "-l", "info"], ["-A", "proj", "worker", "-l", "info"]),
        (["-l", "info", "--app=proj"], ["--app=proj", "worker", "-l", "info"]),
        (["-Aproj", "-c", "2"], ["-Aproj", "worker", "-c", "2"]),
        (
            ["-Q", "a,b", "-b", "redis://h/1", "-C", "--workdir", "/srv", "-A", "proj"],
            ["-b", "redis://h/1", "-C", "--workdir", "/srv", "-A", "proj", "worker", "-Q", "a,b"],
        ),
        # -s is the worker's own (schedule file), not a global option.
        (["-s", "/tmp/x", "-A", "proj"], ["-A", "proj", "worker", "-s", "/tmp/x"]),
        (["-A", "proj", "--", "-A", "x"], ["-A", "proj", "worker", "--", "-A", "x"]),
    ],
)
def test_global_options_move_before_the_worker_command(
    argv: list[str], expected: list[str]
) -> None:
    assert reorder_arguments(celery_group, "worker", argv) == expected


def test_beat_keeps_its_own_short_options() -> None:
    argv = ["-S", "proj.sched:S", "-A", "proj", "--max-interval", "1"]
    expected = ["-A", "proj", "beat", "-S", "proj.sched:S", "--max-interval", "1"]
    assert reorder_arguments(celery_group, "beat", argv) == expected


def test_worker_help_runs_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert worker_main(["--help"]) == 0
    assert "Usage: celery-desk worker [OPTIONS]" in capsys.readouterr().out


def _run_failing_worker(tmp_path: Path, *args: str) -> tuple[int, str]:
    process = CeleryProcess(
        desk_command("worker", *args, "-l", "info", "-P", "solo"),
        tmp_path / "worker.log",
        celery_env(UNUSED_BROKER),
    )
    try:
        code = process.wait_exit(timeout=30)
    finally:
        process.stop()
    return code, process.log_text()


def test_missing_app_module_is_named_with_its_import_error(tmp_path: Path) -> None:
    code, log = _run_failing_worker(tmp_path, "-A", "no_such_celery_project")
    assert code != 0
    assert "cannot load the Celery app 'no_such_celery_project'" in log
    assert "ModuleNotFoundError: No module named 'no_such_celery_project'" in log
    assert "ready." not in log


def test_app_module_failing_inside_shows_the_traceback(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "broken_proj.py").write_text(
        textwrap.dedent(
            """
            from celery import Celery
            import a_dependency_nobody_installed
            app = Celery("broken_proj")
            """
        )
    )
    code, log = _run_failing_worker(tmp_path, "--workdir", str(project), "-A", "broken_proj")
    assert code != 0
    assert "cannot load the Celery app 'broken_proj'" in log
    assert "broken_proj.py" in log  # the traceback points into the user's module
    assert "No module named 'a_dependency_nobody_installed'" in log


def test_module_without_an_app_says_so(tmp_path: Path) -> None:
    code, log = _run_failing_worker(tmp_path, "-A", "json")
    assert code != 0
    assert "has no 'app' or 'celery' attribute" in log


def test_plain_celery_script_runs_the_demo_app(redis_server: RedisServer, tmp_path: Path) -> None:
    """The demo app works from Celery's own command line too (``celery -A celery_desk_demo``)."""
    args = ["-A", "celery_desk_demo", "worker", "-l", "info", "-P", "solo", "-n", unique_hostname()]
    args += FAST_WORKER_OPTIONS
    with start_celery(redis_server.url, tmp_path / "celery.log", args) as worker:
        worker.wait_ready()
        assert "celery_desk_demo.tasks.flaky" in worker.log_text()


def test_broker_option_reaches_the_app_before_it_loads(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    """``-b URL`` after the sub-command sets the broker, and the demo app's default backend."""
    env = celery_env(redis_server.url)
    del env["CELERY_BROKER_URL"], env["CELERY_RESULT_BACKEND"]
    argv = desk_command(
        "worker", "-l", "info", "-P", "solo", "-n", unique_hostname(), *FAST_WORKER_OPTIONS,
        "-A", "celery_desk_demo", "-b", redis_server.url,
    )  # fmt: skip
    with CeleryProcess(argv, tmp_path / "worker.log", env) as worker:
        worker.wait_ready()
        assert f"results:     {redis_server.url}" in worker.log_text()


PARENT_SCRIPT = """
import os, subprocess, sys
env = dict(os.environ, **{{{env!r}: str(os.getpid())}})
with open(sys.argv[1], "wb") as log:
    child = subprocess.Popen(sys.argv[2:], env=env, stdout=log, stderr=subprocess.STDOUT)
print("worker pid", child.pid, flush=True)
child.wait()
"""


def _gone(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() == psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return True


def test_worker_dies_when_its_parent_is_killed(redis_server: RedisServer, tmp_path: Path) -> None:
    worker_log = tmp_path / "worker.log"
    worker_argv = desk_command(
        "worker", "-A", "celery_desk_demo", "-l", "info", "-P", "solo", "-n", unique_hostname()
    )
    parent = CeleryProcess(
        [sys.executable, "-c", PARENT_SCRIPT.format(env=PARENT_ENV), str(worker_log), *worker_argv],
        tmp_path / "parent.log",
        celery_env(redis_server.url),
    )
    worker_pid: int | None = None
    try:
        line = parent.wait_for_log("worker pid ", timeout=10)
        worker_pid = int(line.split("worker pid ")[1].split()[0])
        wait_for_text(worker_log, READY_MARKER)

        parent.process.send_signal(signal.SIGKILL)
        parent.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while not _gone(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(worker_pid), worker_log.read_text()[-3000:]
        assert "Warm shutdown" in worker_log.read_text()
    finally:
        if worker_pid is not None and not _gone(worker_pid):
            kill_processes([psutil.Process(worker_pid)])
        parent.stop()
