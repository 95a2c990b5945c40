"""The rules of one profile, their alerts and what to tell: one :meth:`AlertEvaluator.tick`.

A tick runs :func:`~desktop.core.alerts.engine.step`, records what fired and resolved in
the :class:`~desktop.core.alerts.history.AlertHistory`, and hands the alerts to be told to
two batchers: desktop notifications (fired alerts of rules that show them, at most 6 a
minute) and webhooks (fired, and resolved where a webhook wants it, at most 20 a minute: a
DingTalk robot takes 20). Qt-free; the app calls it from a timer on the GUI thread, the
bench and the tests directly.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.alerts.conditions import observe, ping_candidates
from desktop.core.alerts.engine import (
    AlertKey,
    AlertStatus,
    Change,
    EngineState,
    StepResult,
    Transition,
    step,
)
from desktop.core.alerts.grouping import Notification, NotificationBatcher
from desktop.core.alerts.history import AlertHistory, AlertRecord
from desktop.core.alerts.inputs import AlertInputs, Observation
from desktop.core.alerts.rules import Rule, Severity

DESKTOP_PER_MINUTE = 6
#: The GUI thread's time one slice of evaluation may take (bench/alerts.py): a slice ends
#: after the first rule that ends past it, and the rules are cheap one by one.
SLICE_MS = 2.0
WEBHOOKS_PER_MINUTE = 20


@dataclass(frozen=True, slots=True)
class Tick:
    transitions: list[Transition]
    desktop: list[Notification]
    webhooks: list[Notification]
    records: list[AlertRecord]
    observations: dict[str, list[Observation] | None]


class AlertEvaluator:
    """Rules, engine state, history and batchers of one profile."""

    def __init__(
        self,
        rules: Iterable[Rule],
        *,
        group_wait: float = 5.0,
        history: AlertHistory | None = None,
    ) -> None:
        self.rules: list[Rule] = list(rules)
        self.state = EngineState()
        self.history = history if history is not None else AlertHistory()
        self.history.current = self._latest
        self.desktop = NotificationBatcher(group_wait, DESKTOP_PER_MINUTE)
        self.webhooks = NotificationBatcher(group_wait, WEBHOOKS_PER_MINUTE)
        self.observations: dict[str, list[Observation] | None] = {}
        # where the next slice starts in the rules of the pass under way (tick_slice)
        self._cursor = 0
        self._passing: list[Rule] = []

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.rule_id == rule_id), None)

    def set_rules(self, rules: Iterable[Rule]) -> None:
        """New rules (edited, added, removed); their alerts resolve or fire on the next tick."""
        self.rules = list(rules)
        self._cursor = 0  # a pass under way starts again with the new rules
        for rule in self.rules:
            if rule.silenced(0.0) or not rule.enabled:
                self.desktop.drop_rule(rule.rule_id)
                self.webhooks.drop_rule(rule.rule_id)

    def tick(self, inputs: AlertInputs, now: float) -> Tick:
        """Every rule evaluated now."""
        self._cursor = 0
        result = step(self.rules, inputs, self.state, now)
        self.observations = result.observations
        return self._record(result, now)

    def tick_slice(self, inputs: AlertInputs, now: float, budget_ms: float) -> tuple[Tick, bool]:
        """The rules from where the last slice stopped, until ``budget_ms`` is spent (one
        rule at least); and whether that ended a pass over all of them. The app runs slices
        back to back, letting the GUI thread paint and handle input between them, so that a
        storm of a thousand firing alerts never holds it for longer than a slice."""
        start = self._cursor if self._cursor < len(self.rules) else 0
        if start == 0:
            self._passing = list(self.rules)
        rules = self._passing
        deadline = time.perf_counter() + budget_ms / 1000
        result = step(
            rules[start:], inputs, self.state, now,
            others=rules[:start], deadline=deadline, prune_notified=start == 0,
        )  # fmt: skip
        self._cursor = start + result.evaluated
        if start == 0:
            self.observations = {}
        self.observations.update(result.observations)
        done = self._cursor >= len(rules)
        if done:
            self._cursor = 0
        return self._record(result, now), done

    def _record(self, result: StepResult, now: float) -> Tick:
        self.state = result.state
        rules = {rule.rule_id: rule for rule in self.rules}
        records = self.history.apply(result.transitions, rules)
        self.desktop.add(
            (t for t in result.transitions if t.change is Change.FIRED and _shows(rules, t)), now
        )
        self.webhooks.add((t for t in result.transitions if _sends(rules, t)), now)
        desktop = self.desktop.due(now, rules, self._latest)
        webhooks = self.webhooks.due(now, rules, self._latest)
        return Tick(result.transitions, desktop, webhooks, records, result.observations)

    def _latest(self, key: AlertKey) -> Observation | None:
        status = self.state.get(key)
        return status.observation if status is not None and status.firing else None

    def firing(self) -> list[AlertStatus]:
        return self.state.firing()

    def worst(self) -> Severity | None:
        """The highest severity among firing alerts (None: nothing fires)."""
        rules = {rule.rule_id: rule for rule in self.rules}
        found = [rules[s.key[0]].severity for s in self.firing() if s.key[0] in rules]
        return max(found, key=lambda s: s.rank) if found else None

    def would_fire(self, rule: Rule, inputs: AlertInputs, now: float) -> list[Observation] | None:
        """What ``rule`` (edited, not saved yet) sees now, hold time aside."""
        return observe(rule, inputs, now)

    def pings_wanted(self, inputs: AlertInputs, now: float) -> list[str]:
        wanted: set[str] = set()
        for rule in self.rules:
            wanted.update(ping_candidates(rule, inputs, now))
        return sorted(wanted)


def _shows(rules: dict[str, Rule], transition: Transition) -> bool:
    rule = rules.get(transition.key[0])
    return rule is not None and rule.desktop


def _sends(rules: dict[str, Rule], transition: Transition) -> bool:
    rule = rules.get(transition.key[0])
    if rule is None or not rule.webhooks:
        return False
    if transition.change is Change.FIRED:
        return True
    return any(webhook.send_resolved for webhook in rule.webhooks)
