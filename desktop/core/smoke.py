"""The end-to-end check behind ``celery-desk --smoke-test``: broker, worker, one task.

Everything is started through the app's own sub-commands, so in a frozen bundle this proves
that the bundle alone (no Python installed) can run Redis, a Celery worker and a task.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from desktop.core.events.process_source import ProcessEventSource
from desktop.core.net import LOOPBACK, free_port
from desktop.core.processes.guard import PARENT_ENV
from desktop.core.self_command import current_environment, self_command

Say = Callable[[str], None]


def _child_env(url: str | None) -> dict[str, str]:
    env = current_environment()
    env[PARENT_ENV] = str(os.getpid())
    env["PYTHONUNBUFFERED"] = "1"
    if url is not None:
        env["CELERY_BROKER_URL"] = url
        env["CELERY_RESULT_BACKEND"] = url
    return env


def _stop(process: subprocess.Popen[bytes], name: str, say: Say, grace: float = 15.0) -> None:
    if process.poll() is not None:
        say(f"{name} had already exited with {process.returncode}")
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
        say(f"{name} stopped (exit {process.returncode})")
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        say(f"{name} did not stop within {grace:.0f} s and was killed")


def _wait_for_ping(url: str, broker: subprocess.Popen[bytes], timeout: float) -> bool:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and broker.poll() is None:
        try:
            if client.ping():
                return True
        except redis.RedisError:
            time.sleep(0.1)
    return False


def _saw_success(events: ProcessEventSource, task_id: str, say: Say, timeout: float = 15.0) -> bool:
    """Whether the event reader process delivered the task's ``task-succeeded``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in events.drain():
            if event.get("type") == "task-succeeded" and event.get("uuid") == task_id:
                say(f"event reader delivered task-succeeded for {task_id}")
                return True
        time.sleep(0.05)
    say(f"FAIL: no task-succeeded event within {timeout:.0f} s ({events.status().describe()})")
    return False


def run_stack_check(say: Say = print, task_timeout: float = 90.0) -> bool:
    """Start broker and worker via sub-commands, run ``add(2, 3)`` to success, stop both."""
    from celery_desk_demo.config import build_settings
    from celery_desk_demo.factory import create_app

    workdir = Path(tempfile.mkdtemp(prefix="celery-desk-smoke-"))
    port = free_port()
    url = f"redis://{LOOPBACK}:{port}/0"
    logs = {name: (workdir / f"{name}.log").open("wb") for name in ("broker", "worker")}
    broker_cmd = [*self_command(), "broker", "--port", str(port), "--data-dir", str(workdir)]
    say(f"starting broker: {' '.join(broker_cmd)}")
    broker = subprocess.Popen(
        broker_cmd, env=_child_env(None), stdout=logs["broker"], stderr=subprocess.STDOUT
    )
    worker: subprocess.Popen[bytes] | None = None
    events: ProcessEventSource | None = None
    try:
        if not _wait_for_ping(url, broker, timeout=20):
            say(f"FAIL: the broker did not answer on port {port}; log in {workdir}/broker.log")
            return False
        say(f"broker answers at {url}")
        events = ProcessEventSource(url, wakeup=None)
        events.start()
        worker_cmd = [
            *self_command(), "worker", "-A", "celery_desk_demo", "-l", "info",
            "-c", "1", "-n", "smoke@%h", "--without-gossip", "--without-mingle", "-E",
        ]  # fmt: skip
        say(f"starting worker: {' '.join(worker_cmd)}")
        worker = subprocess.Popen(
            worker_cmd, env=_child_env(url), stdout=logs["worker"], stderr=subprocess.STDOUT
        )
        settings = build_settings()
        settings.update(broker_url=url, result_backend=url)
        app = create_app(settings, main="celery-desk-smoke")
        try:
            started = time.monotonic()
            result = app.send_task("celery_desk_demo.tasks.add", args=[2, 3])
            say(f"sent celery_desk_demo.tasks.add(2, 3) as {result.id}")
            value = result.get(timeout=task_timeout)
            say(f"task {result.state} with result {value!r} in {time.monotonic() - started:.1f} s")
        finally:
            app.close()
        if value != 5:
            say(f"FAIL: expected 5, got {value!r}")
            return False
        return _saw_success(events, result.id, say)
    except Exception as exc:
        say(f"FAIL: {type(exc).__name__}: {exc}; logs in {workdir}")
        return False
    finally:
        if events is not None:
            events.stop(timeout=5.0)
        if worker is not None:
            _stop(worker, "worker", say)
        _stop(broker, "broker", say)
        for handle in logs.values():
            handle.close()
