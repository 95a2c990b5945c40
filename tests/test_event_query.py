"""The Tasks view's search syntax, and the CSV/JSON export of task records."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from desktop.core.events.export import EXPORT_FIELDS, export_tasks, iso_utc
from desktop.core.events.model import TaskRecord
from desktop.core.events.query import QueryError, parse_query
from desktop.core.events.store import EventStore
from tests.support.synthetic_events import progress, task_lifecycle

T0 = 1_700_000_000.0


@pytest.fixture(scope="module")
def tasks() -> dict[str, TaskRecord]:
    store = EventStore()
    store.apply(task_lifecycle("a1", T0, name="proj.add", args="(1, 2)", result="3"))
    store.apply(
        task_lifecycle(
            "b2", T0 + 1, name="proj.Report", worker="celery@beta", args="('Q3', 'EU')",
            kwargs="{'fmt': 'pdf'}", outcome="failed", queue="reports",
        )
    )  # fmt: skip
    store.apply(task_lifecycle("c3", T0 + 2, name="proj.fetch", args="(7,)", outcome="started"))
    store.apply([progress("c3", T0 + 3, 2, 8)])
    return dict(store.tasks)


def matching(query: str, tasks: dict[str, TaskRecord]) -> list[str]:
    parsed = parse_query(query)
    return sorted(uuid for uuid, task in tasks.items() if parsed.matches(task))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["a1", "b2", "c3"]),
        ("   ", ["a1", "b2", "c3"]),
        ("add", ["a1"]),
        ("REPORT", ["b2"]),  # case-insensitive, bare word searches the name
        ("name:proj.", ["a1", "b2", "c3"]),
        ("Name:fetch", ["c3"]),  # field names too
        ("id:b2", ["b2"]),
        ("uuid:c", ["c3"]),
        ("args:q3", ["b2"]),
        ("kwargs:pdf", ["b2"]),
        ("result:3", ["a1"]),
        ("exception:valueerror", ["b2"]),
        ("traceback:line 12", []),  # two terms: 'line 12' needs quotes to stay one
        ('traceback:"line 12"', ["b2"]),
        ("worker:beta", ["b2"]),
        ("worker:alpha", ["a1", "c3"]),
        ("state:fail", ["b2"]),
        ("state:progress", ["c3"]),
        ("queue:reports", ["b2"]),
        ("queue:celery", ["a1", "c3"]),
        ("add OR fetch", ["a1", "c3"]),
        ("add || fetch", ["a1", "c3"]),
        ("proj add", ["a1"]),  # AND implied
        ("proj AND add", ["a1"]),
        ("proj && add", ["a1"]),
        ("NOT add", ["b2", "c3"]),
        ("-add", ["b2", "c3"]),
        ("NOT NOT add", ["a1"]),
        ("proj NOT state:success", ["b2", "c3"]),
        ("add OR fetch AND state:progress", ["a1", "c3"]),  # AND binds tighter
        ("(add OR fetch) AND state:progress", ["c3"]),
        ("NOT (add OR fetch)", ["b2"]),
        ('"proj.add"', ["a1"]),
        ('args:"(1, 2)"', ["a1"]),
        ('"\\"Q3\\""', []),  # escaped quotes are literal quotes
        ("args:\"'Q3'\"", ["b2"]),
        ("or", ["b2"]),  # lower-case 'or' is a word ('Report')
        ("result:3 OR (worker:beta -state:success)", ["a1", "b2"]),
    ],
)
def test_queries(query: str, expected: list[str], tasks: dict[str, TaskRecord]) -> None:
    assert matching(query, tasks) == expected


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("colour:red", "unknown field 'colour'", 0),
        ("add AND", "ends too early", 7),
        ("OR add", "unexpected 'OR'", 0),
        ("(add", "missing ')'", 0),
        ("add)", "unexpected ')'", 3),
        ("()", "unexpected ')'", 1),
        ('name:"add', "unclosed quote", 5),
        ("name:", "needs a value", 0),
        ("a NOT", "ends too early", 5),
        ("add OR OR fetch", "unexpected 'OR'", 7),
    ],
)
def test_errors_say_what_and_where(query: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert message in str(caught.value)
    assert caught.value.position == position


def test_url_like_word_suggests_quotes() -> None:
    with pytest.raises(QueryError, match=r'quote the text \("http:\.\.\."\)'):
        parse_query("http://example.com")
    assert not parse_query('"http://example.com"').empty


def test_export_round_trip_csv_and_json(tasks: dict[str, TaskRecord], tmp_path: Path) -> None:
    records = list(tasks.values())
    assert export_tasks(records, tmp_path / "tasks.json") == 3
    loaded = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    assert [row["uuid"] for row in loaded] == ["a1", "b2", "c3"]
    b2 = loaded[1]
    assert b2["state"] == "FAILURE" and b2["received"] == pytest.approx(T0 + 1.1)
    assert b2["traceback"].endswith("ValueError: bad\n") and b2["kwargs"] == "{'fmt': 'pdf'}"
    assert loaded[2]["extra"]["meta"] == {"current": 2, "total": 8}
    assert set(EXPORT_FIELDS) <= set(b2)

    assert export_tasks(records, tmp_path / "tasks.csv") == 3
    with (tmp_path / "tasks.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [row["uuid"] for row in rows] == ["a1", "b2", "c3"]
    assert rows[1]["traceback"] == tasks["b2"].traceback  # multi-line cell survives
    assert rows[1]["received"] == iso_utc(T0 + 1.1) == "2023-11-14T22:13:21.100+00:00"
    assert rows[0]["exception"] == "" and rows[0]["retries"] == "0"
    assert rows[1]["args"] == "('Q3', 'EU')"


def test_export_empty_and_unwritable(tmp_path: Path) -> None:
    assert export_tasks([], tmp_path / "none.json") == 0
    assert json.loads((tmp_path / "none.json").read_text(encoding="utf-8")) == []
    with pytest.raises(OSError, match="missing"):
        export_tasks([], tmp_path / "missing" / "x.csv")
    assert list(tmp_path.iterdir()) == [tmp_path / "none.json"]  # no temporary left behind
