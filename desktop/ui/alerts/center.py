"""The alert center: evaluates the active profile's rules every second and tells people.

It follows the monitor hub's batches into :class:`~desktop.core.alerts.facts.TaskFacts`
(constant work per changed task), reads queues, beat and worker pings off the GUI thread
(desktop/ui/alerts/watchers.py), and once a second runs one
pass over the rules on the GUI thread, in slices of at most ``SLICE_MS`` run back to back
(:meth:`~desktop.core.alerts.evaluator.AlertEvaluator.tick_slice`): a storm of a thousand
alerts re-observed each second costs more than that in all (bench/alerts.py), but painting
and input get their turn between slices.

Notifications go to the :class:`~desktop.ui.alerts.notifiers.Notifier` given (the seam tests
use), webhooks to a :class:`~desktop.core.alerts.delivery.WebhookSender` thread, after their
credentials are read from the keychain on a background thread.

Each profile has its own rules (a file), evaluator and history; switching profiles keeps the
others' history for the session. Without a connected broker and event stream the rules that
read them are not evaluated (their alerts stay as they are); the broker rule still is.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.alerts.alert_journal import AlertJournal
from desktop.core.alerts.delivery import Delivery, DeliveryResult, WebhookSender
from desktop.core.alerts.evaluator import SLICE_MS, AlertEvaluator
from desktop.core.alerts.facts import TaskFacts
from desktop.core.alerts.grouping import Notification
from desktop.core.alerts.history import AlertHistory, AlertRecord
from desktop.core.alerts.inputs import CONNECTED, AlertInputs, ConnectionFacts, Observation
from desktop.core.alerts.rule_file import load_rules, save_rules
from desktop.core.alerts.rules import BeatCheck, QueueBacklog, Rule, Severity, Webhook
from desktop.core.alerts.webhook_secrets import WebhookSecrets
from desktop.core.alerts.webhooks import WebhookCredentials, WebhookMessage
from desktop.core.events import ChangeSet, SourceState
from desktop.core.i18n import translate
from desktop.core.profiles import schedule_path
from desktop.ui.alerts.notifiers import LogNotifier, Notifier
from desktop.ui.alerts.watchers import BeatWatch, Pinger, QueueWatch
from desktop.ui.background import BackgroundRunner
from desktop.ui.connection import ConnectionController
from desktop.ui.monitor.hub import MonitorHub
from desktop.ui.profile_context import ProfileContext

log = logging.getLogger("celery_desk.alerts")

INTERVAL_MS = 1000
PRUNE_EVERY = 60.0


class AlertCenter(QObject):
    """Rules, alerts and their delivery for the active profile.

    Signals:
        changed(): alerts fired, resolved or were acknowledged, or rules changed.
        ticked(): an evaluation ran (what rules see now changed).
        notified(object): a :class:`Notification` was handed to the desktop notifier.
        delivered(object): a webhook's :class:`DeliveryResult`.
    """

    changed = Signal()
    ticked = Signal()
    notified = Signal(object)
    delivered = Signal(object)
    _sender_done = Signal(object)

    def __init__(
        self,
        hub: MonitorHub,
        connection: ConnectionController,
        runner: BackgroundRunner,
        profile: ProfileContext,
        *,
        secrets: WebhookSecrets | None = None,
        notifier: Notifier | None = None,
        journal_for: Callable[[str], AlertJournal | None] | None = None,
        group_wait: float = 5.0,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._hub = hub
        self._connection = connection
        self._runner = runner
        self._profile = profile
        self._clock = clock
        self._group_wait = group_wait
        self.secrets = secrets if secrets is not None else WebhookSecrets()
        self.notifier: Notifier = notifier if notifier is not None else LogNotifier()
        self.facts = TaskFacts()
        self.queues = QueueWatch(runner)
        self.beat = BeatWatch(runner)
        self.pinger = Pinger(runner)
        self._evaluators: dict[str, AlertEvaluator] = {}
        self._journal_for = journal_for
        self._journals: list[AlertJournal] = []
        self._pruned = float("-inf")
        self.last_tick_ms = 0.0
        self.max_tick_ms = 0.0
        self._mid_pass = False
        self._pass_started = 0.0
        emit = self._sender_done.emit  # the sender thread gets this, nothing of self
        self._sender = WebhookSender(emit)
        self._sender_done.connect(self._on_sender_done)
        hub.batch_applied.connect(self._on_hub_batch_applied)
        hub.store_reset.connect(self._on_hub_store_reset)
        profile.changed.connect(self._on_profile_changed)
        self.facts.rebuild(hub.store, clock())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    # -- the active profile -------------------------------------------------------------------

    @property
    def profile_name(self) -> str:
        return self._profile.name

    @property
    def evaluator(self) -> AlertEvaluator:
        name = self._profile.name
        evaluator = self._evaluators.get(name)
        if evaluator is None:
            evaluator = AlertEvaluator(load_rules(name), group_wait=self._group_wait)
            self._evaluators[name] = evaluator
            journal = self._journal_for(name) if self._journal_for is not None else None
            if journal is not None:
                self._keep_in(journal, evaluator.history)
        return evaluator

    def _keep_in(self, journal: AlertJournal, history: AlertHistory) -> None:
        """Earlier sessions' alerts from the profile's journal; this one's written to it."""
        self._journals.append(journal)
        history.sink = journal.record

        def loaded(records: list[AlertRecord]) -> None:
            history.add_past(records)
            self.changed.emit()

        self._runner.submit(journal.load, loaded)

    @property
    def rules(self) -> list[Rule]:
        return list(self.evaluator.rules)

    @property
    def history(self) -> AlertHistory:
        return self.evaluator.history

    def start(self, interval_ms: int = INTERVAL_MS) -> None:
        self._interval = interval_ms
        self._timer.start(interval_ms)

    def stop(self) -> None:
        self._timer.stop()
        self._sender.stop()
        for journal in self._journals:
            journal.close(timeout=2.0)
        self._journals.clear()
        self.queues.shutdown()
        self.beat.shutdown()

    # -- what the page and the tray ask ----------------------------------------------------

    def firing(self) -> list[AlertRecord]:
        return self.history.firing()

    def worst(self) -> Severity | None:
        return self.evaluator.worst()

    def connected(self) -> bool:
        return self._connection.status.state.value == CONNECTED

    def set_rules(self, rules: list[Rule]) -> None:
        """Replace the profile's rules (saved at once); alerts follow on the next tick."""
        self.evaluator.set_rules(rules)
        try:
            save_rules(self.profile_name, rules)
        except OSError as exc:
            log.warning("Alert rules of %r not saved: %s", self.profile_name, exc)
        self.changed.emit()

    def update_rule(self, rule: Rule) -> None:
        rules = [rule if r.rule_id == rule.rule_id else r for r in self.rules]
        if all(r.rule_id != rule.rule_id for r in rules):
            rules.append(rule)
        self.set_rules(rules)

    def snooze(self, rule_id: str, seconds: float | None) -> None:
        """Snooze a rule's notifications for ``seconds`` (None: wake it up)."""
        rule = self.evaluator.rule(rule_id)
        if rule is not None:
            until = None if seconds is None else self._clock() + seconds
            self.update_rule(replace(rule, snoozed_until=until))

    def mute(self, rule_id: str, muted: bool) -> None:
        rule = self.evaluator.rule(rule_id)
        if rule is not None:
            self.update_rule(replace(rule, muted=muted))

    def acknowledge(self, record_id: int) -> None:
        if self.history.acknowledge(record_id, self._clock()) is not None:
            self.changed.emit()

    def would_fire(self, rule: Rule) -> list[Observation] | None:
        """What ``rule`` (edited, not saved) sees now, every subject with its numbers."""
        now = self._clock()
        return self.evaluator.would_fire(rule, self.inputs(now), now)

    def inputs(self, now: float) -> AlertInputs:
        """Everything the rules read now; what is not connected is unknown (None)."""
        status = self._connection.status
        connection = ConnectionFacts(
            status.state.value, status.label or self.profile_name, status.message
        )
        if status.state.value != CONNECTED:
            return AlertInputs(connection=connection)
        source = self._hub.status.source
        streaming = source is not None and source.state is SourceState.CONNECTED
        return AlertInputs(
            store=self._hub.store if streaming else None,
            tasks=self.facts if streaming else None,
            queues=self.queues.snapshot,
            beat=self.beat.facts,
            connection=connection,
            pings=self.pinger.facts(),
        )

    # -- the tick ---------------------------------------------------------------------------

    @Slot()
    def _on_timer_timeout(self) -> None:
        started = time.perf_counter()
        done = True
        try:
            done = self._evaluate(slice_ms=SLICE_MS)
        finally:
            cost = (time.perf_counter() - started) * 1000
            self.last_tick_ms = cost
            self.max_tick_ms = max(self.max_tick_ms, cost)
            if done:
                interval = getattr(self, "_interval", INTERVAL_MS)
                pass_ms = (time.perf_counter() - self._pass_started) * 1000
                self._timer.start(max(0, int(interval - pass_ms)))
            else:
                self._timer.start(0)  # after what waits: painting, input, the hub's tick

    def tick(self) -> None:
        """One evaluation of every rule now (tests call it directly; the timer runs the
        same in slices)."""
        self._evaluate(slice_ms=None)

    def _evaluate(self, slice_ms: float | None) -> bool:
        """Evaluate all rules, or with ``slice_ms`` a slice of them; whether a pass ended."""
        now = self._clock()
        store = self._hub.store
        evaluator = self.evaluator
        first = slice_ms is None or not self._mid_pass
        if first:
            self._pass_started = time.perf_counter()
            if now - self._pruned >= PRUNE_EVERY:
                self.facts.prune(now)
                self._pruned = now
            self.facts.note_workers(store, now)
        inputs = self.inputs(now)
        if slice_ms is None:
            tick, done = evaluator.tick(inputs, now), True
        else:
            tick, done = evaluator.tick_slice(inputs, now, slice_ms)
        self._mid_pass = not done
        if first:
            self._poll(evaluator, inputs, now)
        for notification in tick.desktop:
            self._show(notification)
        for notification in tick.webhooks:
            self._send(notification)
        if tick.transitions:
            self.changed.emit()
        if done:
            self.ticked.emit()
        return done

    def _poll(self, evaluator: AlertEvaluator, inputs: AlertInputs, now: float) -> None:
        url = self._connection.url
        rules = [r for r in evaluator.rules if r.enabled]
        if any(isinstance(r.params, QueueBacklog) for r in rules):
            self.queues.poll(url, now)
        if any(isinstance(r.params, BeatCheck) for r in rules):
            self.beat.poll(url, schedule_path(self._profile.profile), now)
        self.pinger.poll(url, evaluator.pings_wanted(inputs, now), now)

    def _show(self, notification: Notification) -> None:
        title = translate("AlertCenter", "{0}: {1}").format(self.profile_name, notification.title)
        titled = replace(notification, title=title)
        try:
            self.notifier.show(titled)
        except Exception:  # a notifier's failure must not stop evaluation
            log.exception("Showing a notification failed")
        self.notified.emit(titled)

    # -- webhooks ------------------------------------------------------------------------------

    def _send(self, notification: Notification) -> None:
        message = WebhookMessage(
            notification.title, notification.body, notification.severity,
            notification.resolved, self.profile_name,
        )  # fmt: skip
        for rule_id in dict.fromkeys(notification.rule_ids):
            rule = self.evaluator.rule(rule_id)
            for webhook in rule.webhooks if rule is not None else ():
                if notification.resolved and not webhook.send_resolved:
                    continue
                self._deliver_with_secrets(
                    rule_id, webhook, message, f"{rule_id}/{webhook.webhook_id}"
                )

    def _deliver_with_secrets(
        self, rule_id: str, webhook: Webhook, message: WebhookMessage, label: str
    ) -> None:
        profile, secrets, sender = self.profile_name, self.secrets, self._sender

        def read() -> WebhookCredentials | None:  # the keychain may block: not here
            return secrets.get(profile, rule_id, webhook.webhook_id)

        def send(credentials: WebhookCredentials | None) -> None:
            if credentials is None or not credentials.url:
                log.warning("Webhook %s has no URL in the keychain; not sent", label)
                return
            sender.submit(Delivery(webhook.kind, credentials, message, label))

        self._runner.submit(read, send)

    def send_test(self, webhook: Webhook, credentials: WebhookCredentials, rule: Rule) -> None:
        """A test message through ``credentials`` (typed in the form, maybe not saved)."""
        message = WebhookMessage(
            translate("AlertCenter", "Test message from Celery Desk"),
            translate("AlertCenter", "Rule {0}: webhooks reach this chat.").format(rule.name),
            rule.severity,
            profile=self.profile_name,
        )
        self._sender.submit(Delivery(webhook.kind, credentials, message, f"{rule.rule_id}/test"))

    @Slot(object)
    def _on_sender_done(self, result: DeliveryResult) -> None:
        self.delivered.emit(result)

    # -- following the store ---------------------------------------------------------------

    @Slot(object)
    def _on_hub_batch_applied(self, changes: ChangeSet) -> None:
        now = self._clock()
        store = self._hub.store
        self.facts.observe(store, changes.inserted, now)
        self.facts.observe(store, changes.updated, now)
        self.facts.forget(changes.removed)

    @Slot()
    def _on_hub_store_reset(self) -> None:
        self.facts.rebuild(self._hub.store, self._clock())

    @Slot(object)
    def _on_profile_changed(self, _profile: object) -> None:
        self.pinger.reset()
        self.changed.emit()
