"""The journal process itself: fed frames on stdin as the event reader feeds it, killed with
SIGKILL in the middle of ingest, the journal stays whole and holds all but the last moment."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from desktop.core.events import frames
from desktop.core.history import JournalError, JournalQuery, JournalReader, journal_config
from desktop.core.history.feed import JournalFeed
from desktop.core.history.writer import JournalWriter
from tests.support.synthetic_events import task_lifecycle

RATE = 2000  # events per second, well within what the journal writes
T0 = time.time()


def events_of(i: int) -> list[dict[str, object]]:
    return task_lifecycle(f"kill-{i:06d}", T0 + i * 0.001, args=f"({i},)")


def test_a_journal_killed_mid_ingest_is_whole_and_lacks_at_most_the_last_second(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "journal"], stdin=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write(orjson_line(journal_config(str(path))))
    proc.stdin.write(frames.encode(frames.STATUS, {"state": "connected"}))
    sent_at: list[float] = []
    started = time.monotonic()
    task = 0
    while time.monotonic() - started < 4.0:  # 2000 events/s in 500-event frames
        batch = [e for i in range(task, task + 125) for e in events_of(i)]
        proc.stdin.write(frames.encode(frames.EVENTS, batch, len(batch)))
        proc.stdin.flush()
        sent_at.append(time.monotonic())
        task += 125
        time.sleep(max(0.0, started + task * 4 / RATE - time.monotonic()))
    killed_at = time.monotonic()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdin.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    with JournalReader(path) as reader:
        kept = reader.count(JournalQuery())
    # every frame sent more than a second before the kill is in the journal
    old_enough = sum(125 for moment in sent_at if killed_at - moment > 1.0)
    assert old_enough <= kept <= task
    assert task - kept <= RATE // 4 * 1.2  # about a second of tasks (4 events each), no more
    writer = JournalWriter(path)  # the next run opens it and goes on
    writer.live(events_of(task + 1))
    writer.close()
    with JournalReader(path) as reader:
        assert reader.count(JournalQuery()) == kept + 1


def test_the_feed_hands_frames_to_a_journal_that_writes_them_all_when_closed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    feed = JournalFeed(journal_config(str(path)))
    feed.start()
    feed.status("connected")
    for i in range(0, 3000, 100):
        feed.events([e for j in range(i, i + 100) for e in events_of(j)])
    assert feed.close(timeout=60)
    with JournalReader(path) as reader:
        assert reader.count(JournalQuery()) == 3000
        periods = reader.coverage(T0 - 60, time.time())
        assert any(p.kind == "live" for p in periods)


def test_only_a_journal_whose_writer_was_killed_is_checked_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    first = JournalWriter(path)
    assert first.checked_on_open  # a new file, or one from before the flag: checked
    first.close()
    closed = journal_process(path, events_of(0))
    assert closed.stdin is not None
    closed.stdin.close()  # a clean end: stdin ends, it writes everything and closes
    assert closed.wait(timeout=60) == 0
    writer = JournalWriter(path)
    assert not writer.checked_on_open  # quick_check skipped: the last writer closed the file
    writer.close()
    killed = journal_process(path, events_of(1))
    deadline = time.monotonic() + 60
    while journaled(path) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # committed: the process holds the file open, marked so
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    assert killed.stdin is not None
    killed.stdin.close()
    assert Path(f"{path}-wal").exists()  # SQLite replays its log on the next open
    writer = JournalWriter(path)
    assert writer.checked_on_open
    writer.close()
    assert journaled(path) == 2
    abandoned = JournalWriter(path)  # a writer that never closes (its process crashed)
    abandoned.live(events_of(2))
    abandoned.conn.close()
    writer = JournalWriter(path)
    assert writer.checked_on_open and journaled(path) == 3
    writer.close()
    writer = JournalWriter(path)
    assert not writer.checked_on_open
    writer.close()


def journal_process(path: Path, events: list[dict[str, object]]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "journal"], stdin=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write(orjson_line(journal_config(str(path))))
    proc.stdin.write(frames.encode(frames.STATUS, {"state": "connected"}))
    proc.stdin.write(frames.encode(frames.EVENTS, events, len(events)))
    proc.stdin.flush()
    return proc


def journaled(path: Path) -> int:
    if not path.exists():
        return 0
    with JournalReader(path) as reader:
        return reader.count(JournalQuery())


def orjson_line(value: object) -> bytes:
    import orjson

    return orjson.dumps(value) + b"\n"


def test_what_the_feed_drops_while_the_journal_is_stuck_becomes_a_gap(tmp_path: Path) -> None:
    # A journal that cannot keep up (here: stopped) makes the feed drop frames rather than
    # grow without bound; the journal must then say it did not hear that time, or the strip
    # shows it as heard live and catch-up never looks for what is missing.
    import psutil

    path = tmp_path / "journal.sqlite3"
    feed = JournalFeed(journal_config(str(path)), max_queued_bytes=256 * 1024)  # 3 frames
    feed.start()
    feed.status("connected")
    (journal,) = [p for p in psutil.Process().children() if "journal" in p.cmdline()]

    def send(prefix: str, count: int) -> None:
        for start in range(0, count, 100):
            now = time.time()
            feed.events(
                [e for i in range(start, start + 100) for e in task_lifecycle(f"{prefix}-{i}", now)]
            )

    send("before", 200)
    deadline = time.monotonic() + 30
    while _journaled(path) < 200 and time.monotonic() < deadline:  # heard live, then stuck
        time.sleep(0.05)
    journal.suspend()
    stuck_at = time.time()
    send("stuck", 4000)  # 16,000 events: more than the pipe and the queue together hold
    journal.resume()
    while feed.backlog:
        feed.pump()
        time.sleep(0.01)
    send("after", 100)  # the first frame that fits carries the marker of what was dropped
    resumed_at = time.time()
    assert feed.close(timeout=60)
    assert feed.dropped > 0
    with JournalReader(path) as reader:
        kept = reader.count(JournalQuery())
        periods = reader.coverage(stuck_at - 60, time.time() + 1)
    assert kept == 200 + 4000 + 100 - feed.dropped // 4
    gaps = [p for p in periods if p.kind == "gap" and stuck_at - 1 <= p.start <= resumed_at]
    assert gaps, [(p.kind, p.start - stuck_at, p.end - stuck_at) for p in periods]
    assert [p.kind for p in periods if p.end > gaps[0].end][:1] == ["live"]  # heard again


def _journaled(path: Path) -> int:
    try:
        with JournalReader(path) as reader:
            return reader.count(JournalQuery())
    except JournalError:  # not created yet
        return 0
