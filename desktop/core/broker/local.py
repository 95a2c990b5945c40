"""The private local broker: a redis-server owned by Celery Desk, on loopback only.

:class:`LocalBroker` starts, watches and stops it; the ``celery-desk broker`` sub-command
that runs it in the foreground (how the app's supervisor and the "keep running after quit"
mode launch it) is :mod:`desktop.core.broker.broker_cli`, above this module. Kept-broker
records live in :mod:`desktop.core.broker.kept`.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from desktop.core import paths
from desktop.core.broker.data_dir import DataDirError, DataDirLock, prepare_data_dir
from desktop.core.broker.kept import KeptBroker, find_kept_broker, stop_kept_broker
from desktop.core.broker.redis_binary import RedisServerNotFoundError, find_redis_server
from desktop.core.net import LOOPBACK, free_port, port_in_use
from desktop.core.processes.guard import PARENT_ENV
from desktop.core.self_command import current_environment, self_command

__all__ = [
    "KeptBroker",
    "LocalBroker",
    "LocalBrokerConfig",
    "LocalBrokerError",
    "default_data_dir",
    "find_kept_broker",
    "redis_server_argv",
    "stop_kept_broker",
]


class LocalBrokerError(RuntimeError):
    """The local broker cannot start or run; the message is for the user."""


def default_data_dir() -> Path:
    return paths.data_dir() / "broker"


@dataclass(frozen=True)
class LocalBrokerConfig:
    """How the private broker runs.

    Persistence: this Redis holds the user's queued tasks, unacknowledged messages and beat's
    state across app restarts, so it is durable by choice, not by Redis's defaults:

    * ``appendonly yes`` + ``appendfsync everysec``: every write goes to the append-only file.
      Killing redis-server (or the app) loses nothing already written, since the data is in
      the kernel's page cache; only an OS crash or power cut can lose up to the last second.
      ``always`` would fsync on each write and slow a busy queue for little gain on a desktop.
    * no RDB snapshots (``save ""``): periodic snapshots would lose minutes on a crash and
      fork a copy of the dataset every time; the AOF already covers durability and its
      rewrites stay compact (Redis 7 writes an RDB preamble inside the AOF).
    * ``maxmemory-policy noeviction``: evicting keys would silently drop queued tasks; a full
      broker must refuse writes (the producer sees an error) instead.

    Security: bound to ``127.0.0.1`` with ``protected-mode yes`` and no password. Nothing
    outside this machine can reach it; a password would have to live in every worker's
    environment and in the keychain for no real gain on a single-user desktop. Other local
    users of the same machine could connect: that is the accepted limit of a dev broker.

    ``die_with_parent`` ties redis-server to the process that started it (Linux
    ``PR_SET_PDEATHSIG`` through ``celery-desk exec``). The kernel fires it when the *thread*
    that started the child ends, so it is only armed from the main thread.
    """

    port: int | None = None
    data_dir: Path = field(default_factory=default_data_dir)
    bind: str = LOOPBACK
    die_with_parent: bool = True


def redis_server_argv(config: LocalBrokerConfig, binary: Path | str) -> list[str]:
    """The full redis-server command line for ``config`` (its port must be chosen)."""
    if config.port is None:
        raise ValueError("choose a port first (LocalBrokerConfig.port is None)")
    return [
        str(binary),
        "--port", str(config.port),
        "--bind", config.bind,
        "--protected-mode", "yes",
        "--dir", str(config.data_dir),
        "--appendonly", "yes",
        "--appendfsync", "everysec",
        "--save", "",
        "--maxmemory-policy", "noeviction",
        "--daemonize", "no",
        "--supervised", "no",
        "--logfile", "",  # stdout, read by LocalBroker
        "--always-show-logo", "no",
    ]  # fmt: skip


class LocalBroker:
    """One redis-server child. Not thread-safe: start and stop it from one thread.

    ``on_log_line`` is called from a reader thread with each line the server prints.
    """

    def __init__(
        self,
        config: LocalBrokerConfig | None = None,
        on_log_line: Callable[[str], None] | None = None,
    ) -> None:
        self._config = config if config is not None else LocalBrokerConfig()
        self._requested_port = self._config.port  # None: a free one at each start
        self._on_log_line = on_log_line
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._lines: deque[str] = deque(maxlen=200)
        self._lock: DataDirLock | None = None

    @property
    def config(self) -> LocalBrokerConfig:
        return self._config

    @property
    def port(self) -> int | None:
        return self._config.port

    @property
    def url(self) -> str:
        if self._config.port is None:
            raise LocalBrokerError("the local broker has no port yet: start it first")
        return f"redis://{self._config.bind}:{self._config.port}/0"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_tail(self, count: int = 10) -> list[str]:
        return list(self._lines)[-count:]

    def start(self, timeout: float = 15.0) -> None:
        """Launch redis-server and wait until it answers PING; LocalBrokerError on failure."""
        if self.running:
            raise LocalBrokerError(f"the local broker already runs (pid {self.pid})")
        try:
            binary = find_redis_server()
        except RedisServerNotFoundError as exc:
            raise LocalBrokerError(str(exc)) from exc
        try:
            data_dir = prepare_data_dir(self._config.data_dir)
            lock = DataDirLock.acquire(data_dir)
        except DataDirError as exc:
            raise LocalBrokerError(str(exc)) from exc
        port = self._requested_port or free_port(self._config.bind)
        self._config = replace(self._config, port=port, data_dir=data_dir)
        if port_in_use(port, self._config.bind):
            lock.release()
            raise LocalBrokerError(f"port {port} is already in use by another program")
        self._lock = lock
        self._lines.clear()
        try:
            self._launch(redis_server_argv(self._config, binary))
            self.wait_ready(timeout)
        except BaseException:
            self.stop(grace=2.0)
            raise

    def wait_ready(self, timeout: float = 15.0) -> None:
        """Block until the server answers PING (it may be loading a big AOF first)."""
        process = self._process
        if process is None:
            raise LocalBrokerError("the local broker was not started")
        port = self._config.port
        assert port is not None  # start() chose it before launching
        client = redis.Redis(
            host=self._config.bind,
            port=port,
            socket_connect_timeout=0.5,
            socket_timeout=5.0,
            retry=Retry(NoBackoff(), 0),  # this loop is the retry
        )
        deadline = time.monotonic() + timeout
        try:
            while True:
                if process.poll() is not None:
                    raise LocalBrokerError(self._exit_message(process))
                try:
                    if client.ping():
                        return
                except redis.RedisError:
                    pass  # not listening yet, or still loading (BusyLoadingError)
                if time.monotonic() > deadline:
                    raise LocalBrokerError(
                        f"the local broker did not answer on port {port} "
                        f"within {timeout:g} s{_tail_text(self.log_tail(5))}"
                    )
                time.sleep(0.05)
        finally:
            client.close()

    def stop(self, grace: float = 5.0) -> int | None:
        """SIGTERM (redis flushes the AOF and exits), SIGKILL after ``grace`` s; exit code."""
        process, self._process = self._process, None
        code: int | None = None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=grace)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            code = process.returncode
        if self._reader is not None:
            self._reader.join(timeout=2.0)
            self._reader = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        return code

    def __enter__(self) -> LocalBroker:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- internals -----------------------------------------------------------------------------

    def _launch(self, argv: list[str]) -> None:
        env = current_environment()
        command = argv
        tie = (
            self._config.die_with_parent
            and sys.platform.startswith("linux")
            and threading.current_thread() is threading.main_thread()
        )
        if tie:
            # exec_guarded sets PR_SET_PDEATHSIG, then execs redis-server in the same pid.
            command = [*self_command(safe_path=True), "exec", "--", *argv]
            env[PARENT_ENV] = str(os.getpid())
        else:
            env.pop(PARENT_ENV, None)
        lock_fd = self._lock.fileno if self._lock is not None else None
        try:
            self._process = subprocess.Popen(
                command,
                pass_fds=(lock_fd,) if lock_fd is not None else (),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=self._config.data_dir,
            )
        except OSError as exc:
            raise LocalBrokerError(f"cannot run {argv[0]}: {exc.strerror or exc}") from exc
        stdout = self._process.stdout
        assert stdout is not None
        self._reader = threading.Thread(
            target=self._read_output, args=(stdout,), name="redis-server-log", daemon=True
        )
        self._reader.start()

    def _read_output(self, stream: IO[bytes]) -> None:
        with stream:
            for raw in stream:
                line = raw.decode("utf-8", errors="replace").rstrip()
                if not line:
                    continue
                self._lines.append(line)
                if self._on_log_line is not None:
                    with contextlib.suppress(Exception):  # a closed stdout must not stop us
                        self._on_log_line(line)

    def _exit_message(self, process: subprocess.Popen[bytes]) -> str:
        if self._reader is not None:
            self._reader.join(timeout=2.0)  # the last lines explain the exit
        tail = self.log_tail(5)
        if any("address already in use" in line.lower() for line in tail):
            return f"port {self._config.port} is already in use by another program"
        return f"redis-server exited at start (code {process.returncode}){_tail_text(tail)}"


def _tail_text(lines: list[str]) -> str:
    return (": " + " | ".join(lines)) if lines else ""
