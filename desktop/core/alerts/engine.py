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

from collections.abc import Iterable, Mapping
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
    """Pending and firing alerts, and when each alert was last notified."""

    alerts: Mapping[AlertKey, AlertStatus] = field(default_factory=dict)
    notified: Mapping[AlertKey, float] = field(default_factory=dict)

    def firing(self) -> list[AlertStatus]:
        return [status for status in self.alerts.values() if status.firing]


@dataclass(frozen=True, slots=True)
class StepResult:
    state: EngineState
    transitions: list[Transition]
    #: rule id -> what the rule saw (None: its source is unknown this tick)
    observations: dict[str, list[Observation] | None]


def step(rules: Iterable[Rule], inputs: AlertInputs, state: EngineState, now: float) -> StepResult:
    """The next state after looking at ``inputs`` at ``now``."""
    alerts: dict[AlertKey, AlertStatus] = {}
    notified = dict(state.notified)
    transitions: list[Transition] = []
    observations: dict[str, list[Observation] | None] = {}
    by_rule: dict[str, list[AlertStatus]] = {}
    for status in state.alerts.values():
        by_rule.setdefault(status.key[0], []).append(status)
    longest_cooldown = 0.0
    for rule in rules:
        previous: dict[AlertKey, AlertStatus] = {
            status.key: status for status in by_rule.pop(rule.rule_id, ())
        }
        longest_cooldown = max(longest_cooldown, rule.cooldown_seconds)
        if not rule.enabled:
            transitions += _resolve_all(previous.values(), now, notified)
            continue
        seen = observe(rule, inputs, now, explain=False)
        observations[rule.rule_id] = seen
        if seen is None:
            alerts.update(previous)
            continue
        for observation in seen:
            if not observation.active:
                continue
            key = (rule.rule_id, observation.subject)
            known = previous.pop(key, None)
            since = now if known is None else known.pending_since
            firing_since = None if known is None else known.firing_since
            if firing_since is None and now - since >= rule.hold_seconds:
                firing_since = now
                last = notified.get(key)
                notify = not rule.silenced(now) and (
                    last is None or now - last >= rule.cooldown_seconds
                )
                if notify:
                    notified[key] = now
                transitions.append(Transition(Change.FIRED, key, observation, now, notify))
            alerts[key] = AlertStatus(key, since, observation, firing_since)
        transitions += _resolve_all(previous.values(), now, notified, rule)
    for gone in by_rule.values():  # rules deleted since the last step
        transitions += _resolve_all(gone, now, notified)
    notified = {k: t for k, t in notified.items() if now - t < longest_cooldown}
    return StepResult(EngineState(alerts, notified), transitions, observations)


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
