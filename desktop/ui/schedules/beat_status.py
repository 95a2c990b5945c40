"""Whether the running beat applied the saved revision of the schedule file, or why not.

Reads what the file scheduler publishes in Redis (:class:`desktop.core.schedules.remote.
BeatReader`) on the background runner, about once a second while the widget is visible,
with one read in flight at most. Every snapshot is also handed on (``snapshot_read``) so
the entry table can show last runs, run counts and outcomes.

Signals:
    snapshot_read(object): a fresh ``BeatSnapshot``.
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
        self._show("idle", "Beat status: not read yet", "")

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
                "idle", "Not connected to a broker: the beat status shows once connected", ""
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
        self._show("error", f"Beat status unknown: {error}", "")

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
                self._show("waiting", "Beat is standing by (another beat held the lease)", "")
            else:
                verdict = self.tr("No beat is running this schedule file")
                if self._how_to_start:
                    verdict += ": " + self._how_to_start
                self._show("idle", verdict, "")
            return
        level, verdict = self._verdict(status)
        self._show(level, verdict, _details(status, len(snapshot.instances), self._zone))

    def _verdict(self, status: dict[str, Any]) -> tuple[str, str]:
        running = status.get("revision")
        rejection = status.get("rejection") or None
        kept = f"; it keeps running revision {running}" if running is not None else ""
        if rejection:  # the file on disk now, whoever wrote it
            rejected = rejection.get("file_revision")
            what = f"revision {rejected}" if rejected is not None else "the file on disk"
            return "error", f"Beat rejected {what}{kept}: {rejection.get('message', '')}"
        wanted = self._expected if self._expected is not None else self._file_revision
        if wanted is not None and running == wanted:
            mine = "your save" if self._expected == wanted else "the file"
            return "ok", f"Beat applied revision {running} ({mine}) and is running it"
        if wanted is not None and (running is None or running < wanted):
            return "waiting", f"Waiting for beat to apply revision {wanted} (running {running})"
        return "ok", f"Beat is running revision {running} of the file"


def _details(status: dict[str, Any], instances: int, zone: ZoneInfo) -> str:
    parts = [
        f"{status.get('hostname', '?')} pid {status.get('pid', '?')}",
        f"{status.get('enabled_entries', 0)} of {status.get('entries', 0)} entries enabled",
        f"{status.get('dispatches', 0)} sent",
    ]
    upcoming = status.get("next_due") or {}
    if upcoming.get("entry"):
        parts.append(f"next: {upcoming['entry']} at {_local(upcoming.get('at'), zone)}")
    if instances > 1:
        parts.append(f"{instances - 1} standing by")
    for key in ("dispatch_error", "redis_error"):
        if status.get(key):
            parts.append(f"{key.replace('_', ' ')}: {status[key]}")
    return html.escape(" · ".join(parts))


def _local(text: object, zone: ZoneInfo) -> str:
    """An ISO time from the status, shown in the schedule's zone."""
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return str(text)
    if moment.tzinfo is None:
        return str(text)
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M:%S}"
