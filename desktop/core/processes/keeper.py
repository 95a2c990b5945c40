"""The keeper: the one process between a detachable target and the app's relay.

Forked by the relay (:mod:`desktop.core.processes.relay`) into a session of its own, so
nothing aimed at the app's terminal or process group reaches it. It starts the target with
``CELERY_DESK_PARENT_PID`` set to its own pid (every target is one of the app's
sub-commands, whose parent-death guard then ties the target to the keeper), and copies the
target's output (stdout and stderr, merged in order) to the run's log file and, while the
relay is there, down a pipe to the relay (the file gets whole lines, passwords masked).

Commands come from the relay, one per line: ``stop`` sends SIGTERM to the target. The
relay going away (EOF) means the app is gone or let go: if the app left the ``detach``
mark, the keeper carries on writing to the log file only; otherwise it stops the target
(SIGTERM, ``grace`` seconds, then SIGKILL of the target's tree). When the target ends the
keeper ends the same way (exit code or signal), after writing ``status.json`` for a
detached run or removing the run directory of an attached one.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import time
from pathlib import Path
from typing import NoReturn

import psutil

from desktop.core.processes.detached import (
    LOG_NAME,
    RunInfo,
    is_detached,
    now_text,
    remove_run_dir,
    write_run_info,
    write_status,
)
from desktop.core.processes.guard import PARENT_ENV
from desktop.core.processes.log_file import CappedLog, RedactedLines

READ_SIZE = 64 * 1024
POLL_S = 0.2
DRAIN_S = 1.0


def exit_like(returncode: int) -> NoReturn:
    """End this process as a child that returned ``returncode`` did (negative: a signal)."""
    if returncode >= 0:
        os._exit(returncode)
    number = -returncode
    with contextlib.suppress(OSError, ValueError):  # SIGKILL and SIGSTOP have no handler
        signal.signal(number, signal.SIG_DFL)
    with contextlib.suppress(OSError):
        os.kill(os.getpid(), number)
        time.sleep(1.0)
    os._exit(128 + number)


def run_keeper(
    argv: list[str], run_dir: Path, grace: float, commands: int, output: int
) -> NoReturn:
    """The keeper's whole life, in the child of the relay's fork; never returns."""
    code = 1
    try:
        os.setsid()
        _detach_standard_streams()
        code = _Keeper(argv, run_dir, grace, commands, output).run()
    finally:
        exit_like(code)


def _detach_standard_streams() -> None:
    # The relay's stdin and stdout are the app's pipes: holding them would keep the app
    # from seeing the relay end.
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


class _Keeper:
    def __init__(
        self, argv: list[str], run_dir: Path, grace: float, commands: int, output: int
    ) -> None:
        self.argv = argv
        self.run_dir = run_dir
        self.grace = grace
        self.commands: int | None = commands
        self.output: int | None = output
        self.log = RedactedLines(CappedLog(run_dir / LOG_NAME))
        self.kill_at: float | None = None
        self.pending = b""

    def run(self) -> int:
        env = dict(os.environ)
        env[PARENT_ENV] = str(os.getpid())
        try:
            target = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=env,
            )
        except OSError as exc:
            self._emit(f"celery-desk exec: cannot run {self.argv[0]!r}: {exc.strerror}\n".encode())
            self._finish(127)
            return 127
        assert target.stdout is not None
        self._record(target.pid)
        returncode = self._loop(target, target.stdout.fileno())
        self._finish(returncode)
        return returncode

    def _record(self, target_pid: int) -> None:
        keeper_pid = os.getpid()
        try:
            info = RunInfo(
                keeper_pid=keeper_pid,
                keeper_create_time=psutil.Process(keeper_pid).create_time(),
                target_pid=target_pid,
                target_create_time=psutil.Process(target_pid).create_time(),
                started_at=now_text(),
            )
            write_run_info(self.run_dir, info)
        except (OSError, psutil.Error):
            pass  # the target ended already, or the run dir is gone: nothing to record

    def _loop(self, target: subprocess.Popen[bytes], out_fd: int) -> int:
        selector = selectors.DefaultSelector()
        selector.register(out_fd, selectors.EVENT_READ, "target")
        if self.commands is not None:
            selector.register(self.commands, selectors.EVENT_READ, "relay")
        while True:
            for key, _events in selector.select(POLL_S):
                if key.data == "target":
                    if not self._copy(out_fd):
                        selector.unregister(out_fd)
                elif not self._on_command(target):
                    selector.unregister(key.fd)
                    self._on_relay_gone(target)
            if self.kill_at is not None and time.monotonic() >= self.kill_at:
                self.kill_at = None
                _kill_tree(target.pid)
            returncode = target.poll()
            if returncode is not None:
                self._drain(out_fd)
                selector.close()
                return returncode

    def _copy(self, fd: int) -> bool:
        try:
            data = os.read(fd, READ_SIZE)
        except BlockingIOError:
            return True
        except OSError:
            return False
        if not data:
            return False
        self._emit(data)
        return True

    def _drain(self, fd: int) -> None:
        """What the target wrote just before it ended; its own children may still hold the
        pipe open, so read what is there and stop at the first pause."""
        os.set_blocking(fd, False)
        deadline = time.monotonic() + DRAIN_S
        while time.monotonic() < deadline and self._copy_ready(fd):
            pass

    def _copy_ready(self, fd: int) -> bool:
        try:
            data = os.read(fd, READ_SIZE)
        except OSError:
            return False
        if data:
            self._emit(data)
        return bool(data)

    def _emit(self, data: bytes) -> None:
        self.log.write(data)
        if self.output is None:
            return
        try:
            written = 0
            while written < len(data):
                written += os.write(self.output, data[written:])
        except OSError:
            # The relay is gone; what that means is decided when its command pipe ends.
            with contextlib.suppress(OSError):
                os.close(self.output)
            self.output = None

    def _on_command(self, target: subprocess.Popen[bytes]) -> bool:
        """Handle the relay's lines; False once the relay is gone (EOF)."""
        assert self.commands is not None
        try:
            data = os.read(self.commands, 1024)
        except OSError:
            data = b""
        if not data:
            return False
        self.pending += data
        *lines, self.pending = self.pending.split(b"\n")
        if any(line.strip() == b"stop" for line in lines):
            _terminate(target)
        return True

    def _on_relay_gone(self, target: subprocess.Popen[bytes]) -> None:
        for fd in (self.output, self.commands):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.output = self.commands = None
        if not is_detached(self.run_dir):
            _terminate(target)
            self.kill_at = time.monotonic() + self.grace

    def _finish(self, returncode: int) -> None:
        self.log.close()
        if is_detached(self.run_dir):
            with contextlib.suppress(OSError):
                write_status(self.run_dir, returncode)
        else:
            remove_run_dir(self.run_dir)


def _terminate(target: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        target.send_signal(signal.SIGTERM)


def _kill_tree(pid: int) -> None:
    """SIGKILL the target and its descendants (a killed worker cannot reap its pool)."""
    try:
        root = psutil.Process(pid)
        family = [*root.children(recursive=True), root]
    except psutil.Error:
        return
    for process in family:
        with contextlib.suppress(psutil.Error):
            process.kill()
