"""Generated schedule files, hostile ones included, against one real ``celery beat``: every
file is either applied or rejected with a reason in beat's published status within 2 s.

The number of examples is bounded (each waits for a real beat to read a file): the suite
must stay fast. Examples are derandomized, so CI runs the same files every time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from hypothesis import event, given, settings

from celery_desk_beat.atomic_file import revision_in
from tests.support.beat_procs import (
    VERDICT_SECONDS,
    WatchedBeat,
    verdict,
    wait_until,
    watched_beat,
)
from tests.support.hostile import HOSTILE, raw_files
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def beat(redis_mod: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WatchedBeat]:
    with watched_beat(redis_mod.url, tmp_path_factory.mktemp("generated-files")) as running:
        yield running


@settings(HOSTILE, max_examples=25)
@given(raw=raw_files)
def test_every_generated_file_is_applied_or_rejected_with_a_reason_within_2_s(
    beat: WatchedBeat, raw: bytes
) -> None:
    written = beat.write(raw)
    started = time.monotonic()
    status = wait_until(
        lambda: verdict(beat.client, beat.path, written), 10, "a verdict", beat.process
    )
    took = time.monotonic() - started
    assert took < VERDICT_SECONDS, f"the verdict took {took:.2f} s"
    rejection = status["rejection"]
    event("applied" if rejection is None else "rejected")  # --hypothesis-show-statistics
    if rejection is None:
        assert status["file_ok"] and status["revision"] == revision_in(written)
    else:
        assert status["file_ok"] is False and rejection["message"] and rejection["detail"]
        assert rejection["file_revision"] == revision_in(written)
