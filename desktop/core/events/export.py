"""Export of task records to CSV and JSON (the Tasks view's "Export visible rows").

Both formats carry the same fields (:data:`EXPORT_FIELDS`). JSON keeps raw values (times as
epoch seconds, retries as numbers, custom fields such as PROGRESS meta under ``extra``) and
is the lossless one; CSV is for spreadsheets: times go through ``time_format`` (ISO 8601 in
UTC unless told otherwise), missing values are empty cells. Writes go to a temporary file
renamed into place, so a failed export never leaves half a file under the chosen name.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from desktop.core.events.model import TaskRecord

EXPORT_FIELDS = (
    "uuid", "state", "name", "args", "kwargs", "result", "exception", "traceback",
    "worker", "client", "queue", "exchange", "routing_key", "retries", "runtime",
    "sent", "received", "started", "succeeded", "failed", "retried", "revoked", "rejected",
    "eta", "expires", "root_id", "parent_id",
)  # fmt: skip
TIME_FIELDS = frozenset(
    {"sent", "received", "started", "succeeded", "failed", "retried", "revoked", "rejected"}
)

TimeFormat = Callable[[float], str]


def iso_utc(ts: float) -> str:
    """``2024-05-01T12:00:00.123+00:00``."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds")


def task_dict(task: TaskRecord) -> dict[str, Any]:
    """Every exported field of ``task`` with its raw value, plus ``extra`` when present."""
    row: dict[str, Any] = {name: getattr(task, name) for name in EXPORT_FIELDS}
    row["retries"] = task.retry_count
    if task.extra:
        row["extra"] = task.extra
    return row


def write_json(tasks: Iterable[TaskRecord], out: IO[str]) -> int:
    """A JSON array of task objects; returns how many were written."""
    count = 0
    out.write("[")
    for task in tasks:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(task_dict(task), ensure_ascii=False, default=repr))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_csv(tasks: Iterable[TaskRecord], out: IO[str], time_format: TimeFormat = iso_utc) -> int:
    """A header row and one row per task; returns how many tasks were written."""
    writer = csv.writer(out)
    writer.writerow(EXPORT_FIELDS)
    count = 0
    for task in tasks:
        row = task_dict(task)
        writer.writerow([_cell(name, row[name], time_format) for name in EXPORT_FIELDS])
        count += 1
    return count


def _cell(name: str, value: Any, time_format: TimeFormat) -> str:
    if value is None:
        return ""
    if name in TIME_FIELDS and isinstance(value, int | float):
        return time_format(float(value))
    return str(value)


def export_tasks(tasks: Iterable[TaskRecord], path: Path, time_format: TimeFormat = iso_utc) -> int:
    """Write ``tasks`` to ``path``, as JSON when it ends in ``.json``, else CSV.

    Raises OSError (with the path in its message) when the file cannot be written.
    """
    as_json = path.suffix.lower() == ".json"
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = write_json(tasks, out) if as_json else write_csv(tasks, out, time_format)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return count
