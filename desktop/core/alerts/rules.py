"""Alert rules as typed, frozen dataclasses, and the built-in set every profile starts with.

A :class:`Rule` holds what all rules share (severity, hold time, cooldown, the names it
watches, delivery, mute and snooze) and one parameter object whose type says what it checks:
:class:`FailureRate`, :class:`QueueBacklog`, :class:`WorkerOffline`, :class:`BeatCheck`,
:class:`StuckTask`, :class:`EventStream` or :class:`BrokerDown`.

The built-in values start from celery-exporter's Prometheus rules (failure rate over 5 % for
10 min held 1 min; a queue over 100 held 20 min; worker down held 15 min, off by default) and
differ where a desktop watching a few workers shows them noisy or slow, each said below.
"""

from __future__ import annotations

import fnmatch
import functools
from dataclasses import dataclass, field, replace
from enum import StrEnum

from desktop.core.i18n import translate


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "critical": 2}[self.value]


class RuleKind(StrEnum):
    FAILURE_RATE = "failure_rate"
    QUEUE = "queue"
    WORKER_OFFLINE = "worker_offline"
    BEAT = "beat"
    STUCK_TASK = "stuck_task"
    EVENT_STREAM = "event_stream"
    BROKER = "broker"


class BeatProblem(StrEnum):
    NO_BEAT = "no_beat"
    REJECTED = "rejected"
    LATE = "late"


class StreamProblem(StrEnum):
    LOST = "lost"
    DISABLED = "disabled"


class WebhookKind(StrEnum):
    SLACK = "slack"
    DINGTALK = "dingtalk"
    FEISHU = "feishu"
    WECOM = "wecom"


@dataclass(frozen=True, slots=True)
class FailureRate:
    """Failed / (failed + succeeded) over ``window_seconds``, per task name or all together.

    ``min_volume`` finished tasks are needed in the window before a rate means anything: one
    failure of a task that ran once is not "100 %".
    """

    threshold_percent: float = 5.0
    window_seconds: float = 600.0
    min_volume: int = 20
    per_task: bool = True


@dataclass(frozen=True, slots=True)
class QueueBacklog:
    """Messages waiting in a queue above ``max_depth``, or its oldest waiting longer than
    ``max_age_seconds`` (either may be None: not checked)."""

    max_depth: int | None = 100
    max_age_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class WorkerOffline:
    """No event (heartbeats come every 2 s) for ``grace_seconds`` and no answer to a ping.

    ``ephemeral_pattern`` names workers that come and go (autoscaled); they are watched only
    with ``include_ephemeral``.
    """

    grace_seconds: float = 120.0
    ephemeral_pattern: str = ""
    include_ephemeral: bool = False


@dataclass(frozen=True, slots=True)
class BeatCheck:
    """One of beat's problems; ``tolerance_seconds`` is how late an entry may run (LATE)."""

    problem: BeatProblem = BeatProblem.NO_BEAT
    tolerance_seconds: float = 60.0


@dataclass(frozen=True, slots=True)
class StuckTask:
    """A task running longer than ``max_runtime_seconds``, or longer than ``p99_factor``
    times the p99 of its name's runtimes (with ``min_samples`` of them, and never below
    ``floor_seconds``: a 10 ms task running 1 s is slow, not stuck)."""

    max_runtime_seconds: float | None = 3600.0
    p99_factor: float | None = 10.0
    min_samples: int = 50
    floor_seconds: float = 60.0


@dataclass(frozen=True, slots=True)
class EventStream:
    """Events lost in the last ``window_seconds``, or workers that send no task events."""

    problem: StreamProblem = StreamProblem.LOST
    window_seconds: float = 300.0


@dataclass(frozen=True, slots=True)
class BrokerDown:
    """The broker cannot be reached (the connection failed or was lost)."""


Params = (
    FailureRate | QueueBacklog | WorkerOffline | BeatCheck | StuckTask | EventStream | BrokerDown
)

