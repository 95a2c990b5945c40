"""Alert history kept in the profile's journal: written off the caller's thread, read back
by the next session, in the same SQLite file as the task journal, which stays usable."""

from __future__ import annotations

from pathlib import Path

from desktop.core.alerts.alert_journal import AlertJournal
from desktop.core.alerts.engine import EngineState, step
from desktop.core.alerts.history import AlertHistory
from desktop.core.alerts.inputs import AlertInputs, ConnectionFacts
from desktop.core.alerts.links import LinkPage
from desktop.core.alerts.rules import BrokerDown, Rule, Severity
from desktop.core.history.schema import SCHEMA_VERSION, open_for_reading

DOWN = AlertInputs(connection=ConnectionFacts("failed", "Prod", "Connection refused"))
UP = AlertInputs(connection=ConnectionFacts("connected", "Prod"))


def test_alerts_outlive_the_session_in_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "journals" / "Prod.sqlite3"
    journal = AlertJournal(path)
    rules = [Rule("down", "Broker down", BrokerDown(), severity=Severity.CRITICAL),
             Rule("down2", "Also down", BrokerDown())]  # fmt: skip
    by_id = {r.rule_id: r for r in rules}
    history = AlertHistory(sink=journal.record)
    state = EngineState()
    for inputs, now in ((DOWN, 100.0), (UP, 160.0), (DOWN, 200.0)):
        result = step(rules, inputs, state, now)
        state = result.state
        history.apply(result.transitions, by_id)
    still = history.firing()[0]
    history.acknowledge(still.record_id, 210.0)
    journal.close()
    assert journal.failed is None

    later = AlertHistory()
    later.add_past(AlertJournal(path).load())
    records = list(later)  # newest first
    assert [(r.rule_name, r.fired_at, r.resolved_at) for r in records] == [
        ("Also down", 200.0, records[0].resolved_at),
        ("Broker down", 200.0, records[1].resolved_at),
        ("Also down", 100.0, 160.0),
        ("Broker down", 100.0, 160.0),
    ]
    assert all(not r.firing for r in records)  # nothing fires before this session says so
    assert {r.acknowledged_at for r in records[:2]} == {None, 210.0}
    oldest = records[-1]
    assert oldest.severity is Severity.CRITICAL and "Connection refused" in oldest.why
    assert oldest.link is not None and oldest.link.page is LinkPage.DASHBOARD
    reader = open_for_reading(path)  # the task journal's own reader still opens the file
    try:
        assert reader.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert reader.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0
        assert reader.execute("SELECT count(*) FROM alerts").fetchone()[0] == 4
    finally:
        reader.close()


def test_a_journal_that_cannot_be_opened_leaves_history_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    journal = AlertJournal(blocker / "Prod.sqlite3")
    history = AlertHistory(sink=journal.record)
    rules = {"down": Rule("down", "Broker down", BrokerDown())}
    history.apply(step(rules.values(), DOWN, EngineState(), 1.0).transitions, rules)
    journal.close()
    assert journal.failed is not None and len(history) == 1
    assert AlertJournal(blocker / "Prod.sqlite3").load() == []
