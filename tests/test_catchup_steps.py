"""The catch-up's steps against a real redis-server, on a hand-driven clock (#13): the replay
starts the moment the reader subscribed, and the stream is read again once the recorder has
surely appended what was published before the subscription."""

from __future__ import annotations

import json

from celery_desk_beat.recorder_stream import stream_key
from desktop.core.history import JournalQuery, JournalReader
from desktop.core.history.catchup import SETTLE_S, CatchUp, CatchUpConfig
from desktop.core.history.writer import JournalWriter
from tests.support.clock import Clock
from tests.support.redis_server import RedisServer
from tests.support.synthetic_events import task_lifecycle

T0 = 1_700_000_000.0


def record(server: RedisServer, uuid: str) -> None:
    """Append a task's events to the stream, as the recorder does (one entry each)."""
    client = server.client()
    for event in task_lifecycle(uuid, T0):
        client.xadd(stream_key(), {"e": json.dumps(event)})


def journaled(writer: JournalWriter) -> set[str]:
    with JournalReader(writer.path) as reader:
        return {t.record.uuid for t in reader.page(JournalQuery(), 0, 100)}


def test_the_replay_starts_at_once_and_reads_what_the_recorder_appended_late(
    redis_server: RedisServer, writer: JournalWriter
) -> None:
    for n in range(3):
        record(redis_server, f"missed-{n}")
    clock = Clock(T0 + 3600)
    catch_up = CatchUp(writer, CatchUpConfig(redis_server.url), clock)
    catch_up.live_started(clock.now)
    while catch_up.step():  # no time passes: nothing waits for a delay
        pass
    assert journaled(writer) == {"missed-0", "missed-1", "missed-2"}
    assert catch_up.report.running and catch_up.report.replayed == 12
    # published before the subscription, appended by a lagging recorder only now
    record(redis_server, "late")
    clock.now += SETTLE_S / 2
    assert not catch_up.step() and "late" not in journaled(writer)
    clock.now += SETTLE_S / 2
    while catch_up.step():
        pass
    assert journaled(writer) == {"missed-0", "missed-1", "missed-2", "late"}
    assert not catch_up.report.running and catch_up.report.error is None
    assert catch_up.report.replayed == 16 and catch_up.report.duplicates == 0


def test_events_the_feed_dropped_are_replayed_though_the_cursor_had_passed_them(
    redis_server: RedisServer, writer: JournalWriter
) -> None:
    clock = Clock(T0)
    catch_up = CatchUp(writer, CatchUpConfig(redis_server.url), clock)
    catch_up.live_started(clock.now)
    for _ in range(2):  # the replay, then its second read once the settle time has passed
        while catch_up.step():
            pass
        clock.now += SETTLE_S
    assert not catch_up.step() and not catch_up.report.running
    dropped_since = clock.now
    for n in range(3):  # heard by the recorder; the journal's feed dropped them
        record(redis_server, f"dropped-{n}")
    clock.now += 60
    catch_up.tick()  # live and caught up: the cursor follows the clock, past those entries
    catch_up.events_dropped(dropped_since, clock.now)
    while catch_up.step():
        pass
    assert journaled(writer) == {"dropped-0", "dropped-1", "dropped-2"}
