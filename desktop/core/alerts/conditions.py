"""Each rule's condition: what it sees of every subject it watches, now.

:func:`observe` answers with one :class:`Observation` per subject (a task name, a queue, a
worker, a schedule entry, the broker), active or not, so the rule form can say how close a
rule is to firing; or None when the rule's source is unknown right now (no queue snapshot,
beat status unreadable), in which case its alerts stay as they are. Reading only: nothing
here changes the store or the facts. Cost: tasks are never scanned (the facts keep the
counts); everything else is a walk over names, queues, workers or running tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from desktop.core.alerts.facts import RunningTask
from desktop.core.alerts.inputs import (
    BROKER_DOWN_STATES,
    AlertInputs,
    Observation,
)
from desktop.core.alerts.links import AlertLink, LinkPage
from desktop.core.alerts.rules import (
    BeatCheck,
    BeatProblem,
    BrokerDown,
    EventStream,
    FailureRate,
    QueueBacklog,
    Rule,
    StreamProblem,
    StuckTask,
    WorkerOffline,
    matches,
)
from desktop.core.alerts.text import count, duration, percent
from desktop.core.events.hints import silent_workers
from desktop.core.events.lost import DISCONNECT, DROPPED
from desktop.core.events.store import EventStore
from desktop.core.i18n import translate
from desktop.core.queues.inspect import QueueInfo

#: How long a late run of a schedule entry keeps its alert when no other run comes.
LATE_RUN_KEPT_SECONDS = 600.0

Observations = list[Observation] | None


def observe(rule: Rule, inputs: AlertInputs, now: float, explain: bool = True) -> Observations:
    """What ``rule`` sees now (see the module doc); without ``explain`` only the subjects
    whose condition holds (what evaluation needs: it skips wording the others)."""
    p = rule.params
    seen: Observations
    if isinstance(p, FailureRate):
        seen = _failure_rate(rule, p, inputs, now, explain)
    elif isinstance(p, QueueBacklog):
        seen = _queues(rule, p, inputs, explain)
    elif isinstance(p, WorkerOffline):
        seen = _workers(rule, p, inputs, now, explain)
    elif isinstance(p, BeatCheck):
        seen = _beat(rule, p, inputs, now)
    elif isinstance(p, StuckTask):
        seen = _stuck(rule, p, inputs, now, explain)
    elif isinstance(p, EventStream):
        seen = _events(rule, p, inputs, now)
    else:
        assert isinstance(p, BrokerDown)
        seen = _broker(inputs)
    return seen


def _failure_rate(
    rule: Rule, p: FailureRate, inputs: AlertInputs, now: float, explain: bool
) -> Observations:
    facts = inputs.tasks
    if facts is None:
        return None
    names = [name for name in facts.names() if rule.watches(name)]
    groups = {name: [name] for name in names} if p.per_task else {"": names}
    seen: list[Observation] = []
    for subject, members in groups.items():
        finished = failed = 0
        for name in members:
            done, bad = facts.window(name, p.window_seconds, now)
            finished += done
            failed += bad
        if not finished:
            continue
        rate = failed * 100.0 / finished
        active = finished >= p.min_volume and rate > p.threshold_percent
        if not (active or explain):
            continue
        seen.append(
            Observation(
                subject, active, partial(_rate_why, p, subject, failed, finished), rate,
                p.threshold_percent, failed, AlertLink(LinkPage.TASKS, subject, "FAILURE"),
                (("failed", failed), ("finished", finished), ("rate_percent", rate)),
                subject or translate("AlertWhy", "all tasks"),
            )
        )  # fmt: skip
    return seen


def _rate_why(p: FailureRate, subject: str, failed: int, finished: int) -> str:
    what = subject or translate("AlertWhy", "all tasks")
    why = translate("AlertWhy", "{0}: {1} of {2} finished failed ({3}) in the last {4}").format(
        what, count(failed), count(finished), percent(failed * 100.0 / finished),
        duration(p.window_seconds),
    )  # fmt: skip
    if finished < p.min_volume:
        why += translate("AlertWhy", "; too few to judge (minimum {0})").format(count(p.min_volume))
    return why


def _queues(rule: Rule, p: QueueBacklog, inputs: AlertInputs, explain: bool) -> Observations:
    snapshot = inputs.queues
    if snapshot is None or snapshot.error is not None:
        return None
    seen: list[Observation] = []
    for queue in snapshot.queues:
        if not rule.watches(queue.name):
            continue
        depth, age = queue.total, queue.oldest_age
        deep = p.max_depth is not None and depth > p.max_depth
        old = p.max_age_seconds is not None and age is not None and age > p.max_age_seconds
        if not (deep or old or explain):
            continue
        value = float(depth) if p.max_depth is not None else age
        limit = float(p.max_depth) if p.max_depth is not None else p.max_age_seconds
        figures: tuple[tuple[str, float], ...] = (("depth", depth),)
        if age is not None:
            figures += (("oldest_age_s", age),)
        seen.append(
            Observation(
                queue.name, deep or old, partial(_queue_why, p, queue), value, limit, depth,
                AlertLink(LinkPage.QUEUES, queue.name), figures,
            )
        )  # fmt: skip
    return seen


def _queue_why(p: QueueBacklog, queue: QueueInfo) -> str:
    depth, age = queue.total, queue.oldest_age
    if depth == 1:
        waiting = translate("AlertWhy", "{0}: %Ln message waiting", None, depth)
    else:
        waiting = translate("AlertWhy", "{0}: %Ln messages waiting", None, depth)
    parts = [waiting.format(queue.name)]
    if p.max_depth is not None:
        parts.append(translate("AlertWhy", "limit {0}").format(count(p.max_depth)))
    if age is not None and depth:
        parts.append(translate("AlertWhy", "the oldest for {0}").format(duration(age)))
    if p.max_age_seconds is not None:
        parts.append(translate("AlertWhy", "limit {0}").format(duration(p.max_age_seconds)))
    if queue.no_consumer:
        parts.append(translate("AlertWhy", "no worker consumes it"))
    return translate("AlertWhy", "; ").join(parts)


def worker_silence(
    rule: Rule, p: WorkerOffline, inputs: AlertInputs, now: float
) -> dict[str, float] | None:
    """Seconds since each watched worker last gave a sign of life (an event or a ping
    answer); None when no worker facts are known."""
    facts = inputs.tasks
    if facts is None:
        return None
    answered = inputs.pings.answered
    silence: dict[str, float] = {}
    for host, last_seen in facts.worker_seen.items():
        if not rule.watches(host):
            continue
        ephemeral = bool(p.ephemeral_pattern) and matches(p.ephemeral_pattern, host)
        if ephemeral and not p.include_ephemeral:
            continue
        silence[host] = now - max(last_seen, answered.get(host, float("-inf")))
    return silence


def ping_candidates(rule: Rule, inputs: AlertInputs, now: float) -> list[str]:
    """Workers silent for half the grace period whom nobody pinged since they went quiet."""
    p = rule.params
    if not isinstance(p, WorkerOffline) or not rule.enabled:
        return []
    silence = worker_silence(rule, p, inputs, now) or {}
    unanswered = inputs.pings.unanswered
    wanted = []
    for host, quiet in silence.items():
        last_ping = unanswered.get(host, float("-inf"))
        if quiet > p.grace_seconds / 2 and last_ping < now - quiet:
            wanted.append(host)
    return sorted(wanted)


def _workers(
    rule: Rule, p: WorkerOffline, inputs: AlertInputs, now: float, explain: bool
) -> Observations:
    silence = worker_silence(rule, p, inputs, now)
    if silence is None:
        return None
    unanswered = inputs.pings.unanswered
    seen: list[Observation] = []
    for host, quiet in sorted(silence.items()):
        pinged = unanswered.get(host, float("-inf")) > now - quiet
        active = quiet > p.grace_seconds and pinged
        if not (active or explain):
            continue
        seen.append(
            Observation(
                host, active, partial(_worker_why, p, host, quiet, pinged), quiet,
                p.grace_seconds, 1, AlertLink(LinkPage.WORKERS, host), (("silent_s", quiet),),
            )
        )  # fmt: skip
    return seen


def _worker_why(p: WorkerOffline, host: str, quiet: float, pinged: bool) -> str:
    if pinged:
        return translate(
            "AlertWhy", "{0}: no event for {1} and no answer to a ping (grace {2})"
        ).format(host, duration(quiet), duration(p.grace_seconds))
    return translate("AlertWhy", "{0}: last event {1} ago (grace {2})").format(
        host, duration(quiet), duration(p.grace_seconds)
    )


def _beat(rule: Rule, p: BeatCheck, inputs: AlertInputs, now: float) -> Observations:
    beat = inputs.beat
    if beat is None or beat.error is not None:
        return None
    status = beat.status
    file_link = AlertLink(LinkPage.SCHEDULES)
    if p.problem is BeatProblem.NO_BEAT:
        enabled = beat.enabled_entries
        if enabled == 1:
            why = translate("AlertWhy", "no beat runs {0} (%Ln enabled entry)", None, enabled)
        else:
            why = translate("AlertWhy", "no beat runs {0} (%Ln enabled entries)", None, enabled)
        why = why.format(beat.schedule_file)
        active = status is None and beat.enabled_entries > 0
        if status is not None:
            why = translate("AlertWhy", "beat {0} runs {1}").format(
                str(status.get("hostname", "?")), beat.schedule_file
            )
        return [Observation(beat.schedule_file, active, why, link=file_link)]
    if status is None:
        return []
    if p.problem is BeatProblem.REJECTED:
        rejection = status.get("rejection")
        if not isinstance(rejection, dict):
            return [
                Observation(
                    beat.schedule_file, False, translate("AlertWhy", "the schedule file is valid")
                )
            ]
        why = translate("AlertWhy", "beat rejected {0}: {1}; it keeps running revision {2}").format(
            beat.schedule_file, str(rejection.get("message", "")), str(status.get("revision"))
        )
        return [Observation(beat.schedule_file, True, why, link=file_link)]
    return _late_entries(rule, p, status, now)


def _late_entries(rule: Rule, p: BeatCheck, status: object, now: float) -> list[Observation]:
    assert isinstance(status, dict)
    seen: list[Observation] = []
    upcoming = status.get("next_due")
    if isinstance(upcoming, dict) and rule.watches(str(upcoming.get("entry", ""))):
        entry, due = str(upcoming.get("entry")), _epoch(upcoming.get("at"))
        if due is not None:
            overdue = now - due
            why = translate("AlertWhy", "{0} was due {1} ago and has not been sent").format(
                entry, duration(max(0.0, overdue))
            )
            seen.append(
                Observation(
                    entry, overdue > p.tolerance_seconds, why, overdue, p.tolerance_seconds,
                    link=AlertLink(LinkPage.SCHEDULES, entry),
                )
            )  # fmt: skip
    last = status.get("last_dispatch")
    if isinstance(last, dict) and rule.watches(str(last.get("entry", ""))):
        entry, sent = str(last.get("entry")), _epoch(last.get("sent_at"))
        late = float(last.get("lateness_ms") or 0.0) / 1000.0
        recent = sent is not None and now - sent < LATE_RUN_KEPT_SECONDS
        if recent and all(o.subject != entry or not o.active for o in seen):
            why = translate("AlertWhy", "{0} was sent {1} after its due time (tolerance {2})")
            seen = [o for o in seen if o.subject != entry]
            seen.append(
                Observation(
                    entry, late > p.tolerance_seconds,
                    why.format(entry, duration(late), duration(p.tolerance_seconds)),
                    late, p.tolerance_seconds, link=AlertLink(LinkPage.SCHEDULES, entry),
                )
            )  # fmt: skip
    return seen


def _epoch(text: object) -> float | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def _stuck(
    rule: Rule, p: StuckTask, inputs: AlertInputs, now: float, explain: bool
) -> Observations:
    facts, store = inputs.tasks, inputs.store
    if facts is None or store is None:
        return None
    seen: list[Observation] = []
    for name, running in facts.running_by_name.items():
        if not rule.watches(name):
            continue
        # One relative limit per name, not per task: a storm has hundreds running.
        relative, p99 = _relative_limit(p, name, facts.p99, store)
        for task in running.values():
            runtime = now - task.started
            limit: float | None
            if relative is not None and runtime >= p.floor_seconds:
                limit, decided = relative, p99
            else:
                limit, decided = p.max_runtime_seconds, None
            if limit is None or not (runtime > limit or explain):
                continue
            if explain:
                seen.append(
                    Observation(
                        task.uuid, runtime > limit, partial(_stuck_why, p, task, runtime, decided),
                        runtime, limit, 1, task.link, (("runtime_s", runtime),), task.label,
                    )
                )  # fmt: skip
            else:
                seen.append(_stuck_seen(rule.rule_id, p, task, runtime, limit=limit, p99=decided))
    return seen


@dataclass(slots=True)
class _StuckSeen:
    params: StuckTask
    limit: float
    observation: Observation
    words: Callable[[], str]


def _stuck_seen(
    rule_id: str, p: StuckTask, task: RunningTask, runtime: float, *, limit: float,
    p99: float | None,
) -> Observation:  # fmt: skip
    """The stuck task's observation, the same object tick after tick with its runtime
    brought up to date: a storm holds hundreds of stuck tasks under every stuck rule, and
    new objects for each of them in every tick cost more than a slice of evaluation may."""
    known = task.seen.get(rule_id)
    if isinstance(known, _StuckSeen) and known.params is p and known.limit == limit:
        known.observation.value = runtime
        known.observation.words = known.words  # worded once, it would keep that runtime
        return known.observation
    observation = Observation(task.uuid, True, "", runtime, limit, 1, task.link, (), task.label)

    def say_why() -> str:
        return _stuck_why(p, task, observation.value or 0.0, p99)

    observation.words = say_why
    observation.numbers = lambda: (("runtime_s", observation.value or 0.0),)
    task.seen[rule_id] = _StuckSeen(p, limit, observation, say_why)
    return observation


def _relative_limit(
    p: StuckTask,
    name: str,
    p99_of: Callable[[EventStore, str, int], float | None],
    store: EventStore,
) -> tuple[float | None, float | None]:
    """The limit N× the p99 of ``name`` sets (applying from ``floor_seconds`` of runtime
    on) and that p99; (None, None) when there is none or the absolute limit is lower."""
    if p.p99_factor is None:
        return None, None
    p99 = p99_of(store, name, p.min_samples)
    if p99 is None:
        return None, None
    relative = max(p.floor_seconds, p.p99_factor * p99)
    if p.max_runtime_seconds is not None and relative >= p.max_runtime_seconds:
        return None, None
    return relative, p99


def _stuck_why(p: StuckTask, task: RunningTask, runtime: float, p99: float | None) -> str:
    if p99 is not None:
        reason = translate("AlertWhy", "{0}× its p99 of {1}").format(
            f"{p.p99_factor:g}", duration(p99)
        )
    else:
        reason = translate("AlertWhy", "limit {0}").format(duration(p.max_runtime_seconds or 0))
    return translate("AlertWhy", "{0} [{1}] running for {2} on {3}: {4}").format(
        task.name, task.uuid[:8], duration(runtime), task.worker or "?", reason
    )


def _events(rule: Rule, p: EventStream, inputs: AlertInputs, now: float) -> Observations:
    store = inputs.store
    if store is None:
        return None
    if p.problem is StreamProblem.DISABLED:
        return [
            Observation(
                host, True,
                translate("AlertWhy", "{0} runs tasks but sends no task events").format(host),
                link=AlertLink(LinkPage.WORKERS, host),
            )
            for host in silent_workers(store.workers, now)
            if rule.watches(host)
        ]  # fmt: skip
    since = now - p.window_seconds
    recent = [
        gap for gap in store.loss.gaps
        if gap.kind in (DISCONNECT, DROPPED) and (gap.end if gap.end is not None else now) >= since
    ]  # fmt: skip
    lost = sum(gap.events or 0 for gap in recent)
    gaps, window = len(recent), duration(p.window_seconds)
    if gaps == 1:
        text = translate(
            "AlertWhy", "%Ln gap in the event stream in the last {0}; events lost: {1}", None, gaps
        )
    else:
        text = translate(
            "AlertWhy", "%Ln gaps in the event stream in the last {0}; events lost: {1}", None, gaps
        )
    why = text.format(window, count(lost))
    link = AlertLink(LinkPage.DASHBOARD)
    return [Observation("", bool(recent), why, float(lost), None, max(1, lost), link)]


def _broker(inputs: AlertInputs) -> Observations:
    connection = inputs.connection
    if connection is None or not connection.state:
        return None
    down = connection.state in BROKER_DOWN_STATES
    if down:
        why = translate("AlertWhy", "cannot reach the broker: {0}").format(connection.message)
    else:
        why = translate("AlertWhy", "broker: {0}").format(connection.state)
    return [Observation(connection.label, down, why, link=AlertLink(LinkPage.DASHBOARD))]
