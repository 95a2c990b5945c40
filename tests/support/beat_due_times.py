"""The due times a file-scheduled beat plans, computed in whatever interpreter runs this file.

    <project python> tests/support/beat_due_times.py < cases.json > due.json

Run in a user's project interpreter with only the scheduler's path entry on ``PYTHONPATH``
(it imports nothing of the tests or the app), so its answers come from the project's Celery.
Each case is ``{"name", "schedule", "timezone", "start", "count"}``; the answer maps each
name (under ``due``) to its next ``count`` due times (ISO, UTC) as the beat plans them: the
entry merged into a running schedule at ``start``, then each run sent on time and the next
one computed from it (:meth:`FileEntry.refresh_next_due` after :meth:`FileEntry.advance`),
or to ``"error: ..."`` when the beat cannot plan it. Also ``celery`` (the version) and
``classes`` (the schedule classes used).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from typing import Any

import celery
from celery import Celery

from celery_desk_beat.beat_state import RunState
from celery_desk_beat.schedule_entries import FrozenClock
from celery_desk_beat.schedule_file import parse_schedule_data
from celery_desk_beat.schedule_merge import merge_document

# Not datetime.UTC: this runs on a project's Python, 3.10 included.
UTC = timezone.utc  # noqa: UP017


def plan(app: Celery, case: dict[str, Any]) -> tuple[list[str] | str, str]:
    """The case's due times (or why none), and the name of the schedule class used."""
    start = datetime.fromisoformat(case["start"]).astimezone(UTC)
    document = parse_schedule_data(
        {
            "version": 1,
            "timezone": case["timezone"],
            "entries": {"probe": {"task": "probe", "schedule": case["schedule"]}},
        }
    )
    clock = FrozenClock()
    result = merge_document(document, case["timezone"], {}, {}, app, clock, start)
    if result.failed:
        return f"error: {result.failed['probe']}", ""
    entry = result.entries["probe"]
    times: list[str] = []
    while entry.next_due is not None and len(times) < case["count"]:
        due = entry.next_due
        times.append(due.astimezone(UTC).isoformat())
        old = entry.state
        entry.advance(RunState(due, old.total_run_count + 1, old.anchor, due))
        entry.refresh_next_due(clock, due)
    return times, type(entry.schedule).__name__


def main() -> int:
    app = Celery("due-times", set_as_current=False)
    app.conf.update(enable_utc=True, timezone="UTC")
    due: dict[str, list[str] | str] = {}
    classes: set[str] = set()
    for case in json.load(sys.stdin):
        try:
            due[case["name"]], used = plan(app, case)
        except Exception as exc:  # the beat would reject the file for it: say so
            due[case["name"]], used = f"error: {type(exc).__name__}: {exc}", ""
        classes.add(used)
    answer = {"celery": celery.__version__, "classes": sorted(classes - {""}), "due": due}
    json.dump(answer, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
