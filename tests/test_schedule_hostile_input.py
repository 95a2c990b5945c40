"""What the editor gets for input beat cannot run: a message, from the validator, the
preview and the form alike, never an exception and never a schedule they read differently.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from celery_desk_beat.schedule_validation import validate_entry
from desktop.core.schedules.entry_check import EntryForm, check_entry_form
from desktop.core.schedules.preview import preview_schedule
from desktop.ui.schedules.schedule_forms import IntervalForm

START = datetime(2026, 7, 1, 12, tzinfo=UTC)


def _entry_errors(schedule: dict[str, Any]) -> dict[str, str]:
    raw = {"task": "proj.tasks.x", "schedule": schedule}
    return {error.field or "": error.message for error in validate_entry("e", raw)}


@pytest.mark.parametrize("seconds", [1e-7, 0.5, 0.999, 0, -1])
def test_an_interval_under_one_second_is_refused_by_validator_preview_and_form(
    qtbot: QtBot, seconds: float
) -> None:
    schedule = {"type": "interval", "seconds": seconds}
    message = _entry_errors(schedule)["schedule.seconds"]
    assert "must be at least 1 second" in message
    preview = preview_schedule(schedule, "UTC", 5, start=START)
    assert preview.runs == [] and preview.error == f"seconds: {message}"
    form = IntervalForm()
    qtbot.addWidget(form)
    form.seconds.setValue(seconds)
    assert "at least 1 second" in form.local_errors()["seconds"]


def test_one_second_is_run_and_previewed_alike() -> None:
    schedule = {"type": "interval", "seconds": 1}
    assert _entry_errors(schedule) == {}
    runs = preview_schedule(schedule, "UTC", 3, start=START).runs
    assert [run.utc.second for run in runs] == [1, 2, 3]


HOSTILE_SCHEDULES = [
    ({"type": "interval", "seconds": 10**400}, "schedule.seconds", "outside"),
    ({"type": "interval", "seconds": 10**5000}, "schedule.seconds", "about 5001 digits"),
    ({"type": "crontab", "minute": "*/" + "9" * 5000}, "schedule.minute", "step"),
    ({"type": "crontab", "hour": "1-" + "9" * 5000}, "schedule.hour", "out of range"),
    ({"type": "crontab", "minute": 10**5000}, "schedule.minute", "out of range"),
    ({"type": "solar", "event": "sunset", "lat": 10**400, "lon": 0}, "schedule.lat", "outside"),
    ({"type": "clocked", "at": "9999-12-31T23:59:59-14:00"}, "schedule.at", "range of dates"),
    ({"type": []}, "schedule.type", "unknown schedule type []"),
    ({"type": "interval", "seconds": float("inf")}, "schedule.seconds", "finite"),
]


@pytest.mark.parametrize(("schedule", "field", "words"), HOSTILE_SCHEDULES)
def test_hostile_schedules_get_a_message_from_the_validator_and_the_preview(
    schedule: dict[str, Any], field: str, words: str
) -> None:
    errors = _entry_errors(schedule)
    assert words in errors[field]
    preview = preview_schedule(schedule, "UTC", 5, start=START)
    assert preview.error is not None and words in preview.error
    assert len(preview.error) < 400 and preview.error.encode("utf-8")


def test_the_preview_answers_odd_zones_and_arguments_with_a_message() -> None:
    schedule = {"type": "interval", "seconds": 60}
    for zone in ("\ud800", "\x00", "../../etc/passwd", "", "Europe/Berlin\n"):
        preview = preview_schedule(schedule, zone, 5, start=START)
        assert preview.error is not None and preview.error.encode("utf-8")
    odd: Any = None  # what a caller that ignores the types could hand over
    assert preview_schedule(odd, "UTC").error is not None
    assert preview_schedule(schedule, odd).error is not None


def test_entry_values_that_cannot_be_sent_are_refused_where_they_are() -> None:
    deep: Any = 1
    for _ in range(100):
        deep = [deep]
    raw = {
        "task": "proj.tasks.x",
        "schedule": {"type": "interval", "seconds": 60},
        "args": [deep],
        "kwargs": {"k": "\udc80"},
        "description": "a\ud800",
    }
    errors = {error.field: error.message for error in validate_entry("e", raw)}
    assert "nested more than 32 levels" in errors["args"]
    assert "lone surrogate" in errors["kwargs"] and "lone surrogate" in errors["description"]
    assert "lone surrogate" in validate_entry("\ud800", raw)[0].message


def test_the_entry_form_reports_args_it_cannot_read() -> None:
    form = EntryForm(
        name="e",
        task="proj.tasks.x",
        schedule={"type": "interval", "seconds": 60},
        args_text="[" * 100_000,
        kwargs_text='{"n": ' + "9" * 5000 + "}",
    )
    spec, errors = check_entry_form(form)
    assert spec is None and "args" in errors and "kwargs" in errors
