"""Beat on a fake clock: when Celery's own beat, and FileScheduler's planning, send an entry.

- :func:`celery_beat_sends` runs :meth:`celery.beat.Scheduler.tick` (Celery's in-memory
  scheduler, unchanged but for recording instead of publishing) the way ``celery beat``'s
  service loop does: tick, sleep what it returns (at most Celery's default ``max_interval``
  of 300 s), tick again. Sleeps only advance the fake clock.
- :func:`file_scheduler_sends` drives the planning code of FileScheduler (the merge of a
  document, :func:`plan_run`, ``refresh_next_due``) waking exactly at each due time.

Both return the instants at which a message would leave, in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from celery import Celery
from celery.beat import ScheduleEntry, Scheduler

from celery_desk_beat.beat_dispatch import plan_run
from celery_desk_beat.beat_state import RunState
from celery_desk_beat.schedule_entries import FrozenClock, build_schedule, normalize_schedule
from celery_desk_beat.schedule_file import anchor_hash, parse_schedule_data
from celery_desk_beat.schedule_merge import merge_document

#: Celery's own default: how long beat sleeps at most between two looks at its heap.
CELERY_MAX_INTERVAL = 300.0
#: After a tick that sent (it returns 0), the service loop runs again at once; a fake clock
#: must move a little or Celery's 10 ms "wake early" adjustment would never elapse.
_LEAST_STEP = timedelta(milliseconds=1)


def sim_app() -> Celery:
    """An app for schedule arithmetic only: UTC, no starting deadline, no cleanup entry."""
    app = Celery("beat-sim", set_as_current=False)
    app.conf.update(
        enable_utc=True, timezone="UTC", beat_cron_starting_deadline=None, result_expires=None
    )
    return app


class _RecordingScheduler(Scheduler):  # type: ignore[misc]
    """Celery's base scheduler; ``apply_entry`` notes the fake time instead of publishing."""

    producer = None  # never connect to a broker

    def __init__(self, app: Celery, clock: FrozenClock) -> None:
        self.clock = clock
        self.sent: list[datetime] = []
        super().__init__(app, max_interval=CELERY_MAX_INTERVAL)

    def apply_entry(self, entry: ScheduleEntry, producer: Any = None) -> None:
        self.sent.append(self.clock())


def celery_beat_sends(
    schedule: Mapping[str, Any],
    zone: str,
    start: datetime,
    count: int,
    *,
    end: datetime,
    last_run_at: datetime | None = None,
) -> list[datetime]:
    """The first ``count`` sends before ``end`` of Celery's beat started at ``start``."""
    app = sim_app()
    clock = FrozenClock()
    now = start.astimezone(UTC)
    clock.hold(now)
    built = build_schedule(normalize_schedule(schedule), ZoneInfo(zone), app, clock)
    scheduler = _RecordingScheduler(app, clock)
    scheduler.data["entry"] = ScheduleEntry(
        name="entry", task="sim.task", schedule=built, last_run_at=last_run_at, app=app
    )
    while now < end and len(scheduler.sent) < count:
        wait = float(scheduler.tick())
        now = max(now + timedelta(seconds=wait), now + _LEAST_STEP)
        clock.hold(now)
    return [moment for moment in scheduler.sent if moment < end]


def file_scheduler_sends(
    schedule: Mapping[str, Any],
    zone: str,
    start: datetime,
    count: int,
    *,
    end: datetime,
    last_run_at: datetime | None = None,
) -> list[datetime]:
    """The first ``count`` sends before ``end`` of FileScheduler's planning, from ``start``
    (with ``last_run_at`` as the entry's stored run state, or as a new entry)."""
    app = sim_app()
    clock = FrozenClock()
    document = parse_schedule_data(
        {"timezone": zone, "entries": {"entry": {"task": "sim.task", "schedule": schedule}}}
    )
    spec = document.entries["entry"]
    states = {}
    if last_run_at is not None:
        states[spec.entry_id] = RunState(last_run_at, 1, anchor_hash(spec, zone))
    now = start.astimezone(UTC)
    merged = merge_document(document, zone, {}, states, app, clock, now)
    entry = merged.entries["entry"]
    sent: list[datetime] = []
    while len(sent) < count and entry.next_due is not None:
        now = max(now, entry.next_due)
        if now >= end:
            break
        plan = plan_run(entry, clock, now)
        if isinstance(plan, datetime):  # Celery says later after all
            entry.next_due, entry.catch_up = plan, False
            continue
        sent.append(now)
        entry.advance(plan.sent)
        entry.refresh_next_due(clock, now)
    return sent
