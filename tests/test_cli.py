"""The command line as a user meets it: help, `celery -A ... desk`, --smoke-test, --demo shots."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
from PySide6.QtGui import QImage

from tests.support.leftovers import alive, command_word, processes_with_home
from tests.support.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CELERY_DESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _no_leftovers(home: Path) -> None:
    deadline = time.monotonic() + 10
    while processes_with_home(home) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_with_home(home) == []


def test_help_lists_the_options(app_home: Path) -> None:
    result = _run([sys.executable, "-m", "desktop", "--help"], app_home)
    assert result.returncode == 0
    for option in ("--demo", "--screenshot", "--smoke-test", "--broker"):
        assert option in result.stdout


def test_celery_desk_command_is_registered_with_celery(app_home: Path) -> None:
    celery = Path(sys.executable).with_name("celery")
    result = _run([str(celery), "-A", "celery_desk_demo", "desk", "--help"], app_home)
    assert result.returncode == 0, result.stderr
    assert "Open Celery Desk connected to this app's broker" in result.stdout


def test_celery_desk_command_opens_on_the_project_and_remembers_it(
    app_home: Path, tmp_path: Path, redis_server: RedisServer
) -> None:
    """``celery -A app desk`` in a project: the profile is that project on its broker."""
    celery = Path(sys.executable).with_name("celery")
    shot = tmp_path / "desk.png"
    env = dict(
        os.environ,
        CELERY_DESK_HOME=str(app_home),
        QT_QPA_PLATFORM="offscreen",
        CELERY_BROKER_URL=redis_server.url,
    )
    result = subprocess.run(
        [str(celery), "-A", "celery_desk_demo", "desk", "--screenshot", str(shot)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "Connection: connected" in result.stdout
    saved = json.loads((app_home / "config" / "profiles.json").read_text())["profiles"]
    assert [(p["name"], p["url"]) for p in saved] == [("celery_desk_demo", redis_server.url)]
    project = saved[0]["project"]
    assert (project["app_module"], project["workdir"]) == ("celery_desk_demo", str(ROOT))
    assert Path(project["python"]).name.startswith("python")
    _no_leftovers(app_home)


def test_smoke_test_runs_a_task_through_its_own_sub_commands(app_home: Path) -> None:
    result = _run([sys.executable, "-m", "desktop", "--smoke-test"], app_home, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "event reader subscribed" in result.stdout  # before the worker: nothing missed
    assert "task SUCCESS with result 5" in result.stdout
    assert "ran to success (result 42)" in result.stdout  # sent by beat from a schedule file
    assert "[smoke] PASS" in result.stdout
    _no_leftovers(app_home)


def test_demo_screenshot_shows_a_running_stack(app_home: Path, tmp_path: Path) -> None:
    shot = tmp_path / "demo.png"
    result = _run(
        [sys.executable, "-m", "desktop", "--demo", "--screenshot", str(shot)],
        app_home,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "Connection: connected" in result.stdout
    assert "Local broker: running · Worker: running · Beat: running" in result.stdout
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 800
    _no_leftovers(app_home)


def test_killing_the_app_leaves_no_child_behind(app_home: Path) -> None:
    env = dict(os.environ, CELERY_DESK_HOME=str(app_home), QT_QPA_PLATFORM="offscreen")
    app = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    descendants: list[psutil.Process] = []
    try:
        wanted = {"broker", "redis-server", "worker", "beat"}
        names: set[str] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not wanted <= names:
            time.sleep(0.3)
            descendants = psutil.Process(app.pid).children(recursive=True)
            names = {command_word(proc) for proc in descendants}
        assert wanted <= names, names
        time.sleep(2)  # the worker forks its pool: those grandchildren must go too
        descendants = psutil.Process(app.pid).children(recursive=True)
    finally:
        app.kill()
        app.wait()
    pids = [proc.pid for proc in descendants]
    assert len(pids) >= 5
    # Children get SIGTERM at once; any still alive after 10 s more kill themselves.
    deadline = time.monotonic() + 25
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.2)
    survivors = {proc.pid: command_word(proc) for proc in descendants if alive(proc.pid)}
    assert survivors == {}
