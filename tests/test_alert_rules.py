"""The rule engine from synthetic event streams: each rule fires, holds, resolves, respects
cooldown and minimum volume, and a storm makes one notification."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from desktop.core.alerts.conditions import observe
from desktop.core.alerts.engine import Change, EngineState, step
from desktop.core.alerts.evaluator import AlertEvaluator
from desktop.core.alerts.facts import TaskFacts
from desktop.core.alerts.inputs import (
    AlertInputs,
    BeatFacts,
    ConnectionFacts,
    PingFacts,
)
from desktop.core.alerts.links import LinkPage
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
)
from desktop.core.events.lost import CONNECTION_LOST, CONNECTION_RESTORED, marker
from desktop.core.events.store import EventStore
from desktop.core.queues.inspect import QueueInfo, QueueSnapshot
from tests.support.synthetic_events import event, task_lifecycle

T0 = 1_700_000_000.0


class Stream:
    """A store and its task facts fed the way the hub feeds them, on a synthetic clock."""

    def __init__(self) -> None:
        self.now = T0
        self.store = EventStore(clock=lambda: self.now)
        self.facts = TaskFacts()
        self.made = 0

    def feed(self, events: list[dict[str, Any]]) -> None:
        changes = self.store.apply(events)
        self.facts.observe(self.store, [*changes.inserted, *changes.updated], self.now)
        self.facts.forget(changes.removed)
        self.facts.note_workers(self.store, self.now)

    def tasks(self, count: int, outcome: str, name: str = "proj.add", gap: float = 0.01) -> None:
        events: list[dict[str, Any]] = []
        for i in range(count):
            self.made += 1
            uuid = f"{name}-{outcome}-{self.made}"
            events += task_lifecycle(uuid, self.now - 1 + i * gap, name=name, outcome=outcome)
        self.feed(events)

    def inputs(self, **extra: Any) -> AlertInputs:
        return AlertInputs(store=self.store, tasks=self.facts, **extra)


def rule(params: Any, **fields: Any) -> Rule:
    return Rule(fields.pop("rule_id", "r1"), fields.pop("name", "Rule"), params, **fields)


def test_failure_rate_holds_fires_counts_and_resolves() -> None:
    s = Stream()
    r = rule(FailureRate(threshold_percent=5, window_seconds=60, min_volume=10), hold_seconds=30)
    s.tasks(18, "succeeded")
    s.tasks(2, "failed")
    state = EngineState()
    result = step([r], s.inputs(), state, s.now)
    assert result.transitions == []  # 10 % but held for 30 s first
    (pending,) = result.state.alerts.values()
    assert not pending.firing and pending.key == ("r1", "proj.add")
    assert "2 of 20 finished failed (10 %)" in pending.observation.why
    s.now += 31
    result = step([r], s.inputs(), result.state, s.now)
    (fired,) = result.transitions
    assert fired.change is Change.FIRED and fired.notify
    assert fired.observation.count == 2 and fired.observation.link is not None
    assert fired.observation.link.page is LinkPage.TASKS
    assert fired.observation.link.state == "FAILURE"
    s.now += 60  # the failures leave the window
    s.tasks(20, "succeeded")
    result = step([r], s.inputs(), result.state, s.now)
    assert [t.change for t in result.transitions] == [Change.RESOLVED]
    assert result.state.alerts == {}


def test_failure_rate_needs_its_minimum_volume() -> None:
    s = Stream()
    r = rule(FailureRate(threshold_percent=5, window_seconds=600, min_volume=5))
    s.tasks(1, "failed")  # one failure of the only run: not "100 %"
    result = step([r], s.inputs(), EngineState(), s.now)
    assert result.transitions == [] and result.state.alerts == {}
    (seen,) = observe(r, s.inputs(), s.now) or []  # what the rule form shows
    assert not seen.active and "too few to judge (minimum 5)" in seen.why
    s.tasks(4, "failed")
    result = step([r], s.inputs(), result.state, s.now)
    assert [t.change for t in result.transitions] == [Change.FIRED]


def test_failure_rate_over_all_tasks_or_per_name() -> None:
    s = Stream()
    s.tasks(10, "failed", name="proj.a")
    s.tasks(90, "succeeded", name="proj.b")
    per_name = rule(FailureRate(threshold_percent=5, min_volume=5))
    together = rule(FailureRate(threshold_percent=5, min_volume=5, per_task=False), rule_id="r2")
    result = step([per_name, together], s.inputs(), EngineState(), s.now)
    fired = {t.key for t in result.transitions}
    assert fired == {("r1", "proj.a"), ("r2", "")}  # 100 % of a; 10 % of all


def test_cooldown_keeps_a_flapping_alert_quiet() -> None:
    s = Stream()
    flapping = FailureRate(threshold_percent=5, window_seconds=10, min_volume=1)
    r = rule(flapping, cooldown_seconds=300)
    state = EngineState()
    notified = []
    for _ in range(3):  # fails, recovers, fails again... every 20 s
        s.tasks(1, "failed")
        result = step([r], s.inputs(), state, s.now)
        notified += [t.notify for t in result.transitions if t.change is Change.FIRED]
        s.now += 20
        result = step([r], s.inputs(), result.state, s.now)
        assert [t.change for t in result.transitions] == [Change.RESOLVED]
        state = result.state
    assert notified == [True, False, False]
    s.now += 300
    s.tasks(1, "failed")
    result = step([r], s.inputs(), state, s.now)
    assert [t.notify for t in result.transitions] == [True]


def test_queue_backlog_and_age_and_unknown_snapshots() -> None:
    deep = rule(QueueBacklog(max_depth=100), hold_seconds=60)
    old = rule(QueueBacklog(max_depth=None, max_age_seconds=600), rule_id="r2")

    def snapshot(depth: int, age: float | None) -> QueueSnapshot:
        queue = QueueInfo("orders", ((0, depth),), consumers=(), oldest_age=age)
        return QueueSnapshot(queues=(queue, QueueInfo("celery", ((0, 0),))), taken_at=T0)

    state = EngineState()
    result = step([deep, old], AlertInputs(queues=snapshot(150, 700.0)), state, T0)
    assert [t.key for t in result.transitions] == [("r2", "orders")]
    why = result.state.alerts[("r2", "orders")].observation.why
    assert "orders: 150 messages waiting" in why and "no worker consumes it" in why
    result = step([deep, old], AlertInputs(queues=snapshot(150, 760.0)), result.state, T0 + 61)
    assert [t.key for t in result.transitions] == [("r1", "orders")]
    # no snapshot (the broker is down): nothing resolves for lack of news
    result = step([deep, old], AlertInputs(), result.state, T0 + 70)
    assert result.transitions == [] and len(result.state.firing()) == 2
    result = step([deep, old], AlertInputs(queues=snapshot(0, None)), result.state, T0 + 80)
    assert sorted(t.change for t in result.transitions) == [Change.RESOLVED, Change.RESOLVED]
    result = step([old], AlertInputs(queues=snapshot(1, 700.0)), EngineState(), T0)
    assert "orders: 1 message waiting" in result.transitions[0].observation.why


def test_worker_offline_after_grace_and_unanswered_ping_then_back() -> None:
    s = Stream()
    offline = WorkerOffline(grace_seconds=60, ephemeral_pattern="auto-*")
    r = rule(offline)
    for host in ("celery@alpha", "auto-7@host"):
        s.feed([event("worker-heartbeat", s.now, hostname=host, freq=2.0, active=0)])
    s.now += 45
    inputs = s.inputs()
    evaluator = AlertEvaluator([r])
    assert evaluator.pings_wanted(inputs, s.now) == ["celery@alpha"]  # half the grace
    s.now += 30  # 75 s of silence, but nobody pinged yet: not offline on silence alone
    result = step([r], s.inputs(), EngineState(), s.now)
    assert result.transitions == []
    pings = PingFacts(unanswered={"celery@alpha": s.now - 1})
    result = step([r], s.inputs(pings=pings), result.state, s.now)
    (fired,) = result.transitions
    assert fired.key == ("r1", "celery@alpha") and "no answer to a ping" in fired.observation.why
    assert fired.observation.link is not None and fired.observation.link.page is LinkPage.WORKERS
    # the autoscaled one is just as silent, and ignored unless asked for
    with_auto = replace(r, params=replace(offline, include_ephemeral=True))
    pings = PingFacts(unanswered={"celery@alpha": s.now, "auto-7@host": s.now})
    assert len(step([with_auto], s.inputs(pings=pings), EngineState(), s.now).transitions) == 2
    s.now += 5
    s.feed([event("worker-heartbeat", s.now, hostname="celery@alpha", freq=2.0, active=0)])
    result = step([r], s.inputs(pings=pings), result.state, s.now)
    assert [t.change for t in result.transitions] == [Change.RESOLVED]


def test_worker_offline_survives_the_store_forgetting_the_worker() -> None:
    s = Stream()
    s.store.workers.remove_offline_after = 10.0
    r = rule(WorkerOffline(grace_seconds=30))
    s.feed([event("worker-heartbeat", s.now, hostname="celery@alpha", freq=2.0)])
    s.now += 100
    s.store.tick(s.now)
    s.facts.note_workers(s.store, s.now)
    assert s.store.workers.get("celery@alpha") is None
    pings = PingFacts(unanswered={"celery@alpha": s.now})
    assert len(step([r], s.inputs(pings=pings), EngineState(), s.now).transitions) == 1


def test_beat_missing_rejected_missed_and_late() -> None:
    missing = rule(BeatCheck(BeatProblem.NO_BEAT))
    rejected = rule(BeatCheck(BeatProblem.REJECTED), rule_id="r2")
    late = rule(BeatCheck(BeatProblem.LATE, tolerance_seconds=30), rule_id="r3")
    rules = [missing, rejected, late]
    nobody = BeatFacts("/s/schedule.json", None, enabled_entries=2)
    result = step(rules, AlertInputs(beat=nobody), EngineState(), T0)
    assert [t.key for t in result.transitions] == [("r1", "/s/schedule.json")]
    why = result.transitions[0].observation.why
    assert why == "no beat runs /s/schedule.json (2 enabled entries)"
    one = BeatFacts("/s/schedule.json", None, enabled_entries=1)
    why = step(rules, AlertInputs(beat=one), EngineState(), T0).transitions[0].observation.why
    assert why == "no beat runs /s/schedule.json (1 enabled entry)"
    empty = BeatFacts("/s/schedule.json", None, enabled_entries=0)
    assert step(rules, AlertInputs(beat=empty), EngineState(), T0).transitions == []
    status = {
        "hostname": "host",
        "revision": 4,
        "rejection": {"message": "entry 'x': unknown field 'foo'"},
        "next_due": {"entry": "nightly", "at": "2023-11-14T22:12:00+00:00"},  # T0 - 80 s
        "last_dispatch": {
            "entry": "hourly",
            "sent_at": "2023-11-14T22:13:00+00:00",
            "lateness_ms": 45_000.0,
        },
    }
    beat = BeatFacts("/s/schedule.json", status, enabled_entries=2)
    result = step(rules, AlertInputs(beat=beat), result.state, T0)
    changes = {(t.change, t.key[0], t.key[1]) for t in result.transitions}
    assert changes == {
        (Change.RESOLVED, "r1", "/s/schedule.json"),
        (Change.FIRED, "r2", "/s/schedule.json"),
        (Change.FIRED, "r3", "nightly"),
        (Change.FIRED, "r3", "hourly"),
    }
    whys = {s.key[1]: s.observation.why for s in result.state.firing()}
    assert "keeps running revision 4" in whys["/s/schedule.json"]
    assert "nightly was due 1 min 20 s ago" in whys["nightly"]
    assert "hourly was sent 45 s after its due time" in whys["hourly"]
    # beat unreadable (Redis down): nothing changes
    unreadable = BeatFacts("/s/schedule.json", error="cannot read")
    assert step(rules, AlertInputs(beat=unreadable), result.state, T0 + 1).transitions == []


def test_stuck_tasks_by_absolute_limit_and_by_their_p99() -> None:
    s = Stream()
    for i in range(60):  # proj.quick: p99 of 2 s
        s.feed(task_lifecycle(f"q{i}", s.now - 500 + i, name="proj.quick", runtime=2.0))
    s.feed(task_lifecycle("slow-1", s.now, name="proj.quick", outcome="started"))
    s.feed(task_lifecycle("long-1", s.now, name="proj.report", outcome="started"))
    r = rule(StuckTask(max_runtime_seconds=600, p99_factor=10, min_samples=50, floor_seconds=30))
    s.now += 25  # under the floor
    assert step([r], s.inputs(), EngineState(), s.now).transitions == []
    s.now += 10  # 35 s: beyond max(30, 10 x 2 s) for proj.quick; proj.report has no samples
    result = step([r], s.inputs(), EngineState(), s.now)
    assert [t.key[1] for t in result.transitions] == ["slow-1"]
    assert "10× its p99 of 2 s" in result.transitions[0].observation.why
    s.now += 600
    result = step([r], s.inputs(), result.state, s.now)
    assert [t.key[1] for t in result.transitions] == ["long-1"]
    assert "limit 10 min" in result.transitions[0].observation.why
    s.feed([event("task-succeeded", s.now, uuid="long-1", hostname="celery@alpha", runtime=700.0)])
    result = step([r], s.inputs(), result.state, s.now)
    assert [(t.change, t.key[1]) for t in result.transitions] == [(Change.RESOLVED, "long-1")]


def test_events_lost_and_workers_without_task_events() -> None:
    s = Stream()
    lost = rule(EventStream(StreamProblem.LOST, window_seconds=300))
    silent = rule(EventStream(StreamProblem.DISABLED), rule_id="r2")
    s.feed([event("worker-heartbeat", s.now, hostname="celery@a", freq=2.0, processed=1, clock=1)])
    s.feed([marker(CONNECTION_LOST, s.now + 1, reason="reset")])
    s.now += 20
    s.feed([marker(CONNECTION_RESTORED, s.now)])
    s.feed([event("worker-heartbeat", s.now, hostname="celery@a", freq=2.0, processed=9, clock=40)])
    result = step([lost, silent], s.inputs(), EngineState(), s.now)
    keys = sorted(t.key for t in result.transitions)
    assert keys == [("r1", ""), ("r2", "celery@a")]
    why = result.state.alerts[("r1", "")].observation.why
    assert "1 gap in the event stream in the last 5 min; events lost: 38" in why
    s.now += 301
    s.feed([event("task-succeeded", s.now, uuid="t", hostname="celery@a", clock=41)])
    result = step([lost, silent], s.inputs(), result.state, s.now)
    assert sorted(t.key for t in result.transitions) == [("r1", ""), ("r2", "celery@a")]
    assert all(t.change is Change.RESOLVED for t in result.transitions)


def test_broker_down_and_back() -> None:
    r = rule(BrokerDown(), hold_seconds=15)
    lost = ConnectionFacts("connection lost", "Prod", "Connection refused")
    result = step([r], AlertInputs(connection=lost), EngineState(), T0)
    result = step([r], AlertInputs(connection=lost), result.state, T0 + 16)
    (fired,) = result.transitions
    assert fired.key == ("r1", "Prod") and "Connection refused" in fired.observation.why
    back = ConnectionFacts("connected", "Prod")
    result = step([r], AlertInputs(connection=back), result.state, T0 + 20)
    assert [t.change for t in result.transitions] == [Change.RESOLVED]


def test_a_storm_of_failures_makes_one_notification_that_counts_them() -> None:
    s = Stream()
    r = rule(FailureRate(threshold_percent=5, window_seconds=600, min_volume=20), name="Failures")
    evaluator = AlertEvaluator([r], group_wait=5.0)
    shown = []
    for _ in range(10):  # 500 failures of one task over 10 ticks, a second apart
        s.tasks(50, "failed", name="proj.charge")
        shown += evaluator.tick(s.inputs(), s.now).desktop
        s.now += 1
    (notification,) = shown
    assert notification.alerts == 1 and notification.title == "Failures"
    assert "proj.charge: 300 of 300 finished failed" in notification.body  # 6 ticks in
    for _ in range(60):
        shown += evaluator.tick(s.inputs(), s.now).desktop
        s.now += 1
    assert len(shown) == 1
    (record,) = evaluator.history.firing()
    assert "500 of 500" in evaluator.history.latest_why(record) and "50 of 50" in record.why


def test_a_storm_of_stuck_tasks_makes_one_notification() -> None:
    s = Stream()
    for i in range(500):
        s.feed(task_lifecycle(f"stuck-{i}", s.now, name="proj.sync", outcome="started"))
    r = rule(StuckTask(max_runtime_seconds=60, p99_factor=None), name="Stuck")
    evaluator = AlertEvaluator([r], group_wait=2.0)
    s.now += 61
    shown = [*evaluator.tick(s.inputs(), s.now).desktop]
    s.now += 2
    shown += evaluator.tick(s.inputs(), s.now).desktop
    (notification,) = shown
    assert notification.alerts == 500 and notification.total == 500
    assert notification.title == "Stuck: 500 alerts"
    assert notification.body.endswith("and 497 more")


def test_many_rules_firing_at_once_stay_within_the_notifications_a_minute() -> None:
    rules = [rule(BrokerDown(), rule_id=f"r{i}", name=f"Rule {i}") for i in range(20)]
    evaluator = AlertEvaluator(rules, group_wait=0.0)
    down = AlertInputs(connection=ConnectionFacts("failed", "Prod", "refused"))
    tick = evaluator.tick(down, T0)
    assert len(tick.desktop) == 6  # five rules, then one summary of the fifteen others
    assert tick.desktop[-1].title == "15 alerts changed" and tick.desktop[-1].alerts == 15
    assert len(evaluator.firing()) == 20


def test_muted_and_snoozed_rules_fire_without_telling() -> None:
    down = AlertInputs(connection=ConnectionFacts("failed", "Prod", "refused"))
    muted = rule(BrokerDown(), muted=True)
    snoozed = rule(BrokerDown(), rule_id="r2", snoozed_until=T0 + 60)
    result = step([muted, snoozed], down, EngineState(), T0)
    assert [t.notify for t in result.transitions] == [False, False]
    assert len(result.state.firing()) == 2
    awake = replace(snoozed, rule_id="r3")
    later = step([awake], down, EngineState(), T0 + 61)
    assert [t.notify for t in later.transitions] == [True]


def test_disabling_a_rule_resolves_its_alerts() -> None:
    down = AlertInputs(connection=ConnectionFacts("failed", "Prod", "refused"))
    r = rule(BrokerDown())
    result = step([r], down, EngineState(), T0)
    result = step([replace(r, enabled=False)], down, result.state, T0 + 1)
    assert [t.change for t in result.transitions] == [Change.RESOLVED]
    result = step([], down, step([r], down, EngineState(), T0).state, T0 + 1)
    assert [t.change for t in result.transitions] == [Change.RESOLVED]


def test_slices_of_a_pass_end_where_whole_ticks_end() -> None:
    """The app's timer runs each pass in slices; alerts, notifications and what they say
    must be those of whole ticks, a rule deleted mid-pass resolving all the same."""
    s = Stream()
    for i in range(40):
        s.feed(task_lifecycle(f"stuck-{i}", s.now, name=f"proj.sync_{i % 4}", outcome="started"))
    s.tasks(30, "failed", name="proj.charge")
    rules = [
        rule(StuckTask(max_runtime_seconds=60, p99_factor=None), rule_id=f"stuck-{i}")
        for i in range(3)
    ] + [rule(FailureRate(threshold_percent=5, window_seconds=600, min_volume=20), rule_id="f")]
    whole, sliced = AlertEvaluator(rules, group_wait=0.0), AlertEvaluator(rules, group_wait=0.0)
    slices = 0
    for _ in range(3):
        s.now += 40
        expected = whole.tick(s.inputs(), s.now)
        fired: list[Any] = []
        done = False
        while not done:  # a budget of 0 ms: one rule a slice
            tick, done = sliced.tick_slice(s.inputs(), s.now, 0.0)
            fired += tick.transitions
            slices += 1
        assert sorted(t.key for t in fired) == sorted(t.key for t in expected.transitions)
        assert {a.key for a in sliced.firing()} == {a.key for a in whole.firing()}
    assert slices == 3 * len(rules)
    assert len(whole.firing()) == 3 * 40 + 1
    # the stuck runtime in what an alert says follows the clock, tick after tick
    record = next(r for r in sliced.history.firing() if r.key[0] == "stuck-0")
    assert "running for 1 min 20 s" in record.why  # when it fired
    assert "running for 2 min " in sliced.history.latest_why(record)  # now
    # a rule deleted while a pass is under way: its alerts resolve in the next slice
    sliced.tick_slice(s.inputs(), s.now, 0.0)
    sliced.set_rules(rules[1:])
    tick, _ = sliced.tick_slice(s.inputs(), s.now, 0.0)
    assert {t.key[0] for t in tick.transitions if t.change is Change.RESOLVED} == {"stuck-0"}
