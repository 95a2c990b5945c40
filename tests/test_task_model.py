"""The tasks table model and its sort/filter proxy under qtmodeltester, fed with synthetic
``celery.events.Event`` dicts through a real hub and EventStore."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon
from pytestqt.modeltest import ModelTester

from desktop.core.events import ChangeSet, Hint, LossSummary, SourceState, SourceStatus
from desktop.core.events.query import parse_query
from desktop.ui.monitor import task_proxy
from desktop.ui.monitor.hub import MonitorHub, MonitorStatus, merge_changes
from desktop.ui.monitor.task_model import (
    RAW_ROLE,
    STATE_ORDER,
    Column,
    TaskTableModel,
    row_ranges,
    state_colour,
)
from desktop.ui.monitor.task_proxy import TaskFilter, TaskProxyModel
from tests.support.locale import default_locale
from tests.support.synthetic_events import mixed_stream, progress, task_lifecycle

T0 = 1_700_000_000.0


def check(tester: ModelTester, model: QAbstractItemModel) -> None:
    """pytest-qt's checker is untyped; one typed seam for it."""
    tester.check(model)  # type: ignore[no-untyped-call]


def feed_in_batches(hub: MonitorHub, events: list[dict[str, object]], size: int) -> None:
    for start in range(0, len(events), size):
        hub.feed(events[start : start + size])


def texts(model: QAbstractItemModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


@pytest.fixture
def hub(qapp: object) -> MonitorHub:
    return MonitorHub(max_tasks=10_000)


def test_row_ranges_merge_and_bridge() -> None:
    assert row_ranges([5, 1, 2, 3, 9]) == [(1, 3), (5, 5), (9, 9)]
    assert row_ranges([1, 3, 9], gap=1) == [(1, 3), (9, 9)]
    assert row_ranges([]) == []
    assert row_ranges([4, 4, 4]) == [(4, 4)]


def test_model_follows_batches_under_modeltester(
    hub: MonitorHub, qtmodeltester: ModelTester
) -> None:
    model = TaskTableModel(hub)
    check(qtmodeltester, model)
    feed_in_batches(hub, mixed_stream(60), 37)  # batches cut through lifecycles
    check(qtmodeltester, model)
    assert model.rowCount() == 60
    assert [t.uuid for t in model.records] == list(hub.store.tasks)  # arrival order
    row = model.row_of("task-00003")  # the 4th task fails
    assert model.index(row, Column.STATE).data() == "FAILURE"
    assert model.index(row, Column.RESULT).data() == "ValueError('bad task-00003')"
    assert model.index(row, Column.STATE).data(RAW_ROLE) == STATE_ORDER["FAILURE"]
    assert model.index(row, Column.STATE).data(Qt.ItemDataRole.ForegroundRole) == state_colour(
        "FAILURE"
    )
    assert model.index(row, Column.WORKER).data() == "celery@alpha"
    assert model.index(row, Column.RUNTIME).data(RAW_ROLE) == pytest.approx(0.04)  # derived
    assert model.index(0, Column.RUNTIME).data(RAW_ROLE) == pytest.approx(0.01)


def test_multi_data_sets_or_clears_every_role(hub: MonitorHub) -> None:
    model = TaskTableModel(hub)
    hub.feed(task_lifecycle("a", T0, outcome="failed"))
    state, name = model.index(0, Column.STATE), model.index(0, Column.NAME)
    for role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole):
        role_data = QModelRoleData(role)
        span = QModelRoleDataSpan(role_data)
        model.multiData(state, span)  # the delegate reuses one span from cell to cell
        got, expected = role_data.data(), state.data(role)
        if isinstance(expected, QIcon):
            got, expected = got.cacheKey(), expected.cacheKey()
        assert got == expected and got is not None
        model.multiData(name, span)
        assert role_data.data() is None and name.data(role) is None
    display = QModelRoleData(Qt.ItemDataRole.DisplayRole)
    model.multiData(name, QModelRoleDataSpan(display))
    assert display.data() == "proj.add"


