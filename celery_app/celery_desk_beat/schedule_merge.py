"""How a newly read schedule file takes over from the running one.

Entries are matched by their stable id. What carries over:

- an unchanged entry (same :func:`entry_hash`) keeps its object and its next due time;
- an entry whose args, kwargs, options or task changed keeps ``last_run_at`` and its count;
- an entry whose schedule (or timezone, or enabled flag) changed is *re-anchored* so the
  edit fires no surprise catch-up run: a crontab, solar or clocked entry counts as run now
  (its next run is the next future match); an interval keeps its last run unless that
  makes it overdue, then it counts as run now;
- a new entry counts as created now (an interval first runs one interval later).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from celery import Celery
from celery.beat import ScheduleEntry

from celery_desk_beat.beat_state import RunState
from celery_desk_beat.schedule_entries import FrozenClock, build_schedule, next_due
from celery_desk_beat.schedule_file import EntrySpec, ScheduleDocument, anchor_hash, entry_hash

# When Celery cannot compute an entry's next run, look again this much later.
RETRY_LATER = timedelta(seconds=60)


class FileEntry(ScheduleEntry):  # type: ignore[misc]
    """A Celery schedule entry plus what the file scheduler tracks about it."""

    def __init__(
        self,
        spec: EntrySpec,
        schedule: Any,
        state: RunState,
        entry_hash: str,
        app: Celery,
    ) -> None:
        super().__init__(
            name=spec.name,
            task=spec.task,
            schedule=schedule,
            args=tuple(spec.args),
            kwargs=dict(spec.kwargs),
            options=dict(spec.options),
            last_run_at=state.last_run_at,
            total_run_count=state.total_run_count,
            app=app,
        )
        self.spec = spec
        self.entry_id = spec.entry_id
        self.enabled = spec.enabled
        self.entry_hash = entry_hash
        self.timezone_name = ""
        self.state = state
        self.next_due: datetime | None = None
        #: The next run was already overdue when it was computed (beat was down or standing
        #: by): a catch-up, after which the cadence starts again from when it was sent.
        self.catch_up = False
        self.heap_seq = -1

    def refresh_next_due(self, clock: FrozenClock, now: datetime) -> datetime | None:
        """Recompute :attr:`next_due` with Celery's own arithmetic, frozen at ``now``."""
        clock.hold(now)
        try:
            self.next_due = next_due(self.schedule, self.state.last_run_at, now)
        except Exception:  # one broken entry must not stop the others
            self.next_due = now + RETRY_LATER
            self.catch_up = False
            raise
        finally:
            clock.hold(None)
        self.catch_up = self.next_due is not None and self.next_due <= now
        return self.next_due

    def advance(self, state: RunState) -> None:
        self.state = state
        self.last_run_at = state.last_run_at
        self.total_run_count = state.total_run_count


@dataclass
class MergeResult:
    """The entries of the new document and the run states that must be written."""

    entries: dict[str, FileEntry] = field(default_factory=dict)
    dirty: dict[str, RunState] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def reanchor(spec: EntrySpec, state: RunState, anchor: str, now: datetime) -> RunState:
    """The run state of an entry whose schedule or enabled flag just changed."""
    last = state.last_run_at
    if spec.enabled:
        kind = spec.schedule["type"]
        overdue = kind != "interval" or last + timedelta(seconds=spec.schedule["seconds"]) <= now
        if overdue or last > now:
            last = now
    return RunState(last, state.total_run_count, anchor, state.last_due, state.task_ids)


def merge_document(  # noqa: PLR0917 - one call site, and each argument is distinct
    doc: ScheduleDocument,
    timezone_name: str,
    previous: Mapping[str, FileEntry],
    states: Mapping[str, RunState],
    app: Celery,
    clock: FrozenClock,
    now: datetime,
) -> MergeResult:
    """Entries for ``doc``; ``previous`` (by id) wins over stored ``states`` (by id)."""
    timezone = ZoneInfo(timezone_name)
    result = MergeResult()
    for name, spec in doc.entries.items():
        old = previous.get(spec.entry_id)
        if old is not None and old.spec == spec and old.timezone_name == timezone_name:
            result.entries[name] = old  # the common case on reload, without hashing
            continue
        digest = entry_hash(spec, timezone_name)
        if old is not None and old.entry_hash == digest and old.name == name:
            old.spec = spec  # only the description changed
            result.entries[name] = old
            continue
        anchor = anchor_hash(spec, timezone_name)
        state = old.state if old is not None else states.get(spec.entry_id)
        if state is None:
            state = RunState(now, 0, anchor)
            result.dirty[spec.entry_id] = state
            result.added.append(name)
        elif state.anchor != anchor:
            state = reanchor(spec, state, anchor, now)
            result.dirty[spec.entry_id] = state
            result.changed.append(name)
        elif old is not None:
            result.changed.append(name)
        try:
            built = build_schedule(spec.schedule, tz=timezone, app=app, nowfun=clock)
            entry = FileEntry(spec, built, state, digest, app)
            entry.timezone_name = timezone_name
            if spec.enabled:
                entry.refresh_next_due(clock, now)
        except Exception as exc:
            result.failed[name] = f"{type(exc).__name__}: {exc}"
            continue
        result.entries[name] = entry
    kept = {entry.entry_id for entry in result.entries.values()}
    result.removed = [entry.name for entry_id, entry in previous.items() if entry_id not in kept]
    return result
