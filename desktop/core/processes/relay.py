"""The relay: how a process can outlive the app's QProcess when (and only when) asked to.

A QProcess kills its child when it is destroyed, and there is no way to let go of it. So
a detachable process is started as ``celery-desk exec --relay --run-dir DIR -- PROGRAM``:

    app ──QProcess──▶ relay ──fork──▶ keeper (own session) ──▶ target (PROGRAM)

The relay is the QProcess's child and lives exactly as long as the app wants it: it copies
the keeper's output (the target's) to its stdout, and it ends when its stdin (a pipe from
the app) reaches EOF, which happens however the app ends, ``kill -9`` included. SIGTERM
(QProcess.terminate, the supervisor's stop) becomes ``stop`` for the keeper, and the relay
then ends as the target ended, so the app sees the target's own exit code or signal.

What happens to the target when the relay is gone is the keeper's call: it stops the target
unless the app wrote the run's ``detach`` mark first (see :mod:`~.detached`). A SIGTERM
reaching a relay whose run is marked (the app's quit) ends the relay alone.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import selectors
import signal
from pathlib import Path

from desktop.core.processes.detached import is_detached
from desktop.core.processes.guard import PARENT_ENV, set_parent_death_signal
from desktop.core.processes.keeper import exit_like, run_keeper
from desktop.core.processes.spec import Command
from desktop.core.self_command import self_command

RELAY_FLAG = "--relay"
READ_SIZE = 64 * 1024


def relay_command(target: Command, run_dir: Path, grace: float) -> Command:
    """``target`` run through a relay and keeper using ``run_dir``.

    ``grace`` is how long the keeper waits for the target to stop, when the relay vanishes
    without the detach mark, before it kills it.
    """
    argv = [
        *self_command(safe_path=True),
        "exec",
        RELAY_FLAG,
        "--run-dir",
        str(run_dir),
        "--grace",
        f"{grace:g}",
        "--",
        *target.argv,
    ]
    return Command(program=argv[0], args=tuple(argv[1:]), cwd=target.cwd, env=dict(target.env))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="celery-desk exec --relay")
    parser.add_argument("--run-dir", type=Path, required=True)
    parser.add_argument("--grace", type=float, default=10.0)
    parser.add_argument("program", nargs=argparse.REMAINDER)
    return parser


def relay_main(argv: list[str]) -> int:
    """``celery-desk exec --relay --run-dir DIR [--grace S] -- PROGRAM [ARGS...]``."""
    args = _parser().parse_args(argv)
    program = args.program[1:] if args.program[:1] == ["--"] else args.program
    if not program:
        print("usage: celery-desk exec --relay --run-dir DIR -- PROGRAM [ARGS...]", flush=True)
        return 2
    run_dir: Path = args.run_dir
    if not run_dir.is_dir():
        print(f"celery-desk exec: run directory {run_dir} does not exist", flush=True)
        return 2
    raw = os.environ.get(PARENT_ENV, "")
    if raw.isdigit() and os.getppid() == int(raw):
        # Belt and braces with the stdin EOF below: the app dying reaches us either way.
        set_parent_death_signal(signal.SIGTERM)
    commands_r, commands_w = os.pipe()
    output_r, output_w = os.pipe()
    keeper = os.fork()
    if keeper == 0:
        os.close(commands_w)
        os.close(output_r)
        run_keeper(program, run_dir, args.grace, commands_r, output_w)
    os.close(commands_r)
    os.close(output_w)
    return _Relay(keeper, run_dir, commands_w, output_r).run()


class _Relay:
    def __init__(self, keeper: int, run_dir: Path, commands: int, output: int) -> None:
        self.keeper = keeper
        self.run_dir = run_dir
        self.commands = commands
        self.output = output
        self.wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
        signal.signal(signal.SIGTERM, _ignore_in_python)
        # Ctrl-C in the app's terminal reaches the whole process group: the app decides.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    def run(self) -> int:
        selector = selectors.DefaultSelector()
        selector.register(0, selectors.EVENT_READ, "app")
        selector.register(self.output, selectors.EVENT_READ, "keeper")
        selector.register(self.wake_r, selectors.EVENT_READ, "signal")
        while True:
            for key, _events in selector.select():
                if key.data == "keeper" and not self._copy():
                    return self._end_like_keeper()
                if key.data == "app" and not _still_there(0):
                    # The app is gone (quit or killed): the keeper decides what follows.
                    os._exit(1)
                if key.data == "signal" and self._on_signal():
                    os._exit(0)

    def _copy(self) -> bool:
        try:
            data = os.read(self.output, READ_SIZE)
        except OSError:
            data = b""
        if not data:
            return False
        try:
            written = 0
            while written < len(data):
                written += os.write(1, data[written:])
        except OSError:
            os._exit(1)  # nobody reads us any more: the app is gone
        return True

    def _on_signal(self) -> bool:
        """True when the relay should end at once (its run is left running)."""
        try:
            received = os.read(self.wake_r, 64)
        except OSError:
            return False
        if signal.SIGTERM not in received:
            return False
        if is_detached(self.run_dir):
            return True
        with contextlib.suppress(OSError):
            os.write(self.commands, b"stop\n")
        return False

    def _end_like_keeper(self) -> int:
        _pid, status = os.waitpid(self.keeper, 0)
        exit_like(os.waitstatus_to_exitcode(status))


def _still_there(fd: int) -> bool:
    try:
        return bool(os.read(fd, 1024))
    except OSError:
        return False


def _ignore_in_python(_signum: int, _frame: object) -> None:
    """The wakeup fd carries the signal; the Python-level handler has nothing to do."""