def test_model_signals_one_insert_block_and_merged_updates(
    hub: MonitorHub, qtmodeltester: ModelTester
) -> None:
    model = TaskTableModel(hub)
    check(qtmodeltester, model)
    inserts: list[tuple[int, int]] = []
    changes: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, a, b: inserts.append((a, b)))
    model.dataChanged.connect(lambda a, b, _r: changes.append((a.row(), b.row())))
    events = [e for i in range(10) for e in task_lifecycle(f"t{i}", T0 + i, outcome="started")]
    hub.feed(events)
    assert inserts == [(0, 9)] and changes == []
    hub.feed([task_lifecycle(f"t{i}", T0 + i)[-1] for i in (1, 2, 3, 9)])
    assert inserts == [(0, 9)]
    assert changes == [(1, 3), (9, 9)]  # merged, not one signal per task
    assert texts(model, Column.STATE).count("SUCCESS") == 4


def test_model_trims_evicted_rows_in_blocks(qapp: object, qtmodeltester: ModelTester) -> None:
    hub = MonitorHub(max_tasks=25)
    model = TaskTableModel(hub)
    check(qtmodeltester, model)
    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _p, a, b: removed.append((a, b)))
    feed_in_batches(hub, mixed_stream(80), 50)
    assert model.rowCount() == len(hub.store) == 25
    assert [t.uuid for t in model.records] == list(hub.store.tasks)
    assert removed and all(a <= b for a, b in removed)
    # unfinished tasks (started, retried) outlive finished ones that came later
    assert any(t.state == "STARTED" for t in model.records[:5])


def test_model_resets_on_clear_and_resume(hub: MonitorHub, qtmodeltester: ModelTester) -> None:
    model = TaskTableModel(hub)
    check(qtmodeltester, model)
    hub.feed(mixed_stream(10))
    hub.set_paused(True)
    hub.feed(mixed_stream(20)[40:])  # tasks 10..19 arrive while paused
    assert model.rowCount() == 10  # held
    hub.set_paused(False)
    assert model.rowCount() == 20
    hub.clear_tasks()
    assert model.rowCount() == 0


def test_proxy_under_modeltester_newest_first(hub: MonitorHub, qtmodeltester: ModelTester) -> None:
    model = TaskTableModel(hub)
    proxy = TaskProxyModel(model)
    check(qtmodeltester, proxy)
    feed_in_batches(hub, mixed_stream(50), 23)
    check(qtmodeltester, proxy)
    assert proxy.rowCount() == 50
    assert texts(proxy, Column.UUID)[:3] == ["task-00049", "task-00048", "task-00047"]
    source = proxy.mapToSource(proxy.index(0, Column.NAME))
    assert source.row() == 49 and proxy.mapFromSource(source).row() == 0


def test_proxy_sorts_and_keeps_sorted_while_live(
    hub: MonitorHub, qtmodeltester: ModelTester
) -> None:
    model = TaskTableModel(hub)
    proxy = TaskProxyModel(model)
    check(qtmodeltester, proxy)
    stream = mixed_stream(48)
    feed_in_batches(hub, stream[:100], 61)
    proxy.sort(Column.RUNTIME, Qt.SortOrder.DescendingOrder)
    check(qtmodeltester, proxy)
    feed_in_batches(hub, stream[100:], 61)  # inserts and updates move rows
    runtimes = [proxy.index(r, Column.RUNTIME).data(RAW_ROLE) for r in range(proxy.rowCount())]
    known = [r for r in runtimes if r is not None]
    assert known == sorted(known, reverse=True)
    assert runtimes[len(known) :] == [None] * (len(runtimes) - len(known))  # unknown last
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    names = texts(proxy, Column.NAME)
    assert names == sorted(names) and len(names) == 48
    proxy.sort(-1, Qt.SortOrder.DescendingOrder)
    assert texts(proxy, Column.UUID)[0] == "task-00047"


