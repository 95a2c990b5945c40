"""WorkerInspector against a real redis-server and a real worker, and against nobody."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.inspect import CALLS, WorkerInspector, describe_timeout, pool_summary
from desktop.core.net import free_port
from tests.support.celery_procs import CeleryProcess, start_desk_worker, unique_hostname
from tests.support.redis_server import RedisServer


@pytest.fixture
def worker(redis_server: RedisServer, tmp_path: Path) -> Iterator[tuple[CeleryProcess, str]]:
    hostname = unique_hostname("inspect").replace("@%h", "@test")
    with start_desk_worker(
        redis_server.url, tmp_path / "worker.log", "-Q", "celery", hostname=hostname
    ) as proc:
        proc.wait_ready()
        yield proc, hostname


def test_every_call_answers_for_a_live_worker(
    redis_server: RedisServer, worker: tuple[CeleryProcess, str]
) -> None:
    proc, hostname = worker
    with WorkerInspector(redis_server.url) as inspector:
        report = inspector.inspect(hostname, timeout=5.0)
        assert list(report.results) == list(CALLS)
        errors = {c: r.error for c, r in report.results.items() if not r.ok}
        assert errors == {}
        results = report.results
        assert "celery_desk_demo.tasks.add" in results["registered"].reply
        assert [q["name"] for q in results["active_queues"].reply] == ["celery"]
        assert results["stats"].reply["pid"] == proc.pid
        assert pool_summary(results["stats"].reply) == ("solo", 1)
        assert results["active"].reply == []
        assert isinstance(results["conf"].reply, dict)
        assert report.answered and not report.all_timed_out

        everyone = inspector.stats_all(timeout=2.0)
        assert everyone.error is None
        assert everyone.replies[hostname]["pid"] == proc.pid


def test_silent_destination_reports_no_reply(redis_server: RedisServer) -> None:
    with WorkerInspector(redis_server.url) as inspector:
        report = inspector.inspect("nobody@nowhere", calls=("stats", "registered"), timeout=0.5)
    assert [r.error for r in report.results.values()] == [describe_timeout(0.5)] * 2
    assert report.all_timed_out and not report.answered
    assert describe_timeout(2.0) == "no reply within 2 s"


def test_unreachable_broker_and_bad_call_are_errors_not_exceptions() -> None:
    url = f"redis://:secret@127.0.0.1:{free_port()}/0"
    with WorkerInspector(url, connect_timeout=0.5) as inspector:
        report = inspector.inspect("w@h", calls=("stats", "nonsense"), timeout=0.5)
        everyone = inspector.stats_all(timeout=0.5)
    stats, nonsense = report.results["stats"], report.results["nonsense"]
    assert stats.error is not None and stats.error.startswith("cannot reach the broker")
    assert "secret" not in stats.error
    assert nonsense.error == "unknown inspect call 'nonsense'"
    assert everyone.error is not None and everyone.replies == {}


def test_closed_inspector_reports_instead_of_raising(redis_server: RedisServer) -> None:
    inspector = WorkerInspector(redis_server.url)
    inspector.close()
    report = inspector.inspect("w@h", calls=("stats",), timeout=0.2)
    assert report.results["stats"].error is not None
    with pytest.raises(ValueError, match="broker URL"):
        WorkerInspector()


def test_pool_summary_of_stats_replies() -> None:
    prefork = {
        "pool": {"implementation": "celery.concurrency.prefork:TaskPool", "max-concurrency": 8}
    }
    assert pool_summary(prefork) == ("prefork", 8)
    assert pool_summary({"pool": {"max-concurrency": "x"}}) == (None, None)
    assert pool_summary({"pid": 1}) is None and pool_summary(None) is None
