"""The catch-up on a real redis-server when the project's result backend is not Redis (#13):
nothing is backfilled, even though the broker's db holds results (another app's), and the
report says why."""

from __future__ import annotations

from celery import Celery

from desktop.core.history import CoverageKind, JournalQuery, JournalReader
from desktop.core.history.catchup import CatchUp, CatchUpConfig
from desktop.core.history.writer import JournalWriter
from tests.support.clock import Clock
from tests.support.redis_server import RedisServer

T0 = 1_700_000_000.0


def store_results(url: str, ids: list[str]) -> None:
    """Results as a worker leaves them, through Celery's own Redis backend."""
    app = Celery("results", broker=url, backend=url, set_as_current=False)
    app.conf.result_serializer = "json"
    try:
        for task_id in ids:
            app.backend.store_result(task_id, 4, "SUCCESS")
    finally:
        app.backend.client.connection_pool.disconnect()
        app.close()


def catch_up(writer: JournalWriter, config: CatchUpConfig) -> CatchUp:
    """Run a catch-up to its end on a clock that moves a second whenever it waits."""
    clock = Clock(T0)
    work = CatchUp(writer, config, clock)
    work.live_started(clock.now)
    waiting = work.report  # replaced by a new report when the work starts
    for _ in range(1000):
        if not work.step():
            if work.report is not waiting and not work.report.running:
                return work
            clock.now += 1.0
    raise AssertionError("the catch-up never ended")


def journaled(writer: JournalWriter) -> set[str]:
    with JournalReader(writer.path) as reader:
        return {t.record.uuid for t in reader.page(JournalQuery(), 0, 100)}


def test_no_redis_backend_means_no_backfill_and_the_report_says_why(
    redis_server: RedisServer, writer: JournalWriter
) -> None:
    store_results(redis_server.url, ["on-the-broker"])
    problem = "backfill unavailable: the result backend is django-db"
    work = catch_up(writer, CatchUpConfig(redis_server.url, backend_problem=problem))
    assert work.report.error is None and work.report.backfill_unavailable == problem
    assert journaled(writer) == set()
    with JournalReader(writer.path) as reader:
        kinds = {p.kind for p in reader.coverage(T0 - 86_400, T0)}
    assert CoverageKind.BACKFILL not in kinds
