"""The schedule file format: round trip, a table of bad files, hashes, and the atomic save."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from celery_desk_beat.schedule_file import (
    EntrySpec,
    ScheduleFileError,
    anchor_hash,
    dump_schedule,
    entry_hash,
    parse_schedule_data,
    parse_schedule_text,
)
from celery_desk_beat.schedule_validation import validate_schedule_data

EXAMPLE = """{"version": 1, "timezone": "Asia/Shanghai", "entries": {
  "perminute": {"task": "celery_desk_demo.tasks.test", "schedule": {"type": "crontab",
    "minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"},
    "args": [1, 2], "kwargs": {}, "options": {}, "enabled": true, "description": "every minute"},
  "every-10s": {"task": "celery_desk_demo.tasks.test",
    "schedule": {"type": "interval", "seconds": 10}, "args": ["hello"]}}}"""


def entry(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "task": "celery_desk_demo.tasks.add",
        "schedule": {"type": "interval", "seconds": 5},
    }
    base.update(fields)
    return base


def test_the_issue_example_parses_with_defaults_and_round_trips() -> None:
    doc = parse_schedule_text(EXAMPLE, "example.json")
    assert list(doc.entries) == ["perminute", "every-10s"]
    every = doc.entries["every-10s"]
    assert every == EntrySpec(
        name="every-10s",
        task="celery_desk_demo.tasks.test",
        schedule={"type": "interval", "seconds": 10},
        args=["hello"],
    )
    assert every.entry_id == "every-10s" and every.enabled and every.kwargs == {}
    assert doc.timezone == "Asia/Shanghai" and doc.revision == 0
    text = dump_schedule(doc)
    assert parse_schedule_text(text) == doc
    assert dump_schedule(parse_schedule_text(text)) == text
    assert '      "args": [1, 2],\n' in text  # one line per field, for hand edits


def test_only_required_fields_work_and_our_own_fields_are_kept() -> None:
    minimal = parse_schedule_data({"entries": {"a": entry()}})
    assert minimal.version == 1 and minimal.revision == 0 and minimal.timezone is None
    crontab = parse_schedule_data(
        {"entries": {"c": entry(schedule={"type": "crontab", "hour": "7", "minute": 30})}}
    )
    assert crontab.entries["c"].schedule == {
        "type": "crontab",
        "minute": "30",
        "hour": "7",
        "day_of_week": "*",
        "day_of_month": "*",
        "month_of_year": "*",
    }
    full = parse_schedule_data(
        {
            "revision": 7,
            "_comment": "ignored, as is any key starting with _",
            "entries": {"b": entry(id="stable", enabled=False, _note="x")},
        }
    )
    assert full.revision == 7 and full.entries["b"].entry_id == "stable"
    assert parse_schedule_text(dump_schedule(full)) == full


BAD_FILES: list[tuple[str, str, str | None, str | None, str]] = [
    # Not a trailing comma: where json reports one moved between Python 3.12 and 3.13.
    ("invalid JSON", '{"entries": x}', None, None, "line 1, column 13: invalid JSON"),
    ("not an object", "[1, 2]", None, None, "must hold a JSON object, not list"),
    (
        "NaN",
        '{"entries": {"a": {"task": "t", "schedule": {"type": "interval", "seconds": NaN}}}}',
        None,
        None,
        "NaN is not a JSON number",
    ),
    ("duplicate name", '{"entries": {"a": {}, "a": {}}}', None, None, "duplicate key 'a'"),
    ("no entries", "{}", None, "entries", "is missing"),
    ("version 2", '{"version": 2, "entries": {}}', None, "version", "unsupported version 2"),
    (
        "unknown timezone",
        '{"timezone": "Mars/Base", "entries": {}}',
        None,
        "timezone",
        "unknown time zone 'Mars/Base'",
    ),
    (
        "unknown top field",
        '{"entrys": {}, "entries": {}}',
        None,
        "entrys",
        "not a field of the file",
    ),
]
BAD_ENTRIES: list[tuple[str, dict[str, Any], str, str]] = [
    ("missing task", {"schedule": {"type": "interval", "seconds": 1}}, "task", "is missing"),
    ("blank task", entry(task=" x"), "task", "without surrounding spaces"),
    ("missing schedule", {"task": "t"}, "schedule", "is missing"),
    (
        "unknown type",
        entry(schedule={"type": "weekly"}),
        "schedule.type",
        "unknown schedule type 'weekly'",
    ),
    (
        "day_of_week 7",
        entry(schedule={"type": "crontab", "day_of_week": "7"}),
        "schedule.day_of_week",
        "7 is not a day of the week in Celery; Sunday is 0",
    ),
    (
        "MON#1",
        entry(schedule={"type": "crontab", "day_of_week": "MON#1"}),
        "schedule.day_of_week",
        "'#' (nth weekday of the month) is not supported",
    ),
    (
        "31 February",
        entry(schedule={"type": "crontab", "day_of_month": "31", "month_of_year": "2"}),
        "schedule.day_of_month",
        "never occurs in month_of_year '2'",
    ),
    (
        "seconds 0",
        entry(schedule={"type": "interval", "seconds": 0}),
        "schedule.seconds",
        "must be at least 1 second",
    ),
    (
        "seconds text",
        entry(schedule={"type": "interval", "seconds": "10"}),
        "schedule.seconds",
        "must be a number",
    ),
    (
        "interval extra",
        entry(schedule={"type": "interval", "seconds": 1, "minutes": 2}),
        "schedule.minutes",
        "is not a field of an interval schedule",
    ),
    (
        "clocked naive",
        entry(schedule={"type": "clocked", "at": "2026-12-01T09:00:00"}),
        "schedule.at",
        "has no UTC offset",
    ),
    (
        "clocked garbage",
        entry(schedule={"type": "clocked", "at": "next tuesday"}),
        "schedule.at",
        "is not an ISO-8601 time",
    ),
    (
        "solar event",
        entry(schedule={"type": "solar", "event": "moonrise", "lat": 1, "lon": 2}),
        "schedule.event",
        "'moonrise' is not one of",
    ),
    (
        "solar lat",
        entry(schedule={"type": "solar", "event": "sunset", "lat": 91, "lon": 2}),
        "schedule.lat",
        "outside -90..90",
    ),
    ("args object", entry(args={"x": 1}), "args", "must be a list (JSON array), not an object"),
    ("args text", entry(args="1, 2"), "args", "not a string"),
    ("kwargs list", entry(kwargs=[1]), "kwargs", "must be an object (JSON object), not a list"),
    ("option unknown", entry(options={"countdown": 5}), "options.countdown", "is not supported"),
    ("priority", entry(options={"priority": 300}), "options.priority", "0-255"),
    ("expires", entry(options={"expires": -1}), "options.expires", "seconds > 0"),
    ("queue", entry(options={"queue": ""}), "options.queue", "non-empty string"),
    ("enabled text", entry(enabled="yes"), "enabled", "true or false"),
    ("typo field", entry(shedule={}), "shedule", "is not an entry field"),
    ("empty id", entry(id=""), "id", "non-empty string"),
]


@pytest.mark.parametrize(
    ("text", "entry_name", "field", "fragment"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_bad_files_are_rejected_whole_with_one_clear_message(
    text: str, entry_name: str | None, field: str | None, fragment: str
) -> None:
    with pytest.raises(ScheduleFileError) as caught:
        parse_schedule_text(text, "/srv/schedule.json")
    error = caught.value.error
    assert (error.entry, error.field) == (entry_name, field)
    assert fragment in error.one_line()
    assert error.one_line().startswith("schedule file /srv/schedule.json: ")
    assert "\n" not in error.one_line()


@pytest.mark.parametrize(
    ("raw", "field", "fragment"),
    [case[1:] for case in BAD_ENTRIES],
    ids=[case[0] for case in BAD_ENTRIES],
)
def test_bad_entries_name_the_entry_and_the_field(
    raw: dict[str, Any], field: str, fragment: str
) -> None:
    data = {"entries": {"good": entry(), "nightly": raw}}
    with pytest.raises(ScheduleFileError) as caught:
        parse_schedule_data(data, "s.json")
    error = caught.value.error
    assert (error.entry, error.field) == ("nightly", field)
    assert fragment in error.message
    assert (
        error.one_line()
        == f"schedule file s.json: entry 'nightly', field '{field}': "
        + " ".join(error.message.split())
    )


def test_every_problem_is_listed_and_ids_must_be_unique() -> None:
    data = {
        "timezone": "Nowhere/City",
        "entries": {"a": entry(id="x", args=3), "b": entry(id="x"), "c": {"task": "t"}},
    }
    problems = [(e.entry, e.field) for e in validate_schedule_data(data)]
    assert problems == [(None, "timezone"), ("a", "args"), ("c", "schedule")]
    clean = {"entries": {"a": entry(id="x"), "b": entry(id="x")}}
    assert [(e.entry, e.field) for e in validate_schedule_data(clean)] == [("b", "id")]


def test_hashes_follow_what_runs_not_the_description() -> None:
    doc = parse_schedule_data(
        {
            "entries": {
                "i": entry(),
                "c": entry(schedule={"type": "crontab", "hour": "9"}),
            }
        }
    )
    interval, cron = doc.entries["i"], doc.entries["c"]
    assert entry_hash(interval, "UTC") == entry_hash(replace(interval, description="x"), "UTC")
    assert entry_hash(interval, "UTC") != entry_hash(replace(interval, args=[1]), "UTC")
    assert entry_hash(interval, "UTC") == entry_hash(interval, "Asia/Shanghai")  # tz-free
    assert entry_hash(cron, "UTC") != entry_hash(
        cron, "Asia/Shanghai"
    )  # Celery's equality misses it
    assert anchor_hash(interval, "UTC") == anchor_hash(replace(interval, args=[1]), "UTC")
    assert anchor_hash(interval, "UTC") != anchor_hash(replace(interval, enabled=False), "UTC")
    seconds_10 = parse_schedule_data(
        {"entries": {"i": entry(schedule={"type": "interval", "seconds": 10.0})}}
    )
    seconds_10_int = parse_schedule_data(
        {"entries": {"i": entry(schedule={"type": "interval", "seconds": 10})}}
    )
    assert entry_hash(seconds_10.entries["i"], "UTC") == entry_hash(
        seconds_10_int.entries["i"], "UTC"
    )
