"""Turning alerts that fire or resolve into few notifications: never a storm.

Alerts to be told are grouped by rule and by change (fired, resolved) and held for
``group_wait`` seconds after the first one (Alertmanager's group_wait): a burst that arrives
meanwhile joins the same notification, which then counts them all with the numbers they have
when it goes out (500 failures of one task: one notification that says 500). At most
``max_per_minute`` notifications go out a minute; beyond that the groups due are merged into
one summary, or held until the minute has room.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from desktop.core.alerts.engine import AlertKey, Change, Transition
from desktop.core.alerts.inputs import Observation
from desktop.core.alerts.links import AlertLink
from desktop.core.alerts.rules import Rule, Severity, display_name
from desktop.core.i18n import translate

MAX_LINES = 3


@dataclass(frozen=True, slots=True)
class Notification:
    """One message to show or send. ``alerts`` is how many alerts it covers, ``total``
    the sum of what they count (failures, messages, tasks)."""

    title: str
    body: str
    severity: Severity
    resolved: bool
    alerts: int
    total: int
    rule_ids: tuple[str, ...]
    keys: tuple[AlertKey, ...]
    link: AlertLink | None
    at: float


@dataclass(slots=True)
class _Group:
    first: float
    observations: dict[AlertKey, Observation] = field(default_factory=dict)


class NotificationBatcher:
    """Collects transitions to tell and hands out the notifications that are due."""

    def __init__(self, group_wait: float = 5.0, max_per_minute: int = 6) -> None:
        self.group_wait = group_wait
        self.max_per_minute = max(1, max_per_minute)
        self._groups: dict[tuple[str, Change], _Group] = {}
        self._sent: deque[float] = deque()

    def __len__(self) -> int:
        return len(self._groups)

    def add(self, transitions: Iterable[Transition], now: float) -> None:
        for transition in transitions:
            if not transition.notify:
                continue
            group_key = (transition.key[0], transition.change)
            group = self._groups.get(group_key)
            if group is None:
                group = self._groups[group_key] = _Group(now)
            group.observations[transition.key] = transition.observation

    def due(
        self,
        now: float,
        rules: Mapping[str, Rule],
        latest: Callable[[AlertKey], Observation | None],
    ) -> list[Notification]:
        """The notifications to send now; ``latest`` gives a firing alert's current numbers."""
        ready = [k for k, g in self._groups.items() if now - g.first >= self.group_wait]
        if not ready:
            return []
        while self._sent and now - self._sent[0] >= 60.0:
            self._sent.popleft()
        room = self.max_per_minute - len(self._sent)
        if room <= 0:
            return []
        built = []
        for group_key in ready:
            group = self._groups.pop(group_key)
            rule = rules.get(group_key[0])
            if rule is None:
                continue
            fresh = {
                key: (latest(key) if group_key[1] is Change.FIRED else None) or seen
                for key, seen in group.observations.items()
            }
            built.append(_notification(rule, group_key[1] is Change.RESOLVED, fresh, now))
        built.sort(key=lambda n: (n.resolved, -n.severity.rank))
        if len(built) > room:
            built = [*built[: room - 1], _summary(built[room - 1 :], now)]
        self._sent.extend(now for _ in built)
        return built

    def drop_rule(self, rule_id: str) -> None:
        """Forget what waits for ``rule_id`` (muted, snoozed or deleted meanwhile)."""
        for group_key in [k for k in self._groups if k[0] == rule_id]:
            del self._groups[group_key]


def _notification(
    rule: Rule, resolved: bool, observations: Mapping[AlertKey, Observation], now: float
) -> Notification:
    name = display_name(rule)
    items = list(observations.values())
    n = len(items)
    total = sum(o.count for o in items)
    if resolved:
        title = translate("AlertNotification", "Resolved: {0}").format(name)
        if n > 1:
            title = translate("AlertNotification", "Resolved: {0} (%n alerts)", None, n).format(
                name
            )
    elif n > 1:
        title = translate("AlertNotification", "{0}: %n alerts", None, n).format(name)
    else:
        title = name
    lines = [o.why for o in items[:MAX_LINES]]
    if n > MAX_LINES:
        lines.append(translate("AlertNotification", "and %n more", None, n - MAX_LINES))
    return Notification(
        title=title,
        body="\n".join(lines),
        severity=rule.severity,
        resolved=resolved,
        alerts=n,
        total=total,
        rule_ids=(rule.rule_id,),
        keys=tuple(observations),
        link=items[0].link if items else None,
        at=now,
    )


def _summary(notifications: list[Notification], now: float) -> Notification:
    alerts = sum(n.alerts for n in notifications)
    lines = [n.title for n in notifications[:MAX_LINES]]
    if len(notifications) > MAX_LINES:
        rest = len(notifications) - MAX_LINES
        lines.append(translate("AlertNotification", "and %n more", None, rest))
    return Notification(
        title=translate("AlertNotification", "%n alerts changed", None, alerts),
        body="\n".join(lines),
        severity=max((n.severity for n in notifications), key=lambda s: s.rank),
        resolved=all(n.resolved for n in notifications),
        alerts=alerts,
        total=sum(n.total for n in notifications),
        rule_ids=tuple(r for n in notifications for r in n.rule_ids),
        keys=tuple(k for n in notifications for k in n.keys),
        link=notifications[0].link,
        at=now,
    )
