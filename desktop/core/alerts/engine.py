"""Evaluation: a pure function from (rules, inputs, previous state, now) to the next state
and the alerts that fired or resolved.

An alert is a rule and a subject (a task name, a queue, a worker...). Its condition must
hold for the rule's ``hold_seconds`` before it fires (until then it is pending); it resolves
as soon as the condition stops holding, or when its rule is disabled. A rule whose source is
unknown this tick (:func:`~desktop.core.alerts.conditions.observe` answered None) leaves its
alerts as they are. A firing alert is notified unless its rule is muted or snoozed, or the
same alert was notified less than ``cooldown_seconds`` ago (a flapping alert then shows on
the page without a notification each time).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.core.alerts.conditions import observe
from desktop.core.alerts.inputs import AlertInputs, Observation
from desktop.core.alerts.rules import Rule

#: (rule id, subject)
AlertKey = tuple[str, str]


class Change(StrEnum):
    FIRED = "fired"
    RESOLVED = "resolved"


# Not frozen, though never changed: a frozen dataclass's __init__ sets each field through
# object.__setattr__, and every firing alert gets a new status every tick.
@dataclass(slots=True)
class AlertStatus:
    """A pending (``firing_since`` None) or firing alert, with what its rule saw last."""

    key: AlertKey
    pending_since: float
    observation: Observation
    firing_since: float | None = None

    @property
    def firing(self) -> bool:
        return self.firing_since is not None


@dataclass(frozen=True, slots=True)
class Transition:
    """An alert fired or resolved at ``at``; ``notify`` says whether to tell anyone."""

    change: Change
    key: AlertKey
    observation: Observation
    at: float
    notify: bool


@dataclass(frozen=True, slots=True)
class EngineState:
    """Pending and firing alerts by rule id, and when each alert was last notified.

    By rule, so that a step over a few rules (a slice) carries the others' alerts over
    without walking a storm's thousand of them.
    """

    by_rule: Mapping[str, Mapping[AlertKey, AlertStatus]] = field(default_factory=dict)
    notified: Mapping[AlertKey, float] = field(default_factory=dict)

    @property
    def alerts(self) -> dict[AlertKey, AlertStatus]:
        """Every alert, whatever its rule."""
        return {key: s for statuses in self.by_rule.values() for key, s in statuses.items()}

    def get(self, key: AlertKey) -> AlertStatus | None:
        statuses = self.by_rule.get(key[0])
        return None if statuses is None else statuses.get(key)

    def firing(self) -> list[AlertStatus]:
        return [s for statuses in self.by_rule.values() for s in statuses.values() if s.firing]


@dataclass(frozen=True, slots=True)
class StepResult:
    state: EngineState
    transitions: list[Transition]
    #: rule id -> what the rule saw (None: its source is unknown this tick)
    observations: dict[str, list[Observation] | None]
    #: how many of the rules given the step looked at (all of them without a deadline)
    evaluated: int = 0


def step(
    rules: Iterable[Rule],
    inputs: AlertInputs,
    state: EngineState,
    now: float,
    *,
    others: Sequence[Rule] = (),
    deadline: float | None = None,
    prune_notified: bool = True,
) -> StepResult:
    """The next state after looking at ``inputs`` at ``now``.

    ``others`` are rules that exist but are not looked at in this step: their alerts stay
    as they are (alerts of rules in neither list resolve: the rule is gone). With
    ``deadline`` (a ``time.perf_counter()`` value) the step stops after the first rule that
    ends past it; ``StepResult.evaluated`` says how many of ``rules`` it looked at, and the
    rest keep their alerts like ``others``. ``prune_notified`` forgets notifications
    older than the longest cooldown (a slice leaves it to the pass's first).
    """
    rules = list(rules)
    by_rule: dict[str, Mapping[AlertKey, AlertStatus]] = {}
    previous_by_rule = state.by_rule
    notes = _Notified(state.notified)
    transitions: list[Transition] = []
    observations: dict[str, list[Observation] | None] = {}
    evaluated = 0
    for rule in rules:
        if deadline is not None and evaluated and time.perf_counter() > deadline:
            break
        evaluated += 1
        previous = dict(previous_by_rule.get(rule.rule_id, {}))
        if not rule.enabled:
            transitions += _resolve_all(previous.values(), now, notes.times)
            continue
        seen = observe(rule, inputs, now, explain=False)
        observations[rule.rule_id] = seen
        if seen is None:
            if previous:
                by_rule[rule.rule_id] = previous
            continue
        alerts, fired = _advance(rule, seen, previous, notes, now)
        transitions += fired
        if alerts:
            by_rule[rule.rule_id] = alerts
        transitions += _resolve_all(previous.values(), now, notes.times, rule)
    for rule in (*rules[evaluated:], *others):  # not looked at now: kept as they are
        kept = previous_by_rule.get(rule.rule_id)
        if kept:
            by_rule[rule.rule_id] = kept
    looked_at = {rule.rule_id for rule in (*rules, *others)}
    for rule_id, gone in previous_by_rule.items():  # rules deleted since the last step
        if rule_id not in looked_at:
            transitions += _resolve_all(gone.values(), now, notes.times)
    notified = notes.times
    if prune_notified:
        longest = max((rule.cooldown_seconds for rule in (*rules, *others)), default=0.0)
        notified = {k: t for k, t in notified.items() if now - t < longest}
    return StepResult(EngineState(by_rule, notified), transitions, observations, evaluated)


class _Notified:
    """When each alert was last notified; copied on the first change (most steps make none,
    and a storm holds a thousand)."""

    __slots__ = ("_copied", "times")

    def __init__(self, times: Mapping[AlertKey, float]) -> None:
        self.times = times
        self._copied = False

    def note(self, key: AlertKey, at: float) -> None:
        if not self._copied:
            self.times = dict(self.times)
            self._copied = True
        self.times[key] = at  # type: ignore[index]


def _advance(
    rule: Rule,
    seen: list[Observation],
    previous: dict[AlertKey, AlertStatus],
    notes: _Notified,
    now: float,
) -> tuple[dict[AlertKey, AlertStatus], list[Transition]]:
    """The rule's alerts after what it saw (``previous`` keeps those it no longer sees),
    and those that fired."""
    alerts: dict[AlertKey, AlertStatus] = {}
    fired: list[Transition] = []
    for observation in seen:
        if not observation.active:
            continue
        key = (rule.rule_id, observation.subject)
        known = previous.pop(key, None)
        if (
            known is not None
            and known.firing_since is not None
            and known.observation is observation
        ):
            alerts[key] = known  # the same observation, brought up to date: nothing to do
            continue
        since = now if known is None else known.pending_since
        firing_since = None if known is None else known.firing_since
        if firing_since is None and now - since >= rule.hold_seconds:
            firing_since = now
            last = notes.times.get(key)
            notify = not rule.silenced(now) and (
                last is None or now - last >= rule.cooldown_seconds
            )
            if notify:
                notes.note(key, now)
            fired.append(Transition(Change.FIRED, key, observation, now, notify))
        alerts[key] = AlertStatus(key, since, observation, firing_since)
    return alerts, fired


def _resolve_all(
    statuses: Iterable[AlertStatus],
    now: float,
    notified: Mapping[AlertKey, float],
    rule: Rule | None = None,
) -> list[Transition]:
    """Resolutions of the firing ones; told only when their firing was (a rule that is
    gone or disabled says nothing more)."""
    speak = rule is not None and not rule.silenced(now)
    return [
        Transition(
            Change.RESOLVED,
            status.key,
            status.observation,
            now,
            speak and notified.get(status.key, float("-inf")) >= (status.firing_since or now),
        )
        for status in statuses
        if status.firing
    ]
