"""A task's timeline for the detail panel: from the live store's slots, or from the journal.

The live store keeps one time per event kind (sent, received, started, retried...), so a
task retried three times shows its last retry; the journal keeps every state change in the
order heard (:attr:`JournalTask.timeline`), so an old task shows its whole story. Times are
the senders' clocks, so a gap between a client's and a worker's event can show clock skew.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.events import TaskRecord
from desktop.core.history import CoverageKind, JournalTask
from desktop.core.history.coverage import describe_kind
from desktop.core.history.rows import ORIGIN_BITS
from desktop.core.history.schema import ORIGIN_BACKFILL, ORIGIN_LIVE, ORIGIN_RECORDER

#: Event slots of a TaskRecord, in the order they usually happen.
TIMELINE_SLOTS = (
    "sent", "received", "started", "retried", "succeeded", "failed", "revoked", "rejected",
)  # fmt: skip

#: The timeline's key for the task's last event when no slot above holds its time.
LAST_EVENT = "last"

#: ``(event, time, by whom)``: one row of the timeline.
TimelinePoint = tuple[str, float, str]


def timeline(task: TaskRecord) -> list[tuple[str, float]]:
    """``(event, time)`` pairs in time order, from the task's event slots; ``event`` is a
    slot name or :data:`LAST_EVENT` (a custom state's event, e.g. PROGRESS)."""
    points = [(slot, t) for slot in TIMELINE_SLOTS if (t := getattr(task, slot)) is not None]
    if task.timestamp is not None and all(t != task.timestamp for _, t in points):
        points.append((LAST_EVENT, task.timestamp))
    return sorted(points, key=lambda point: point[1])


def live_points(task: TaskRecord) -> list[TimelinePoint]:
    """The live store's timeline, each event by the client (sent) or the worker."""
    return [
        (name, moment, (task.client if name == "sent" else task.worker) or "")
        for name, moment in timeline(task)
    ]


def journal_points(task: JournalTask) -> list[TimelinePoint]:
    """The journal's timeline: every state change as heard, by the host that sent it. A
    task known only from the result backend has none: its slots stand in."""
    if not task.timeline:
        return live_points(task.record)
    return [(subject, moment, host or "") for subject, moment, host in task.timeline]


def event_label(event: str, task: TaskRecord) -> str:
    """How the timeline names an event, in the UI language."""
    translate = QCoreApplication.translate
    names = {
        "sent": translate("TaskDetail", "sent"),
        "received": translate("TaskDetail", "received"),
        "started": translate("TaskDetail", "started"),
        "retried": translate("TaskDetail", "retried"),
        "succeeded": translate("TaskDetail", "succeeded"),
        "failed": translate("TaskDetail", "failed"),
        "revoked": translate("TaskDetail", "revoked"),
        "rejected": translate("TaskDetail", "rejected"),
    }
    if event == LAST_EVENT:
        state = (task.state or "?").lower()
        return translate("TaskDetail", "last event ({0})").format(state)
    return names.get(event, event)


_ORIGINS = (
    (ORIGIN_LIVE, CoverageKind.LIVE),
    (ORIGIN_RECORDER, CoverageKind.RECORDER),
    (ORIGIN_BACKFILL, CoverageKind.BACKFILL),
)


def origin_text(task: JournalTask) -> str:
    """Where a journaled task came from, in the UI language (a line under the title)."""
    translate = QCoreApplication.translate
    ways = [describe_kind(kind) for origin, kind in _ORIGINS if task.origin & ORIGIN_BITS[origin]]
    text = translate("TaskDetail", "From the journal: {0}").format(
        translate("TaskDetail", ", ").join(ways) or "?"
    )
    if task.backfilled_only:
        text += " · " + translate(
            "TaskDetail", "no timeline: the result backend keeps only how the task ended."
        )
    return text
