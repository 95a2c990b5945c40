"""The entry editor keeps what the user typed (issue #12): no action drops unapplied edits,
the preview never lists a past time, the crontab form's "at / on / day" inputs apply as
they change, a Weekdays preset, and a long error never widens the form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from celery_desk_beat.beat_state import RunState
from desktop.core.schedules.presets import PresetKind
from desktop.core.schedules.remote import BeatSnapshot
from desktop.ui.background import BackgroundRunner
from desktop.ui.schedules.entry_model import Column
from desktop.ui.schedules.schedules_page import SchedulesPage
from tests.support.clipping import clipped_texts
from tests.support.schedule_pages import (
    click_row,
    crontab_form,
    sample_page,
    select,
    selected_rows,
    type_time,
)

EDITED = '["edited"]'


def _editing(page: SchedulesPage, name: str, args: str) -> bool:
    entry = page.editor.entry
    return (
        entry is not None
        and entry.name == name
        and page.editor.args.text() == args
        and page.editor.pending
    )


def _stored_args(page: SchedulesPage, name: str) -> list[object]:
    entry = page.document.entry(name)
    assert entry is not None
    return list(entry.args)


# -- pending edits ---------------------------------------------------------------------------------


def test_the_time_zone_facts_a_snapshot_and_reload_keep_unapplied_edits(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    page = sample_page(qtbot, runner, tmp_path)
    select(page, "weekday-morning")
    page.editor.args.setText(EDITED)
    assert page.editor.pending and page.editor.apply_button.isEnabled()

    index = page.timezone.findData("Asia/Shanghai")
    page.timezone.setCurrentIndex(index)
    page.timezone.activated.emit(index)  # what choosing it in the list does
    assert page.document.timezone == "Asia/Shanghai"
    assert _editing(page, "weekday-morning", EDITED)
    page.editor.refresh_now()
    assert "Asia/Shanghai" in page.editor.preview.title.plain()  # only the zone moved

    page.set_project_timezone("America/New_York")  # the project's facts arrive
    page.beat_status.snapshot_read.emit(BeatSnapshot())  # beat's run states arrive
    assert _editing(page, "weekday-morning", EDITED)

    page.toolbar_actions.reload.trigger()  # asks first: the banner offers to discard
    assert "drops your unsaved changes" in page.banner.message_text()
    assert _editing(page, "weekday-morning", EDITED)

    page.toolbar_actions.save.trigger()  # applies the edits, then writes
    qtbot.waitUntil(lambda: not page.has_unsaved_changes(), timeout=5000)
    assert _stored_args(page, "weekday-morning") == ["edited"]


def test_undo_takes_back_unapplied_edits_and_redo_brings_them_back(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    page = sample_page(qtbot, runner, tmp_path)
    actions = page.toolbar_actions
    select(page, "hello-every-15s")
    actions.disable.trigger()
    actions.undo.trigger()
    assert actions.redo.isEnabled()  # "Disable" can be redone
    page.editor.args.setText(EDITED)
    assert not actions.redo.isEnabled()  # redoing would drop the edits: Apply or Revert first
    assert actions.undo.isEnabled() and "unapplied" in actions.undo.toolTip()

    actions.undo.trigger()  # the edits were the last change: they are what it undoes
    assert not page.editor.pending and page.editor.args.text() != EDITED
    assert _stored_args(page, "hello-every-15s") == ["hello from the schedule file"]
    actions.redo.trigger()
    assert _stored_args(page, "hello-every-15s") == ["edited"]
    assert page.editor.args.text() == EDITED and not page.editor.pending

    page.editor.args.setText("[1,")  # not JSON: undo cannot apply it, so it keeps it
    actions.undo.trigger()
    assert _editing(page, "hello-every-15s", "[1,")
    assert "has errors" in page.banner.message_text()
    assert page.editor.field_error("args").startswith("not valid JSON")


def test_moving_to_another_entry_applies_valid_edits_and_stays_on_invalid_ones(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    page = sample_page(qtbot, runner, tmp_path)
    click_row(page, "hello-every-15s")
    page.editor.args.setText("[1,")
    click_row(page, "add-every-minute")
    assert _editing(page, "hello-every-15s", "[1,")  # still there, errors at the field
    assert page.current_name() == "hello-every-15s"
    qtbot.waitUntil(lambda: selected_rows(page) == [page.model.row_of("hello-every-15s")])
    assert "has errors" in page.banner.message_text()

    index = page.model.index(page.model.row_of("weekday-morning"), Column.ENABLED)
    page.model.setData(index, 0, 10)  # unticking another entry's Enabled box waits too
    assert page.document.entry("weekday-morning").enabled  # type: ignore[union-attr]
    assert _editing(page, "hello-every-15s", "[1,")

    page.editor.args.setText("[1]")
    click_row(page, "add-every-minute")
    assert _stored_args(page, "hello-every-15s") == [1]  # applied on the way
    assert page.editor.entry is not None and page.editor.entry.name == "add-every-minute"
    assert page.current_name() == "add-every-minute"
    assert selected_rows(page) == [page.model.row_of("add-every-minute")]

    page.editor.args.setText("[7]")  # deleting another entry applies the edits first
    select_only = page.table.selectionModel()
    select_only.clearSelection()
    page.table.selectRow(page.model.row_of("weekday-morning"))
    assert page.selected_names() == ["weekday-morning"]
    page.toolbar_actions.delete.trigger()
    assert page.document.names() == ["hello-every-15s", "add-every-minute"]
    assert _stored_args(page, "add-every-minute") == [7]


# -- the preview moves on --------------------------------------------------------------------------


def test_the_interval_preview_never_lists_a_past_time(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    page = sample_page(qtbot, runner, tmp_path)
    now = [datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)]
    preview = page.editor.preview
    preview.clock = lambda: now[0]
    select(page, "hello-every-15s")  # every 15 s, never run: first one interval from now
    page.editor.refresh_now()
    assert preview.preview is not None
    assert preview.preview.runs[0].utc == now[0] + timedelta(seconds=15)
    first_line = preview.run_lines()[0]

    now[0] += timedelta(seconds=40)  # the listed runs pass
    qtbot.waitUntil(
        lambda: preview.preview is not None and preview.preview.runs[0].utc > now[0],
        timeout=3000,
    )
    assert all(run.utc > now[0] for run in preview.preview.runs)
    assert preview.run_lines()[0] != first_line

    last = now[0] - timedelta(seconds=5)  # beat ran it: the next runs count from that
    runs = {"hello-every-15s": RunState(last, 3, "", last, ())}
    page.beat_status.snapshot_read.emit(BeatSnapshot(runs=runs))
    qtbot.waitUntil(
        lambda: (
            preview.preview is not None
            and preview.preview.runs[0].utc == last + timedelta(seconds=15)
        ),
        timeout=3000,
    )


# -- the crontab form's presets --------------------------------------------------------------------


def test_at_on_and_day_rewrite_the_active_preset_as_they_change(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    page = sample_page(qtbot, runner, tmp_path)
    select(page, "add-every-minute")
    form = crontab_form(page)
    assert form.active_preset() is PresetKind.EVERY_MINUTE
    assert not form.at_time.isEnabled()  # every minute reads none of them

    form.preset_buttons[PresetKind.DAILY].click()
    assert form.texts()["hour"] == "9" and form.at_time.isEnabled()
    assert not form.weekday.isEnabled() and not form.month_day.isEnabled()
    type_time(qtbot, form, "0745")  # typed digits count at once
    assert form.at_time.time() == QTime(7, 45)
    assert (form.texts()["minute"], form.texts()["hour"]) == ("45", "7")
    assert form.preset_buttons[PresetKind.DAILY].isChecked() and page.editor.pending

    form.preset_buttons[PresetKind.WEEKDAYS].click()
    assert form.texts() == dict(
        minute="45", hour="7", day_of_week="mon-fri", day_of_month="*", month_of_year="*"
    )
    assert form.preset_buttons[PresetKind.WEEKDAYS].isChecked()
    page.editor.refresh_now()
    assert page.editor.preview.words.plain().startswith("At 07:45 on Monday through Friday")
    assert all(run.at.weekday() < 5 for run in page.editor.preview.preview.runs)  # type: ignore[union-attr]

    form.preset_buttons[PresetKind.WEEKLY].click()
    form.weekday.setCurrentIndex(5)
    assert form.texts()["day_of_week"] == "fri"
    form.preset_buttons[PresetKind.MONTHLY].click()
    form.month_day.setValue(15)
    assert (form.texts()["day_of_month"], form.texts()["day_of_week"]) == ("15", "*")
    form.preset_buttons[PresetKind.HOURLY].click()
    form.at_time.setTime(QTime(10, 20))
    assert (form.texts()["minute"], form.texts()["hour"]) == ("20", "*")

    form.fields["hour"].setText("9-17")  # no preset: the inputs wait for a preset button
    assert form.active_preset() is None and form.weekday.isEnabled()
    form.at_time.setTime(QTime(6, 5))
    assert (form.texts()["minute"], form.texts()["hour"]) == ("20", "9-17")


def test_the_weekdays_preset_is_recognized_when_an_entry_loads(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    page = sample_page(qtbot, runner, tmp_path)
    select(page, "weekday-morning")  # 30 9 mon-fri
    form = crontab_form(page)
    assert form.preset_buttons[PresetKind.WEEKDAYS].isChecked()
    assert form.at_time.time() == QTime(9, 30) and not page.editor.pending


# -- errors wrap -----------------------------------------------------------------------------------


def test_a_long_error_wraps_instead_of_widening_the_editor(
    qtbot: QtBot, runner: BackgroundRunner, tmp_path: Path
) -> None:
    page = sample_page(qtbot, runner, tmp_path)
    select(page, "weekday-morning")
    editor = page.editor
    before = editor.body.minimumSizeHint().width()
    form = crontab_form(page)
    form.fields["minute"].setText("x" * 70)  # its message quotes it: one long word
    form.fields["month_of_year"].setText("m" * 70)
    editor.refresh_now()
    assert "is not a number 0-59" in editor.field_error("schedule.minute")
    assert "jan..dec" in editor.field_error("schedule.month_of_year")
    qtbot.wait(50)  # the layout settles
    assert editor.body.minimumSizeHint().width() <= before
    assert editor.body.width() <= editor.form_scroll.viewport().width()
    assert clipped_texts(page) == []
