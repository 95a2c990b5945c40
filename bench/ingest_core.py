"""Benchmark of the Qt-free ingest core against celery.events.State, on the same stream.

Run: ``.venv/bin/python bench/ingest_core.py --tasks 50000``. A benchmark, not a test.

1. Starts its own redis-server on a free loopback port, with the pub/sub output buffer limit
   lifted so a slow consumer is measured rather than disconnected (``--default-limits``
   keeps Redis's 32 MB/8 MB limits, and then ``lost`` shows what a slow reader loses).
2. Records a realistic stream once: a child process sends, through Celery's own
   ``EventDispatcher``, task-sent (client), task-received/started/succeeded or failed
   (3 workers, each its own Celery app so each has its own Lamport clock) and a heartbeat
   per worker every 250 tasks, while a raw subscriber here keeps each published payload.
3. For each consumer, in its own process: the consumer subscribes, then ``--publishers``
   processes replay the recorded payloads with pipelined ``PUBLISH`` (each a contiguous
   slice), which is far faster than either consumer reads, so the figure is the consumer's.
   ``desk``: our RedisEventSource thread, drained every 20 ms into the EventStore (the app's
   GUI-thread timer without Qt). ``celery``: ``EventReceiver`` + ``State`` (Flower's engine).
   ``desk-receiver`` (opt-in) drains without a store: the receiver thread's own ceiling.
   The desk hand-off is uncapped here (the app caps it at 200,000 events and counts drops),
   so ``peak_rss_mb`` includes decoded events waiting for the store while replay outruns it.

Prints one JSON line per consumer: consumer, events, events_per_s, lost, peak_rss_mb,
bytes_per_task (RSS growth over the baseline after ingest, per task held), and more.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import redis

from desktop.core.broker.redis_binary import find_redis_server
from desktop.core.net import LOOPBACK, free_port

HEARTBEAT_EVERY = 250
WORKERS = 3
IDLE_TIMEOUT = 5.0


def start_redis(directory: Path, default_limits: bool) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    argv = [str(find_redis_server()), "--port", str(port), "--bind", LOOPBACK, "--save", "",
            "--appendonly", "no", "--dir", str(directory)]  # fmt: skip
    if not default_limits:
        argv += ["--client-output-buffer-limit", "pubsub 0 0 0"]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(host=LOOPBACK, port=port)
    for _ in range(500):
        try:
            if client.ping():
                return process, port
        except redis.ConnectionError:
            time.sleep(0.02)
    process.kill()
    raise RuntimeError("redis-server did not start")


def child(role: str, *args: str) -> list[str]:
    return [sys.executable, __file__, "--role", role, *args]


# -- roles run in child processes -------------------------------------------------------------


def generate(url: str, tasks: int, fail_every: int) -> None:
    """Publish the stream through Celery's EventDispatcher; print the number of events."""
    from celery import Celery

    client_app = Celery("client", broker=url)
    apps = [Celery(f"w{i}", broker=url) for i in range(WORKERS)]
    conns = [a.connection_for_write() for a in [client_app, *apps]]
    client = client_app.events.Dispatcher(conns[0], hostname="gen1@bench")
    workers = [a.events.Dispatcher(c, hostname=f"celery@w{i}")
               for i, (a, c) in enumerate(zip(apps, conns[1:], strict=True))]  # fmt: skip
    sent = 0
    for i in range(tasks):
        uuid, worker = f"{i:08d}-7a3c-4b8e-9f21-bench{i:07d}", workers[i % WORKERS]
        args = f"({i}, {i * 7 % 1000})"
        client.send("task-sent", uuid=uuid, root_id=uuid, parent_id=None, name="proj.tasks.add",
                    args=args, kwargs="{}", retries=0, eta=None, expires=None, queue="celery",
                    exchange="", routing_key="celery")  # fmt: skip
        worker.send("task-received", uuid=uuid, name="proj.tasks.add", args=args, kwargs="{}",
                    root_id=uuid, parent_id=None, retries=0, eta=None, expires=None)  # fmt: skip
        worker.send("task-started", uuid=uuid)
        if fail_every and i % fail_every == 0:
            worker.send("task-failed", uuid=uuid, exception="ValueError('bad input')",
                        traceback='Traceback (most recent call last):\n  File "tasks.py", '
                        'line 12, in add\nValueError: bad input\n')  # fmt: skip
        else:
            worker.send("task-succeeded", uuid=uuid, result=str(i * 2), runtime=0.0013)
        sent += 4
        if i % HEARTBEAT_EVERY == 0:
            for w in workers:
                w.send("worker-heartbeat", freq=2.0, active=1, processed=i // WORKERS,
                       loadavg=[0.5, 0.4, 0.3], sw_ident="py-celery", sw_ver="5.7.0",
                       sw_sys="Linux")  # fmt: skip
                sent += 1
    for d in [client, *workers]:
        d.close()
    print(sent, flush=True)


