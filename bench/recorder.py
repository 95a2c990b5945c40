"""Benchmark of the headless recorder and of the catch-up that replays its stream.

Run: ``.venv/bin/python bench/recorder.py --tasks 50000 --rate 20000`` (a benchmark, not a
test; ``--stream FILE`` reuses a recording made by bench/ingest.py; ``--prefill J`` replays
into copies of the journal J, as an app with a long history does).

1. Starts its own redis-server on a free loopback port, with Redis's default pub/sub output
   buffer limits (a recorder that falls behind is disconnected and loses events, as in a
   real deployment), and records a realistic stream once (bench/ingest_core.py).
2. Starts ``celery-desk-record`` (``python -m celery_desk_beat.recorder``), then publishes
   the stream at a steady ``--rate`` events/s. Prints: events published and recorded (lost =
   the difference), the recorder's CPU use over the publishing (100% = one core), the stream's
   memory per event (``MEMORY USAGE``), and the recorder's peak RSS.
3. Replays the stream into a new journal, as an app that was closed meanwhile does on
   connect, twice: through the journal process alone (``celery-desk journal`` with catch-up,
   fed a connected state), from its start; and through the app's own connect
   (``MonitorHub.start`` with the journal, as the main window calls it: the event reader
   process starts, subscribes and starts the journal process), from that call. Each prints
   when the first replayed task and when every task, finished, is visible to the Tasks
   view's history query (a :class:`JournalReader` polled every 50 ms), the start-up included.

One JSON line per part.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ingest  # the sibling modules, found through the path above
import ingest_core

from celery_desk_beat import recorder_stream as rs
from desktop.core.events import frames
from desktop.core.events.task_filter import TaskFilter
from desktop.core.history import JournalError, JournalQuery, JournalReader, journal_config
from desktop.core.net import LOOPBACK


def record(port: int, url: str, args: argparse.Namespace, n: int) -> dict[str, Any]:
    env = {**os.environ, "CELERY_BROKER_URL": url}
    log = open(Path(args.tmp) / "recorder.log", "wb")  # noqa: SIM115 - closed below
    recorder = subprocess.Popen([sys.executable, "-m", "celery_desk_beat.recorder"], env=env,
                                stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    client = redis.Redis(host=LOOPBACK, port=port)
    try:
        while client.get(rs.lease_key()) is None or not client.exists(rs.stream_key()):
            time.sleep(0.05)
        publishers = []
        for k in range(args.publishers):
            argv = ingest.child("replay", "--port", str(port), "--file", str(args.file),
                                "--part", str(k), "--parts", str(args.publishers),
                                "--rate", str(args.rate))  # fmt: skip
            publishers.append(subprocess.Popen(argv, stdin=subprocess.PIPE,
                                               stdout=subprocess.PIPE, text=True))  # fmt: skip
        for p in publishers:
            assert p.stdout is not None and p.stdout.readline().strip() == "READY"
        proc = psutil.Process(recorder.pid)
        cpu_before, started = sum(proc.cpu_times()[:2]), time.perf_counter()
        for p in publishers:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in publishers:
            p.wait()
        publish_s = time.perf_counter() - started
        settled, last = time.monotonic(), -1
        while time.monotonic() - settled < 3:  # until the stream stops growing
            length = int(client.xlen(rs.stream_key()))
            if length != last:
                last, settled = length, time.monotonic()
            time.sleep(0.1)
        cpu = sum(proc.cpu_times()[:2]) - cpu_before
        rss = proc.memory_info().rss
        entries = events_in_stream(client)
        memory = int(client.memory_usage(rs.stream_key(), samples=0) or 0)
    finally:
        recorder.terminate()
        recorder.wait(timeout=30)
        log.close()
    return {"part": "recorder", "published": n, "recorded": entries, "lost": n - entries,
            "publish_events_per_s": round(n / publish_s), "steady_rate": args.rate,
            "recorder_cpu_percent": round(100 * cpu / publish_s),
            "stream_bytes_per_event": round(memory / max(1, entries)),
            "recorder_rss_mb": round(rss / 2**20, 1)}  # fmt: skip


def events_in_stream(client: redis.Redis) -> int:
    count, start = 0, "-"
    while True:
        entries: Any = client.xrange(rs.stream_key(), start, "+", count=10_000)
        for _entry_id, fields in entries:
            body = fields.get(b"e")
            if body is not None:
                payload = json.loads(body)  # an event, or a worker's task.multi list of them
                count += len(payload) if isinstance(payload, list) else 1
        if len(entries) < 10_000:
            return count
        start = "(" + entries[-1][0].decode()


FINISHED = JournalQuery(TaskFilter(states=frozenset({"SUCCESS", "FAILURE"})))


def keep(prefill: Path | None) -> dict[str, Any]:
    """Retention for the replay: with a pre-filled journal, one that prunes none of it (the
    counts must move by the replay alone)."""
    if prefill is None:
        return {}
    return {"success_days": 3650, "failure_days": 3650, "max_tasks": 10**9}


class Visible:
    """Polls a journal as the Tasks view's history query sees it."""

    def __init__(self, path: Path, tasks: int, prefill: Path | None) -> None:
        self.path, self.tasks = path, tasks
        self.before = self.before_finished = 0
        if prefill is not None:
            for suffix in ("", "-wal"):
                if Path(str(prefill) + suffix).exists():
                    shutil.copyfile(str(prefill) + suffix, str(path) + suffix)
            with JournalReader(path) as reader:
                self.before = reader.count(JournalQuery())
                self.before_finished = reader.count(FINISHED)
        self.started = time.perf_counter()
        self.first: float | None = None
        self.finished = 0

    def done(self) -> bool:
        try:
            with JournalReader(self.path) as reader:
                if self.first is None and reader.count(JournalQuery()) > self.before:
                    self.first = time.perf_counter() - self.started
                self.finished = reader.count(FINISHED) - self.before_finished
        except JournalError:  # not created yet
            pass
        return self.finished >= self.tasks or time.perf_counter() - self.started > 300

    def figures(self, part: str) -> dict[str, Any]:
        elapsed = time.perf_counter() - self.started
        return {"part": part, "tasks": self.finished, "journaled_before": self.before,
                "first_task_s": None if self.first is None else round(self.first, 2),
                "seconds": round(elapsed, 2),
                "events_per_s": round(4 * self.finished / elapsed)}  # fmt: skip


