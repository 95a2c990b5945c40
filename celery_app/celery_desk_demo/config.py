"""Settings of the demo Celery app, read from environment variables.

Every ``CELERY_<NAME>`` variable whose lower-cased ``<name>`` is a Celery setting (the new,
lowercase names of ``celery.app.defaults``) becomes that setting, Django style:

    CELERY_BROKER_URL           broker_url      (default redis://127.0.0.1:6379/0)
    CELERY_RESULT_BACKEND       result_backend  (default: the broker URL)
    CELERY_TIMEZONE             timezone        (default: this machine's IANA zone, else UTC)
    CELERY_WORKER_CONCURRENCY   worker_concurrency, and so on for any other setting.

Values are converted by the setting's declared type: ``int``, ``float``, ``bool``
(``1/0``, ``true/false``, ``yes/no``, ``on/off``), dicts as JSON objects, lists and tuples as
JSON arrays or comma-separated text. Empty variables count as unset. Variables that name no
Celery setting (``CELERY_DESK_*``, ``CELERY_CONFIG_MODULE``, ``CELERY_LOADER``...) are ignored.
A value that does not convert raises :class:`ConfigError` naming the variable.

Fixed choices, overridable by the same variables: JSON only for tasks, results and accepted
content; task events, ``task-sent`` events and the STARTED state on; ``result_extended`` on.

Importing this module has no side effects: :func:`build_settings` returns a plain dict.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from typing import Any

from celery.app.defaults import NAMESPACES, flatten

from celery_desk_beat.local_zone import is_valid_zone, local_timezone_name

DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"
ENV_PREFIX = "CELERY_"
# Our own variables share Celery's prefix; they are never settings.
_RESERVED_PREFIX = "CELERY_DESK_"

_TRUE = frozenset({"1", "true", "yes", "on", "y", "t"})
_FALSE = frozenset({"0", "false", "no", "off", "n", "f"})

FIXED_SETTINGS: dict[str, Any] = {
    "accept_content": ["json"],
    "task_serializer": "json",
    "result_serializer": "json",
    "event_serializer": "json",
    "worker_send_task_events": True,
    "task_send_sent_event": True,
    "task_track_started": True,
    "result_extended": True,
    "enable_utc": True,
    # Without it Celery 5.3+ warns on every start; the desktop app wants the retries anyway.
    "broker_connection_retry_on_startup": True,
}


class ConfigError(ValueError):
    """An environment variable holds a value its Celery setting cannot take."""


def _setting_types() -> dict[str, str]:
    return {key: str(option.type) for key, option in flatten(NAMESPACES)}


def _to_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError("expected a boolean (true/false, yes/no, on/off, 1/0)")


def _to_sequence(text: str) -> list[Any]:
    stripped = text.strip()
    if stripped.startswith("["):
        value = json.loads(stripped)
        if not isinstance(value, list):
            raise ValueError("expected a JSON array")
        return value
    return [part.strip() for part in stripped.split(",") if part.strip()]


def _to_dict(text: str) -> dict[str, Any]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object")
    return value


def _to_any(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "int": int,
    "<class 'int'>": int,
    "float": float,
    "bool": _to_bool,
    "list": _to_sequence,
    "tuple": lambda text: tuple(_to_sequence(text)),
    "dict": _to_dict,
    "any": _to_any,
    "bytes": str.encode,
}


def convert_value(variable: str, setting_type: str, text: str) -> Any:
    """``text`` as the Python value of a setting of ``setting_type`` (a Celery type name)."""
    converter = _CONVERTERS.get(setting_type, str)
    try:
        return converter(text)
    except ValueError as exc:  # json.JSONDecodeError is a ValueError too
        raise ConfigError(f"{variable}={text!r} is not a valid {setting_type}: {exc}") from exc


def settings_from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The Celery settings named by ``CELERY_*`` variables of ``environ``, converted."""
    types = _setting_types()
    settings: dict[str, Any] = {}
    for variable, text in environ.items():
        if not variable.startswith(ENV_PREFIX) or variable.startswith(_RESERVED_PREFIX):
            continue
        key = variable[len(ENV_PREFIX) :].lower()
        if key not in types or not text.strip():
            continue
        settings[key] = convert_value(variable, types[key], text)
    return settings


def build_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The demo app's Celery settings for ``environ`` (default: this process's environment)."""
    env = os.environ if environ is None else environ
    settings: dict[str, Any] = dict(FIXED_SETTINGS)
    settings.update(settings_from_environment(env))
    settings.setdefault("broker_url", DEFAULT_BROKER_URL)
    settings.setdefault("result_backend", settings["broker_url"])
    if "timezone" in settings:
        if not is_valid_zone(str(settings["timezone"])):
            raise ConfigError(
                f"CELERY_TIMEZONE={settings['timezone']!r} is not a known IANA time zone "
                "(for example Europe/Paris, Asia/Shanghai, UTC)"
            )
    else:
        settings["timezone"] = local_timezone_name(env)
    return settings
