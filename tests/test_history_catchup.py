"""History across a closed window, with a real redis-server, worker and recorder: quit the app
(stop the hub), run tasks, start again; every task is in the journal exactly once, from the
recorder when one ran and from the result backend otherwise, and the time in between says
which."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import Celery

from celery_desk_beat.recorder_stream import stream_key
from desktop.core.history import CoverageKind, JournalReader, journal_config
from desktop.core.history.rows import ORIGIN_BITS
from desktop.core.history.schema import ORIGIN_BACKFILL, ORIGIN_RECORDER
from desktop.ui.monitor.hub import MonitorHub
from tests.support.celery_procs import (
    CeleryProcess,
    celery_env,
    client_app,
    close_client,
    desk_command,
    running_worker,
)
from tests.support.redis_server import RedisServer


def wait_for(
    predicate: Callable[[], bool], timeout: float = 30.0, hub: MonitorHub | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        if hub is not None:
            hub.pump_now()
        time.sleep(0.05)


@pytest.fixture(scope="module")
def worker(
    redis_mod: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CeleryProcess]:
    with running_worker(redis_mod.url, tmp_path_factory.mktemp("worker"), "celery",
                        "history@%h") as process:  # fmt: skip
        yield process


@pytest.fixture
def client(redis_mod: RedisServer) -> Iterator[Celery]:
    app = client_app(redis_mod.url)
    yield app
    close_client(app)


def run_tasks(client: Celery, count: int, fail: bool = False) -> list[str]:
    name = "celery_desk_demo.tasks.fail" if fail else "celery_desk_demo.tasks.add"
    results = [client.send_task(name, args=["boom"] if fail else [i, i]) for i in range(count)]
    for result in results:
        result.get(timeout=30, propagate=False)
    return [result.id for result in results]


def run_and_wait(client: Celery, path: Path, count: int, into: list[str]) -> None:
    """Run ``count`` tasks while the window is open and wait until they are journaled."""
    into += run_tasks(client, count)
    wait_for(lambda: all_finished(path, into))


def journaled(path: Path, uuids: list[str]) -> dict[str, tuple[str, int, list[str]]]:
    """``uuid -> (state, origin, timeline subjects)`` for the given tasks found."""
    with JournalReader(path) as reader:
        found = {}
        for uuid in uuids:
            task = reader.task(uuid)
            if task is not None:
                found[uuid] = (
                    task.record.state or "",
                    task.origin,
                    [s for s, _t, _h in task.timeline],
                )
        return found


def all_finished(path: Path, uuids: list[str]) -> bool:
    try:
        found = journaled(path, uuids)
    except Exception:  # not created yet
        return False
    return len(found) == len(uuids) and all(
        state in ("SUCCESS", "FAILURE") for state, _o, _t in found.values()
    )


def session(hub: MonitorHub, url: str, journal: dict[str, Any], action: Callable[[], None]) -> None:
    """One window session: connect with the journal, do ``action``, quit."""
    hub.start(url, journal)
    wait_for(
        lambda: hub.status.source is not None and hub.status.source.state == "connected", hub=hub
    )
    try:
        action()
    finally:
        hub.stop()
        assert hub.wait_stopped(30.0)


def test_tasks_run_while_closed_come_back_from_the_recorder_exactly_once(
    hub: MonitorHub, redis_mod: RedisServer, worker: CeleryProcess, client: Celery, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = journal_config(str(path), broker_url=redis_mod.url)
    recorder = CeleryProcess(
        desk_command("record"), tmp_path / "recorder.log", celery_env(redis_mod.url)
    )
    try:
        recorder.wait_for_log("recording")
        live: list[str] = []
        session(hub, redis_mod.url, journal, lambda: run_and_wait(client, path, 3, live))
        closed_at = time.time()
        missed = run_tasks(client, 4) + run_tasks(client, 1, fail=True)
        reopened_at = time.time()
        session(hub, redis_mod.url, journal, lambda: wait_for(lambda: all_finished(path, missed)))
    finally:
        recorder.stop()
    found = journaled(path, live + missed)
    assert set(found) == set(live + missed)
    for uuid in missed:
        _state, origin, timeline = found[uuid]
        assert origin & ORIGIN_BITS[ORIGIN_RECORDER] and not origin & ORIGIN_BITS[ORIGIN_BACKFILL]
        assert timeline[:3] == ["sent", "received", "started"] and len(timeline) == 4  # once each
    assert found[missed[-1]][0] == "FAILURE"
    with JournalReader(path) as reader:
        between = {p.kind for p in reader.coverage(closed_at, reopened_at)}
        assert CoverageKind.RECORDER in between, between
        assert between <= {CoverageKind.RECORDER, CoverageKind.LIVE}, between
    with sqlite3.connect(path) as conn:  # one row per task: the unique index says so too
        assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == conn.execute(
            "SELECT count(DISTINCT uuid) FROM tasks").fetchone()[0]  # fmt: skip
    conn.close()


def test_without_a_recorder_the_backend_fills_in_and_the_gap_says_so(
    hub: MonitorHub, redis_mod: RedisServer, worker: CeleryProcess, client: Celery, tmp_path: Path
) -> None:
    redis_mod.client().delete(stream_key())  # no recorder in this story
    path = tmp_path / "journal.sqlite3"
    journal = journal_config(str(path), broker_url=redis_mod.url)
    live: list[str] = []
    session(hub, redis_mod.url, journal, lambda: run_and_wait(client, path, 2, live))
    closed_at = time.time()
    missed = run_tasks(client, 3) + run_tasks(client, 1, fail=True)
    reopened_at = time.time()
    session(hub, redis_mod.url, journal, lambda: wait_for(lambda: all_finished(path, missed)))
    found = journaled(path, live + missed)
    for uuid in missed:
        state, origin, timeline = found[uuid]
        assert origin == ORIGIN_BITS[ORIGIN_BACKFILL], found[uuid]
        assert timeline == ["failed" if state == "FAILURE" else "succeeded"]
    with JournalReader(path) as reader:
        task = reader.task(missed[0])
        assert task is not None and task.backfilled_only
        assert (task.record.name, task.record.args) == ("celery_desk_demo.tasks.add", "(0, 0)")
        between = reader.coverage(closed_at, reopened_at)
        kinds = {p.kind for p in between}
        assert CoverageKind.BACKFILL in kinds and kinds <= {
            CoverageKind.BACKFILL,
            CoverageKind.LIVE,
        }
        backfilled = next(p for p in between if p.kind is CoverageKind.BACKFILL)
        assert "result backend" in backfilled.lacks
    for uuid in live:  # heard live, and not doubled by the backfill
        assert found[uuid][1] == ORIGIN_BITS[0] and len(found[uuid][2]) == 4
