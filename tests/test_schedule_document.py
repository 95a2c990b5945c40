"""The editable schedule document: edits, undo/redo, dirty flag and safe saving; the demo's
sample file and beat preset; the demo app's code-defined schedules as file entries."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from celery_desk_beat.schedule_file import (
    EntrySpec,
    RevisionConflictError,
    ScheduleFileError,
    load_schedule_file,
    save_schedule_file,
)
from desktop.core.processes.presets import (
    DEMO_BEAT,
    FILE_SCHEDULER,
    PresetStore,
    default_schedule_file,
)
from desktop.core.processes.spec import build_command
from desktop.core.schedules.code_import import demo_code_entries
from desktop.core.schedules.document import EditableSchedule
from desktop.core.schedules.sample import SAMPLE_ENTRIES, ensure_sample_schedule

EVERY_MINUTE = {"type": "crontab", **dict.fromkeys(
    ("minute", "hour", "day_of_week", "day_of_month", "month_of_year"), "*"
)}  # fmt: skip


def entry(name: str, **fields: object) -> EntrySpec:
    base = EntrySpec(name=name, task="proj.tasks.x", schedule={"type": "interval", "seconds": 5})
    return replace(base, **fields)  # type: ignore[arg-type]


@pytest.fixture
def sample(tmp_path: Path) -> EditableSchedule:
    path = tmp_path / "schedules.json"
    assert ensure_sample_schedule(path)
    document = EditableSchedule(path)
    document.load()
    return document


def test_edits_undo_and_redo_exactly(sample: EditableSchedule) -> None:
    original = sample.snapshot
    assert sample.names() == list(SAMPLE_ENTRIES) and not sample.dirty
    sample.add(entry("new"))
    sample.replace_entry("new", entry("renamed", args=[1]))
    sample.set_enabled(["hello-every-15s"], False)
    sample.delete(["add-every-minute", "renamed"])
    assert sample.names() == ["hello-every-15s", "weekday-morning"] and sample.dirty
    assert sample.undo_text == "Delete 2 entries"
    assert sample.undo() == "Delete 2 entries"
    assert sample.entry("renamed") == entry("renamed", args=[1])
    assert sample.undo() == "Disable “hello-every-15s”"
    assert sample.entry("hello-every-15s").enabled
    assert sample.redo() == "Disable “hello-every-15s”"
    assert not sample.entry("hello-every-15s").enabled
    while sample.can_undo:
        sample.undo()
    assert sample.snapshot == original and not sample.dirty  # back where it was read
    sample.add(entry("other"))
    assert not sample.can_redo  # a new edit drops what could be redone


def test_duplicate_copies_below_disabled_without_the_id(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    save_schedule_file(path, {"entries": {"a": {**entry("a").to_data(), "id": "a-1"}}}, None)
    document = EditableSchedule(path)
    document.load()
    assert document.duplicate("a") == "a copy"
    assert document.duplicate("a") == "a copy 2"
    copy = document.entry("a copy")
    assert copy is not None and copy.id is None and not copy.enabled
    assert document.names() == ["a", "a copy 2", "a copy"]
    document.save()
    assert list(load_schedule_file(path).entries) == ["a", "a copy 2", "a copy"]


def test_names_and_ids_stay_unique(sample: EditableSchedule) -> None:
    with pytest.raises(ValueError, match="already exists"):
        sample.add(entry("weekday-morning"))
    sample.add(entry("with-id", id="weekday-morning-id"))
    with pytest.raises(ValueError, match="already used"):
        sample.add(entry("again", id="weekday-morning-id"))
    added = sample.add_many([entry("weekday-morning"), entry("fresh", id="with-id")], "Copy")
    assert added == ["weekday-morning 2", "fresh"]
    assert sample.entry("fresh").id is None  # type: ignore[union-attr]  # "with-id" is taken
    assert sample.undo() == "Copy" and "fresh" not in sample.names()


def test_save_writes_the_next_revision_and_clears_dirty(sample: EditableSchedule) -> None:
    sample.set_timezone("Europe/Berlin")
    sample.add(entry("nightly", schedule={**EVERY_MINUTE, "minute": "0", "hour": "3"}))
    saved = sample.save()
    assert saved.revision == 2 and sample.revision == 2 and not sample.dirty
    on_disk = load_schedule_file(sample.path)
    assert (
        on_disk.timezone == "Europe/Berlin" and on_disk.entries["nightly"].schedule["hour"] == "3"
    )
    assert sample.can_undo  # history survives a save; undoing makes it dirty again
    sample.undo()
    assert sample.dirty


def test_save_refuses_a_file_changed_by_someone_else(sample: EditableSchedule) -> None:
    other = EditableSchedule(sample.path)
    other.load()
    other.delete(["weekday-morning"])
    other.save()
    sample.add(entry("mine"))
    with pytest.raises(RevisionConflictError, match="revision on disk 2, expected 1"):
        sample.save()
    assert "weekday-morning" not in load_schedule_file(sample.path).entries  # theirs stands
    sample.load()  # what the page's Reload does
    assert "weekday-morning" not in sample.names() and not sample.can_undo


def test_save_refuses_a_hand_edit_that_kept_the_revision(sample: EditableSchedule) -> None:
    data = json.loads(sample.path.read_text())
    data["entries"]["hello-every-15s"]["args"] = ["edited by hand"]
    sample.path.write_text(json.dumps(data))
    sample.add(entry("mine"))
    with pytest.raises(RevisionConflictError, match="edited in place"):
        sample.save()


def test_a_deleted_file_and_a_new_file(tmp_path: Path, sample: EditableSchedule) -> None:
    sample.path.unlink()
    with pytest.raises(RevisionConflictError, match="deleted"):
        sample.save()
    fresh = EditableSchedule(tmp_path / "new" / "schedule.json")
    fresh.load()
    assert fresh.revision is None and fresh.load_error is None and fresh.names() == []
    fresh.add(entry("first"))
    fresh.path.parent.mkdir()
    assert fresh.save().revision == 1


def test_an_unreadable_file_is_read_only_until_fixed(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        '{"revision": 4, "entries": {"a": {"task": "x", "schedule": {"type": "weekly"}}}}'
    )
    document = EditableSchedule(path)
    document.load()
    assert document.read_only and document.revision == 4
    assert isinstance(document.load_error, ScheduleFileError)
    assert "unknown schedule type 'weekly'" in document.load_error.error.one_line()
    with pytest.raises(PermissionError):
        document.add(entry("b"))
    with pytest.raises(PermissionError):
        document.save()


def test_an_invalid_document_is_not_written(sample: EditableSchedule) -> None:
    before = sample.path.read_bytes()
    sample.add(entry("broken", schedule={"type": "interval", "seconds": -1}))
    with pytest.raises(ScheduleFileError, match="must be at least 1 second"):
        sample.save()
    assert sample.path.read_bytes() == before and sample.dirty


def test_the_sample_is_written_once_and_never_over_a_users_file(tmp_path: Path) -> None:
    path = tmp_path / "schedules.json"
    assert ensure_sample_schedule(path) and not ensure_sample_schedule(path)
    document = load_schedule_file(path)
    assert document.entries["hello-every-15s"].args == ["hello from the schedule file"]
    assert document.entries["add-every-minute"].schedule == EVERY_MINUTE
    path.write_text("not json")
    assert not ensure_sample_schedule(path) and path.read_text() == "not json"


def test_the_demo_beat_preset_runs_the_file_scheduler(app_home: Path) -> None:
    spec = PresetStore(app_home / "presets.json").get(DEMO_BEAT)
    assert spec is not None and spec.scheduler == FILE_SCHEDULER
    assert spec.schedule_path == str(default_schedule_file())
    assert default_schedule_file().is_relative_to(app_home)
    args = build_command(spec, "redis://127.0.0.1:1/0").args
    assert args[args.index("--scheduler") + 1] == FILE_SCHEDULER
    assert args[args.index("--schedule") + 1] == spec.schedule_path


def test_code_defined_schedules_become_file_entries() -> None:
    found = {item.name: item for item in demo_code_entries()}
    assert set(found) == {"add-every-30-seconds", "say hello every 10 s", "happy mondays"}
    mondays = found["happy mondays"].spec
    assert mondays is not None and mondays.args == ["Happy Mondays!"]
    assert (mondays.schedule["minute"], mondays.schedule["hour"]) == ("30", "7")
    assert mondays.schedule["day_of_week"] == "1"
    every = found["add-every-30-seconds"].spec
    assert every is not None and every.schedule == {"type": "interval", "seconds": 30}
