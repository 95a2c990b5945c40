"""WorkerTableModel over a real EventStore fed synthetic worker events, with an injected clock."""

from __future__ import annotations

from typing import Any

import pytest
from celery.events import Event
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QIcon
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.events import EventStore
from desktop.ui.monitor.ranges import ascending_runs, descending_runs
from desktop.ui.monitor.timefmt import format_datetime
from desktop.ui.monitor.worker_columns import PARTS, RAW_ROLE, Column
from desktop.ui.monitor.worker_model import WorkerTableModel
from desktop.ui.monitor.workers_page import WorkerFilterProxy
from tests.support.locale import default_locale

T0 = 1_700_000_000.0
DISPLAY = Qt.ItemDataRole.DisplayRole


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def worker_event(kind: str, host: str, t: float, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "freq": 2.0,
        "active": 0,
        "processed": 0,
        "loadavg": [0.5, 0.25, 0.125],
        "pid": 4242,
        "sw_ident": "py-celery",
        "sw_ver": "5.7.0",
        "sw_sys": "Linux",
    }
    event: dict[str, Any] = Event(
        f"worker-{kind}", hostname=host, timestamp=t, local_received=t, **(values | fields)
    )
    return event


def task_event(kind: str, uuid: str, host: str, t: float, **fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = Event(
        f"task-{kind}", uuid=uuid, hostname=host, timestamp=t, local_received=t, **fields
    )
    return event


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> EventStore:
    return EventStore(clock=clock, offline_margin=3.0, remove_offline_after=60.0)


@pytest.fixture
def model(qapp: object, store: EventStore, clock: Clock) -> WorkerTableModel:
    return WorkerTableModel(store, clock=clock)


def cell(model: WorkerTableModel, host: str, column: Column, role: int = DISPLAY) -> Any:
    return model.data(model.index(model.row_of(host), column), role)


def test_model_follows_online_heartbeat_offline_and_removal(
    qtmodeltester: ModelTester, model: WorkerTableModel, store: EventStore, clock: Clock
) -> None:
    # the tester stays attached: every later signal of the model is checked too
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    hosts = [f"celery@w{i}" for i in range(4)]
    model.apply_changes(store.apply([worker_event("online", h, T0) for h in hosts]))
    assert model.hostnames() == hosts
    beats = [worker_event("heartbeat", h, T0 + 2, active=1, processed=3) for h in hosts]
    model.apply_changes(store.apply(beats))
    tasks = [
        task_event("received", "a", hosts[1], T0 + 2.5, name="proj.add"),
        task_event("succeeded", "a", hosts[1], T0 + 3, runtime=0.5),
        task_event("received", "b", hosts[1], T0 + 3, name="proj.add"),
        task_event("failed", "b", hosts[1], T0 + 3.5, exception="boom"),
    ]
    model.apply_changes(store.apply(tasks))
    # the row is one report: outcomes count from the heartbeat that carries their runs
    assert cell(model, hosts[1], Column.SUCCEEDED) == "0"
    beat = worker_event("heartbeat", hosts[1], T0 + 4, active=0, processed=5)
    model.apply_changes(store.apply([beat]))
    assert cell(model, hosts[1], Column.SUCCEEDED) == "1"
    assert cell(model, hosts[1], Column.FAILED, RAW_ROLE) == 1
    assert cell(model, hosts[1], Column.FAILED, Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(model, hosts[1], Column.UNSEEN) == "3"  # the 3 it ran before we listened

    # w1 and w2 keep beating; w0 says goodbye; w3 just goes silent
    clock.now = T0 + 10
    model.apply_changes(store.apply([worker_event("offline", hosts[0], T0 + 10)]))
    for t in (T0 + 5, T0 + 8, T0 + 11):
        clock.now = t
        model.apply_changes(store.apply([worker_event("heartbeat", h, t) for h in hosts[1:3]]))
    status = [cell(model, h, Column.STATUS) for h in hosts]
    assert status == ["offline", "online", "online", "offline"]
    assert isinstance(cell(model, hosts[0], Column.STATUS, Qt.ItemDataRole.DecorationRole), QIcon)
    tip = cell(model, hosts[0], Column.STATUS, Qt.ItemDataRole.ToolTipRole)
    assert "said goodbye" in tip and "Removed from this list in" in tip
    assert "no heartbeat" in cell(model, hosts[3], Column.STATUS, Qt.ItemDataRole.ToolTipRole)

    # past remove_offline_after (60 s) both offline workers go, the others stay
    clock.now = T0 + 75
    model.apply_changes(store.apply([worker_event("heartbeat", h, T0 + 75) for h in hosts[1:3]]))
    assert model.hostnames() == hosts[1:3]
    assert [model.hostname_at(r) for r in range(model.rowCount())] == hosts[1:3]
    assert model.row_of(hosts[2]) == 1


def test_display_raw_and_tooltips(model: WorkerTableModel, store: EventStore, clock: Clock) -> None:
    host = "celery@box"
    model.apply_changes(store.apply([worker_event("online", host, T0, pid=77)]))
    beat = worker_event(
        "heartbeat", host, T0 + 2, pid=77, active=2, processed=1234, loadavg=[1.5, 1, 0.5]
    )
    model.apply_changes(store.apply([beat]))
    clock.now = T0 + 5
    assert cell(model, host, Column.HOSTNAME) == host
    assert cell(model, host, Column.PID) == "77"
    assert cell(model, host, Column.ACTIVE) == "2"
    with default_locale("en_US"):
        assert cell(model, host, Column.PROCESSED) == "1,234"
    assert cell(model, host, Column.PROCESSED, RAW_ROLE) == 1234
    assert cell(model, host, Column.LOADAVG) == "1.50, 1.00, 0.50"
    assert cell(model, host, Column.LOADAVG, RAW_ROLE) == 1.5
    assert cell(model, host, Column.HEARTBEAT) == "3 s ago"
    assert cell(model, host, Column.HEARTBEAT, RAW_ROLE) == T0 + 2
    tooltip = cell(model, host, Column.HEARTBEAT, Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith(format_datetime(T0 + 2))
    assert cell(model, host, Column.VERSION) == "5.7.0"
    assert cell(model, host, Column.STATUS, RAW_ROLE) == 1
    assert cell(model, host, Column.POOL) == "" and cell(model, host, Column.CONCURRENCY) == ""
    model.set_pool_info(host, "prefork", 8)
    assert (cell(model, host, Column.POOL), cell(model, host, Column.CONCURRENCY)) == (
        "prefork",
        "8",
    )
    assert model.data(model.index(5, 0)) is None
    assert model.data(model.index(0, 0, QModelIndex())) == "online"


def test_clock_skew_does_not_make_a_worker_offline(
    model: WorkerTableModel, store: EventStore, clock: Clock
) -> None:
    # the worker's own clock runs an hour behind; liveness uses local receive times
    host = "celery@skewed"
    for i in range(3):
        event = worker_event("heartbeat", host, T0 + 2 * i - 3600)
        event["local_received"] = T0 + 2 * i
        clock.now = T0 + 2 * i
        model.apply_changes(store.apply([event]))
    assert cell(model, host, Column.STATUS) == "online"
    assert "Clock offset: 1 h 00 min" in cell(
        model, host, Column.HEARTBEAT, Qt.ItemDataRole.ToolTipRole
    )


def test_set_store_rebuilds_and_timer_refreshes_ages(
    qtmodeltester: ModelTester, qtbot: QtBot, model: WorkerTableModel, store: EventStore,
    clock: Clock,
) -> None:  # fmt: skip
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]
    model.apply_changes(store.apply([worker_event("heartbeat", "celery@a", T0)]))
    with qtbot.waitSignal(model.dataChanged, timeout=3000) as blocker:
        clock.now = T0 + 1
    assert blocker.args is not None and blocker.args[0].column() == Column.HEARTBEAT
    other = EventStore(clock=clock)
    other.apply([worker_event("heartbeat", h, T0) for h in ("celery@x", "celery@y")])
    with qtbot.waitSignal(model.modelReset):
        model.set_store(other)
    assert model.hostnames() == ["celery@x", "celery@y"]


def test_filter_proxy_hides_offline_and_filters_by_name(
    qtmodeltester: ModelTester, model: WorkerTableModel, store: EventStore, clock: Clock
) -> None:
    proxy = WorkerFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)  # type: ignore[no-untyped-call]
    hosts = ["celery@alpha", "celery@beta", "celery@gamma"]
    model.apply_changes(store.apply([worker_event("heartbeat", h, T0) for h in hosts]))
    model.apply_changes(store.apply([worker_event("offline", hosts[1], T0 + 1)]))
    proxy.sort(Column.HOSTNAME, Qt.SortOrder.DescendingOrder)
    shown = [proxy.index(r, Column.HOSTNAME).data() for r in range(proxy.rowCount())]
    assert shown == hosts[::-1]
    proxy.set_hide_offline(True)
    assert proxy.rowCount() == 2
    proxy.set_text("GAM")
    assert [proxy.index(r, Column.HOSTNAME).data() for r in range(proxy.rowCount())] == [hosts[2]]
    proxy.set_text("")
    proxy.set_hide_offline(False)
    assert proxy.rowCount() == 3


def test_runs_of_rows() -> None:
    assert ascending_runs([1, 2, 3, 7, 8, 10]) == [(1, 3), (7, 8), (10, 10)]
    assert ascending_runs([]) == []
    assert descending_runs([9, 8, 5, 4, 3, 0]) == [(8, 9), (3, 5), (0, 0)]


def test_the_counts_of_a_worker_add_up(model: WorkerTableModel, store: EventStore) -> None:
    """Processed = Active + Succeeded + Failed + Retried + Revoked + Unseen (issue #12)."""
    host = "celery@box"
    # listening from a worker's start: 8 runs so far, each of them seen
    store.apply([worker_event("online", host, T0, pid=7, processed=0)])
    outcomes = ["succeeded"] * 3 + ["failed", "retried", "retried"]
    events = [task_event(kind, f"t{i}", host, T0 + 1) for i, kind in enumerate(outcomes)]
    events.append(task_event("revoked", "t6", host, T0 + 1, terminated=True))  # while running
    events.append(task_event("revoked", "t7", host, T0 + 1))  # before it started: never ran
    events.append(task_event("rejected", "t8", host, T0 + 1))
    store.apply(events)
    model.apply_changes(store.apply([worker_event("heartbeat", host, T0 + 2, pid=7,
                                                  processed=10, active=2)]))  # fmt: skip
    shown = {c: cell(model, host, c, RAW_ROLE) for c in (Column.PROCESSED, *PARTS)}
    assert shown == {
        Column.PROCESSED: 10, Column.ACTIVE: 2, Column.SUCCEEDED: 3, Column.FAILED: 1,
        Column.RETRIED: 2, Column.REVOKED: 2, Column.UNSEEN: 0,
    }  # fmt: skip
    assert sum(shown[c] for c in PARTS) == shown[Column.PROCESSED]
    tip = cell(model, host, Column.PROCESSED, Qt.ItemDataRole.ToolTipRole)
    assert tip == (
        "Processed 10 = active 2 + succeeded 3 + failed 1 + retried 2 + revoked 2 + unseen 0"
    )
    header = model.headerData(
        Column.PROCESSED, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert "Processed = Active + Succeeded + Failed + Retried + Revoked + Unseen" in str(header)
    assert all(
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) for c in PARTS
    )

    # a succeeded event that overtook the count it belongs to: the row still adds up
    store.apply([task_event("succeeded", "t9", host, T0 + 3)])
    model.apply_changes(store.apply([worker_event("heartbeat", host, T0 + 4, pid=7,
                                                  processed=10, active=2)]))  # fmt: skip
    shown = {c: cell(model, host, c, RAW_ROLE) for c in (Column.PROCESSED, *PARTS)}
    assert shown[Column.PROCESSED] == 11 == sum(shown[c] for c in PARTS)

    # the worker restarts under the same name: its count starts again, and so do ours
    model.apply_changes(store.apply([worker_event("online", host, T0 + 9, pid=8, processed=0),
                                     task_event("succeeded", "u1", host, T0 + 10),
                                     worker_event("heartbeat", host, T0 + 11, pid=8,
                                                  processed=4, active=1)]))  # fmt: skip
    shown = {c: cell(model, host, c, RAW_ROLE) for c in (Column.PROCESSED, *PARTS)}
    assert (shown[Column.PROCESSED], shown[Column.SUCCEEDED], shown[Column.UNSEEN]) == (4, 1, 2)


def test_before_its_first_report_a_worker_shows_what_was_seen(
    model: WorkerTableModel, store: EventStore
) -> None:
    host = "celery@quiet"  # known only from task events so far
    model.apply_changes(store.apply([task_event("failed", "x", host, T0)]))
    assert cell(model, host, Column.FAILED) == "1"
    assert cell(model, host, Column.PROCESSED) == "" and cell(model, host, Column.UNSEEN) == ""
