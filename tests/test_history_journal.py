"""The journal on its own: writing, replays without doubles, queries against the live
store's own matching, retention, coverage, backfilled results. No broker needed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from desktop.core.events import EventStore
from desktop.core.events.lost import CONNECTION_LOST, CONNECTION_RESTORED, marker
from desktop.core.events.query import parse_query
from desktop.core.events.task_filter import TaskFilter
from desktop.core.history import (
    CoverageKind,
    JournalQuery,
    JournalReader,
    Retention,
    SortKey,
    journal_size,
    profile_journal,
    retention_of,
)
from desktop.core.history.backfill import backfill_event
from desktop.core.history.coverage import CoveragePeriod, flatten
from desktop.core.history.retention import DAY
from desktop.core.history.schema import ORIGIN_BACKFILL, ORIGIN_RECORDER
from desktop.core.history.writer import STREAM_CURSOR, JournalWriter
from desktop.core.settings import SettingsError, SettingsStore
from tests.support.clock import Clock
from tests.support.synthetic_events import mixed_stream, progress, task_lifecycle

T0 = 1_700_000_000.0


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite3"


@pytest.fixture
def open_reader(path: Path) -> Iterator[Callable[[], JournalReader]]:
    opened: list[JournalReader] = []

    def make() -> JournalReader:
        opened.append(JournalReader(path))
        return opened[-1]

    yield make
    for reader in opened:
        reader.close()


def write(path: Path, events: list[dict[str, object]], batch: int = 97) -> JournalWriter:
    writer = JournalWriter(path)
    writer.connected(T0 - 1)
    for start in range(0, len(events), batch):  # batches cut tasks in two, on purpose
        writer.live(events[start : start + batch])
    return writer


def test_tasks_their_fields_and_timelines_come_back_as_the_live_store_has_them(
    path: Path, open_reader: Callable[[], JournalReader]
) -> None:
    events = [*mixed_stream(60), progress("task-00004", T0 + 2.5, 3, 10)]
    write(path, events).close()
    store = EventStore()
    store.apply(events)
    reader = open_reader()
    assert reader.count(JournalQuery()) == 60
    for uuid, live in store.tasks.items():
        journaled = reader.task(uuid)
        assert journaled is not None
        record = journaled.record
        for slot in ("state", "name", "worker", "client", "args", "kwargs", "result",
                     "exception", "traceback", "retries", "queue", "routing_key", "root_id",
                     "parent_id", "retried_count", "extra"):  # fmt: skip
            assert getattr(record, slot) == getattr(live, slot), (uuid, slot)
        for slot in ("sent", "received", "started", "succeeded", "failed", "retried",
                     "runtime", "timestamp"):  # fmt: skip
            assert getattr(record, slot) == pytest.approx(getattr(live, slot), abs=1e-3)
        assert journaled.origin == 1 and not journaled.backfilled_only
    detail = reader.task("task-00003")
    assert detail is not None
    assert [s for s, _t, _h in detail.timeline] == ["sent", "received", "started", "failed"]
    assert [h for _s, _t, h in detail.timeline] == ["client@host"] + ["celery@alpha"] * 3
    progressed = reader.task("task-00004")
    assert progressed is not None and progressed.record.progress() == (3.0, 10.0)


def test_replaying_what_is_journaled_doubles_nothing_and_completes_what_was_missing(
    path: Path, open_reader: Callable[[], JournalReader]
) -> None:
    events = mixed_stream(40)
    first_half = [e for e in events if e["type"] != "task-succeeded"]
    writer = write(path, first_half)
    result = writer.replayed(events, ORIGIN_RECORDER, cursor="1700000100000-3")
    succeeded = sum(1 for e in events if e["type"] == "task-succeeded")
    assert len(result.new_events) == succeeded
    assert result.duplicates == len(first_half)
    again = writer.replayed(events, ORIGIN_RECORDER, cursor="1700000100000-4")
    assert again.new_events == [] and again.tasks_inserted == 0
    assert writer.meta(STREAM_CURSOR) == "1700000100000-4"
    writer.close()
    reader = open_reader()
    assert reader.count(JournalQuery()) == 40
    task = reader.task("task-00000")
    assert task is not None
    assert [s for s, _t, _h in task.timeline] == ["sent", "received", "started", "succeeded"]
    assert task.origin == 1 | 2  # heard live, completed from the recorder
    assert sum(m.succeeded for m in reader.minute_counts(T0 - 60, T0 + 3600)) == succeeded


QUERIES = [
    "",
    "add",
    "name:mul",
    "state:fail",
    "NOT state:success",
    "worker:beta OR worker:gamma",
    'args:"(3, "',
    "kwargs:even",
    "exception:bad",
    "traceback:raise",
    "1",
    "-name:report AND (args:1 OR result:9)",
    "id:task-0001",
    "queue:cel",
    "result:12",
    "name:mul state:fail",
    'NOT args:"(3"',
    "exception:bad AND NOT worker:gamma",
    "state:success name:add worker:alpha",
]


@pytest.mark.parametrize("text", QUERIES)
def test_the_search_language_selects_in_the_journal_what_it_selects_in_memory(
    path: Path, text: str, open_reader: Callable[[], JournalReader]
) -> None:
    events = mixed_stream(120)
    write(path, events).close()
    store = EventStore()
    store.apply(events)
    query = parse_query(text)
    expected = sorted(uuid for uuid, task in store.tasks.items() if query.matches(task))
    reader = open_reader()
    journal_query = JournalQuery(TaskFilter(query=query), SortKey.UUID, descending=False)
    found = [t.record.uuid for t in reader.page(journal_query, 0, 1000)]
    assert found == expected
    assert reader.count(journal_query) == len(expected)


@pytest.mark.parametrize(
    "text", ["", "state:succ", "kwargs:even", "NOT name:add", "name:a state:s"]
)
def test_a_page_over_many_matches_walks_the_sort_index_and_finds_the_same_rows(
    path: Path, text: str, open_reader: Callable[[], JournalReader], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(path, mixed_stream(120)).close()
    reader = open_reader()
    for sort in (SortKey.SEEN, SortKey.NAME, SortKey.RUNTIME):
        query = JournalQuery(TaskFilter(query=parse_query(text)), sort)
        collected = [t.record.uuid for t in reader.page(query, 3, 40)]
        monkeypatch.setattr("desktop.core.history.reader.MANY", 1)  # every filter is "many"
        walked = [t.record.uuid for t in reader.page(query, 3, 40)]
        monkeypatch.undo()
        assert walked == collected and collected


def test_filters_sort_and_page(path: Path, open_reader: Callable[[], JournalReader]) -> None:
    write(path, mixed_stream(120)).close()
    reader = open_reader()
    failed = JournalQuery(TaskFilter(states=frozenset({"FAILURE"})), SortKey.SEEN)
    rows = reader.page(failed, 0, 5)
    assert [t.record.state for t in rows] == ["FAILURE"] * 5
    assert [t.seen for t in rows] == sorted((t.seen for t in rows), reverse=True)
    assert reader.count(failed) == 20
    by_runtime = JournalQuery(sort=SortKey.RUNTIME, descending=True)
    first, second = reader.page(by_runtime, 0, 10), reader.page(by_runtime, 10, 10)
    runtimes = [t.record.runtime or 0 for t in first + second]
    assert runtimes == sorted(runtimes, reverse=True)
    assert not {t.record.uuid for t in first} & {t.record.uuid for t in second}
    named = JournalQuery(TaskFilter(name="proj.mul", since=T0 + 10, until=T0 + 30))
    assert {t.record.name for t in reader.page(named, 0, 100)} == {"proj.mul"}
    assert reader.count(named) == 10
    assert reader.names("name") == ["proj.add", "proj.fetch", "proj.mul", "proj.report"]
    assert [t.record.uuid for t in reader.recent(3)] == ["task-00117", "task-00118", "task-00119"]


def test_retention_keeps_failures_longer_prunes_by_count_and_per_name(
    path: Path, open_reader: Callable[[], JournalReader]
) -> None:
    clock = Clock(T0)
    writer = JournalWriter(path, Retention(success_days=7, failure_days=30), clock)
    old = [
        *task_lifecycle("ok-old", T0 - 10 * DAY),
        *task_lifecycle("bad-old", T0 - 10 * DAY, outcome="failed"),
        *task_lifecycle("bad-ancient", T0 - 40 * DAY, outcome="failed"),
    ]
    writer.live(old + mixed_stream(30, t0=T0 - 3600))
    while writer.prune_step():
        pass
    reader = open_reader()
    kept = {t.record.uuid for t in reader.page(JournalQuery(), 0, 100)}
    assert "bad-old" in kept and "ok-old" not in kept and "bad-ancient" not in kept
    assert len(kept) == 31
    writer.pruner.retention = Retention(max_tasks=20, per_name=4)
    while writer.prune_step():
        pass
    remaining = reader.page(JournalQuery(), 0, 100)
    assert len(remaining) <= 20
    by_name: dict[str | None, int] = {}
    for task in remaining:
        by_name[task.record.name] = by_name.get(task.record.name, 0) + 1
    assert max(by_name.values()) <= 4
    assert writer.pruner.count == reader.count(JournalQuery())
    newest = max(t.seen for t in remaining)
    assert newest == max(t.seen for t in open_reader().recent(1))
    writer.close()


def test_coverage_periods_take_precedence_and_name_the_gaps(
    path: Path, open_reader: Callable[[], JournalReader]
) -> None:
    writer = JournalWriter(path, clock=Clock(T0 + 100))
    writer.connected(T0)
    writer.live([marker(CONNECTION_LOST, T0 + 10, reason="test")])
    writer.live([marker(CONNECTION_RESTORED, T0 + 20, lost_at=T0 + 10)])
    writer.add_coverage(CoverageKind.RECORDER, T0 + 5, T0 + 15)
    writer.add_coverage(CoverageKind.BACKFILL, T0 + 30, T0 + 50)
    writer.close(at=T0 + 25)
    periods = open_reader().coverage(T0 - 10, T0 + 60)
    assert [(p.kind, p.start - T0, p.end - T0) for p in periods] == [
        (CoverageKind.GAP, -10, 0),
        (CoverageKind.LIVE, 0, 10),
        (CoverageKind.RECORDER, 10, 15),
        (CoverageKind.GAP, 15, 20),
        (CoverageKind.LIVE, 20, 25),
        (CoverageKind.GAP, 25, 30),
        (CoverageKind.BACKFILL, 30, 50),
        (CoverageKind.GAP, 50, 60),
    ]
    assert all(p.label and p.lacks for p in periods)
    assert flatten([CoveragePeriod(CoverageKind.LIVE, 1, 2)], 0, 3)[1].kind is CoverageKind.LIVE


def test_a_finished_result_becomes_the_event_its_worker_would_have_sent(
    path: Path, open_reader: Callable[[], JournalReader]
) -> None:
    meta = {
        "status": "FAILURE",
        "result": {"exc_type": "ValueError", "exc_message": ["bad input"], "exc_module": "x"},
        "traceback": "Traceback ...\nValueError: bad input\n",
        "date_done": "2023-11-14T22:13:20.500000+00:00",
        "name": "proj.add", "args": [1, 2], "kwargs": {"x": 1}, "worker": "celery@w1",
        "retries": 0, "queue": "celery",
    }  # fmt: skip
    event = backfill_event("abc", orjson.dumps(meta))
    assert event is not None
    assert event["type"] == "task-failed" and event["exception"] == "ValueError('bad input')"
    assert event["timestamp"] == pytest.approx(1_700_000_000.5)
    assert (event["args"], event["kwargs"], event["hostname"]) == (
        "(1, 2)",
        "{'x': 1}",
        "celery@w1",
    )
    assert backfill_event("x", orjson.dumps({**meta, "status": "STARTED"})) is None
    assert backfill_event("x", b"\x80pickle") is None
    writer = JournalWriter(path)
    writer.replayed([event], ORIGIN_BACKFILL)
    writer.close()
    task = open_reader().task("abc")
    assert task is not None and task.backfilled_only and task.record.state == "FAILURE"


def test_the_settings_say_what_the_journal_keeps_and_older_files_migrate(tmp_path: Path) -> None:
    settings_path = tmp_path / "settings.json"
    settings_path.write_text('{"schema_version": 1, "keep_local_broker": true}')
    store = SettingsStore(settings_path)
    settings = store.load()
    assert settings.history_enabled and settings.history_failure_days == 30.0
    assert retention_of(settings) == Retention()
    store.update(history_success_days=2, history_max_per_name=500)
    assert retention_of(store.settings) == Retention(success_days=2.0, per_name=500)
    with pytest.raises(SettingsError, match="history_max_tasks"):
        store.update(history_max_tasks=10)
    config = profile_journal("Staging: EU", "redis://h:1/0", store.settings)
    assert config is not None and config["path"].endswith(".sqlite3")
    assert "Staging-EU-" in config["path"] and config["retention"]["per_name"] == 500
    assert profile_journal("x", "redis://h", replace(store.settings, history_enabled=False)) is None


def test_the_journal_size_counts_its_write_ahead_log(path: Path) -> None:
    assert journal_size(path) is None  # never written: no file, no size
    write(path, task_lifecycle("a", T0)).close()
    closed = journal_size(path)
    assert closed == path.stat().st_size  # closing checkpointed the log away
    writer = write(path, task_lifecycle("b", T0))
    wal = Path(f"{path}-wal")
    assert wal.exists() and journal_size(path) == path.stat().st_size + wal.stat().st_size
    writer.close()


def test_a_file_sqlite_cannot_read_is_set_aside_and_a_new_journal_started(path: Path) -> None:
    path.write_bytes(b"not a journal " * 1000)  # whatever the flag logic reads, this fails
    writer = JournalWriter(path)
    writer.close()
    aside = path.with_name(f"{path.name}.bad-1")
    assert aside.read_bytes() == b"not a journal " * 1000
    assert journal_size(path) == path.stat().st_size
