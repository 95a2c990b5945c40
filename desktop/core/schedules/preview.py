"""The next runs of a schedule, as the file scheduler will send them.

Computed with Celery's own schedule objects
(:func:`celery_desk_beat.schedule_entries.build_schedule`) in the schedule's timezone,
stepping the way :class:`celery_desk_beat.scheduler.FileScheduler` does: each run's due time
becomes the ``last_run_at`` the next one is computed from. Never croniter: it disagrees with
Celery (day of month AND day of week, DST).

Each run carries notes, in English and Chinese, when daylight saving bends it: the UTC
offset changes that day, its wall time did not exist and Celery moved it, it happens twice
and Celery runs it once, or runs that would fall into a skipped hour are dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from celery import Celery
from celery.schedules import crontab

from celery_desk_beat.safe_text import brief, printable, shown
from celery_desk_beat.schedule_entries import (
    Clocked,
    FrozenClock,
    ScheduleSpecError,
    build_schedule,
    next_due,
    normalize_schedule,
)
from celery_desk_beat.schedule_validation import is_known_timezone
from desktop.core.i18n import translate
from desktop.core.schedules.dst import dst_shift_on, format_offset, is_ambiguous

__all__ = ["PreviewRun", "SchedulePreview", "next_run", "preview_schedule"]

DEFAULT_COUNT = 10
# Gap minutes listed by name in a "skipped" note before it only counts the rest.
_LISTED_SKIPS = 4


@dataclass(frozen=True)
class PreviewRun:
    """One future run: ``at`` in the schedule's timezone, notes in English and Chinese."""

    at: datetime
    notes_en: tuple[str, ...] = ()
    notes_zh: tuple[str, ...] = ()

    @property
    def utc(self) -> datetime:
        return self.at.astimezone(UTC)


@dataclass(frozen=True)
class SchedulePreview:
    """The runs, or ``error`` (why there is no preview), or ``note`` (why there are none)."""

    timezone: str
    runs: list[PreviewRun] = field(default_factory=list)
    error: str | None = None
    note: str | None = None


@functools.cache
def _app() -> Celery:
    """A private app for Celery's schedule arithmetic (it reads ``enable_utc`` and the
    starting deadline from an app's configuration); never the current app."""
    app = Celery("celery-desk-preview", set_as_current=False)
    app.conf.update(enable_utc=True, timezone="UTC", beat_cron_starting_deadline=None)
    return app


def _due_times(
    built: Any, start: datetime, last_run_at: datetime | None, count: int
) -> list[datetime]:
    clock: FrozenClock = built.nowfun
    if isinstance(built, Clocked):
        if last_run_at is not None and built.has_run(last_run_at):
            return []
        if built.at >= start:
            return [built.at]
        return [start] if last_run_at is not None else []  # missed while beat was down
    times: list[datetime] = []
    last = last_run_at or start
    for _ in range(count * 4):  # a stuck computation must end: bounded attempts
        now = max(last, start)
        clock.hold(now)
        try:
            due = next_due(built, last, now)
        finally:
            clock.hold(None)
        if due is None:
            break
        due = max(due.astimezone(UTC), start)  # overdue: beat sends it at once
        if due <= last:  # Celery found nothing later than the last run: look a minute on
            last += timedelta(minutes=1)
            continue
        times.append(due)
        if len(times) == count:
            break
        last = due
    return times


def preview_schedule(
    schedule: Mapping[str, Any],
    timezone: str,
    count: int = DEFAULT_COUNT,
    *,
    start: datetime | None = None,
    last_run_at: datetime | None = None,
) -> SchedulePreview:
    """The next ``count`` runs of a file ``schedule`` object after ``start`` (default now).

    ``last_run_at`` is the entry's run state (its last due time) when beat has one; without
    it the entry counts as added at ``start``, as beat counts a new entry. Never raises: a
    bad schedule or zone comes back as ``error``, whatever the editor hands over.
    """
    try:
        return _preview(schedule, timezone, count, start, last_run_at)
    except Exception as exc:  # a case no rule foresaw: the editor still shows a message
        return SchedulePreview(
            printable(str(timezone)) if isinstance(timezone, str) else "",
            error=translate("SchedulePreview", "cannot preview it: {0}: {1}").format(
                type(exc).__name__, brief(str(exc))
            ),
        )


