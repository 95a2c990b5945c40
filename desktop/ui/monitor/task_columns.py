"""The columns of the tasks table: headers, colours, display text and raw values per role.

Shared by :class:`~desktop.ui.monitor.task_model.TaskTableModel` and its proxy, which both
answer ``data()``/``multiData()`` from a :class:`TaskRecord` through :func:`record_data` and
:func:`fill_roles`, each a table lookup per column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QModelRoleData, QModelRoleDataSpan, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from desktop.core.events import TaskRecord
from desktop.ui.monitor import timefmt

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
RAW_ROLE = int(Qt.ItemDataRole.UserRole)
UUID_ROLE = RAW_ROLE + 1
#: Roles a task update can change (passed with ``dataChanged``).
CHANGED_ROLES = [DISPLAY, TOOLTIP, FOREGROUND, DECORATION, RAW_ROLE]

#: Longest text handed to the view for one cell (the view elides; layout of huge text costs).
CELL_CHARS = 300
TOOLTIP_CHARS = 2000


class Column(IntEnum):
    STATE = 0
    NAME = 1
    UUID = 2
    ARGS = 3
    KWARGS = 4
    RESULT = 5
    WORKER = 6
    QUEUE = 7
    SENT = 8
    RECEIVED = 9
    STARTED = 10
    FINISHED = 11
    RUNTIME = 12
    RETRIES = 13
    ETA = 14
    PARENT = 15
    ROOT = 16
    CLIENT = 17


def headers() -> dict[Column, str]:
    """The column titles in the UI language."""
    translate = QCoreApplication.translate
    return {
        Column.STATE: translate("TaskColumns", "State"),
        Column.NAME: translate("TaskColumns", "Name"),
        Column.UUID: translate("TaskColumns", "ID"),
        Column.ARGS: translate("TaskColumns", "Args"),
        Column.KWARGS: translate("TaskColumns", "Kwargs"),
        Column.RESULT: translate("TaskColumns", "Result / exception"),
        Column.WORKER: translate("TaskColumns", "Worker"),
        Column.QUEUE: translate("TaskColumns", "Queue"),
        Column.SENT: translate("TaskColumns", "Sent"),
        Column.RECEIVED: translate("TaskColumns", "Received"),
        Column.STARTED: translate("TaskColumns", "Started"),
        Column.FINISHED: translate("TaskColumns", "Finished"),
        Column.RUNTIME: translate("TaskColumns", "Runtime"),
        Column.RETRIES: translate("TaskColumns", "Retries"),
        Column.ETA: translate("TaskColumns", "ETA"),
        Column.PARENT: translate("TaskColumns", "Parent"),
        Column.ROOT: translate("TaskColumns", "Root"),
        Column.CLIENT: translate("TaskColumns", "Client"),
    }


HIDDEN_BY_DEFAULT = frozenset(
    {Column.SENT, Column.FINISHED, Column.ETA, Column.PARENT, Column.ROOT, Column.CLIENT}
)
TIME_COLUMNS = frozenset(
    {Column.SENT, Column.RECEIVED, Column.STARTED, Column.FINISHED, Column.ETA}
)
NUMERIC_COLUMNS = frozenset({Column.RUNTIME, Column.RETRIES})

# Mid-tone colours read on light and dark palettes.
STATE_COLOURS = {
    "PENDING": "#808080",
    "RECEIVED": "#5c7cba",
    "STARTED": "#1f6fd1",
    "SUCCESS": "#2e8b3a",
    "FAILURE": "#d32f2f",
    "RETRY": "#c77700",
    "REVOKED": "#8e5ba8",
    "REJECTED": "#8e5ba8",
}
CUSTOM_STATE_COLOUR = "#00897b"
#: Sorting by state puts what needs attention first.
STATE_ORDER = {
    "FAILURE": 0,
    "RETRY": 1,
    "REVOKED": 2,
    "REJECTED": 3,
    "STARTED": 4,
    "RECEIVED": 6,
    "PENDING": 7,
    "SUCCESS": 8,
}
CUSTOM_STATE_ORDER = 5


def state_colour(state: str | None) -> QColor:
    """The colour of a task state (custom states such as PROGRESS share one)."""
    return _colours().get(state or "", _colours()[""])


def state_icon(state: str | None) -> QIcon:
    """A small coloured dot for a state."""
    icons = _ICONS
    icon = icons.get(state or "")
    if icon is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(state_colour(state))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icon = icons[state or ""] = QIcon(pixmap)
    return icon


_COLOURS: dict[str, QColor] = {}
_ICONS: dict[str, QIcon] = {}


def _colours() -> dict[str, QColor]:
    if not _COLOURS:
        _COLOURS.update({state: QColor(code) for state, code in STATE_COLOURS.items()})
        _COLOURS[""] = QColor(CUSTOM_STATE_COLOUR)
    return _COLOURS


def finished_at(task: TaskRecord) -> float | None:
    return task.succeeded or task.failed or task.revoked or task.rejected


def effective_runtime(task: TaskRecord) -> float | None:
    """The runtime the worker reported, else finished minus started (one worker's clock)."""
    if task.runtime is not None:
        return task.runtime
    end = finished_at(task)
    if end is not None and task.started is not None and end >= task.started:
        return end - task.started
    return None


def _clip(text: str | None) -> str:
    if not text:
        return ""
    if len(text) > CELL_CHARS:
        text = text[:CELL_CHARS] + "…"
    return text.replace("\n", " ⏎ ") if "\n" in text else text


def _result_text(task: TaskRecord) -> str:
    return _clip(task.exception if task.exception is not None else task.result)


def _parent(task: TaskRecord) -> str | None:
    """The parent task, never the task itself (what a retry's message says)."""
    return task.parent_id if task.parent_id != task.uuid else None


def _runtime_text(task: TaskRecord) -> str:
    return timefmt.format_duration(effective_runtime(task))


def _retries_text(task: TaskRecord) -> str:
    count = task.retry_count
    return str(count) if count else ""


_fmt = timefmt.format_time

#: Display text per column.
DISPLAY_FNS: tuple[Callable[[TaskRecord], str], ...] = (
    lambda t: t.state or "",
    lambda t: t.name or "",
    lambda t: t.uuid,
    lambda t: _clip(t.args),
    lambda t: _clip(t.kwargs),
    _result_text,
    lambda t: t.worker or "",
    lambda t: t.queue or t.routing_key or "",
    lambda t: _fmt(t.sent),
    lambda t: _fmt(t.received),
    lambda t: _fmt(t.started),
    lambda t: _fmt(finished_at(t)),
    _runtime_text,
    _retries_text,
    lambda t: _fmt(timefmt.parse_iso(t.eta)) or t.eta or "",
    lambda t: _parent(t) or "",
    lambda t: t.root_id or "",
    lambda t: t.client or "",
)

#: Raw value per column, for sorting (None when unknown).
RAW_FNS: tuple[Callable[[TaskRecord], Any], ...] = (
    lambda t: STATE_ORDER.get(t.state, CUSTOM_STATE_ORDER) if t.state else None,
    lambda t: t.name,
    lambda t: t.uuid,
    lambda t: t.args,
    lambda t: t.kwargs,
    lambda t: t.exception if t.exception is not None else t.result,
    lambda t: t.worker,
    lambda t: t.queue or t.routing_key,
    lambda t: t.sent,
    lambda t: t.received,
    lambda t: t.started,
    finished_at,
    effective_runtime,
    lambda t: t.retry_count,
    lambda t: timefmt.parse_iso(t.eta),
    _parent,
    lambda t: t.root_id,
    lambda t: t.client,
)

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _tooltip(task: TaskRecord, column: int) -> str | None:
    if column == Column.STATE:
        return task.state if task.exception is None else f"{task.state}: {task.exception}"
    if column in TIME_COLUMNS:
        return timefmt.format_datetime(RAW_FNS[column](task)) or None
    value = RAW_FNS[column](task)
    if isinstance(value, str) and len(value) > 20:
        return value if len(value) <= TOOLTIP_CHARS else value[:TOOLTIP_CHARS] + "…"
    return None


def _foreground(task: TaskRecord, column: int) -> QColor | None:
    return state_colour(task.state) if column == 0 and task.state else None


def _decoration(task: TaskRecord, column: int) -> QIcon | None:
    return state_icon(task.state) if column == 0 and task.state else None


_ROLE_FNS: dict[int, Callable[[TaskRecord, int], Any]] = {
    FOREGROUND: _foreground,
    DECORATION: _decoration,
    RAW_ROLE: lambda t, c: RAW_FNS[c](t),
    ALIGNMENT: lambda t, c: _RIGHT if c in NUMERIC_COLUMNS else _LEFT,
    TOOLTIP: _tooltip,
    UUID_ROLE: lambda t, c: t.uuid,
}


def record_data(task: TaskRecord, column: int, role: int) -> Any:
    """The model's data for one task; shared with the proxy, which skips mapToSource."""
    if role == DISPLAY:
        return DISPLAY_FNS[column](task)
    handler = _ROLE_FNS.get(role)
    return None if handler is None else handler(task, column)


def fill_roles(task: TaskRecord, column: int, span: QModelRoleDataSpan | QModelRoleData) -> None:
    """Answer every role a delegate asks for in one call (``multiData``): a painted cell
    then costs one call into Python instead of seven. Delegates reuse the span from cell to
    cell, so every role is either set or cleared."""
    items = [span] if isinstance(span, QModelRoleData) else cast(Iterable[QModelRoleData], span)
    for role_data in items:
        role = role_data.role()
        if role == DISPLAY:
            role_data.setData(DISPLAY_FNS[column](task))
        elif role == ALIGNMENT:
            role_data.setData(_RIGHT if column in NUMERIC_COLUMNS else _LEFT)
        elif column == 0 and task.state and role in (FOREGROUND, DECORATION):
            colour = role == FOREGROUND
            role_data.setData(state_colour(task.state) if colour else state_icon(task.state))
        elif role in _VIEW_ROLES:
            role_data.clearData()
        else:
            value = record_data(task, column, role)
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)


#: Roles a delegate asks for that this model leaves empty in most cells.
_VIEW_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
    )
)
