"""The Schedules view offscreen: the entry model, the editor producing a file beat accepts,
undo, save conflicts, and a real beat applying (or rejecting) what the page saves."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import redis
from PySide6.QtCore import Qt, QTime
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from celery_desk_beat.beat_state import RunState, read_run_states
from celery_desk_beat.schedule_file import EntrySpec, load_schedule_file, save_schedule_file
from desktop.core.events.store import EventStore
from desktop.core.project.config import DEMO_PROJECT
from desktop.core.project.facts import ProjectFacts, read_project_facts
from desktop.core.schedules.presets import PresetKind
from desktop.core.schedules.sample import ensure_sample_schedule
from desktop.ui.background import BackgroundRunner
from desktop.ui.schedules.crontab_form import CrontabForm
from desktop.ui.schedules.entry_model import Column, EntryTableModel
from desktop.ui.schedules.schedules_page import SchedulesPage
from tests.support.beat_procs import interval_entry, start_file_beat, write_raw
from tests.support.celery_procs import start_desk_worker
from tests.support.redis_server import RedisServer
from tests.support.synthetic_events import task_lifecycle


def make_page(
    qtbot: QtBot,
    runner: BackgroundRunner,
    path: Path,
    url: str | None = None,
    facts: Callable[[], ProjectFacts] | None = None,
) -> SchedulesPage:
    page = SchedulesPage(
        runner, lambda: url, path, facts_provider=facts, default_timezone="Europe/Berlin"
    )
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    return page


def select(page: SchedulesPage, name: str) -> None:
    page.table.setCurrentIndex(page.model.index(page.model.row_of(name), 0))
    assert page.editor.entry is not None and page.editor.entry.name == name


def crontab_form(page: SchedulesPage) -> CrontabForm:
    form = page.editor.current_form()
    assert isinstance(form, CrontabForm)
    return form


def set_field(qtbot: QtBot, form: CrontabForm, field: str, text: str) -> None:
    edit = form.fields[field]
    edit.clear()
    QTest.keyClicks(edit, text)


# -- the model ---------------------------------------------------------------------------------


def test_entry_model_joins_run_state_and_outcomes(qapp: object, qtmodeltester: object) -> None:
    store = EventStore()
    ok, failed, unseen = "11111111-a", "22222222-b", "33333333-c"
    store.apply(task_lifecycle(ok, 100.0, name="celery_desk_demo.tasks.add"))
    store.apply(task_lifecycle(failed, 200.0, name="celery_desk_demo.tasks.add", outcome="failed"))

    def lookup(task_id: str) -> str | None:
        record = store.get(task_id)
        return record.state if record else None

    model = EntryTableModel(lookup)
    now = datetime(2026, 6, 1, 12, 0, 30, tzinfo=UTC)
    model.set_clock(lambda: now)
    entries = [
        EntrySpec(
            "adds", "celery_desk_demo.tasks.add", {"type": "interval", "seconds": 60}, [2, 3]
        ),
        EntrySpec(
            "off", "celery_desk_demo.tasks.test", {"type": "crontab", **_stars()}, enabled=False
        ),
    ]
    model.set_entries(entries, "UTC")
    due = now - timedelta(seconds=20)
    model.set_run_states({"adds": RunState(due, 7, "", due, (failed, ok, unseen))})
    qtmodeltester.check(model)  # type: ignore[attr-defined]

    def text(row: int, column: Column) -> str:
        return str(model.data(model.index(row, column)))

    assert text(0, Column.SCHEDULE) == "Every minute"
    assert text(0, Column.NEXT) == "12:01:10"  # the last due time + 60 s
    assert text(0, Column.LAST) == "12:00:10" and text(0, Column.RUNS) == "7"
    assert text(0, Column.OUTCOMES) == "· ✓ ✗"  # oldest to newest; unseen is not in the store
    assert "22222222-b: FAILURE" in str(model.data(model.index(0, Column.OUTCOMES), 3))
    assert text(1, Column.NEXT) == "disabled" and text(1, Column.RUNS) == "0"
    toggled: list[tuple[str, bool]] = []
    model.enabled_toggled.connect(lambda name, on: toggled.append((name, on)))
    model.setData(
        model.index(1, Column.ENABLED), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert toggled == [("off", True)]
    model.note_run_now("off", "44444444-d")
    assert text(1, Column.OUTCOMES) == "·"


def _stars() -> dict[str, str]:
    return dict.fromkeys(("minute", "hour", "day_of_week", "day_of_month", "month_of_year"), "*")


# -- the editor --------------------------------------------------------------------------------


def test_editor_fills_a_crontab_shows_errors_at_the_field_and_saves_a_valid_file(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    path = tmp_path / "schedules.json"
    ensure_sample_schedule(path)
    page = make_page(qtbot, runner, path)
    select(page, "add-every-minute")
    form = crontab_form(page)
    assert form.preset_buttons[PresetKind.EVERY_MINUTE].isChecked()

    form.at_time.setTime(QTime(6, 45))
    form.weekday.setCurrentIndex(5)
    QTest.mouseClick(form.preset_buttons[PresetKind.WEEKLY], Qt.MouseButton.LeftButton)
    assert form.texts() == dict(
        minute="45", hour="6", day_of_week="fri", day_of_month="*", month_of_year="*"
    )
    assert form.preset_buttons[PresetKind.WEEKLY].isChecked()
    page.editor.refresh_now()
    preview = page.editor.preview
    assert preview.words.plain() == "At 06:45 every Friday (Europe/Berlin time)"
    assert preview.description is not None
    assert preview.description.zh == "每周五 06:45（Europe/Berlin 时间）"  # in the tooltip
    assert preview.description.zh in preview.words.toolTip()
    assert preview.preview is not None and len(preview.preview.runs) == 10
    assert all(
        run.at.weekday() == 4 and f"{run.at:%H:%M}" == "06:45" for run in preview.preview.runs
    )

    set_field(qtbot, form, "day_of_week", "7")
    page.editor.refresh_now()
    assert "7 is not a day of the week in Celery; Sunday is 0" in page.editor.field_error(
        "schedule.day_of_week"
    )
    assert form.errors["day_of_week"].isVisible()
    assert page.editor.field_error("schedule.minute") == ""
    assert preview.title.text().startswith("No preview: day_of_week")
    assert not page.editor.apply()

    set_field(qtbot, form, "day_of_week", "*")
    set_field(qtbot, form, "day_of_month", "31")
    set_field(qtbot, form, "month_of_year", "2")
    page.editor.refresh_now()
    assert "Celery rejects it" in page.editor.field_error("schedule.day_of_month")

    set_field(qtbot, form, "day_of_month", "13")
    set_field(qtbot, form, "month_of_year", "*")
    set_field(qtbot, form, "day_of_week", "fri")
    page.editor.args.setText("[2,")
    page.editor.refresh_now()
    assert page.editor.field_error("args").startswith("not valid JSON")
    page.editor.args.setText("[20, 22]")
    page.editor.refresh_now()
    assert page.editor.field_error("args") == ""
    assert "AND" in preview.words.plain() and "同时满足" in preview.words.toolTip()

    page.toolbar_actions.save.trigger()  # applies the pending edit, then writes off the GUI thread
    qtbot.waitUntil(lambda: "Saved revision 2" in page.banner.message_text(), timeout=5000)
    saved = load_schedule_file(path).entries["add-every-minute"]  # what beat will load
    assert saved.args == [20, 22]
    assert saved.schedule == {
        "type": "crontab", "minute": "45", "hour": "6", "day_of_week": "fri",
        "day_of_month": "13", "month_of_year": "*",
    }  # fmt: skip
    assert not page.has_unsaved_changes()


def test_delete_undo_duplicate_enable_and_copying_code_entries(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    path = tmp_path / "schedules.json"
    ensure_sample_schedule(path)
    page = make_page(qtbot, runner, path, facts=lambda: read_project_facts(DEMO_PROJECT))
    select(page, "weekday-morning")
    page.toolbar_actions.delete.trigger()
    assert "weekday-morning" not in page.document.names()
    assert "Deleted “weekday-morning”" in page.banner.message_text()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the shortcut
    assert page.document.names() == ["hello-every-15s", "add-every-minute", "weekday-morning"]
    assert not page.document.dirty

    select(page, "hello-every-15s")
    page.toolbar_actions.duplicate.trigger()
    assert page.current_name() == "hello-every-15s copy"
    copy = page.document.entry("hello-every-15s copy")
    assert copy is not None and not copy.enabled and copy.args == ["hello from the schedule file"]
    page.toolbar_actions.enable.trigger()
    assert page.document.entry("hello-every-15s copy").enabled  # type: ignore[union-attr]
    index = page.model.index(page.model.row_of("hello-every-15s"), Column.ENABLED)
    page.model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not page.document.entry("hello-every-15s").enabled  # type: ignore[union-attr]
    undo = page.toolbar_actions.undo
    assert undo.text() == "Undo" and undo.toolTip().startswith("Undo: Disable “hello-every-15s”")

    page.toolbar_actions.new.trigger()
    assert page.current_name() == "new-entry" and page.editor.name.hasFocus()
    qtbot.waitUntil(page.toolbar_actions.import_code.isEnabled)  # read off the GUI thread
    assert page.code_section.tree.topLevelItemCount() == 3
    page.toolbar_actions.import_code.trigger()
    assert {"add-every-30-seconds", "happy mondays"} <= set(page.document.names())
    page.toolbar_actions.save.trigger()
    qtbot.waitUntil(lambda: not page.has_unsaved_changes(), timeout=5000)
    assert "happy mondays" in load_schedule_file(path).entries


def test_a_save_over_someone_elses_change_is_refused_and_offers_reload(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    path = tmp_path / "schedules.json"
    ensure_sample_schedule(path)
    page = make_page(qtbot, runner, path)
    page.toolbar_actions.new.trigger()  # an unsaved edit
    data = json.loads(path.read_text())
    del data["entries"]["weekday-morning"]
    save_schedule_file(path, data, 1)  # another window saved revision 2
    page.toolbar_actions.save.trigger()
    qtbot.waitUntil(lambda: "Not saved" in page.banner.message_text(), timeout=5000)
    assert "changed since it was read" in page.banner.message_text()
    assert "reload" in page.banner.text().lower()
    assert load_schedule_file(path).revision == 2 and page.has_unsaved_changes()
    page.banner.action_requested.emit("reload")
    assert page.document.names() == ["hello-every-15s", "add-every-minute"]
    assert page.document.revision == 2 and not page.has_unsaved_changes()


# -- with a real beat ---------------------------------------------------------------------------


def envelopes(client: redis.Redis) -> list[dict[str, Any]]:
    """The task messages waiting on the default queue: headers, entry name and args."""
    found = []
    for raw in cast(list[bytes], client.lrange("celery", 0, -1)):
        envelope = json.loads(raw)
        args = json.loads(base64.b64decode(envelope["body"]))[0]
        headers = envelope["headers"]
        found.append({"headers": headers, "entry": headers.get("celery_desk_entry"), "args": args})
    return found


def test_the_beat_status_follows_saves_and_rejections_of_a_real_beat(
    qtbot: QtBot, runner: BackgroundRunner, redis_server: RedisServer, tmp_path: Path
) -> None:
    path = tmp_path / "schedules.json"
    fast = interval_entry(1, "tick")  # the shortest interval beat keeps
    save_schedule_file(path, {"entries": {"fast": fast, "slow": interval_entry(3600, "x")}}, None)
    client = redis_server.client()
    beat = start_file_beat(redis_server.url, tmp_path / "beat.log", path)
    try:
        page = make_page(qtbot, runner, path, redis_server.url)
        verdict = page.beat_status.verdict_text
        qtbot.waitUntil(lambda: "Beat applied revision 1 (the file)" in verdict(), timeout=20000)

        select(page, "slow")
        page.editor.args.setText('["edited"]')
        page.toolbar_actions.save.trigger()
        qtbot.waitUntil(lambda: "Beat applied revision 2 (your save)" in verdict(), timeout=10000)

        # the run state names each message's task id: the key to its outcome in the events
        qtbot.waitUntil(lambda: page.model.data(page.model.index(0, Column.RUNS)) not in ("0", "1"))
        states = read_run_states(client, path)
        sent_ids = {m["headers"]["id"] for m in envelopes(client) if m["entry"] == "fast"}
        assert states["fast"].task_ids and set(states["fast"].task_ids) <= sent_ids

        page.toolbar_actions.run_now.trigger()  # "slow" is selected
        qtbot.waitUntil(
            lambda: "Sent celery_desk_demo.tasks.test" in page.banner.message_text(), timeout=10000
        )
        manual = [m for m in envelopes(client) if m["headers"].get("celery_desk_run_now")]
        assert [(m["headers"]["celery_desk_entry"], m["args"]) for m in manual] == [
            ("slow", ["edited"])
        ]

        bad = {
            "revision": 3,
            "entries": {"fast": {**fast, "schedule": {"type": "crontab", "day_of_week": "7"}}},
        }
        time.sleep(0.05)  # a different mtime for the hand edit
        write_raw(path, bad)
        qtbot.waitUntil(lambda: "Beat rejected revision 3" in verdict(), timeout=10000)
        assert (
            "field 'schedule.day_of_week'" in verdict() and "keeps running revision 2" in verdict()
        )
        qtbot.waitUntil(lambda: "cannot be used" in page.banner.message_text(), timeout=5000)
        assert page.document.read_only and not page.toolbar_actions.new.isEnabled()
        page.shutdown()
    finally:
        beat.stop()
        client.close()


def test_the_task_list_offers_what_the_workers_registered(
    qtbot: QtBot, runner: BackgroundRunner, redis_server: RedisServer, tmp_path: Path
) -> None:
    path = tmp_path / "schedules.json"
    ensure_sample_schedule(path)
    # a queue of its own, so the worker leaves the schedule's messages alone
    with start_desk_worker(redis_server.url, tmp_path / "worker.log", "-Q", "elsewhere") as worker:
        worker.wait_ready()
        page = make_page(qtbot, runner, path, redis_server.url)  # asks the workers when shown
        task = page.editor.task
        qtbot.waitUntil(lambda: task.findText("celery_desk_demo.tasks.slow") >= 0, timeout=10000)
        assert task.findText("celery_desk_demo.tasks.flaky") >= 0  # registered, in no schedule
        select(page, "add-every-minute")
        assert task.currentText() == "celery_desk_demo.tasks.add"
        task.setCurrentText("proj.tasks.not_registered")  # free text is allowed
        page.editor.refresh_now()
        assert page.editor.field_error("task") == ""
        page.shutdown()
