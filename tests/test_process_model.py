"""The process table model under qtmodeltester, fed by a supervisor with real children."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.processes.guiprocess import ProcessState
from desktop.ui.processes.process_model import (
    RAW_ROLE,
    STATE_ORDER,
    Column,
    ProcessTableModel,
    format_uptime,
)
from desktop.ui.processes.supervisor import Supervisor
from tests.support.child_processes import SLEEPER, ChildTracker, python_command

WAIT_MS = 15_000


def check(tester: ModelTester, model: QAbstractItemModel) -> None:
    """pytest-qt's checker is untyped; one typed seam for it."""
    tester.check(model)  # type: ignore[no-untyped-call]


@pytest.fixture
def supervisor(qapp: object) -> Iterator[Supervisor]:
    tracker = ChildTracker()
    sup = Supervisor()
    sup.process_state_changed.connect(
        lambda name: tracker.track(sup.get(name).process.pid)  # type: ignore[union-attr]
    )
    yield sup
    sup.kill_all_now(timeout=1)
    survivors = tracker.kill_survivors()
    assert not survivors, f"children left running: {survivors}"


def spec(name: str) -> ProcessSpec:
    return ProcessSpec(name=name, kind=ProcessKind.CUSTOM)


def test_model_passes_modeltester_through_changes(
    qapp: object, qtmodeltester: ModelTester, qtbot: QtBot, supervisor: Supervisor
) -> None:
    model = ProcessTableModel(supervisor)
    check(qtmodeltester, model)  # empty
    sleeper = supervisor.launch(spec("sleeper"), python_command(SLEEPER))
    crasher = supervisor.launch(spec("crasher"), python_command("raise SystemExit(4)"))
    qtbot.waitUntil(lambda: crasher.state is ProcessState.CRASHED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: sleeper.state is ProcessState.RUNNING, timeout=WAIT_MS)
    check(qtmodeltester, model)
    assert model.rowCount() == 2
    assert model.columnCount() == len(Column)

    row = model.row_of("crasher")
    index = model.index(row, Column.OUTCOME)
    assert model.data(index) == "crashed with exit code 4"
    assert model.data(model.index(row, Column.STATE), RAW_ROLE) == STATE_ORDER[ProcessState.CRASHED]
    assert model.data(model.index(row, Column.PID), RAW_ROLE) == -1
    assert model.data(model.index(row, Column.STATE), Qt.ItemDataRole.ForegroundRole) is not None
    sleeper_row = model.row_of("sleeper")
    assert model.data(model.index(sleeper_row, Column.PID), RAW_ROLE) == sleeper.process.pid
    assert model.headerData(Column.UPTIME, Qt.Orientation.Horizontal) == "Uptime"

    # The uptime column alone is refreshed by the 1 s timer.
    with qtbot.waitSignal(model.dataChanged, timeout=3000) as changed:
        pass
    top_left, bottom_right = changed.args[0], changed.args[1]
    assert top_left.column() == bottom_right.column() == Column.UPTIME

    with qtbot.waitSignal(supervisor.all_stopped, timeout=WAIT_MS):
        supervisor.stop_all(grace=5)
    supervisor.remove("crasher")
    check(qtmodeltester, model)
    assert model.rowCount() == 1
    assert model.name_at(0) == "sleeper"


def test_sorting_proxy_survives_many_data_calls(
    qapp: object, qtmodeltester: ModelTester, qtbot: QtBot, supervisor: Supervisor
) -> None:
    """Many data() calls through a proxy (docs/facts.md: the None refcount crash on 3.11)."""
    model = ProcessTableModel(supervisor)
    for name in ("b", "a", "c"):
        supervisor.launch(spec(name), python_command("print('x')"))
    qtbot.waitUntil(lambda: not supervisor.any_active(), timeout=WAIT_MS)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(RAW_ROLE)
    check(qtmodeltester, proxy)
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert [proxy.data(proxy.index(r, Column.NAME)) for r in range(3)] == ["a", "b", "c"]
    roles = [
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        RAW_ROLE,
    ]
    for _ in range(500):
        for r in range(3):
            for c in range(len(Column)):
                for role in roles:
                    proxy.data(proxy.index(r, c), role)


@pytest.mark.parametrize(
    ("seconds", "text"), [(None, ""), (0.4, "0:00"), (65, "1:05"), (3725, "1:02:05")]
)
def test_format_uptime(seconds: float | None, text: str) -> None:
    assert format_uptime(seconds) == text
