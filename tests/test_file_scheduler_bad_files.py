"""Every file a real beat cannot apply ends in a published rejection that says why, within
2 seconds, and beat goes on sending the last good revision; nothing at the schedule path
(a directory, a named pipe) can stop or block it.

One ``celery beat`` process on one schedule file for the whole module; each test replaces
the file and waits for the status to name exactly that content.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from celery_desk_beat.beat_state import read_beat_status
from tests.support.beat_procs import (
    VERDICT_SECONDS,
    WatchedBeat,
    queued,
    rejected_since,
    wait_until,
    watched_beat,
)
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def beat(redis_mod: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WatchedBeat]:
    with watched_beat(redis_mod.url, tmp_path_factory.mktemp("bad-files")) as running:
        yield running


def _file(schedule: str, name: str = "bad") -> bytes:
    """A file holding one entry with ``schedule`` written as raw JSON text."""
    entry = f'{{"task": "celery_desk_demo.tasks.test", "schedule": {schedule}}}'
    return f'{{"revision": 7, "entries": {{{json.dumps(name)}: {entry}}}}}'.encode()


BAD_FILES = {
    # (raw file, field named, words of the reason)
    "seconds of 400 digits": (
        _file('{"type": "interval", "seconds": 1' + "0" * 400 + "}"),
        "schedule.seconds",
        "outside",
    ),
    "latitude of 400 digits": (
        _file('{"type": "solar", "event": "sunset", "lat": 1' + "0" * 400 + ', "lon": 0}'),
        "schedule.lat",
        "outside",
    ),
    "a crontab step of 5,000 digits": (
        _file('{"type": "crontab", "minute": "*/' + "9" * 5000 + '"}'),
        "schedule.minute",
        "step",
    ),
    "a lone surrogate in a name": (
        _file('{"type": "interval", "seconds": 60}', name="\ud800"),
        None,
        "lone surrogate",
    ),
    "an interval of 1e-7 s": (
        _file('{"type": "interval", "seconds": 1e-7}'),
        "schedule.seconds",
        "at least 1 second",
    ),
    "arrays nested 100,000 deep": (
        b'{"revision": 7, "entries": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        None,
        "nested too deeply",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_file_beat_cannot_apply_is_rejected_with_its_reason_and_the_last_good_one_runs(
    beat: WatchedBeat, case: str
) -> None:
    running = beat.apply_good(case)
    raw, field, words = BAD_FILES[case]
    sent_before = len(queued(beat.client))
    status = beat.wait_verdict(beat.write(raw))
    rejection = status["rejection"]
    assert status["file_ok"] is False and words in rejection["message"], rejection
    assert rejection["field"] == field
    assert rejection["file_revision"] == (7 if b"[[[" not in raw else None)
    assert status["revision"] == running["revision"] and status["digest"] == running["digest"]
    time.sleep(0.6)  # nothing of the rejected file is sent (1e-7 s sent thousands a second)
    assert len(queued(beat.client)) == sent_before


def _heartbeats_go_on(beat: WatchedBeat) -> None:
    first = read_beat_status(beat.client, beat.path)
    assert first is not None
    wait_until(
        lambda: (
            (read_beat_status(beat.client, beat.path) or {}).get("heartbeat", 0)
            > first["heartbeat"]
        ),
        VERDICT_SECONDS,
        "a newer heartbeat",
        beat.process,
    )


@pytest.mark.parametrize(
    ("make", "words"),
    [(Path.mkdir, "is a directory, not a regular file"), (os.mkfifo, "is a named pipe")],
    ids=["directory", "named pipe"],
)
def test_a_directory_or_a_named_pipe_at_the_path_is_rejected_without_blocking_beat(
    beat: WatchedBeat, make: Any, words: str
) -> None:
    beat.apply_good(words)
    beat.path.unlink()
    replaced = time.time()
    make(beat.path)
    try:
        started = time.monotonic()
        wait_until(
            lambda: rejected_since(beat.client, beat.path, replaced, words),
            10,
            f"a rejection saying {words!r}",
            beat.process,
        )
        assert time.monotonic() - started < VERDICT_SECONDS
        _heartbeats_go_on(beat)
    finally:
        if beat.path.is_dir():
            beat.path.rmdir()
    # A regular file again (os.replace over the pipe): read and applied as usual.
    status = beat.apply_good("back")
    assert status["rejection"] is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_rejected_with_its_reason(beat: WatchedBeat) -> None:
    beat.apply_good("readable")
    beat.path.chmod(0)
    replaced = time.time()
    try:
        os.utime(beat.path)  # a change beat notices
        wait_until(
            lambda: rejected_since(beat.client, beat.path, replaced, "Permission denied"),
            VERDICT_SECONDS,
            "a rejection for permission",
            beat.process,
        )
        _heartbeats_go_on(beat)
    finally:
        beat.path.chmod(0o644)
