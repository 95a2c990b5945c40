"""The columns of the workers table: their titles, tips, roles, colours and status dots.

Shared by the live rows (:mod:`desktop.ui.monitor.worker_model`) and the rows of workers known
only from the journal (:mod:`desktop.ui.monitor.worker_journal`).
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

RAW_ROLE = Qt.ItemDataRole.UserRole
HOSTNAME_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    STATUS = 0
    HOSTNAME = 1
    PID = 2
    POOL = 3
    CONCURRENCY = 4
    PROCESSED = 5
    ACTIVE = 6
    SUCCEEDED = 7
    FAILED = 8
    RETRIED = 9
    REVOKED = 10
    UNSEEN = 11
    LOADAVG = 12
    HEARTBEAT = 13
    VERSION = 14


#: The columns that add up to PROCESSED (desktop.core.events.workers.WorkerTally).
PARTS = (
    Column.ACTIVE, Column.SUCCEEDED, Column.FAILED, Column.RETRIED, Column.REVOKED, Column.UNSEEN
)  # fmt: skip


def headers() -> dict[Column, str]:
    """The column titles in the UI language."""
    translate = QCoreApplication.translate
    return {
        Column.STATUS: translate("WorkerColumns", "Status"),
        Column.HOSTNAME: translate("WorkerColumns", "Hostname"),
        Column.PID: translate("WorkerColumns", "PID"),
        Column.POOL: translate("WorkerColumns", "Pool"),
        Column.CONCURRENCY: translate("WorkerColumns", "Concurrency"),
        Column.PROCESSED: translate("WorkerColumns", "Processed"),
        Column.ACTIVE: translate("WorkerColumns", "Active"),
        Column.SUCCEEDED: translate("WorkerColumns", "Succeeded"),
        Column.FAILED: translate("WorkerColumns", "Failed"),
        Column.RETRIED: translate("WorkerColumns", "Retried"),
        Column.REVOKED: translate("WorkerColumns", "Revoked"),
        Column.UNSEEN: translate("WorkerColumns", "Unseen"),
        Column.LOADAVG: translate("WorkerColumns", "Load average"),
        Column.HEARTBEAT: translate("WorkerColumns", "Heartbeat"),
        Column.VERSION: translate("WorkerColumns", "Celery"),
    }


def header_tips() -> dict[Column, str]:
    """What each column counts: the counts add up, and the tips say how."""
    translate = QCoreApplication.translate
    return {
        Column.PROCESSED: translate(
            "WorkerColumns",
            "Runs this worker started since it started, as it counts them in its heartbeats "
            "(a retried task counts once per try).\nProcessed = Active + Succeeded + Failed "
            "+ Retried + Revoked + Unseen",
        ),
        Column.ACTIVE: translate(
            "WorkerColumns", "Running now, as the worker counted at its last heartbeat"
        ),
        Column.SUCCEEDED: translate(
            "WorkerColumns", "Runs that succeeded (task events seen here, up to the last heartbeat)"
        ),
        Column.FAILED: translate(
            "WorkerColumns",
            "Runs that failed: an exception, a time limit, a lost pool process (task events "
            "seen here, up to the last heartbeat)",
        ),
        Column.RETRIED: translate(
            "WorkerColumns",
            "Runs that ended in a retry; the next try is a run of its own (task events seen "
            "here, up to the last heartbeat)",
        ),
        Column.REVOKED: translate(
            "WorkerColumns",
            "Runs stopped while running: revoked with terminate, or rejected by the task. A "
            "task revoked before it started never ran and is counted nowhere here.",
        ),
        Column.UNSEEN: translate(
            "WorkerColumns",
            "Runs that ended without a task event seen here: before Celery Desk was "
            "listening, events lost, or a worker that sends no task events (-E)",
        ),
        Column.HEARTBEAT: translate(
            "WorkerColumns", "Local time the last heartbeat arrived (not the worker's clock)"
        ),
    }


NUMERIC = frozenset({Column.PID, Column.CONCURRENCY, Column.PROCESSED, *PARTS, Column.LOADAVG})
ONLINE_COLOUR = QColor("#2e8b3a")
OFFLINE_COLOUR = QColor("#9e9e9e")
FAILED_COLOUR = QColor("#d32f2f")


def status_dot(colour: QColor, hollow: bool = False) -> QIcon:
    """The Status column's dot: filled, or hollow for a worker known from the journal."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if hollow:  # a worker known only from the journal
        painter.setPen(QPen(colour, 1.5))
        painter.drawEllipse(2, 2, 8, 8)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def alignment(column: Column) -> object:
    """Numbers to the right."""
    if column in NUMERIC:
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return None