KIND_OF: dict[type, RuleKind] = {
    FailureRate: RuleKind.FAILURE_RATE,
    QueueBacklog: RuleKind.QUEUE,
    WorkerOffline: RuleKind.WORKER_OFFLINE,
    BeatCheck: RuleKind.BEAT,
    StuckTask: RuleKind.STUCK_TASK,
    EventStream: RuleKind.EVENT_STREAM,
    BrokerDown: RuleKind.BROKER,
}


@dataclass(frozen=True, slots=True)
class Webhook:
    """A chat webhook of a rule. Its URL and signing secret live in the keychain, under
    the profile, the rule and ``webhook_id`` (desktop.core.alerts.webhook_secrets)."""

    webhook_id: str
    kind: WebhookKind
    send_resolved: bool = True


#: Names a rule remembers the answer of :meth:`Rule.watches` for.
WATCH_MEMO = 4096


@dataclass(frozen=True, slots=True)
class Rule:
    """One alert rule of a profile.

    ``pattern`` and ``exclude`` are comma-separated globs over what the rule watches: task
    names, queue names, worker hostnames or schedule entry names ("*" is everything).
    ``muted`` silences notifications and webhooks until unmuted, ``snoozed_until`` (epoch
    seconds) until then; the alerts still show on the Alerts page.
    """

    rule_id: str
    name: str
    params: Params
    enabled: bool = True
    severity: Severity = Severity.WARNING
    hold_seconds: float = 0.0
    cooldown_seconds: float = 1800.0
    pattern: str = "*"
    exclude: str = ""
    desktop: bool = True
    muted: bool = False
    snoozed_until: float | None = None
    webhooks: tuple[Webhook, ...] = field(default=())
    builtin: bool = False
    #: what :meth:`watches` answered, by name: asked for every task name, queue and worker
    #: in every tick, and a rule edit makes a new Rule (and a new memo)
    _watched: dict[str, bool] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @property
    def kind(self) -> RuleKind:
        return KIND_OF[type(self.params)]

    def silenced(self, now: float) -> bool:
        """Muted, or snoozed until after ``now``."""
        return self.muted or (self.snoozed_until is not None and now < self.snoozed_until)

    def watches(self, name: str) -> bool:
        """Whether ``name`` matches the pattern and not the exclusion."""
        memo = self._watched
        known = memo.get(name)
        if known is None:
            if len(memo) >= WATCH_MEMO:  # autoscaled workers bring ever new names
                memo.clear()
            known = memo[name] = matches(self.pattern or "*", name) and not (
                self.exclude and matches(self.exclude, name)
            )
        return known


@functools.lru_cache(maxsize=65536)
def matches(patterns: str, name: str) -> bool:
    """``name`` matches one of the comma-separated glob ``patterns`` (case-sensitive).

    Cached: a rule asks about the same few names (tasks, queues, workers) every tick.
    """
    return any(
        fnmatch.fnmatchcase(name, pattern.strip()) for pattern in patterns.split(",") if pattern
    )


def with_params(rule: Rule, params: Params) -> Rule:
    return replace(rule, params=params)


def display_name(rule: Rule) -> str:
    """The rule's name as shown: a built-in rule's own name in the user's language (a
    renamed one as the user wrote it)."""
    if not rule.builtin:
        return rule.name
    shipped = {
        "Task failure rate": translate("AlertRules", "Task failure rate"),
        "Queue backlog": translate("AlertRules", "Queue backlog"),
        "Message waiting too long": translate("AlertRules", "Message waiting too long"),
        "Worker offline": translate("AlertRules", "Worker offline"),
        "No beat running the schedule": translate("AlertRules", "No beat running the schedule"),
        "Schedule file rejected": translate("AlertRules", "Schedule file rejected"),
        "Schedule entry missed or late": translate("AlertRules", "Schedule entry missed or late"),
        "Task running too long": translate("AlertRules", "Task running too long"),
        "Events lost": translate("AlertRules", "Events lost"),
        "Worker sends no task events": translate("AlertRules", "Worker sends no task events"),
        "Broker unreachable": translate("AlertRules", "Broker unreachable"),
    }
    return shipped.get(rule.name, rule.name)


