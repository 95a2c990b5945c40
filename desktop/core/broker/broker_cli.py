"""``celery-desk broker``: the private redis-server in the foreground, stopped cleanly.

Prints ``Local broker ready at redis://127.0.0.1:N/0`` once it answers, forwards the server's
log lines to stdout, and on SIGTERM/SIGINT shuts redis down gracefully (so the AOF is flushed)
before exiting 0. Exits 1 with a ``celery-desk broker: ...`` line on stderr when the broker
cannot start or dies. Launched by the app it dies with the app (parent-death guard), and
redis-server dies with it.

``--keep`` is the "keep the broker running after quitting" mode: the app launches it
detached, it ignores SIGHUP and records itself in the data dir for the next app start.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from desktop.core.broker.kept import remove_kept_record, write_kept_record
from desktop.core.broker.local import (
    LocalBroker,
    LocalBrokerConfig,
    LocalBrokerError,
    default_data_dir,
)
from desktop.core.processes.guard import install_parent_death_guard

READY_PREFIX = "Local broker ready at "


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="celery-desk broker",
        description="Run Celery Desk's private local Redis broker in the foreground.",
    )
    parser.add_argument("--port", type=_port, default=None, help="TCP port (default: a free one)")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="where the AOF lives (default: app data dir)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="record this broker so the app finds it again"
    )
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"port must be a number 1..65535 (got '{text}')")
    return int(text)


def _print_line(line: str) -> None:
    print(line, flush=True)


def run_broker_command(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    install_parent_death_guard()
    # A plain flag, not a threading.Event: the handler runs on the main thread in the middle
    # of whatever it was doing, and Event.set() inside Event.wait() deadlocks on its lock.
    stop_requested: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop_requested.append(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if args.keep and hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # outlive the terminal or session

    data_dir = args.data_dir if args.data_dir is not None else default_data_dir()
    broker = LocalBroker(LocalBrokerConfig(port=args.port, data_dir=data_dir), _print_line)
    try:
        broker.start(timeout=60.0)  # a big AOF takes a while to load
    except LocalBrokerError as exc:
        print(f"celery-desk broker: {exc}", file=sys.stderr, flush=True)
        return 1
    code = 0
    try:
        if args.keep:  # before "ready": whoever waits for that line may look for the record
            assert broker.port is not None
            write_kept_record(broker.port, broker.config.data_dir)
        print(f"{READY_PREFIX}{broker.url}", flush=True)
        while not stop_requested:
            time.sleep(0.2)
            if not broker.running and not stop_requested:
                tail = " | ".join(broker.log_tail(3))
                message = f"celery-desk broker: redis-server stopped unexpectedly: {tail}"
                print(message, file=sys.stderr, flush=True)
                code = 1
                break
    finally:
        exit_code = broker.stop(grace=10.0)
        if args.keep:
            remove_kept_record(broker.config.data_dir)
    if code == 0 and exit_code not in (0, None):
        print(f"celery-desk broker: redis-server exited with code {exit_code}", file=sys.stderr)
        code = 1
    print("Local broker stopped", flush=True)
    return code
