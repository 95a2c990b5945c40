"""The read-only gate and the audit log: real actions against a real redis-server.

A read-only gate must refuse every action before it touches the broker (the published
messages are all still there afterwards) and record each refusal; an allowed gate runs the
action and records its outcome and replies. The log is JSON lines, newest first on reading,
without secrets, rotated at its size limit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import Celery

from desktop.core import paths
from desktop.core.control.actions import ControlActions, close_control_app, control_app
from desktop.core.control.audit import AUDIT_FILE, AuditEntry, AuditLog, clean_parameters
from desktop.core.control.guard import ACTIONS, ControlGate, Refused, read_only_reason
from desktop.core.queues.inspect import QueueInspector
from desktop.core.queues.results import PurgeResult
from tests.support.redis_server import RedisServer

ADD = "celery_desk_demo.tasks.add"


@pytest.fixture
def app(redis_server: RedisServer) -> Iterator[Celery]:
    app = control_app(redis_server.url)
    try:
        yield app
    finally:
        close_control_app(app)


@pytest.fixture
def inspector(redis_server: RedisServer) -> Iterator[QueueInspector]:
    inspector = QueueInspector(redis_server.url)
    try:
        yield inspector
    finally:
        inspector.close()


def every_action(
    actions: ControlActions, inspector: QueueInspector, queue: str
) -> dict[str, Callable[[], Any]]:
    """One real call per action of the table, each aimed at ``queue`` or its messages."""
    first = inspector.peek(queue, 1).messages[0]
    return {
        "revoke": lambda: actions.revoke(["some-id"]),
        "terminate": lambda: actions.revoke(["some-id"], terminate=True),
        "retry": lambda: actions.retry(ADD, [1, 2], {}, {"queue": queue}, "old-id"),
        "send_task": lambda: actions.send_task(ADD, [1, 2], {}, {"queue": queue}),
        "rate_limit": lambda: actions.rate_limit(ADD, "1/m"),
        "time_limit": lambda: actions.time_limit(ADD, 1, 2),
        "pool_grow": lambda: actions.pool_grow(1),
        "pool_shrink": lambda: actions.pool_shrink(1),
        "autoscale": lambda: actions.autoscale(4, 1),
        "add_consumer": lambda: actions.add_consumer(queue),
        "cancel_consumer": lambda: actions.cancel_consumer(queue),
        "pool_restart": actions.pool_restart,
        "shutdown": actions.shutdown,
        "purge_queue": lambda: inspector.purge(queue),
        "delete_message": lambda: inspector.delete_message(first),
    }


def test_read_only_gate_refuses_every_action_and_audits_each(
    app: Celery, inspector: QueueInspector, redis_server: RedisServer
) -> None:
    for n in range(3):
        app.send_task(ADD, args=(n, n), queue="guarded")
    calls = every_action(ControlActions(app, timeout=0.3), inspector, "guarded")
    assert set(calls) == set(ACTIONS)
    called: list[str] = []
    gate = ControlGate(True, "prod")
    assert gate.refusal == "Profile 'prod' is read-only: actions are disabled"

    for action, call in calls.items():

        def tracked(action: str = action, call: Callable[[], Any] = call) -> Any:
            called.append(action)
            return call()

        outcome = gate.run(action, ["target-" + action], {"why": "test"}, tracked)
        assert isinstance(outcome, Refused)
        assert outcome.reason == read_only_reason("prod") and not outcome.ok

    assert called == []
    # nothing reached the broker: the three messages wait, no pool or consumer changed
    snapshot = inspector.snapshot(rediscover=True)
    guarded = snapshot.queue("guarded")
    assert guarded is not None and guarded.total == 3
    entries = AuditLog().entries()
    assert {e.action for e in entries} == set(ACTIONS)
    assert all(e.outcome == "refused" and e.profile == "prod" for e in entries)
    assert all(e.reason == gate.refusal for e in entries)
    assert entries[0].action == "delete_message"  # newest first
    assert AuditLog().path == paths.data_dir() / AUDIT_FILE


def test_allowed_gate_runs_and_records_outcome_and_replies(
    app: Celery, inspector: QueueInspector
) -> None:
    app.send_task(ADD, args=(1, 1), queue="open")
    app.send_task(ADD, args=(2, 2), queue="open")
    gate = ControlGate(False, "dev")
    assert gate.refusal is None
    purged = gate.run("purge_queue", ["open"], {"queue": "open"}, lambda: inspector.purge("open"))
    assert not isinstance(purged, Refused) and purged.total == 2
    silent = gate.run(
        "rate_limit", ["all workers"], {"rate": "1/m"},
        lambda: ControlActions(app, timeout=0.3).rate_limit(ADD, "1/m"),
    )  # fmt: skip
    assert not isinstance(silent, Refused) and not silent.ok
    entries = AuditLog().entries()
    assert [e.action for e in entries] == ["rate_limit", "purge_queue"]
    assert entries[1].outcome == "ok" and entries[1].replies == {"open": "removed 2 message(s)"}
    assert entries[0].outcome == "failed"
    assert entries[0].replies == {"*": "no reply: no worker replied within 0.3 s"}


def test_destructive_actions_are_flagged_and_unknown_actions_rejected() -> None:
    destructive = {name for name, info in ACTIONS.items() if info.destructive}
    assert destructive == {
        "revoke", "terminate", "cancel_consumer", "pool_restart", "shutdown",
        "purge_queue", "delete_message",
    }  # fmt: skip
    assert ControlGate.is_destructive("purge_queue")
    assert not ControlGate.is_destructive("retry")
    with pytest.raises(ValueError, match="unknown action 'purgeall'"):
        ControlGate(False, "dev").run("purgeall", [], {}, lambda: PurgeResult("q"))


def test_a_failing_call_is_audited_then_raised(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.log")

    def broken() -> PurgeResult:
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError, match="bug"):
        ControlGate(False, "dev", log).run("revoke", ["t1"], {}, broken)
    (entry,) = log.entries()
    assert (entry.outcome, entry.reason) == ("failed", "RuntimeError: bug")


def test_audit_log_hides_secrets_and_cuts_long_values(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.log")
    log.record(
        "dev",
        "send_task",
        targets=["redis://:hunter2@host:6379/0"],
        parameters={
            "password": "hunter2",
            "broker": "redis://user:hunter2@host/0",
            "args": ["x" * 2000],
            "nested": {"api_key": "k-123", "n": 3},
        },
        replies={"w1@h": "ok: done"},
    )
    text = log.path.read_text()
    assert "hunter2" not in text and "k-123" not in text
    (entry,) = log.entries()
    assert entry.parameters["password"] == "****"
    assert entry.parameters["nested"] == {"api_key": "****", "n": 3}
    assert entry.parameters["broker"] == "redis://user:****@host/0"
    assert len(entry.parameters["args"][0]) == 500
    assert entry.targets == ("redis://:****@host:6379/0",)
    assert json.loads(text)["iso_time"] == entry.local_time
    assert clean_parameters({"items": list(range(60))})["items"][-1] == "… 10 more"


def test_audit_log_rotates_at_its_size_and_reads_across_files(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.log", max_bytes=1000, backups=2)
    for n in range(40):
        log.record("dev", "revoke", targets=[f"task-{n:02d}"])
    files = log.files()
    assert [p.name for p in files] == ["audit.log", "audit.log.1", "audit.log.2"]
    assert all(p.stat().st_size <= 1000 for p in files)
    entries = log.entries()
    # newest first, contiguous, the oldest ones dropped with the third rotation
    numbers = [int(e.targets[0][5:]) for e in entries]
    assert numbers[0] == 39 and numbers == list(range(39, 39 - len(numbers), -1))
    assert 0 not in numbers
    assert [e.targets[0] for e in log.entries(limit=2)] == ["task-39", "task-38"]


def test_damaged_lines_are_skipped(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.log")
    log.record("dev", "retry", targets=["a"])
    with log.path.open("a") as handle:
        handle.write('{"half": \nnot json\n')
    log.record("dev", "revoke", targets=["b"])
    assert [e.action for e in log.entries()] == ["revoke", "retry"]
    assert AuditEntry.from_json("[]") is None
