"""Benchmark of the app's full live-monitor path against celery.events.State, same stream.

Run: ``.venv/bin/python bench/ingest.py --tasks 50000`` (a benchmark, not a test).
``--rate 20000 --default-limits`` publishes at a steady rate with Redis's default pub/sub
limits (then ``lost`` is what a real deployment would lose); ``--stream FILE`` keeps the
recording (or reuses it: recording 200,000 tasks takes about five minutes).

1. Starts its own redis-server on a free loopback port (pub/sub output limits lifted unless
   ``--default-limits``: then a slow reader is disconnected, as Redis does by default).
2. Records a realistic stream once: a child process publishes it through Celery's own
   ``EventDispatcher`` (task-sent from a client; received, started, succeeded or failed from
   three workers, each with its own Lamport clock; heartbeats from each worker) while a raw
   subscriber keeps every payload (``bench/ingest_core.py`` does this part).
3. For each consumer, in its own process: it subscribes, then ``--publishers`` processes
   replay the recorded payloads with pipelined ``PUBLISH``, as fast as Redis takes them (so
   the figure is the consumer's), or at a steady ``--rate`` events/s.

Consumers:
  ``desk``: the app's full path, offscreen (``bench/ingest_desk.py``). ``journal_s`` is
  from the first event until the journal held every task (the journal process runs at a
  lower priority and may finish after the view), ``journal_bytes_per_task`` its file size
  per task; ``--no-journal`` leaves it out.
  ``max_gui_block_ms`` is the worst lateness of a 5 ms GUI-thread timer (any stall: ticks,
  painting, waiting for the GIL or a core), ``max_gui_busy_ms`` the longest the GUI thread
  worked between two beats (its CPU time); ``max_tick_ms`` / ``max_tick_cpu_ms`` the
  longest hub tick (store + models), by the clock and by the thread's CPU time.
  ``celery``: ``celery.events.EventReceiver`` + ``celery.events.State`` (Flower's engine).

With ``--broker URL --expect N`` it only listens: each consumer of ``--consumers`` runs at
once, counting the stream someone else publishes until N events or 5 s of silence (the
``celery`` consumer also gives up when nothing arrives within 5 s of listening).

Prints one JSON line per consumer: consumer, events, events_per_s, lost, peak_rss_mb,
bytes_per_task (RSS growth after ingest over the baseline, per task held), max_gui_block_ms.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ingest_core  # the sibling modules, found through the path above
import ingest_desk

from desktop.core.net import LOOPBACK

IDLE_TIMEOUT = 5.0


def child(role: str, *args: str) -> list[str]:
    return [sys.executable, __file__, "--role", role, *args]


# -- roles run in child processes -------------------------------------------------------------


def replay(port: int, path: str, part: int, parts: int, rate: float) -> None:
    """Publish this process's slice of the recording, flat out or at ``rate / parts`` events/s.

    Prints READY once connected and starts on a line on stdin (all publishers together).
    """
    with open(path, "rb") as f:
        messages: list[tuple[bytes, bytes]] = pickle.load(f)
    size = -(-len(messages) // parts)
    mine = messages[part * size : (part + 1) * size]
    client = redis.Redis(host=LOOPBACK, port=port, protocol=2)
    client.ping()
    print("READY", flush=True)
    sys.stdin.readline()
    per_second = rate / parts if rate > 0 else 0.0
    chunk = max(1, int(per_second / 100)) if per_second else 2000  # paced: 100 pipelines/s
    started = time.perf_counter()
    for sent in range(0, len(mine), chunk):
        if per_second:
            delay = started + sent / per_second - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        pipe = client.pipeline(transaction=False)
        for channel, data in mine[sent : sent + chunk]:
            pipe.publish(channel, data)
        pipe.execute()


def consume_celery(url: str, expect: int) -> dict[str, Any]:
    """``EventReceiver`` + ``State``; a disconnect by Redis ends the run and is reported."""
    from celery import Celery
    from celery.events.receiver import EventReceiver
    from celery.events.state import State

    app = Celery(broker=url)
    state = State(max_tasks_in_memory=10_000_000, max_workers_in_memory=1000)
    marks: dict[str, Any] = {"count": 0, "first": 0.0, "end": 0.0, "baseline": 0}

    class Receiver(EventReceiver):  # type: ignore[misc]
        def on_consume_ready(self, *args: Any, **kwargs: Any) -> None:
            marks["baseline"] = ingest_core._rss()  # subscribed: the stream may start
            print("READY", flush=True)

    def on_event(event: dict[str, Any]) -> None:
        state.event(event)
        marks["count"] += 1
        if marks["count"] == 1:
            marks["first"] = time.time()
        marks["end"] = time.time()
        if marks["count"] >= expect:
            receiver.should_stop = True

    error = None
    with app.connection_for_read() as conn:
        receiver = Receiver(conn, handlers={"*": on_event}, app=app)
        try:
            for _ in receiver.consume(limit=None, timeout=IDLE_TIMEOUT, wakeup=False):
                pass
        except TimeoutError:
            pass
        except (ConnectionError, redis.ConnectionError) as exc:  # Redis dropped a slow reader
            error = f"{type(exc).__name__}: {exc}"
    result = {
        "events": marks["count"],
        "seconds": marks["end"] - marks["first"],
        "tasks_held": len(state.tasks),
        "bytes": ingest_core._rss() - marks["baseline"],
    }
    if error:
        result["disconnected"] = error
    return result


def consume(name: str, url: str, expect: int, args: argparse.Namespace) -> None:
    if name == "celery":
        result = consume_celery(url, expect)
    else:
        result = ingest_desk.DeskConsumer(url, expect, args).run()
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result), flush=True)


# -- the orchestrator ---------------------------------------------------------------------


def _consumer_argv(consumer: str, url: str, expect: int, args: argparse.Namespace) -> list[str]:
    argv = child("consume", "--consumer", consumer, "--url", url, "--expect", str(expect),
                 "--max-tasks", str(args.max_tasks))  # fmt: skip
    if args.sort is not None:
        argv += ["--sort", str(args.sort)] + (["--sort-desc"] if args.sort_desc else [])
    if args.screenshot is not None and consumer == "desk":
        argv += ["--screenshot", str(args.screenshot)]
    if args.journal is not None and consumer == "desk":
        argv += ["--journal", str(args.journal)]
    return argv


def _line(consumer: str, result: dict[str, Any], expect: int, extra: dict[str, Any]) -> str:
    events = result["events"]
    line = {
        "consumer": consumer,
        "events": events,
        "events_per_s": round(events / result["seconds"]) if result["seconds"] > 0 else None,
        "lost": expect - events,
        "peak_rss_mb": result["peak_rss_mb"],
        "bytes_per_task": round(result["bytes"] / max(1, result["tasks_held"])),
        "max_gui_block_ms": result.get("max_gui_block_ms"),
        "tasks_held": result["tasks_held"],
        **extra,
    }
    keys = ("max_gui_busy_ms", "worst_block_cpu_ms", "max_tick_ms", "max_tick_cpu_ms",
            "paints", "batches", "rows_shown", "disconnected", "journal_tasks", "journal_s",
            "journal_bytes_per_task", "reader_rss_mb", "journal_rss_mb", "gui_cpu_s",
            "gui_ingest_cpu_s", "reader_cpu_s", "journal_cpu_s")  # fmt: skip
    if result.get("journal_s"):
        line["journal_events_per_s"] = round(events / result["journal_s"])
    for key in keys:
        if key in result:
            line[key] = result[key]
    return json.dumps(line)


def measure(consumer: str, port: int, url: str, args: argparse.Namespace, n: int) -> str:
    # publishers load their slice first (a large recording takes seconds), then the consumer
    # subscribes, then all publishers start at once: the consumer never waits idle
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    publishers: list[subprocess.Popen[str]] = []
    proc: subprocess.Popen[str] | None = None
    try:
        for k in range(args.publishers):
            argv = child("replay", "--port", str(port), "--file", str(args.file),
                         "--part", str(k), "--parts", str(args.publishers),
                         "--rate", str(args.rate))  # fmt: skip
            publishers.append(
                subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            )
        for p in publishers:
            assert p.stdout is not None
            if p.stdout.readline().strip() != "READY":
                raise RuntimeError("a publisher did not start")
        proc = subprocess.Popen(_consumer_argv(consumer, url, n, args), stdout=subprocess.PIPE,
                                text=True, env=env)  # fmt: skip
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "READY":
            raise RuntimeError(f"{consumer} consumer did not start")
        started = time.perf_counter()
        for p in publishers:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in publishers:
            p.wait()
        publish_rate = n / (time.perf_counter() - started)
        result = json.loads(proc.stdout.readline())
        proc.wait(timeout=60)
    finally:
        for p in [*publishers, *([proc] if proc is not None else [])]:
            if p.poll() is None:
                p.kill()
                p.wait()
    extra = {"tasks": args.tasks, "publish_events_per_s": round(publish_rate)}
    if args.rate:
        extra["steady_rate"] = args.rate
    if args.sort is not None:
        extra["sorted_by_column"] = args.sort
    return _line(consumer, result, n, extra)


def listen_only(args: argparse.Namespace) -> None:
    """Run each consumer at once on someone else's stream; one line each."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    procs = {
        consumer: subprocess.Popen(
            _consumer_argv(consumer, args.broker, args.expect, args),
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for consumer in args.consumers.split(",")
    }
    try:
        for consumer, proc in procs.items():
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "READY":
                raise RuntimeError(f"{consumer} consumer did not start")
        print("# listening; publish now", file=sys.stderr, flush=True)
        for consumer, proc in procs.items():
            assert proc.stdout is not None
            result = json.loads(proc.stdout.readline())
            print(_line(consumer, result, args.expect, {}), flush=True)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--fail-every", type=int, default=20, help="every Nth task fails")
    parser.add_argument("--publishers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=0.0, help="steady events/s (0: flat out)")
    parser.add_argument("--consumers", default="desk,celery")
    parser.add_argument("--default-limits", action="store_true")
    parser.add_argument("--max-tasks", type=int, default=200_000, help="the store's cap")
    parser.add_argument("--sort", type=int, default=None, help="sort the table by this column")
    parser.add_argument("--sort-desc", action="store_true")
    parser.add_argument("--stream", type=Path, help="keep the recording here / reuse it")
    parser.add_argument("--screenshot", type=Path, help="save the desk's Tasks view here after")
    parser.add_argument("--no-journal", action="store_true", help="measure without the journal")
    parser.add_argument("--journal", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--broker", default="", help="only listen to this broker")
    parser.add_argument("--expect", type=int, default=0, help="events to wait for (--broker)")
    parser.add_argument("--role", default="main", help=argparse.SUPPRESS)
    parser.add_argument("--url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--parts", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--consumer", default="desk", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "replay":
        return replay(args.port, str(args.file), args.part, args.parts, args.rate)
    if args.role == "consume":
        return consume(args.consumer, args.url, args.expect, args)
    if args.broker:
        if args.expect <= 0:
            parser.error("--broker needs --expect N (the number of events to wait for)")
        return listen_only(args)
    with tempfile.TemporaryDirectory(prefix="ingest-") as tmp:
        server, port = ingest_core.start_redis(Path(tmp), args.default_limits)
        try:
            url = f"redis://{LOOPBACK}:{port}/0"
            args.file = args.stream or Path(tmp) / "stream.pickle"
            if not args.no_journal and args.journal is None:
                args.journal = Path(tmp) / "journal.sqlite3"
            if args.stream is not None and args.stream.exists():
                with args.stream.open("rb") as f:
                    n = len(pickle.load(f))  # a stream recorded by an earlier run
                print(f"# replaying {n} recorded events from {args.stream}", file=sys.stderr)
            else:
                n, rate = ingest_core.record(port, url, args.tasks, args.fail_every, args.file)
                print(f"# recorded {n} events from Celery's EventDispatcher at {rate:.0f}/s",
                      file=sys.stderr)  # fmt: skip
            for consumer in args.consumers.split(","):
                print(measure(consumer, port, url, args, n), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
