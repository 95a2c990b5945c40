"""Validation of a decoded schedule file: every problem as entry, field and message.

Kept apart from :mod:`celery_desk_beat.schedule_file` so an editor can check a document (or one
entry) field by field with the same rules beat applies.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from celery_desk_beat.i18n import translate
from celery_desk_beat.safe_text import brief, printable, shown
from celery_desk_beat.schedule_entries import ScheduleSpecError, normalize_schedule

TOP_LEVEL_FIELDS = ("version", "revision", "timezone", "entries")
ENTRY_FIELDS = ("id", "task", "schedule", "args", "kwargs", "options", "enabled", "description")
OPTION_FIELDS = ("queue", "routing_key", "exchange", "priority", "expires", "headers")
MAX_NAME_LENGTH = 200
#: Arrays and objects inside one field (args, kwargs...) may nest this deep: deeper, and
#: copying, comparing or serialising them hits Python's recursion limit somewhere.
MAX_NESTING = 32
#: Integers up to this size (4,000 digits); Python 3.11+ cannot print longer ones.
_LARGEST_INT = 10**4000


@dataclass(frozen=True)
class ScheduleError:
    """One problem: ``entry`` and ``field`` say where (None: the file as a whole)."""

    message: str
    entry: str | None = None
    field: str | None = None
    line: int | None = None
    column: int | None = None
    source: str | None = None

    def one_line(self) -> str:
        """``schedule file PATH: entry 'x', field 'schedule.hour': message`` on one line."""
        where = []
        if self.line is not None:
            where.append(
                translate("ScheduleValidation", "line {0}, column {1}").format(
                    self.line, self.column
                )
            )
        if self.entry is not None:
            where.append(translate("ScheduleValidation", "entry {0}").format(repr(self.entry)))
        if self.field is not None:
            where.append(translate("ScheduleValidation", "field {0}").format(repr(self.field)))
        if self.source:
            head = translate("ScheduleValidation", "schedule file {0}").format(self.source)
        else:
            head = translate("ScheduleValidation", "schedule file")
        location = ", ".join(where)
        text = " ".join(self.message.split())  # one line, whatever the message held
        line = f"{head}: {location}: {text}" if location else f"{head}: {text}"
        return printable(line)


def is_known_timezone(name: object) -> bool:
    if not isinstance(name, str) or not name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    except Exception:  # zoneinfo on a name no file system can hold (a NUL, say)
        return False
    return True


def is_text(value: str) -> bool:
    """False for a string holding a lone surrogate (JSON's ``"\\ud800"``): no UTF-8 file,
    log or Redis reply can encode it."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _scalar_problem(item: object) -> str | None:
    if item is None or isinstance(item, bool):
        return None
    if isinstance(item, str):
        return None if is_text(item) else _surrogate_problem()
    if isinstance(item, int):
        return None if -_LARGEST_INT < item < _LARGEST_INT else _long_number_problem()
    if isinstance(item, float):
        return None if math.isfinite(item) else _not_finite_problem(item)
    return translate("ScheduleValidation", "holds a {0}, which is not a JSON value").format(
        type(item).__name__
    )


def _surrogate_problem() -> str:
    return translate("ScheduleValidation", "holds a lone surrogate (\\ud800-\\udfff), not text")


def _long_number_problem() -> str:
    return translate("ScheduleValidation", "holds a number over 4,000 digits")


def _not_finite_problem(item: float) -> str:
    return translate("ScheduleValidation", "holds {0}, which JSON cannot represent").format(item)


def _plain_item(item: object) -> bool:
    if type(item) is str:
        return item.isascii()
    if type(item) is int:
        return -_LARGEST_INT < item < _LARGEST_INT
    return type(item) is bool


def _plain(value: object) -> bool:
    """The values most entries hold (ASCII text, numbers, a flat list or object of them),
    told apart quickly: a reload checks every entry again."""
    if type(value) is list:
        return all(_plain_item(item) for item in value)
    if type(value) is dict:
        return all(
            type(key) is str and key.isascii() and _plain_item(item) for key, item in value.items()
        )
    return _plain_item(value)


def json_value_problem(value: object, limit: int = MAX_NESTING) -> str | None:
    """Why ``value`` is not plain JSON that beat can copy, hash and send, or None.

    Iterative, so a value nested 100,000 deep is measured, not a RecursionError.
    """
    if _plain(value):
        return None
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping | list | tuple):
            if depth >= limit:
                return translate(
                    "ScheduleValidation", "is nested more than {0} levels deep"
                ).format(limit)
            if isinstance(item, Mapping):
                for key in item:
                    if not isinstance(key, str):
                        return translate(
                            "ScheduleValidation", "has a key {0} that is not a string"
                        ).format(shown(key))
                    if not is_text(key):
                        return translate(
                            "ScheduleValidation",
                            "has a key holding a lone surrogate (\\ud800-\\udfff), not text",
                        )
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)
            continue
        problem = _scalar_problem(item)
        if problem is not None:
            return problem
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text_option(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return None
    return translate("ScheduleValidation", "must be a non-empty string")


def _priority_option(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 255:
        return None
    return translate(
        "ScheduleValidation", "must be a whole number 0-255 (Redis uses 0-9), not {0}"
    ).format(shown(value))


def _expires_option(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _not_seconds(value)
    if (isinstance(value, float) and not math.isfinite(value)) or not 0 < value < 1e12:
        return _not_seconds(value)
    return None


def _not_seconds(value: object) -> str:
    return translate("ScheduleValidation", "must be a number of seconds > 0, not {0}").format(
        shown(value)
    )


def _headers_option(value: object) -> str | None:
    if isinstance(value, Mapping):
        return None
    return translate("ScheduleValidation", "must be an object, not {0}").format(shown(value))


_OPTION_CHECKS: dict[str, Callable[[object], str | None]] = {
    "queue": _text_option,
    "routing_key": _text_option,
    "exchange": _text_option,
    "priority": _priority_option,
    "expires": _expires_option,
    "headers": _headers_option,
}


def _check_options(raw: object) -> tuple[str, str] | None:
    if not isinstance(raw, Mapping):
        message = translate(
            "ScheduleValidation", "must be an object of apply_async options, not {0}"
        )
        return "options", message.format(shown(raw))
    for key, value in raw.items():
        check = _OPTION_CHECKS.get(key)
        if check is None:
            message = translate("ScheduleValidation", "is not supported (options: {0})")
            return f"options.{key}", message.format(", ".join(OPTION_FIELDS))
        problem = check(value)
        if problem:
            return f"options.{key}", problem
    return None


def _check_name(name: str) -> str | None:
    if not isinstance(name, str):
        return translate("ScheduleValidation", "an entry name must be a string, not {0}").format(
            shown(name)
        )
    if not is_text(name):
        return translate(
            "ScheduleValidation",
            "an entry name must be text; it holds a lone surrogate (\\ud800-\\udfff)",
        )
    if not name.strip():
        return translate("ScheduleValidation", "an entry name must not be empty")
    if len(name) > MAX_NAME_LENGTH:
        return translate(
            "ScheduleValidation", "an entry name must be at most {0} characters"
        ).format(MAX_NAME_LENGTH)
    if any(ord(char) < 32 for char in name):
        return translate("ScheduleValidation", "an entry name must not hold control characters")
    return None


def _check_id(value: object) -> tuple[str, str] | None:
    if isinstance(value, str) and value.strip():
        return None
    message = translate("ScheduleValidation", "must be a non-empty string, not {0}")
    return "id", message.format(shown(value))


def _check_task(value: object) -> tuple[str, str] | None:
    if isinstance(value, str) and value.strip() and value == value.strip():
        return None
    message = translate(
        "ScheduleValidation", "must be a task name without surrounding spaces, not {0}"
    )
    return "task", message.format(shown(value))


def _check_schedule(value: object) -> tuple[str, str] | None:
    try:
        normalize_schedule(value)
    except ScheduleSpecError as exc:
        return f"schedule.{exc.field}", exc.message
    except Exception as exc:  # a rule missed above must still come back as a message
        message = translate("ScheduleValidation", "cannot be read: {0}: {1}")
        return "schedule", message.format(type(exc).__name__, brief(str(exc)))
    return None


def _check_args(value: object) -> tuple[str, str] | None:
    if isinstance(value, list):
        return None
    message = translate("ScheduleValidation", "must be a list (JSON array), not {0}")
    return "args", message.format(json_type_name(value))


def _check_kwargs(value: object) -> tuple[str, str] | None:
    if isinstance(value, dict):
        return None
    message = translate("ScheduleValidation", "must be an object (JSON object), not {0}")
    return "kwargs", message.format(json_type_name(value))


def _check_enabled(value: object) -> tuple[str, str] | None:
    if isinstance(value, bool):
        return None
    message = translate("ScheduleValidation", "must be true or false, not {0}")
    return "enabled", message.format(json_type_name(value))


def _check_description(value: object) -> tuple[str, str] | None:
    if isinstance(value, str):
        return None
    message = translate("ScheduleValidation", "must be a string, not {0}")
    return "description", message.format(json_type_name(value))


def json_type_name(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    names = {
        str: translate("ScheduleValidation", "a string"),
        int: translate("ScheduleValidation", "a number"),
        float: translate("ScheduleValidation", "a number"),
        list: translate("ScheduleValidation", "a list"),
        dict: translate("ScheduleValidation", "an object"),
    }
    return names.get(type(value), type(value).__name__)


_ENTRY_CHECKS: dict[str, Callable[[object], tuple[str, str] | None]] = {
    "id": _check_id,
    "task": _check_task,
    "schedule": _check_schedule,
    "args": _check_args,
    "kwargs": _check_kwargs,
    "options": _check_options,
    "enabled": _check_enabled,
    "description": _check_description,
}


def _required(field: str) -> str | None:
    """Why a missing field is needed, or None when it may be left out."""
    if field == "task":
        return translate(
            "ScheduleValidation", "is missing: name the task to send, e.g. 'proj.tasks.add'"
        )
    if field == "schedule":
        return translate(
            "ScheduleValidation", "is missing: give an interval, crontab, solar or clocked schedule"
        )
    return None


def validate_entry(name: str, raw: object) -> list[ScheduleError]:
    """The problems of one entry (empty: the entry is valid), in field order."""
    problem = _check_name(name)
    if problem:
        return [ScheduleError(problem, entry=name)]
    if not isinstance(raw, Mapping):
        message = translate("ScheduleValidation", "an entry must be an object, not {0}")
        return [ScheduleError(message.format(json_type_name(raw)), entry=name)]
    unknown = translate("ScheduleValidation", "is not an entry field (fields: {0})").format(
        ", ".join(ENTRY_FIELDS)
    )
    errors = [
        ScheduleError(unknown, name, str(key))
        for key in raw
        if key not in ENTRY_FIELDS and not str(key).startswith("_")
    ]
    unusable = set()
    for field in ENTRY_FIELDS:  # first what no check below could even look at
        if field == "schedule":  # checked by normalize_schedule, as the preview checks it
            continue
        problem = json_value_problem(raw[field]) if field in raw else None
        if problem is not None:
            errors.append(ScheduleError(problem, entry=name, field=field))
            unusable.add(field)
    for field, check in _ENTRY_CHECKS.items():
        if field in unusable:
            continue
        if field not in raw:
            required = _required(field)
            if required is not None:
                errors.append(ScheduleError(required, entry=name, field=field))
            continue
        found = check(raw[field])
        if found is not None:
            errors.append(ScheduleError(found[1], entry=name, field=found[0]))
    return errors


def _validate_top_level(data: Mapping[str, Any]) -> list[ScheduleError]:
    unknown = translate("ScheduleValidation", "is not a field of the file (fields: {0})").format(
        ", ".join(TOP_LEVEL_FIELDS)
    )
    errors = [
        ScheduleError(unknown, field=k)
        for k in data
        if k not in TOP_LEVEL_FIELDS and not str(k).startswith("_")
    ]
    if "version" in data and (not _is_int(data["version"]) or data["version"] != 1):
        message = translate("ScheduleValidation", "unsupported version {0}; this is version 1")
        errors.append(ScheduleError(message.format(shown(data["version"])), field="version"))
    if "revision" in data and (not _is_int(data["revision"]) or data["revision"] < 0):
        message = translate("ScheduleValidation", "must be a whole number >= 0, not {0}")
        errors.append(ScheduleError(message.format(shown(data["revision"])), field="revision"))
    if "timezone" in data and not is_known_timezone(data["timezone"]):
        message = translate(
            "ScheduleValidation", "unknown time zone {0}; use an IANA name such as Asia/Shanghai"
        )
        errors.append(ScheduleError(message.format(shown(data["timezone"])), field="timezone"))
    if "entries" not in data:
        message = translate("ScheduleValidation", "is missing: the file needs an 'entries' object")
        errors.append(ScheduleError(message, field="entries"))
    elif not isinstance(data["entries"], Mapping):
        message = translate("ScheduleValidation", "must be an object of named entries")
        errors.append(ScheduleError(message, field="entries"))
    return errors


def validate_schedule_data(data: object) -> list[ScheduleError]:
    """Every problem of a decoded schedule file, file-level first, then entries in order."""
    if not isinstance(data, Mapping):
        message = translate("ScheduleValidation", "the file must hold a JSON object, not {0}")
        return [ScheduleError(message.format(type(data).__name__))]
    errors = _validate_top_level(data)
    entries = data.get("entries")
    if not isinstance(entries, Mapping):
        return errors
    seen_ids: dict[str, str] = {}
    for name, raw in entries.items():
        entry_errors = validate_entry(str(name), raw)
        errors.extend(entry_errors)
        if entry_errors or not isinstance(raw, Mapping):
            continue
        entry_id = raw.get("id", name)
        if entry_id in seen_ids:
            message = translate("ScheduleValidation", "id {0} is already used by entry {1}").format(
                shown(entry_id), shown(seen_ids[entry_id])
            )
            errors.append(ScheduleError(message, entry=str(name), field="id"))
        seen_ids[entry_id] = str(name)
    return errors
