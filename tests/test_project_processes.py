"""A user's project run by the app's commands: worker and beat from ``build_command``.

Real processes on a real redis-server: the Django project's beat in its own virtualenv (on
another Python where the machine has one) runs our file scheduler from the path entry, with
nothing of ours installed there; a plain project with its own ``celery_app.py`` and
``desktop/`` package starts its worker and beat from its directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psutil
import pytest
from celery import Celery

from desktop.core.processes.presets import FILE_SCHEDULER
from desktop.core.processes.spec import ProcessKind, ProcessSpec, build_command, statedb_path
from desktop.core.project.path_entry import PACKAGE, beat_path_entry
from tests.support.beat_procs import queued, wait_for_messages, wait_until, write_schedule
from tests.support.celery_procs import (
    FAST_WORKER_OPTIONS,
    CeleryProcess,
    client_app,
    close_client,
)
from tests.support.project_venv import ProjectVenv
from tests.support.projects import write_django_project, write_plain_project
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow


def launch(spec: ProcessSpec, broker_url: str, log_path: Path) -> CeleryProcess:
    """Start ``spec`` exactly as the app would: its command, directory and environment."""
    command = build_command(spec, broker_url)
    env = {**os.environ, **command.env}
    return CeleryProcess(command.argv, log_path, env, cwd=Path(command.cwd or os.getcwd()))


def test_the_path_entry_is_built_once_and_reused(tmp_path: Path) -> None:
    first = beat_path_entry()
    stamp = (first / PACKAGE / "scheduler.py").stat().st_mtime_ns
    assert beat_path_entry() == first
    assert (first / PACKAGE / "scheduler.py").stat().st_mtime_ns == stamp
    assert sorted(p.name for p in first.parent.iterdir()) == [first.name]
    entry_points = first / f"{PACKAGE}-0.1.0.dist-info" / "entry_points.txt"
    assert "file = celery_desk_beat.scheduler:FileScheduler" in entry_points.read_text()
    # Two app instances building a fresh one at the same moment both get a complete copy.
    base = tmp_path / "race"
    script = (
        "import sys; from pathlib import Path; "
        "from desktop.core.project.path_entry import beat_path_entry; "
        "print(beat_path_entry(Path(sys.argv[1])))"
    )
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(base)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    answers = {racer.communicate(timeout=60)[0].strip() for racer in racers}
    assert len(answers) == 1
    built = Path(answers.pop())
    assert (built / PACKAGE / "scheduler.py").read_bytes() == (
        first / PACKAGE / "scheduler.py"
    ).read_bytes()
    assert [p.name for p in base.iterdir()] == [built.name]  # no half-built copy left


@pytest.mark.parametrize("scheduler", [FILE_SCHEDULER, "file"])
def test_the_django_projects_beat_runs_our_scheduler_from_its_own_venv(
    scheduler: str, tmp_path: Path, redis_server: RedisServer, project_venv: ProjectVenv
) -> None:
    root = write_django_project(tmp_path / "django")
    schedule = tmp_path / "schedule.json"
    entry = {
        "task": "shop.tasks.cleanup",
        "schedule": {"type": "interval", "seconds": 1},
        "args": [3, "carts"],
    }
    write_schedule(schedule, {"tick": entry})
    spec = ProcessSpec(
        name="proj beat",
        kind=ProcessKind.BEAT,
        app_module="proj",
        workdir=str(root),
        python=str(project_venv.root),
        use_connected_broker=True,
        scheduler=scheduler,
        schedule_path=str(schedule),
        env={"PROJ_RESULT_BACKEND": redis_server.url},
    )
    with launch(spec, redis_server.url, tmp_path / "beat.log") as beat:
        [message, *_] = wait_for_messages(redis_server.client(), 1, 60, beat, entry="tick")
        assert (message.task, message.args) == ("shop.tasks.cleanup", [3, "carts"])
        running = Path(psutil.Process(beat.pid).exe()).resolve()
        assert running == project_venv.python.resolve()
    assert "Traceback" not in beat.log_text()
    # Nothing of ours was installed in the project's venv: it came from the path entry.
    listed = subprocess.run(
        [str(project_venv.python), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    assert "celery-desk" not in listed and "celery_desk" not in listed


def test_a_project_with_its_own_celery_app_and_desktop_runs_worker_and_beat(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    root = write_plain_project(tmp_path / "plain")
    worker_spec = ProcessSpec(
        name="plain worker",
        kind=ProcessKind.WORKER,
        app_module="celery_app",
        workdir=str(root),
        pool="solo",
        concurrency=1,
        extra_args=list(FAST_WORKER_OPTIONS),
        use_connected_broker=True,
        use_connected_backend=True,
    )
    schedule = tmp_path / "schedule.json"
    entry = {
        "task": "tasks.ping",
        "schedule": {"type": "interval", "seconds": 1},
        "args": ["from the file"],
        "options": {"queue": "beat-only"},
    }
    write_schedule(schedule, {"tick": entry})
    beat_spec = ProcessSpec(
        name="plain beat",
        kind=ProcessKind.BEAT,
        app_module="celery_app",
        workdir=str(root),
        use_connected_broker=True,
        scheduler="file",
        schedule_path=str(schedule),
    )
    client = Celery("client", broker=redis_server.url, backend=redis_server.url)
    try:
        with launch(worker_spec, redis_server.url, tmp_path / "worker.log") as worker:
            worker.wait_ready(60)
            assert client.send_task("tasks.add", (2, 3)).get(timeout=30) == 5
            statedb = statedb_path(worker_spec)
            assert statedb is not None and list(statedb.parent.glob(f"{statedb.name}*"))
            with launch(beat_spec, redis_server.url, tmp_path / "beat.log") as beat:
                found = wait_until(
                    lambda: queued(redis_server.client(), "beat-only"), 60, "beat's message", beat
                )
                assert found[0].task == "tasks.ping" and found[0].args == ["from the file"]
                assert found[0].entry == "tick"
    finally:
        close_client(client)
    for process in (worker, beat):
        assert "the project's own 'desktop' package" not in process.log_text()


def test_a_revoke_survives_a_restart_of_a_worker_the_app_started(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    spec = ProcessSpec(
        name="Demo worker", pool="solo", concurrency=1, extra_args=list(FAST_WORKER_OPTIONS)
    )
    client = client_app(redis_server.url)
    revoked = str(uuid.uuid4())
    try:
        with launch(spec, redis_server.url, tmp_path / "first.log") as first:
            first.wait_ready(60)
            assert client.control.revoke(revoked, reply=True, timeout=5)
        assert first.process.returncode is not None
        with launch(spec, redis_server.url, tmp_path / "second.log") as second:
            second.wait_ready(60)
            client.send_task("celery_desk_demo.tasks.add", (1, 2), task_id=revoked)
            second.wait_for_log(f"Discarding revoked task: celery_desk_demo.tasks.add[{revoked}]")
            assert client.send_task("celery_desk_demo.tasks.add", (2, 2)).get(timeout=30) == 4
            assert client.AsyncResult(revoked).state == "REVOKED"
    finally:
        close_client(client)
