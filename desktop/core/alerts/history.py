"""Alerts that fired, with when, why and whether someone acknowledged them.

:class:`AlertHistory` keeps one :class:`AlertRecord` per firing, newest first, in memory and
bounded; a record is updated when its alert's numbers change and when it resolves.
``sink`` is called with every record created or changed, so a journal can keep them
beyond the session (none exists yet: the history lasts as long as the app).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from desktop.core.alerts.engine import AlertKey, Change, Transition
from desktop.core.alerts.inputs import Observation
from desktop.core.alerts.links import AlertLink
from desktop.core.alerts.rules import Rule, Severity, display_name

KEEP_RECORDS = 2000


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """One firing of one alert. ``why`` is what crossed the threshold when it fired,
    ``latest`` what its rule saw when it resolved (while it fires:
    :meth:`AlertHistory.latest_why`)."""

    record_id: int
    key: AlertKey
    rule_name: str
    severity: Severity
    subject: str
    fired_at: float
    why: str
    latest: str
    link: AlertLink | None
    resolved_at: float | None = None
    acknowledged_at: float | None = None
    notified: bool = False

    @property
    def firing(self) -> bool:
        return self.resolved_at is None


Sink = Callable[[AlertRecord], None]
#: What a firing alert's rule sees now (None: not firing any more).
Current = Callable[[AlertKey], Observation | None]


class AlertHistory:
    """Firing and resolved alerts, newest first; one writer (the GUI thread)."""

    def __init__(self, keep: int = KEEP_RECORDS, sink: Sink | None = None) -> None:
        self.keep = keep
        self._records: dict[int, AlertRecord] = {}  # by id, oldest first
        self._open: dict[AlertKey, AlertRecord] = {}
        self._ids = itertools.count(1)
        self.sink = sink
        # Asked, not told: copying a storm's thousand observations in every tick cost more
        # than the rules themselves, and only the few rows on screen need them.
        self.current: Current = lambda key: None

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[AlertRecord]:
        """Newest first."""
        return reversed(self._records.values())

    def firing(self) -> list[AlertRecord]:
        return [r for r in self if r.firing]

    def get(self, record_id: int) -> AlertRecord | None:
        return self._records.get(record_id)

    def apply(self, transitions: Iterable[Transition], rules: dict[str, Rule]) -> list[AlertRecord]:
        """Record fired and resolved alerts; the records created or changed."""
        changed = []
        for transition in transitions:
            record: AlertRecord | None
            if transition.change is Change.FIRED:
                rule = rules.get(transition.key[0])
                if rule is None:
                    continue
                record = self._fired(rule, transition)
            else:
                record = self._resolved(transition)
            if record is not None:
                changed.append(record)
        return changed

    def _fired(self, rule: Rule, transition: Transition) -> AlertRecord:
        observation = transition.observation
        record = AlertRecord(
            record_id=next(self._ids),
            key=transition.key,
            rule_name=display_name(rule),
            severity=rule.severity,
            subject=observation.title,
            fired_at=transition.at,
            why=observation.why,
            latest=observation.why,
            link=observation.link,
            notified=transition.notify,
        )
        self._records[record.record_id] = record
        if len(self._records) > self.keep:
            dropped = self._records.pop(next(iter(self._records)))
            if self._open.get(dropped.key) is dropped:
                del self._open[dropped.key]
        self._open[transition.key] = record
        self._emit(record)
        return record

    def _resolved(self, transition: Transition) -> AlertRecord | None:
        record = self._open.pop(transition.key, None)
        if record is None:
            return None
        return self._replace(record, resolved_at=transition.at, latest=transition.observation.why)

    def latest_why(self, record: AlertRecord) -> str:
        """What the alert's rule sees now while it fires, else when it resolved."""
        observation = self.current(record.key) if record.firing else None
        if observation is None or self._open.get(record.key) is not record:
            return record.latest
        return observation.why

    def acknowledge(self, record_id: int, now: float) -> AlertRecord | None:
        record = self.get(record_id)
        if record is None or record.acknowledged_at is not None:
            return record
        return self._replace(record, acknowledged_at=now)

    def _replace(self, record: AlertRecord, **changes: object) -> AlertRecord:
        fresh = replace(record, **changes)  # type: ignore[arg-type]
        self._swap(record, fresh)
        if fresh.firing:
            self._open[fresh.key] = fresh
        self._emit(fresh)
        return fresh

    def _swap(self, old: AlertRecord, new: AlertRecord) -> None:
        if old.record_id in self._records:
            self._records[old.record_id] = new

    def _emit(self, record: AlertRecord) -> None:
        if self.sink is not None:
            self.sink(record)

    def add_past(self, records: Iterable[AlertRecord]) -> None:
        """Records of earlier sessions (oldest first), kept older than this session's."""
        past = [replace(r, record_id=next(self._ids)) for r in records if not r.firing]
        merged = {r.record_id: r for r in past}
        merged.update(self._records)
        while len(merged) > self.keep:
            del merged[next(iter(merged))]
        self._records = merged

    def clear_resolved(self) -> None:
        self._records = {i: r for i, r in self._records.items() if r.firing}
