"""``celery-desk``: the app, and the sub-commands a frozen bundle needs instead of Python.

    celery-desk [--demo] [--broker URL] [--screenshot PATH [--screenshot-delay S]] [--smoke-test]
    celery-desk worker [celery worker options]   Celery's own worker main, in this process
    celery-desk beat [celery beat options]       Celery's own beat main, in this process
    celery-desk broker [--port N]                the private local redis-server, in the foreground
    celery-desk exec -- PROGRAM [ARGS]           run PROGRAM tied to the life of its parent
    celery-desk exec --relay --run-dir D -- PROGRAM   the same, through a relay the app can
                                                 let go of when it quits (left running)
    celery-desk event-reader                     the app's Redis event reader (config on stdin)
    celery-desk journal                          the app's journal writer (config on stdin)
    celery-desk record [--broker URL] ...        the headless recorder (celery-desk-record)
    celery-desk project-info -A APP --output F   what a Celery project declares, as JSON in F

Sub-commands are imported lazily so a worker started from the bundle never loads Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module

SUBCOMMANDS: dict[str, str] = {
    "worker": "desktop.core.multicall:worker_main",
    "beat": "desktop.core.multicall:beat_main",
    "broker": "desktop.core.broker.broker_cli:run_broker_command",
    "exec": "desktop.cli:exec_main",
    "event-reader": "desktop.core.events.reader_process:reader_main",
    "journal": "desktop.core.history.journal_process:journal_main",
    # The recorder that keeps events in a stream on the broker; also celery-desk-record.
    "record": "celery_desk_beat.recorder:main",
    # The project helper; a frozen app has no interpreter to run it with -m.
    "project-info": "celery_desk_beat.project_info:main",
}


def _load(target: str) -> Callable[[list[str]], int]:
    module_name, _, attr = target.partition(":")
    entry: Callable[[list[str]], int] = getattr(import_module(module_name), attr)
    return entry


def exec_main(argv: list[str]) -> int:
    if argv[:1] == ["--relay"]:
        # A process the app may leave running when it quits: see desktop.core.processes.relay.
        from desktop.core.processes.relay import relay_main

        return relay_main(argv[1:])
    from desktop.cli_text import cli_text
    from desktop.core.processes.guard import exec_guarded

    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print(cli_text("usage: celery-desk exec -- PROGRAM [ARGS...]"), file=sys.stderr)
        return 2
    try:
        exec_guarded(argv)
    except OSError as exc:
        message = cli_text("celery-desk exec: cannot run {0}: {1}")
        print(message.format(repr(argv[0]), exc.strerror), file=sys.stderr)
        return 127
    return 0  # not reached: exec replaced this process


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in SUBCOMMANDS:
        return _load(SUBCOMMANDS[args[0]])(args[1:])
    return _load("desktop.ui.app:run_app")(args)