def replay(url: str, tmp: str, tasks: int, prefill: Path | None) -> dict[str, Any]:
    path = Path(tmp) / "journal.sqlite3"
    config = journal_config(str(path), broker_url=url, retention=keep(prefill))
    visible = Visible(path, tasks, prefill)
    journal = subprocess.Popen([sys.executable, "-m", "desktop", "journal"],
                               stdin=subprocess.PIPE)  # fmt: skip
    assert journal.stdin is not None
    journal.stdin.write(json.dumps(config).encode() + b"\n")
    journal.stdin.write(frames.encode(frames.STATUS, {"state": "connected"}))
    journal.stdin.flush()
    try:
        while not visible.done():
            time.sleep(0.05)
        figures = visible.figures("replay: journal process start to all visible")
    finally:
        journal.stdin.close()
        journal.wait(timeout=60)
    return figures


def replay_through_app(url: str, tmp: str, tasks: int, prefill: Path | None) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication

    from desktop.ui.monitor.hub import MonitorHub

    app = QCoreApplication.instance() or QCoreApplication([])
    path = Path(tmp) / "app-journal.sqlite3"
    hub = MonitorHub(enable_events=False)
    visible = Visible(path, tasks, prefill)
    hub.start(url, journal_config(str(path), broker_url=url, retention=keep(prefill)))
    connected: float | None = None
    try:
        while not visible.done():
            app.processEvents()
            source = hub.status.source
            # as the status bar learns it: the hub publishes its status once a second
            if connected is None and source is not None and source.state == "connected":
                connected = time.perf_counter() - visible.started
            time.sleep(0.05)
        figures = visible.figures("replay: the app's connect to all visible")
    finally:
        hub.stop()
        hub.wait_stopped(60.0)
    return {**figures, "reader_connected_s": None if connected is None else round(connected, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--rate", type=float, default=20_000.0)
    parser.add_argument("--publishers", type=int, default=2)
    parser.add_argument("--stream", type=Path, help="keep the recording here / reuse it")
    parser.add_argument("--prefill", type=Path, help="replay into copies of this journal")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="recorder-bench-") as tmp:
        args.tmp = tmp
        server, port = ingest_core.start_redis(Path(tmp), default_limits=True)
        try:
            url = f"redis://{LOOPBACK}:{port}/0"
            args.file = args.stream or Path(tmp) / "stream.pickle"
            if args.stream is not None and args.stream.exists():
                with args.stream.open("rb") as f:
                    n = len(pickle.load(f))
            else:
                n, _rate = ingest_core.record(port, url, args.tasks, 20, args.file)
            print(json.dumps(record(port, url, args, n)), flush=True)
            print(json.dumps(replay(url, tmp, args.tasks, args.prefill)), flush=True)
            print(json.dumps(replay_through_app(url, tmp, args.tasks, args.prefill)), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
