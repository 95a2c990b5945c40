"""Real Celery worker and beat subprocesses for tests, with their output in a log file.

    with start_desk_worker(redis.url, tmp_path / "worker.log") as worker:
        worker.wait_ready()
        ...

``stop()`` sends SIGTERM, waits, then SIGKILLs the process and anything it forked (a prefork
pool), so no test leaves a process behind. Broker URLs go through the environment only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType

import psutil
from celery import Celery

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_MARKER = " ready."
# Faster start-up in tests: no waiting for sibling workers that do not exist.
FAST_WORKER_OPTIONS = ("--without-mingle", "--without-gossip")


def celery_env(broker_url: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment pointed at ``broker_url`` (broker and result backend)."""
    env = dict(os.environ)
    env.pop("CELERY_DESK_PARENT_PID", None)
    env.update(
        CELERY_BROKER_URL=broker_url,
        CELERY_RESULT_BACKEND=broker_url,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    return env


class CeleryProcess:
    """A started subprocess whose stdout and stderr both go to ``log_path``."""

    def __init__(
        self,
        argv: Sequence[str],
        log_path: Path,
        env: Mapping[str, str],
        cwd: Path = REPO_ROOT,
    ) -> None:
        self.argv = list(argv)
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=dict(env),
                cwd=cwd,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def _failure(self, what: str) -> AssertionError:
        return AssertionError(f"{what}\n--- {self.log_path} (tail) ---\n{self.log_text()[-4000:]}")

    def wait_for_log(self, needle: str, timeout: float = 30.0) -> str:
        """Wait until ``needle`` appears in the log; fail with the log tail if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_text()
            if needle in text:
                return text
            if self.process.poll() is not None:
                text = self.log_text()
                if needle in text:
                    return text
                raise self._failure(
                    f"process exited ({self.process.returncode}) before logging {needle!r}"
                )
            time.sleep(0.05)
        raise self._failure(f"{needle!r} not logged within {timeout} s")

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait for a worker's ``celery@host ready.`` line (needs ``-l info``)."""
        self.wait_for_log(READY_MARKER, timeout)

    def wait_exit(self, timeout: float = 30.0) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise self._failure(f"process still running after {timeout} s") from None

    def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM, wait up to ``timeout``, then SIGKILL it and whatever it forked."""
        try:
            family = psutil.Process(self.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            family = []
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        kill_processes(family)
        return self.process.returncode

    def __enter__(self) -> CeleryProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def wait_for_text(path: Path, needle: str, timeout: float = 30.0) -> str:
    """Wait until ``needle`` appears in the file at ``path`` (a log some other process writes)."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            text = ""
        if needle in text:
            return text
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} not in {path} within {timeout} s:\n{text[-4000:]}")


def client_app(broker_url: str) -> Celery:
    """A demo-app client on ``broker_url`` (backend too), not made Celery's current app.

    Close it with :func:`close_client`: Celery's ``close()`` leaves sockets to the garbage
    collector, which pytest (warnings as errors) reports against some later test.
    """
    from celery_desk_demo.config import build_settings
    from celery_desk_demo.factory import create_app

    return create_app(build_settings({"CELERY_BROKER_URL": broker_url}), main="test-client")


def close_client(app: Celery) -> None:
    """Close the result backend's connections of ``app`` (its pub/sub and its pool).

    The producer pool is kombu's, shared by every app on the same broker URL: left open.
    """
    backend = app.backend
    consumer = getattr(backend, "result_consumer", None)
    if consumer is not None:
        consumer.stop()
    client = getattr(backend, "client", None)
    if client is not None:
        client.connection_pool.disconnect()
    app.close()


def kill_processes(processes: Sequence[psutil.Process], timeout: float = 5.0) -> None:
    """SIGKILL every process of ``processes`` still alive, and reap what is ours."""
    for proc in processes:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            continue
    psutil.wait_procs(list(processes), timeout=timeout)


def unique_hostname(prefix: str = "desk-test") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@%h"


def desk_command(subcommand: str, *args: str) -> list[str]:
    """``python -m desktop <subcommand> args`` with this interpreter."""
    return [sys.executable, "-m", "desktop", subcommand, *args]


def start_desk_worker(
    broker_url: str,
    log_path: Path,
    *extra_args: str,
    app: str = "celery_desk_demo",
    pool: str = "solo",
    concurrency: int = 1,
    hostname: str | None = None,
    env: Mapping[str, str] | None = None,
) -> CeleryProcess:
    """``celery-desk worker -A app -l info`` (solo pool by default) on ``broker_url``."""
    argv = desk_command(
        "worker",
        "-A", app,
        "-l", "info",
        "-P", pool,
        "-c", str(concurrency),
        "-n", hostname or unique_hostname(),
        *FAST_WORKER_OPTIONS,
        *extra_args,
    )  # fmt: skip
    return CeleryProcess(argv, log_path, celery_env(broker_url, env))


def start_desk_beat(
    broker_url: str,
    log_path: Path,
    schedule_path: Path,
    *extra_args: str,
    app: str = "celery_desk_demo",
    env: Mapping[str, str] | None = None,
) -> CeleryProcess:
    """``celery-desk beat -A app -l info -s schedule_path`` on ``broker_url``."""
    argv = desk_command("beat", "-A", app, "-l", "info", "-s", str(schedule_path), *extra_args)
    return CeleryProcess(argv, log_path, celery_env(broker_url, env))


def start_celery(
    broker_url: str,
    log_path: Path,
    args: Sequence[str],
    env: Mapping[str, str] | None = None,
) -> CeleryProcess:
    """Plain ``python -m celery args`` (Celery's own script) on ``broker_url``."""
    argv = [sys.executable, "-m", "celery", *args]
    return CeleryProcess(argv, log_path, celery_env(broker_url, env))


@contextlib.contextmanager
def running_worker(
    broker_url: str, directory: Path, queues: str, hostname: str, pool: str = "solo"
) -> Iterator[CeleryProcess]:
    """A ready demo worker consuming ``queues`` (comma-separated), stopped on exit.

    Its log and its own CELERY_DESK_HOME live in ``directory``: the shape every
    module-scoped worker fixture shares.
    """
    process = start_desk_worker(
        broker_url, directory / "worker.log", "-Q", queues,
        pool=pool, hostname=hostname, env={"CELERY_DESK_HOME": str(directory / "home")},
    )  # fmt: skip
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()