def test_proxy_scattered_batch_merges_by_layout(
    hub: MonitorHub, qtmodeltester: ModelTester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(task_proxy, "MAX_INSERT_GROUPS", 4)
    model = TaskTableModel(hub)
    proxy = TaskProxyModel(model)
    proxy.sort(Column.ARGS, Qt.SortOrder.AscendingOrder)
    check(qtmodeltester, proxy)
    layouts: list[int] = []
    proxy.layoutChanged.connect(lambda: layouts.append(proxy.rowCount()))
    rng = random.Random(7)
    for batch in range(3):
        events = []
        for i in range(20):
            uuid = f"b{batch}-{i}"
            events += task_lifecycle(uuid, T0 + i, args=f"({rng.randrange(10**6)},)")
        hub.feed(events)
    args = [proxy.index(r, Column.ARGS).data(RAW_ROLE) for r in range(proxy.rowCount())]
    assert len(args) == 60 and args == sorted(args)
    assert layouts == [40, 60]  # the 2nd and 3rd batches land in more than 4 places
    assert all(proxy.row_of(t.uuid) >= 0 for t in model.records)


def test_proxy_filters(hub: MonitorHub, qtmodeltester: ModelTester) -> None:
    model = TaskTableModel(hub)
    proxy = TaskProxyModel(model)
    check(qtmodeltester, proxy)
    hub.feed(mixed_stream(60))
    proxy.set_filter(TaskFilter(states=frozenset({"FAILURE"})))
    assert set(texts(proxy, Column.STATE)) == {"FAILURE"} and proxy.rowCount() == 10
    proxy.set_filter(TaskFilter(name="proj.mul", worker="celery@beta"))
    assert proxy.rowCount() == 5  # i % 4 == 1 and i % 3 == 1: i = 1, 13, 25, 37, 49
    since = T0 + 10 * 0.5
    proxy.set_filter(TaskFilter(since=since, until=since + 4.9))
    assert texts(proxy, Column.UUID) == [f"task-{i:05d}" for i in range(19, 9, -1)]
    proxy.set_filter(TaskFilter(query=parse_query('args:"(5," OR exception:"bad task-00009"')))
    assert sorted(texts(proxy, Column.UUID)) == ["task-00005", "task-00009"]
    # live: a retried task that fails enters, a running one that succeeds leaves
    proxy.set_filter(TaskFilter(states=frozenset({"STARTED", "FAILURE"})))
    before = proxy.rowCount()
    assert proxy.row_of("task-00005") == -1
    hub.feed([task_lifecycle("task-00004", T0 + 2, outcome="failed")[-1]])  # stays
    hub.feed([task_lifecycle("task-00005", T0 + 2.5, outcome="failed")[-1]])  # enters
    hub.feed([task_lifecycle("task-00010", T0 + 5)[-1]])  # leaves
    assert proxy.rowCount() == before
    assert proxy.row_of("task-00005") >= 0
    assert proxy.row_of("task-00010") == -1
    assert proxy.index(proxy.row_of("task-00004"), Column.STATE).data() == "FAILURE"
    hub.feed(task_lifecycle("new-one", T0 + 100, outcome="failed"))
    assert proxy.index(0, Column.UUID).data() == "new-one"
    proxy.set_filter(TaskFilter())
    assert proxy.rowCount() == 61
    assert proxy.visible_records()[0].uuid == "new-one"


def test_proxy_follows_evictions_and_progress(qapp: object, qtmodeltester: ModelTester) -> None:
    hub = MonitorHub(max_tasks=30)
    model = TaskTableModel(hub)
    proxy = TaskProxyModel(model)
    proxy.set_filter(TaskFilter(query=parse_query("NOT state:retry")))
    proxy.sort(Column.STATE, Qt.SortOrder.AscendingOrder)
    check(qtmodeltester, proxy)
    feed_in_batches(hub, mixed_stream(90), 61)
    hub.feed([*task_lifecycle("p", T0 + 999, outcome="started"), progress("p", T0 + 1000, 3, 4)])
    kept = {t.uuid for t in hub.store.tasks.values() if t.state != "RETRY"}
    assert {proxy.record_at(r).uuid for r in range(proxy.rowCount())} == kept  # type: ignore[union-attr]
    states = [proxy.index(r, Column.STATE).data(RAW_ROLE) for r in range(proxy.rowCount())]
    assert states == sorted(states)
    assert proxy.index(proxy.row_of("p"), Column.STATE).data() == "PROGRESS"


def test_proxy_display_only_change_keeps_rows(hub: MonitorHub, qtmodeltester: ModelTester) -> None:
    from desktop.ui.monitor import timefmt

    model = TaskTableModel(hub)
    proxy = TaskProxyModel(model)
    check(qtmodeltester, proxy)
    hub.feed(mixed_stream(5))
    try:
        timefmt.set_zone("UTC")
        before = proxy.index(0, Column.RECEIVED).data()
        timefmt.set_zone("Asia/Kolkata")  # +05:30
        after = proxy.index(0, Column.RECEIVED).data()
    finally:
        timefmt.set_zone("local")
    assert proxy.rowCount() == 5 and before != after
    assert proxy.index(0, 0, proxy.index(0, 0)) == QModelIndex()


def test_merged_change_sets_tell_views_the_net_change() -> None:
    first = ChangeSet(inserted=["a", "b"], updated=["x", "y"], removed=["old"],
                      workers_changed=["w1"], events=5)  # fmt: skip
    second = ChangeSet(inserted=["c", "old"], updated=["a", "x", "z"], removed=["b", "y"],
                       workers_changed=["w2"], workers_removed=["w1"], events=3)  # fmt: skip
    merged = merge_changes(first, second)
    assert merged.inserted == ["a", "c", "old"]  # b came and went; old was evicted then re-created
    assert merged.updated == ["x", "z"]  # a is new to the views; y is gone
    assert merged.removed == ["old", "y"]
    assert (merged.workers_changed, merged.workers_removed) == (["w2"], ["w1"])
    assert merged.events == 8


def test_views_see_the_same_rows_through_merged_batches(
    qapp: object, qtmodeltester: ModelTester
) -> None:
    merged_hub, direct_hub = MonitorHub(max_tasks=20), MonitorHub(max_tasks=20)
    merged_model, direct_model = TaskTableModel(merged_hub), TaskTableModel(direct_hub)
    proxy = TaskProxyModel(merged_model)
    check(qtmodeltester, proxy)
    events = mixed_stream(50)
    pending: ChangeSet | None = None
    for start in range(0, len(events), 17):
        changes = merged_hub.store.apply(events[start : start + 17])
        pending = changes if pending is None else merge_changes(pending, changes)
        direct_hub.feed(events[start : start + 17])
        if start % 3 == 0:  # the hub's timer emits merged batches now and then
            merged_hub.batch_applied.emit(pending)
            pending = None
    if pending is not None:
        merged_hub.batch_applied.emit(pending)
    assert [t.uuid for t in merged_model.records] == [t.uuid for t in direct_model.records]
    assert [t.uuid for t in merged_model.records] == list(merged_hub.store.tasks)
    assert proxy.rowCount() == 20


def test_status_text_for_the_status_bar() -> None:
    loss = LossSummary(gaps=2, estimated_lost=40, dropped=2, clock_jumps=0, last_gap=None)
    connected = SourceStatus(SourceState.CONNECTED, "redis")
    status = MonitorStatus(connected, events_per_s=1234.4, loss=loss, pending=5000)
    with default_locale("en_US"):
        assert status.text == "Events: connected · 1,234/s · 42 lost in 2 gaps · 5,000 waiting"
    with default_locale("de_DE"):  # numbers as the user's locale writes them
        assert status.text == "Events: connected · 1.234/s · 42 lost in 2 gaps · 5.000 waiting"
    retrying = SourceStatus(SourceState.RECONNECTING, "redis", attempt=3, retry_in=2.0)
    one_gap = LossSummary(gaps=1, estimated_lost=1, dropped=0, clock_jumps=0, last_gap=None)
    hint = Hint("sent-event-off", None, "…", "task_send_sent_event")
    with default_locale("en_US"):
        assert MonitorStatus(retrying, paused=True, loss=one_gap, hints=[hint]).text == (
            "Events: reconnecting (attempt 3, next in 2.0 s) · 1 lost in 1 gap · paused · 1 warning"
        )
    assert MonitorStatus(None).text == "Events: not connected"


def test_small_filter_changes_move_rows_instead_of_resetting(
    hub: MonitorHub, qtmodeltester: ModelTester
) -> None:
    model = TaskTableModel(hub)
    proxy = TaskProxyModel(model)
    check(qtmodeltester, proxy)
    hub.feed(mixed_stream(60))
    resets: list[int] = []
    proxy.modelReset.connect(lambda: resets.append(1))
    newest = QPersistentModelIndex(proxy.index(0, 0))
    for cut in (5.0, 10.0, 15.0):  # a rolling "last N" window moving on
        proxy.set_filter(TaskFilter(since=T0 + cut))
    assert resets == [] and proxy.rowCount() == 30  # tasks 30..59 received after T0 + 15
    assert newest.isValid() and proxy.record_at(newest.row()).uuid == "task-00059"  # type: ignore[union-attr]
    proxy.set_filter(TaskFilter(query=parse_query("worker:alpha")))  # scattered: rows go and come
    assert resets == [] and sorted(texts(proxy, Column.WORKER)) == ["celery@alpha"] * 20
    proxy.set_filter(TaskFilter(query=parse_query("NOT proj")))
    assert resets == [] and proxy.rowCount() == 0