def replay(port: int, path: str, part: int, parts: int) -> None:
    with open(path, "rb") as f:
        messages: list[tuple[bytes, bytes]] = pickle.load(f)
    size = -(-len(messages) // parts)
    mine = messages[part * size : (part + 1) * size]
    client = redis.Redis(host=LOOPBACK, port=port, protocol=2)
    client.ping()
    print("READY", flush=True)
    sys.stdin.readline()  # start together with the other publishers
    started = time.perf_counter()
    for start in range(0, len(mine), 2000):
        pipe = client.pipeline(transaction=False)
        for channel, data in mine[start : start + 2000]:
            pipe.publish(channel, data)
        pipe.execute()
    print(time.perf_counter() - started, flush=True)


def _rss() -> int:
    gc.collect()
    with contextlib.suppress(OSError):  # return freed heap, so RSS shows what is held
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    rss: int = psutil.Process().memory_info().rss
    return rss


def consume_desk(url: str, expect: int, apply: bool = True) -> dict[str, Any]:
    # the hand-off may hold the whole stream: this measures speed, so nothing is dropped
    from desktop.core.events import EventStore
    from desktop.core.events.redis_source import RedisEventSource

    store = EventStore(max_tasks=10_000_000)
    source = RedisEventSource(url, max_pending=10_000_000)
    source.start()
    while source.status().state != "connected":
        time.sleep(0.01)
    baseline = _rss()
    print("READY", flush=True)
    count, first, end, last, max_tick = 0, 0.0, 0.0, time.monotonic(), 0.0
    while count < expect and time.monotonic() - last < IDLE_TIMEOUT:
        time.sleep(0.02)  # the GUI timer's period
        tick = time.perf_counter()
        batch = source.drain(50_000)
        if not batch:
            continue
        if apply:
            store.apply(batch)
        if not count:
            first = batch[0]["local_received"]
        count += len(batch)
        last = time.monotonic()
        end = time.time()
        max_tick = max(max_tick, time.perf_counter() - tick)
    source.stop()
    held = len(store)
    return {"events": count, "seconds": end - first, "tasks_held": held,
            "bytes": _rss() - baseline, "max_tick_ms": round(max_tick * 1000, 1)}  # fmt: skip


def consume_celery(url: str, expect: int) -> dict[str, Any]:
    from celery import Celery
    from celery.events.receiver import EventReceiver
    from celery.events.state import State

    app = Celery(broker=url)
    state = State(max_tasks_in_memory=10_000_000, max_workers_in_memory=1000)
    marks = {"count": 0, "first": 0.0, "end": 0.0, "baseline": 0}

    class Receiver(EventReceiver):  # type: ignore[misc]
        def on_consume_ready(self, *args: Any, **kwargs: Any) -> None:
            marks["baseline"] = _rss()  # subscribed: the stream may start
            print("READY", flush=True)

    def on_event(event: dict[str, Any]) -> None:
        state.event(event)
        marks["count"] += 1
        if marks["count"] == 1:
            marks["first"] = time.time()
        if marks["count"] >= expect:
            marks["end"] = time.time()
            receiver.should_stop = True

    with app.connection_for_read() as conn:
        receiver = Receiver(conn, handlers={"*": on_event}, app=app)
        try:
            for _ in receiver.consume(limit=None, timeout=IDLE_TIMEOUT, wakeup=False):
                pass
        except TimeoutError:
            marks["end"] = time.time() - IDLE_TIMEOUT
    return {"events": marks["count"], "seconds": marks["end"] - marks["first"],
            "tasks_held": len(state.tasks), "bytes": _rss() - marks["baseline"]}  # fmt: skip


def consume(name: str, url: str, expect: int) -> None:
    if name == "celery":
        result = consume_celery(url, expect)
    else:
        result = consume_desk(url, expect, apply=name != "desk-receiver")
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result), flush=True)