#: Ids of the built-in rules: stable, so a profile's edits of them are kept across versions.
FAILURE_RATE_ID = "builtin.failure-rate"
QUEUE_BACKLOG_ID = "builtin.queue-backlog"
QUEUE_WAITING_ID = "builtin.queue-waiting"
WORKER_OFFLINE_ID = "builtin.worker-offline"
BEAT_MISSING_ID = "builtin.beat-missing"
BEAT_REJECTED_ID = "builtin.beat-rejected"
BEAT_LATE_ID = "builtin.beat-late"
STUCK_TASK_ID = "builtin.stuck-task"
EVENTS_LOST_ID = "builtin.events-lost"
EVENTS_DISABLED_ID = "builtin.events-disabled"
BROKER_DOWN_ID = "builtin.broker-down"


def builtin_rules() -> list[Rule]:
    """The rules every profile starts with, on, with their defaults (names are English
    here, the file keeps them so; :func:`display_name` shows them translated)."""
    minute = 60.0
    return [
        # celery-exporter: > 5 % over 10 min, held 1 min; per task name, as its rule is.
        Rule(
            FAILURE_RATE_ID,
            "Task failure rate",
            FailureRate(),
            hold_seconds=minute,
            cooldown_seconds=30 * minute,
            builtin=True,
        ),
        # celery-exporter: > 100 held 20 min. Kept: a burst of 100+ tasks that drains in a
        # few minutes is normal; one that stays is not.
        Rule(
            QUEUE_BACKLOG_ID,
            "Queue backlog",
            QueueBacklog(max_depth=100),
            hold_seconds=20 * minute,
            cooldown_seconds=60 * minute,
            builtin=True,
        ),
        # Not in the exporter: a message waiting 10 min says "nobody consumes this" sooner
        # than a depth does for a queue that receives few messages.
        Rule(
            QUEUE_WAITING_ID,
            "Message waiting too long",
            QueueBacklog(max_depth=None, max_age_seconds=10 * minute),
            hold_seconds=minute,
            cooldown_seconds=60 * minute,
            builtin=True,
        ),
        # The exporter waits 15 min and is off by default because autoscaled workers come
        # and go. Here: 2 min of silence confirmed by an unanswered ping, on, with a
        # pattern for the workers that come and go (off for those). Celery's own State
        # calls a worker offline after about 4 s of silence, which a busy solo worker hits.
        Rule(
            WORKER_OFFLINE_ID,
            "Worker offline",
            WorkerOffline(),
            severity=Severity.CRITICAL,
            cooldown_seconds=30 * minute,
            builtin=True,
        ),
        Rule(
            BEAT_MISSING_ID,
            "No beat running the schedule",
            BeatCheck(BeatProblem.NO_BEAT),
            severity=Severity.CRITICAL,
            hold_seconds=minute,
            cooldown_seconds=60 * minute,
            builtin=True,
        ),
        Rule(
            BEAT_REJECTED_ID,
            "Schedule file rejected",
            BeatCheck(BeatProblem.REJECTED),
            cooldown_seconds=30 * minute,
            builtin=True,
        ),
        Rule(
            BEAT_LATE_ID,
            "Schedule entry missed or late",
            BeatCheck(BeatProblem.LATE, tolerance_seconds=minute),
            cooldown_seconds=30 * minute,
            builtin=True,
        ),
        Rule(
            STUCK_TASK_ID,
            "Task running too long",
            StuckTask(),
            cooldown_seconds=60 * minute,
            builtin=True,
        ),
        Rule(
            EVENTS_LOST_ID,
            "Events lost",
            EventStream(StreamProblem.LOST),
            severity=Severity.INFO,
            cooldown_seconds=30 * minute,
            builtin=True,
        ),
        Rule(
            EVENTS_DISABLED_ID,
            "Worker sends no task events",
            EventStream(StreamProblem.DISABLED),
            cooldown_seconds=60 * minute,
            builtin=True,
        ),
        # The connection's probe runs every 5 s; 15 s rides out one slow answer.
        Rule(
            BROKER_DOWN_ID,
            "Broker unreachable",
            BrokerDown(),
            severity=Severity.CRITICAL,
            hold_seconds=15.0,
            cooldown_seconds=10 * minute,
            builtin=True,
        ),
    ]
