"""The demo's starting schedule file: a few entries of the demo tasks, written once."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from celery_desk_beat.schedule_file import (
    RevisionConflictError,
    ScheduleFileError,
    save_schedule_file,
)

log = logging.getLogger("celery_desk.schedules")

__all__ = ["SAMPLE_ENTRIES", "ensure_sample_schedule"]

SAMPLE_ENTRIES: dict[str, dict[str, Any]] = {
    "hello-every-15s": {
        "task": "celery_desk_demo.tasks.test",
        "schedule": {"type": "interval", "seconds": 15},
        "args": ["hello from the schedule file"],
        "description": "an interval entry: prints a greeting every 15 seconds",
    },
    "add-every-minute": {
        "task": "celery_desk_demo.tasks.add",
        "schedule": {"type": "crontab", "minute": "*"},
        "args": [2, 3],
        "description": "a crontab entry: adds 2 and 3 at the start of every minute",
    },
    "weekday-morning": {
        "task": "celery_desk_demo.tasks.test",
        "schedule": {"type": "crontab", "minute": "30", "hour": "9", "day_of_week": "mon-fri"},
        "args": ["good morning"],
        "description": "09:30 on working days",
    },
}


def ensure_sample_schedule(path: str | os.PathLike[str]) -> bool:
    """Write the sample schedule to ``path`` unless a file is there; True if it wrote one.

    Never overwrites: an existing file (valid or not) is the user's. Errors are logged,
    not raised, so a demo start never fails for the sample's sake.
    """
    target = Path(path)
    if target.exists():
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        save_schedule_file(target, {"version": 1, "entries": SAMPLE_ENTRIES}, None)
    except RevisionConflictError:
        return False  # someone wrote it meanwhile: theirs stands
    except (OSError, ScheduleFileError) as exc:
        log.warning("cannot write the sample schedule %s: %s", target, exc)
        return False
    log.info("wrote the sample schedule %s", target)
    return True
