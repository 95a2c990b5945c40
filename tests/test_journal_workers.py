"""Worker sightings in the journal: who was seen, when, and with what details, across runs."""

from __future__ import annotations

from pathlib import Path

from desktop.core.history import JournalReader
from desktop.core.history.writer import JournalWriter
from tests.support.synthetic_events import event

T0 = 1_700_000_000.0
HOST = "celery@batch-1"


def beats(start: float, end: float, every: float = 2.0) -> list[dict[str, object]]:
    count = int((end - start) / every) + 1
    return [
        event("worker-heartbeat", start + k * every, hostname=HOST, freq=every, active=k % 3,
              processed=k, sw_ident="py-celery", sw_ver="5.5.3", loadavg=[0.5, 0.4, 0.3])
        for k in range(count)
    ]  # fmt: skip


def test_a_worker_is_seen_in_periods_broken_where_it_went_offline_or_fell_silent(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    writer = JournalWriter(path)
    # evening: online, beating for a minute, offline; back an hour later
    writer.live([event("worker-online", T0, hostname=HOST, freq=2.0), *beats(T0, T0 + 60)])
    writer.live([event("worker-offline", T0 + 61, hostname=HOST)])
    writer.live([event("worker-online", T0 + 3600, hostname=HOST, freq=2.0)])
    writer.live(beats(T0 + 3600, T0 + 3630))
    writer.close()
    # a new run (the app reopened) goes on with the same worker, then loses it for ten
    # minutes without an offline event (killed): a new period begins when it is heard again
    writer = JournalWriter(path)
    writer.live(beats(T0 + 3632, T0 + 3640))
    writer.live(beats(T0 + 4240, T0 + 4250))
    writer.live([event("worker-heartbeat", T0 + 5000, hostname="celery@web-1", freq=2.0)])
    writer.close()

    with JournalReader(path) as reader:
        workers = reader.workers()
    assert [w.hostname for w in workers] == ["celery@web-1", HOST]  # newest first
    batch = workers[1]
    assert batch.first_seen == T0 and batch.last_seen == T0 + 4250
    assert batch.periods == [(T0, T0 + 61), (T0 + 3600, T0 + 3640), (T0 + 4240, T0 + 4250)]
    assert batch.info.get("sw_ver") == "5.5.3"


def test_a_goodbye_in_a_batch_of_its_own_ends_the_period_of_a_slowly_beating_worker(
    tmp_path: Path,
) -> None:
    writer = JournalWriter(tmp_path / "journal.sqlite3")
    writer.live([event("worker-online", T0, hostname=HOST, freq=60.0), *beats(T0, T0 + 600, 60)])
    writer.live([event("worker-offline", T0 + 650, hostname=HOST)])  # 50 s after its last beat
    writer.close()
    with JournalReader(tmp_path / "journal.sqlite3") as reader:
        (worker,) = reader.workers()
    assert worker.periods == [(T0, T0 + 650)]
    assert worker.info.get("offline") is True and worker.info.get("freq") == 60.0
