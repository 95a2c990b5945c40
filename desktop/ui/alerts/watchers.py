"""What the alert rules read from the broker, read off the GUI thread, one read at a time.

- :class:`QueueWatch`: a queue snapshot every ``QUEUE_EVERY`` seconds (its own
  :class:`QueueInspector`, so the Queues page's reads and these never wait on each other);
- :class:`BeatWatch`: the beat status of the profile's schedule file and how many enabled
  entries that file has, every ``BEAT_EVERY`` seconds;
- :class:`Pinger`: pings the workers the rules ask about, at most every ``PING_EVERY``.

Each keeps its last answer for the next evaluation tick; a read that fails leaves the
answer unknown (None), so the rules that need it neither fire nor resolve meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from celery_desk_beat.schedule_file import ScheduleFileError, load_schedule_file
from desktop.core.alerts.inputs import BeatFacts, PingFacts
from desktop.core.alerts.ping import PingError, ping_workers
from desktop.core.queues.inspect import QueueInspector, QueueSnapshot
from desktop.core.schedules.remote import BeatReader, RemoteError
from desktop.ui.background import BackgroundRunner

log = logging.getLogger("celery_desk.alerts")

QUEUE_EVERY = 15.0
BEAT_EVERY = 5.0
PING_EVERY = 10.0
PING_TIMEOUT = 1.0


class QueueWatch:
    """The latest queue snapshot of the connected broker (None: none yet, or failed)."""

    def __init__(self, runner: BackgroundRunner, every: float = QUEUE_EVERY) -> None:
        self._runner = runner
        self.every = every
        self.snapshot: QueueSnapshot | None = None
        self._url: str | None = None
        self._inspector: QueueInspector | None = None
        self._busy = False
        self._last = float("-inf")

    def poll(self, url: str | None, now: float) -> None:
        if url != self._url:
            self._close()
            self._url, self.snapshot, self._last = url, None, float("-inf")
            self._inspector = QueueInspector(url) if url else None
        inspector = self._inspector
        if inspector is None or self._busy or now - self._last < self.every:
            return
        self._busy, self._last = True, now

        def done(snapshot: QueueSnapshot) -> None:
            self._busy = False
            if url == self._url:
                self.snapshot = snapshot if snapshot.error is None else None

        def failed(exc: BaseException) -> None:
            self._busy = False
            log.warning("Alerts: reading the queues failed: %s", exc)

        self._runner.submit(inspector.snapshot, done, failed)

    def _close(self) -> None:
        inspector, self._inspector = self._inspector, None
        self._busy = False
        if inspector is not None:  # a connect in progress holds it: close on a thread
            threading.Thread(
                target=inspector.close, name="alerts-queues-close", daemon=True
            ).start()

    def shutdown(self) -> None:
        self._close()
        self._url = None


class BeatWatch:
    """The beat status of one schedule file (None: unknown yet)."""

    def __init__(self, runner: BackgroundRunner, every: float = BEAT_EVERY) -> None:
        self._runner = runner
        self.every = every
        self.facts: BeatFacts | None = None
        self._path: Path | None = None
        self._reader: BeatReader | None = None
        self._busy = False
        self._last = float("-inf")

    def poll(self, url: str | None, schedule_path: Path, now: float) -> None:
        if schedule_path != self._path:
            self._close()
            self._path, self.facts, self._last = schedule_path, None, float("-inf")
            self._reader = BeatReader(schedule_path)
        reader = self._reader
        if url is None or reader is None or self._busy or now - self._last < self.every:
            return
        self._busy, self._last = True, now
        path = schedule_path

        def read() -> BeatFacts:
            entries = _enabled_entries(path)
            try:
                snapshot = reader.read(url)
            except RemoteError as exc:
                return BeatFacts(str(path), None, entries, error=str(exc))
            return BeatFacts(str(path), snapshot.status, entries)

        def done(facts: BeatFacts) -> None:
            self._busy = False
            if path == self._path:
                self.facts = facts

        def failed(exc: BaseException) -> None:
            self._busy = False
            log.warning("Alerts: reading the beat status failed: %s", exc)

        self._runner.submit(read, done, failed)

    def _close(self) -> None:
        reader, self._reader = self._reader, None
        self._busy = False
        if reader is not None:
            threading.Thread(target=reader.close, name="alerts-beat-close", daemon=True).start()

    def shutdown(self) -> None:
        self._close()
        self._path = None


def _enabled_entries(path: Path) -> int:
    """Enabled entries of the schedule file (0: none, missing or unreadable: then nothing
    needs a beat, and the beat's own rejection says what is wrong with the file)."""
    try:
        document = load_schedule_file(path)
    except ScheduleFileError:
        return 0
    return sum(1 for entry in document.entries.values() if entry.enabled)


class Pinger:
    """Pings quiet workers; remembers who answered and whose ping went unanswered."""

    def __init__(
        self,
        runner: BackgroundRunner,
        every: float = PING_EVERY,
        ping: Callable[[str, Sequence[str], float], set[str]] = ping_workers,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._runner = runner
        self.every = every
        self._ping = ping
        self._clock = clock
        self.answered: dict[str, float] = {}
        self.unanswered: dict[str, float] = {}
        self._busy = False
        self._last = float("-inf")

    def facts(self) -> PingFacts:
        return PingFacts(dict(self.answered), dict(self.unanswered))

    def reset(self) -> None:
        self.answered.clear()
        self.unanswered.clear()

    def poll(self, url: str | None, hosts: Sequence[str], now: float) -> None:
        if not url or not hosts or self._busy or now - self._last < self.every:
            return
        self._busy, self._last = True, now
        wanted, ping, clock = list(hosts), self._ping, self._clock

        def work() -> tuple[set[str], float]:
            sent = clock()
            return ping(url, wanted, PING_TIMEOUT), sent

        def done(outcome: tuple[set[str], float]) -> None:
            self._busy = False
            answered, sent = outcome
            for host in wanted:
                if host in answered:
                    self.answered[host] = sent
                else:
                    self.unanswered[host] = sent
            silent = sorted(set(wanted) - answered)
            if silent:
                log.info("Alerts: no answer to a ping from %s", ", ".join(silent))

        def failed(exc: BaseException) -> None:
            self._busy = False
            level = logging.INFO if isinstance(exc, PingError) else logging.WARNING
            log.log(level, "Alerts: cannot ping workers: %s", exc)

        self._runner.submit(work, done, failed)
