"""Child output lines (splitting, bound, levels, search) and the restart backoff policy."""

from __future__ import annotations

import pytest

from desktop.core.processes.backoff import BackoffPolicy, RestartTracker
from desktop.core.processes.logs import LogBuffer, LogLevel, Stream, detect_level

LEVEL_CASES = [
    ("[2024-05-01 12:00:00,123: INFO/MainProcess] celery@host ready.", LogLevel.INFO),
    ("[2024-05-01 12:00:00,123: WARNING/MainProcess] consumer: Cannot connect", LogLevel.WARNING),
    ("[2024-05-01 12:00:00,123: ERROR/ForkPoolWorker-1] Task t raised", LogLevel.ERROR),
    ("[2024-05-01 12:00:00,123: DEBUG/MainProcess] | Worker: Preparing bootsteps.", LogLevel.DEBUG),
    ("[2024-05-01 12:00:00,123: CRITICAL/MainProcess] Unrecoverable error", LogLevel.CRITICAL),
    ("[2024-05-01 12:00:00: INFO] beat: Starting...", LogLevel.INFO),
    ("WARNING:celery.app:something odd", LogLevel.WARNING),
    ("ERROR: could not connect", LogLevel.ERROR),
    ("1234:M 01 Jan 2024 12:00:00.123 * Ready to accept connections tcp", LogLevel.INFO),
    ("1234:M 01 Jan 2024 12:00:00.123 # WARNING overcommit_memory is set to 0!", LogLevel.WARNING),
    ("1234:C 1 Jan 2024 12:00:00.123 # Configuration loaded", LogLevel.WARNING),
    ("1234:M 01 Jan 2024 12:00:00.123 . Client closed connection", LogLevel.DEBUG),
    ("Traceback (most recent call last):", LogLevel.ERROR),
    ("2024-01-01 12:00 FATAL out of memory", LogLevel.CRITICAL),
    (" -------------- celery@host v5.7.0 (recovery)", None),
    ("plain output with an error word in lower case", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "level"), LEVEL_CASES)
def test_detect_level(text: str, level: LogLevel | None) -> None:
    assert detect_level(text) is level


def test_lines_split_across_chunks_and_streams() -> None:
    buffer = LogBuffer(100)
    assert buffer.append_text("hel", Stream.STDOUT) == []
    assert buffer.append_text("oops", Stream.STDERR) == []
    done = buffer.append_text("lo\r\nwor", Stream.STDOUT)
    assert [line.text for line in done] == ["hello"]
    done = buffer.append_text("ld\n\nlast", Stream.STDOUT)
    assert [line.text for line in done] == ["world", ""]
    assert [(ln.stream, ln.text) for ln in buffer.append_text("!\n", Stream.STDERR)] == [
        (Stream.STDERR, "oops!")
    ]
    flushed = buffer.flush_partial()
    assert [line.text for line in flushed] == ["last"]
    assert [line.text for line in buffer.lines()] == ["hello", "world", "", "oops!", "last"]
    assert buffer.flush_partial() == []


def test_buffer_is_bounded_and_counts_dropped_lines() -> None:
    buffer = LogBuffer(3)
    buffer.append_text("".join(f"line {i}\n" for i in range(10)), Stream.STDOUT)
    assert [line.text for line in buffer.lines()] == ["line 7", "line 8", "line 9"]
    assert len(buffer) == 3
    assert buffer.total_lines == 10
    with pytest.raises(ValueError):
        LogBuffer(0)


def test_long_partial_line_is_cut() -> None:
    buffer = LogBuffer(10)
    lines = buffer.append_text("x" * 70_000, Stream.STDOUT)
    assert len(lines) == 1
    assert len(lines[0].text) == 70_000


def test_traceback_lines_continue_as_errors() -> None:
    buffer = LogBuffer(50)
    text = (
        "[2024-05-01 12:00:00,123: INFO/MainProcess] Task t received\n"
        "Traceback (most recent call last):\n"
        '  File "tasks.py", line 3, in t\n'
        "    raise ValueError('bad')\n"
        "ValueError: bad\n"
        "after the traceback\n"
    )
    levels = [line.level for line in buffer.append_text(text, Stream.STDERR)]
    assert levels == [
        LogLevel.INFO,
        LogLevel.ERROR,
        LogLevel.ERROR,
        LogLevel.ERROR,
        LogLevel.ERROR,
        None,
    ]


def test_search_and_notes() -> None:
    buffer = LogBuffer(10)
    buffer.append_text("Alpha\nbeta\nALPHABET\n", Stream.STDOUT)
    note = buffer.append_note("started (pid 42)")
    assert note.stream is Stream.SUPERVISOR
    assert buffer.search("alpha") == [0, 2]
    assert buffer.search("alpha", case_sensitive=True) == []
    assert buffer.search("pid 42") == [3]
    assert buffer.search("") == []
    buffer.clear()
    assert buffer.lines() == []


def test_backoff_doubles_and_caps() -> None:
    policy = BackoffPolicy(initial=1, factor=2, max_delay=60, max_crashes=100, window=1e9)
    tracker = RestartTracker(policy)
    delays = [tracker.record_crash(now=float(i), ran_for=0.5).delay for i in range(9)]
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert policy.delay(10_000) == 60


def test_backoff_resets_after_a_stable_run() -> None:
    tracker = RestartTracker(BackoffPolicy(initial=1, stable_after=30, max_crashes=10))
    for i in range(3):
        tracker.record_crash(now=float(i), ran_for=1)
    decision = tracker.record_crash(now=100.0, ran_for=45)
    assert decision.delay == 1
    assert tracker.crash_times == [100.0]


def test_backoff_gives_up_after_too_many_crashes_in_window() -> None:
    tracker = RestartTracker(BackoffPolicy(initial=0.1, max_crashes=3, window=60))
    decisions = [tracker.record_crash(now=float(i), ran_for=0.1) for i in range(4)]
    assert [d.gave_up for d in decisions] == [False, False, False, True]
    assert "crashed 4 times within 60 s" in decisions[-1].reason
    # Crashes spread wider than the window never give up.
    spread = RestartTracker(BackoffPolicy(initial=0.1, max_crashes=3, window=60))
    assert not any(spread.record_crash(now=i * 61.0, ran_for=0.1).gave_up for i in range(10))
    tracker.reset()
    assert tracker.record_crash(now=10.0, ran_for=0.1).delay == pytest.approx(0.1)


def test_backoff_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        BackoffPolicy(factor=0.5)
    with pytest.raises(ValueError):
        BackoffPolicy(max_crashes=0)


def test_passwords_in_output_are_masked() -> None:
    buffer = LogBuffer(10)
    (line,) = buffer.append_text("connecting to redis://:s3cret@host:6379/0\n", Stream.STDERR)
    assert "s3cret" not in line.text
    assert "redis://" in line.text
    assert "s3cret" not in buffer.append_note("using redis://u:s3cret@h/0").text
