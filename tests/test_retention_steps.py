"""Pruning in slices (#13): a retention step deletes at most STEP_ROWS tasks, whatever is due,
so the journal writer goes back to its frames between slices and the rest follows in the next
steps (bench/journal_prune.py measures what a step costs)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.core.history.retention import DAY, STEP_ROWS, Retention
from desktop.core.history.writer import JournalWriter
from tests.support.clock import Clock
from tests.support.synthetic_events import task_lifecycle

T0 = 1_700_000_000.0
DUE = 2 * STEP_ROWS + STEP_ROWS // 2


def tasks_in(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count = int(conn.execute("SELECT count(*) FROM tasks").fetchone()[0])
    conn.close()
    return count


@pytest.mark.parametrize(
    "rules", [Retention(), Retention(success_days=3650, failure_days=3650, max_tasks=10)]
)
def test_a_prune_step_deletes_one_slice_and_the_rest_follow(
    tmp_path: Path, rules: Retention
) -> None:
    path = tmp_path / "journal.sqlite3"
    writer = JournalWriter(path, rules, Clock(T0))
    old = T0 - 40 * DAY  # past every age, and past the count for the second rules
    events = [e for n in range(DUE + 10) for e in task_lifecycle(f"t-{n:05d}", old + n)]
    writer.live(events)
    keep = 10 if rules.max_tasks == 10 else 0
    steps = []
    while deleted := writer.prune_step():
        steps.append(deleted)
        assert tasks_in(path) == DUE + 10 - sum(steps)  # each slice is committed on its own
    assert steps == [STEP_ROWS, STEP_ROWS, DUE + 10 - keep - 2 * STEP_ROWS]
    assert tasks_in(path) == keep == writer.pruner.count
    writer.close()
