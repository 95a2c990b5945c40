"""Whether the running beat applied the saved revision of the schedule file, or why not.

Reads what the file scheduler publishes in Redis (:class:`desktop.core.schedules.remote.
BeatReader`) on the background runner, about once a second while the widget is visible,
with one read in flight at most. Every snapshot is also handed on (``snapshot_read``) so
the entry table can show last runs, run counts and outcomes.

Signals:
    snapshot_read(object): a fresh ``BeatSnapshot``.
    answered(int, bool): beat answered the revision a save awaits (once per save): applied
        it (True) or rejected it (False). Messages that waited for it are stale from then on.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.schedules.remote import BeatReader, BeatSnapshot
from desktop.ui.background import BackgroundRunner
from desktop.ui.locale_format import format_count

POLL_MS = 1000
STYLES = {
    "ok": "background: #e6f4ea; color: #1e5e2b; border: 1px solid #b7dfc0;",
    "waiting": "background: #fff4e0; color: #7a4b00; border: 1px solid #f3d19c;",
    "error": "background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0;",
    "idle": "background: #eef0f3; color: #3c4043; border: 1px solid #d5d9de;",
}


class BeatStatusWidget(QWidget):
    """One line of verdict and one of details (see the module docstring)."""

    snapshot_read = Signal(object)
    answered = Signal(int, bool)

    def __init__(
        self,
        runner: BackgroundRunner,
        broker_url_provider: Callable[[], str | None],
        schedule_path: str | os.PathLike[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._broker_url = broker_url_provider
        self._reader = BeatReader(schedule_path)
        self._in_flight = False
        self._file_revision: int | None = None
        self._expected: int | None = None
        self._answered: int | None = None
        self._zone = ZoneInfo("UTC")
        self._how_to_start = ""
        self.snapshot: BeatSnapshot | None = None
        self.verdict = QLabel()
        self.verdict.setObjectName("beat_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setContentsMargins(8, 4, 8, 4)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #5f6368;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._show("idle", self.tr("Beat status: not read yet"), "")

    # -- what the page tells it ---------------------------------------------------------------

    def set_how_to_start(self, hint: str) -> None:
        """How this profile runs a beat on the file, said when none is running (e.g. the
        preset to start, or how to switch the project's beat to the file)."""
        self._how_to_start = hint
        self._render()

    def set_file_revision(self, revision: int | None) -> None:
        """The revision the page read from the file (a reload forgets an awaited save)."""
        if revision != self._expected:
            self._expected = None
        self._file_revision = revision
        self._render()

    def set_timezone(self, timezone: str) -> None:
        """The zone the page shows times in (the schedule's)."""
        self._zone = ZoneInfo(timezone)
        self._render()

    def expect_revision(self, revision: int) -> None:
        """A save wrote ``revision``: say when the beat applied it or why it rejected it."""
        self._file_revision = self._expected = revision
        self._answered = None
        self._render()
        self.poll_now()

    def verdict_text(self) -> str:
        return self.verdict.text()

    # -- polling ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()
        self.poll_now()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.poll_now()

    def poll_now(self) -> None:
        if self._in_flight:
            return
        url = self._broker_url()
        if not url:
            self.snapshot = None
            self._show(
                "idle",
                self.tr("Not connected to a broker: the beat status shows once connected"),
                "",
            )
            return
        self._in_flight = True
        reader = self._reader
        self._runner.submit(lambda: reader.read(url), self._on_read, self._on_read_failed)

    def _on_read(self, snapshot: Any) -> None:
        self._in_flight = False
        self.snapshot = snapshot
        self._render()
        self.snapshot_read.emit(snapshot)

    def _on_read_failed(self, error: BaseException) -> None:
        self._in_flight = False
        self.snapshot = None
        self._show("error", self.tr("Beat status unknown: {0}").format(error), "")

    def close_reader(self) -> None:
        self._timer.stop()
        reader = self._reader
        self._runner.submit(reader.close, lambda _value: None)

    # -- rendering ----------------------------------------------------------------------------

    def _show(self, level: str, verdict: str, details: str) -> None:
        self.verdict.setText(verdict)
        self.verdict.setStyleSheet(STYLES[level])
        self.details.setText(details)
        self.details.setVisible(bool(details))

    def _render(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        status = snapshot.status
        if status is None:
            standby = [s for s in snapshot.instances if s.get("role") == "standby"]
            if standby:
                self._show(
                    "waiting", self.tr("Beat is standing by (another beat holds the lease)"), ""
                )
            elif self._how_to_start:
                self._show(
                    "idle",
                    self.tr("No beat is running this schedule file: {0}").format(
                        self._how_to_start
                    ),
                    "",
                )
            else:
                self._show("idle", self.tr("No beat is running this schedule file"), "")
            return
        level, verdict = self._verdict(status)
        self._show(level, verdict, self._details(status, len(snapshot.instances)))
        self._note_answer(status)

    def _note_answer(self, status: dict[str, Any]) -> None:
        expected = self._expected
        if expected is None or self._answered == expected:
            return
        rejection = status.get("rejection") or {}
        if status.get("revision") == expected:
            applied = True
        elif rejection.get("file_revision") == expected:
            applied = False
        else:
            return
        self._answered = expected
        self.answered.emit(expected, applied)

    def _verdict(self, status: dict[str, Any]) -> tuple[str, str]:
        running = status.get("revision")
        rejection = status.get("rejection") or None
        if rejection:  # the file on disk now, whoever wrote it
            return "error", self._rejected(running, rejection)
        wanted = self._expected if self._expected is not None else self._file_revision
        if wanted is not None and running == wanted:
            if self._expected == wanted:
                return "ok", self.tr(
                    "Beat applied revision {0} (your save) and is running it"
                ).format(running)
            return "ok", self.tr("Beat applied revision {0} (the file) and is running it").format(
                running
            )
        if wanted is not None and running is None:
            return "waiting", self.tr("Waiting for beat to apply revision {0}").format(wanted)
        if wanted is not None and running is not None and running < wanted:
            return "waiting", self.tr(
                "Waiting for beat to apply revision {0} (it runs revision {1})"
            ).format(wanted, running)
        return "ok", self.tr("Beat is running revision {0} of the file").format(running)

    def _rejected(self, running: object, rejection: dict[str, Any]) -> str:
        """Beat's rejection of the file (its reason is in beat's words: English)."""
        rejected = rejection.get("file_revision")
        reason = rejection.get("message", "")
        if rejected is not None and running is not None:
            text = self.tr("Beat rejected revision {0}; it keeps running revision {1}: {2}")
            return text.format(rejected, running, reason)
        if rejected is not None:
            return self.tr("Beat rejected revision {0}: {1}").format(rejected, reason)
        if running is not None:
            text = self.tr("Beat rejected the file on disk; it keeps running revision {0}: {1}")
            return text.format(running, reason)
        return self.tr("Beat rejected the file on disk: {0}").format(reason)

    def _details(self, status: dict[str, Any], instances: int) -> str:
        enabled, entries = status.get("enabled_entries", 0), status.get("entries", 0)
        n = entries if isinstance(entries, int) else 0
        if n == 1:
            enabled_text = self.tr("{0} of %Ln entry enabled", "", n)
        else:
            enabled_text = self.tr("{0} of %Ln entries enabled", "", n)
        parts = [
            self.tr("{0} pid {1}").format(status.get("hostname", "?"), status.get("pid", "?")),
            enabled_text.format(_count(enabled)),
            self.tr("{0} sent").format(_count(status.get("dispatches", 0))),
        ]
        upcoming = status.get("next_due") or {}
        if upcoming.get("entry"):
            at = _local(upcoming.get("at"), self._zone)
            parts.append(self.tr("next: {0} at {1}").format(upcoming["entry"], at))
        if instances > 1:
            parts.append(self.tr("%n standing by", "", instances - 1))
        if status.get("dispatch_error"):
            parts.append(self.tr("send error: {0}").format(status["dispatch_error"]))
        if status.get("redis_error"):
            parts.append(self.tr("Redis error: {0}").format(status["redis_error"]))
        return html.escape(" · ".join(parts))


def _count(value: object) -> str:
    return format_count(value) if isinstance(value, int) else str(value)


def _local(text: object, zone: ZoneInfo) -> str:
    """An ISO time from the status, shown in the schedule's zone."""
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return str(text)
    if moment.tzinfo is None:
        return str(text)
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M:%S}"