# -- the orchestrator ---------------------------------------------------------------------


def record(port: int, url: str, tasks: int, fail_every: int, path: Path) -> tuple[int, float]:
    conn = redis.Redis(host=LOOPBACK, port=port, protocol=2).connection_pool.make_connection()
    conn.connect()  # type: ignore[no-untyped-call]
    conn.send_command("PSUBSCRIBE", "/0.celeryev/*")  # type: ignore[no-untyped-call]
    conn.read_response()
    messages: list[tuple[bytes, bytes]] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set() or conn.can_read(timeout=0.5):
            if conn.can_read(timeout=0.1):
                reply = conn.read_response()
                messages.append((reply[2], reply[3]))

    reader = threading.Thread(target=read)
    reader.start()
    started = time.perf_counter()
    out = subprocess.run(child("generate", "--url", url, "--tasks", str(tasks),
                               "--fail-every", str(fail_every)),
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    elapsed = time.perf_counter() - started
    expected = int(out.split()[-1])
    deadline = time.monotonic() + 30
    while len(messages) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    done.set()
    reader.join()
    conn.disconnect()  # type: ignore[no-untyped-call]
    if len(messages) != expected:
        raise RuntimeError(f"recorded {len(messages)} of {expected} events")
    with path.open("wb") as f:
        pickle.dump(messages, f)
    return expected, expected / elapsed


def measure(consumer: str, port: int, url: str, args: argparse.Namespace, n: int) -> str:
    argv = child("consume", "--consumer", consumer, "--url", url, "--expect", str(n))
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "READY":
            raise RuntimeError(f"{consumer} consumer did not start")
        publishers = [subprocess.Popen(child("replay", "--port", str(port), "--file",
                                             str(args.file), "--part", str(k), "--parts",
                                             str(args.publishers)),
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                      for k in range(args.publishers)]  # fmt: skip
        for p in publishers:
            assert p.stdout is not None and p.stdout.readline().strip() == "READY"
        for p in publishers:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        publish_seconds = max(float(p.communicate()[0]) for p in publishers)
        publish_rate = n / publish_seconds
        result = json.loads(proc.stdout.readline())
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    events = result["events"]
    line = {
        "consumer": consumer,
        "events": events,
        "events_per_s": round(events / result["seconds"]) if result["seconds"] > 0 else None,
        "lost": n - events,
        "peak_rss_mb": result["peak_rss_mb"],
        "bytes_per_task": round(result["bytes"] / max(1, result["tasks_held"])),
        "tasks": args.tasks,
        "tasks_held": result["tasks_held"],
        "publish_events_per_s": round(publish_rate),
    }
    if "max_tick_ms" in result:
        line["max_tick_ms"] = result["max_tick_ms"]
    return json.dumps(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--role", default="main")
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--fail-every", type=int, default=20, help="every Nth task fails")
    parser.add_argument("--publishers", type=int, default=2)
    parser.add_argument("--consumers", default="desk,celery")
    parser.add_argument("--default-limits", action="store_true")
    parser.add_argument("--url", default="")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--part", type=int, default=0)
    parser.add_argument("--parts", type=int, default=1)
    parser.add_argument("--consumer", default="desk")
    parser.add_argument("--expect", type=int, default=0)
    args = parser.parse_args()
    if args.role == "generate":
        return generate(args.url, args.tasks, args.fail_every)
    if args.role == "replay":
        return replay(args.port, str(args.file), args.part, args.parts)
    if args.role == "consume":
        return consume(args.consumer, args.url, args.expect)
    with tempfile.TemporaryDirectory(prefix="ingest-core-") as tmp:
        server, port = start_redis(Path(tmp), args.default_limits)
        try:
            url = f"redis://{LOOPBACK}:{port}/0"
            args.file = Path(tmp) / "stream.pickle"
            n, rate = record(port, url, args.tasks, args.fail_every, args.file)
            print(f"# recorded {n} events from Celery's EventDispatcher at {rate:.0f}/s",
                  file=sys.stderr)  # fmt: skip
            for consumer in args.consumers.split(","):
                print(measure(consumer, port, url, args, n), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
