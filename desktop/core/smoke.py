"""The end-to-end check behind ``celery-desk --smoke-test``: broker, worker, beat, tasks.

Everything is started through the app's own sub-commands, so in a frozen bundle this proves
that the bundle alone (no Python installed) can run Redis, a Celery worker, beat with the
file scheduler, and the event reader.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from desktop.core.events.process_source import ProcessEventSource
from desktop.core.events.receiver import SourceState
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


def _wait_for_subscription(events: ProcessEventSource, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if events.status().state == SourceState.CONNECTED:
            return True
        time.sleep(0.05)
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


def _start(
    args: list[str], name: str, url: str | None, log: BinaryIO, say: Say
) -> subprocess.Popen[bytes]:
    command = [*self_command(), *args]
    say(f"starting {name}: {' '.join(command)}")
    return subprocess.Popen(command, env=_child_env(url), stdout=log, stderr=subprocess.STDOUT)


#: The entry beat runs in the smoke test: its args mark the runs that came from beat.
BEAT_ARGS = [20, 22]


def _write_schedule(path: Path) -> None:
    entry = {"task": "celery_desk_demo.tasks.add", "args": BEAT_ARGS,
             "schedule": {"type": "interval", "seconds": 1}}  # fmt: skip
    doc = {"version": 1, "revision": 1, "timezone": "UTC", "entries": {"smoke": entry}}
    path.write_text(json.dumps(doc), encoding="utf-8")


def _saw_beat_run(events: ProcessEventSource, say: Say, timeout: float) -> bool:
    """Whether a task sent by beat (its args are ``BEAT_ARGS``) ran to success."""
    from_beat: set[str] = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in events.drain():
            uuid = event.get("uuid")
            if event.get("type") == "task-received" and "20, 22" in str(event.get("args")):
                from_beat.add(str(uuid))
            elif event.get("type") == "task-succeeded" and uuid in from_beat:
                say(f"beat's task {uuid} ran to success (result {event.get('result')})")
                return True
        time.sleep(0.05)
    say(f"FAIL: no task sent by beat succeeded within {timeout:.0f} s")
    return False


def _run_add(url: str, events: ProcessEventSource, say: Say, timeout: float) -> bool:
    """Send ``add(2, 3)``: its result is 5 and the event reader delivers its success."""
    from celery_desk_demo.config import build_settings
    from celery_desk_demo.factory import create_app

    settings = build_settings()
    settings.update(broker_url=url, result_backend=url)
    app = create_app(settings, main="celery-desk-smoke")
    try:
        started = time.monotonic()
        result = app.send_task("celery_desk_demo.tasks.add", args=[2, 3])
        say(f"sent celery_desk_demo.tasks.add(2, 3) as {result.id}")
        value = result.get(timeout=timeout)
        say(f"task {result.state} with result {value!r} in {time.monotonic() - started:.1f} s")
    finally:
        app.close()
    if value != 5:
        say(f"FAIL: expected 5, got {value!r}")
        return False
    return _saw_success(events, result.id, say)


def run_stack_check(say: Say = print, task_timeout: float = 90.0) -> bool:
    """Start broker, worker and beat via sub-commands, run ``add(2, 3)`` and a task beat
    sends from a schedule file to success, stop them all."""
    workdir = Path(tempfile.mkdtemp(prefix="celery-desk-smoke-"))
    port = free_port()
    url = f"redis://{LOOPBACK}:{port}/0"
    logs = {name: (workdir / f"{name}.log").open("wb") for name in ("broker", "worker", "beat")}
    broker_args = ["broker", "--port", str(port), "--data-dir", str(workdir)]
    broker = _start(broker_args, "broker", None, logs["broker"], say)
    worker: subprocess.Popen[bytes] | None = None
    beat: subprocess.Popen[bytes] | None = None
    events: ProcessEventSource | None = None
    try:
        if not _wait_for_ping(url, broker, timeout=20):
            say(f"FAIL: the broker did not answer on port {port}; log in {workdir}/broker.log")
            return False
        say(f"broker answers at {url}")
        events = ProcessEventSource(url, wakeup=None)
        events.start()
        # pub/sub keeps nothing for late listeners: a worker whose task ends before the
        # reader has subscribed (a cold start on a busy machine) leaves no event to hear
        if not _wait_for_subscription(events, timeout=30.0):
            say(f"FAIL: the event reader did not subscribe ({events.status().describe()})")
            return False
        say("event reader subscribed")
        worker_args = [
            "worker", "-A", "celery_desk_demo", "-l", "info",
            "-c", "1", "-n", "smoke@%h", "--without-gossip", "--without-mingle", "-E",
        ]  # fmt: skip
        worker = _start(worker_args, "worker", url, logs["worker"], say)
        if not _run_add(url, events, say, task_timeout):
            return False
        schedule = workdir / "schedule.json"
        _write_schedule(schedule)
        beat_args = [
            "beat", "-A", "celery_desk_demo", "-l", "info",
            "-S", "celery_desk_beat.scheduler:FileScheduler", "-s", str(schedule),
        ]  # fmt: skip
        beat = _start(beat_args, "beat", url, logs["beat"], say)
        if _saw_beat_run(events, say, timeout=30.0):
            return True
        say(f"beat's log is in {workdir}/beat.log")
        return False
    except Exception as exc:
        say(f"FAIL: {type(exc).__name__}: {exc}; logs in {workdir}")
        return False
    finally:
        if events is not None:
            events.stop(timeout=5.0)
        if beat is not None:
            _stop(beat, "beat", say)
        if worker is not None:
            _stop(worker, "worker", say)
        _stop(broker, "broker", say)
        for handle in logs.values():
            handle.close()
