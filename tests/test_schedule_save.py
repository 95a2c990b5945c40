"""Saving the schedule file: atomic, revision-checked, never read half-written."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from celery_desk_beat.schedule_file import (
    RevisionConflictError,
    ScheduleFileError,
    load_schedule_file,
    save_schedule_file,
)


def entry(**fields: Any) -> dict[str, Any]:
    return {
        "task": "celery_desk_demo.tasks.add",
        "schedule": {"type": "interval", "seconds": 5},
        **fields,
    }


def test_save_is_atomic_bumps_the_revision_and_refuses_lost_updates(tmp_path: Path) -> None:
    path = tmp_path / "schedule.json"
    first = save_schedule_file(path, {"entries": {"a": entry()}}, expected_revision=None)
    assert first.revision == 1 and load_schedule_file(path) == first
    assert load_schedule_file(path).digest == first.digest
    second = save_schedule_file(path, first, expected_revision=1, expected_digest=first.digest)
    assert second.revision == 2
    before = path.read_bytes()
    with pytest.raises(RevisionConflictError, match="revision on disk 2, expected 1"):
        save_schedule_file(path, first, expected_revision=1)
    with pytest.raises(RevisionConflictError):
        save_schedule_file(path, first, expected_revision=None)  # it expected no file
    # A hand edit that kept the revision number is caught by the digest.
    edited = json.loads(before)
    edited["entries"]["a"]["args"] = [9]
    path.write_text(json.dumps(edited))
    with pytest.raises(RevisionConflictError, match="edited in place"):
        save_schedule_file(path, second, expected_revision=2, expected_digest=second.digest)
    forced = save_schedule_file(path, second, expected_revision=None, force=True)
    assert forced.revision == 3
    with pytest.raises(ScheduleFileError):
        save_schedule_file(path, {"entries": {"a": {"task": "t"}}}, expected_revision=3)
    assert load_schedule_file(path).revision == 3  # nothing written
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == ["schedule.json", "schedule.json.lock"]


def test_a_reader_never_sees_half_a_file(tmp_path: Path) -> None:
    path = tmp_path / "schedule.json"
    big = {"entries": {f"e{i}": entry(args=["x" * 200]) for i in range(200)}}
    saved = save_schedule_file(path, big, expected_revision=None)
    stop = threading.Event()
    failures: list[str] = []
    reads = [0]

    def reader() -> None:
        while not stop.is_set():
            try:
                load_schedule_file(path)
                reads[0] += 1
            except ScheduleFileError as exc:
                failures.append(str(exc))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(30):
            saved = save_schedule_file(path, saved, expected_revision=saved.revision)
    finally:
        stop.set()
        thread.join()
    assert failures == [] and reads[0] > 0
    assert load_schedule_file(path).revision == 31


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ScheduleFileError, match="the file does not exist"):
        load_schedule_file(tmp_path / "nope.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{}")
    with pytest.raises(ScheduleFileError, match="not UTF-8 text"):
        load_schedule_file(binary)
