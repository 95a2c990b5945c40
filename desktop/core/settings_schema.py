"""What each setting may hold: type and range checks shared by loading and updating."""

from __future__ import annotations

import math
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.core.i18n import LANGUAGE_SETTING, translate


class SettingsError(ValueError):
    """A setting name or value that cannot be used; the message names the field."""


@dataclass(frozen=True)
class FieldCheck:
    kind: type  # bool, int, float or str
    optional: bool = False
    extra: Callable[[Any], str | None] | None = None  # a problem sentence, or None


def _port(value: int) -> str | None:
    return (
        None if 1 <= value <= 65535 else translate("Settings", "must be a port between 1 and 65535")
    )


def _grace(value: float) -> str | None:
    ok = math.isfinite(value) and 0 <= value <= 3600
    return None if ok else translate("Settings", "must be between 0 and 3600 seconds")


def _buffer(value: int) -> str | None:
    if 100 <= value <= 1_000_000:
        return None
    return translate("Settings", "must be between 100 and 1000000 lines")


def _timezone(value: str) -> str | None:
    if value in ("local", "UTC"):
        return None
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return translate(
            "Settings", "must be 'local', 'UTC' or a time zone name like 'Europe/Paris'"
        )
    return None


def _language(value: str) -> str | None:
    if LANGUAGE_SETTING.match(value):
        return None
    return translate("Settings", "must be 'system' or a code like 'en' or 'zh_CN'")


#: The journal's limits, also the ranges of Preferences' fields (the messages below repeat
#: them: a translated text must be a literal).
HISTORY_DAYS = (0.01, 3650.0)
HISTORY_TASKS = (1000, 100_000_000)
HISTORY_PER_NAME_MIN = 1


def _days(value: float) -> str | None:
    if math.isfinite(value) and HISTORY_DAYS[0] <= value <= HISTORY_DAYS[1]:
        return None
    return translate("Settings", "must be between 0.01 and 3650 days")


def _task_count(value: int) -> str | None:
    if HISTORY_TASKS[0] <= value <= HISTORY_TASKS[1]:
        return None
    return translate("Settings", "must be between 1000 and 100000000 tasks")


def _per_name(value: int) -> str | None:
    if value >= HISTORY_PER_NAME_MIN:
        return None
    return translate("Settings", "must be at least 1 task, or empty")


def _profile_name(value: str) -> str | None:
    if value.strip() and len(value) <= 80:
        return None
    return translate("Settings", "must be a profile name")


FIELD_CHECKS: dict[str, FieldCheck] = {
    "active_profile": FieldCheck(str, optional=True, extra=_profile_name),
    "start_local_broker_if_unconfigured": FieldCheck(bool),
    "keep_local_broker": FieldCheck(bool),
    "local_broker_port": FieldCheck(int, optional=True, extra=_port),
    "display_timezone": FieldCheck(str, extra=_timezone),
    "stop_grace_seconds": FieldCheck(float, extra=_grace),
    "log_buffer_lines": FieldCheck(int, extra=_buffer),
    "auto_restart_crashed": FieldCheck(bool),
    "enable_events_broadcast": FieldCheck(bool),
    "language": FieldCheck(str, extra=_language),
    "history_enabled": FieldCheck(bool),
    "history_success_days": FieldCheck(float, extra=_days),
    "history_failure_days": FieldCheck(float, extra=_days),
    "history_max_tasks": FieldCheck(int, extra=_task_count),
    "history_max_per_name": FieldCheck(int, optional=True, extra=_per_name),
    "close_to_tray": FieldCheck(bool),
    "close_to_tray_explained": FieldCheck(bool),
}

_KIND_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


def check_value(name: str, value: Any) -> Any:
    """``value`` as stored for setting ``name`` (ints become floats where a float is wanted).

    Raises :class:`SettingsError` naming the field when the value does not fit.
    """
    check = FIELD_CHECKS.get(name)
    if check is None:
        raise SettingsError(f"unknown setting '{name}'")
    if value is None:
        if check.optional:
            return None
        raise SettingsError(f"'{name}' must be {_KIND_NAMES[check.kind]}, not empty")
    # bool is an int in Python: never accept True for a port or False for a count.
    is_bool = isinstance(value, bool)
    if check.kind is bool:
        fits = is_bool
    elif check.kind is float:
        fits = isinstance(value, int | float) and not is_bool
        value = float(value) if fits else value
    else:
        fits = isinstance(value, check.kind) and not is_bool
    if not fits:
        raise SettingsError(
            f"'{name}' must be {_KIND_NAMES[check.kind]} (got {type(value).__name__} {value!r})"
        )
    if check.extra is not None:
        problem = check.extra(value)
        if problem:
            raise SettingsError(
                translate("Settings", "'{0}' {1} (got {2})").format(name, problem, repr(value))
            )
    return value