def _preview(
    schedule: Mapping[str, Any],
    timezone: str,
    count: int,
    start: datetime | None,
    last_run_at: datetime | None,
) -> SchedulePreview:
    if not is_known_timezone(timezone):
        message = translate("SchedulePreview", "unknown time zone {0}").format(shown(timezone))
        return SchedulePreview(timezone, error=message)
    try:
        spec = normalize_schedule(schedule)
    except ScheduleSpecError as exc:
        return SchedulePreview(timezone, error=f"{exc.field}: {exc.message}")
    zone = ZoneInfo(timezone)
    begin = (start or datetime.now(UTC)).astimezone(UTC)
    try:
        built = build_schedule(spec, tz=zone, app=_app(), nowfun=FrozenClock())
        times = _due_times(built, begin, last_run_at, count)
    except Exception as exc:  # Celery's arithmetic on odd input (solar near the poles, say)
        message = translate("SchedulePreview", "Celery cannot compute the runs: {0}")
        return SchedulePreview(timezone, error=message.format(brief(str(exc))))
    if not times:
        if spec["type"] == "clocked":
            note = translate("SchedulePreview", "runs once, and that time has passed")
        else:
            note = translate("SchedulePreview", "none in sight")
        return SchedulePreview(timezone, note=note)
    locals_ = [moment.astimezone(zone) for moment in times]
    cron = built if isinstance(built, crontab) else None
    runs = [_annotate(moment, locals_, zone, cron) for moment in locals_]
    return SchedulePreview(timezone, runs=runs)


def next_run(
    schedule: Mapping[str, Any],
    timezone: str,
    *,
    start: datetime | None = None,
    last_run_at: datetime | None = None,
) -> datetime | None:
    """The next run (in the schedule's zone) or None when there is none or it is invalid."""
    preview = preview_schedule(schedule, timezone, 1, start=start, last_run_at=last_run_at)
    return preview.runs[0].at if preview.runs else None


# -- DST notes ------------------------------------------------------------------------------


def _matches(cron: crontab, wall: datetime) -> bool:
    return bool(
        wall.month in cron.month_of_year
        and wall.day in cron.day_of_month
        and wall.isoweekday() % 7 in cron.day_of_week
        and wall.hour in cron.hour
        and wall.minute in cron.minute
    )


def _listed(walls: list[datetime]) -> str:
    shown = ", ".join(f"{wall:%H:%M}" for wall in walls[:_LISTED_SKIPS])
    more = len(walls) - _LISTED_SKIPS
    return shown if more <= 0 else f"{shown} (+{more})"


def _annotate(
    moment: datetime, runs: list[datetime], zone: ZoneInfo, cron: crontab | None
) -> PreviewRun:
    shift = dst_shift_on(moment.date(), zone)
    if shift is None:
        return PreviewRun(moment)
    en, zh = [shift.text_en()], [shift.text_zh()]
    if cron is None:  # intervals and solar events run in absolute time: only the day note
        return PreviewRun(moment, tuple(en), tuple(zh))
    wall = moment.replace(tzinfo=None)
    offset = moment.utcoffset()
    shown = f"{moment:%H:%M}"
    if shift.forward:
        moved = not (moment.hour in cron.hour and moment.minute in cron.minute)
        intended = wall - (shift.after - shift.before)
        if moved:
            en.append(f"{intended:%H:%M} does not exist this day; Celery runs it at {shown}")
            zh.append(f"这一天没有 {intended:%H:%M}，Celery 改在 {shown} 运行")
        first_after = next((run for run in runs if run.astimezone(UTC) >= shift.at), None)
        if first_after is moment:
            skipped = _skipped_walls(cron, shift.affected, runs, shift.after - shift.before)
            if skipped:
                en.append(f"{_listed(skipped)} do not exist this day; Celery skips them")
                zh.append(f"这一天没有 {_listed(skipped)}，Celery 跳过这些运行")
    elif is_ambiguous(wall, zone):
        twice = sum(1 for run in runs if run.replace(tzinfo=None) == wall) > 1
        if twice:
            en.append(f"{shown} happens twice this day and Celery runs it both times")
            zh.append(f"{shown} 在这一天出现两次，Celery 两次都运行")
        else:
            which_en = "second" if moment.fold else "first"
            which_zh = "第二次" if moment.fold else "第一次"
            stamp = f"{shown} {format_offset(offset or timedelta())}"
            en.append(
                f"{shown} happens twice this day; Celery runs it once, the {which_en} "
                f"time ({stamp})"
            )
            zh.append(f"{shown} 在这一天出现两次，Celery 只运行一次（{which_zh}，{stamp}）")
    return PreviewRun(moment, tuple(en), tuple(zh))


def _skipped_walls(
    cron: crontab, gap: tuple[datetime, datetime], runs: list[datetime], jump: timedelta
) -> list[datetime]:
    """Wall times in the skipped ``gap`` that the crontab names and Celery did not move."""
    moved = {
        run.replace(tzinfo=None) - jump
        for run in runs
        if not (run.hour in cron.hour and run.minute in cron.minute)
    }
    walls, wall = [], gap[0]
    while wall < gap[1]:
        if _matches(cron, wall) and wall not in moved:
            walls.append(wall)
        wall += timedelta(minutes=1)
    return walls
