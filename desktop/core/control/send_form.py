"""Reading what the user typed into the send-task form: JSON args and kwargs, dates, seconds.

Each parser returns ``(value, problem)``: the value when the text is fine, else None and a
sentence saying what is wrong (shown next to the field). Empty text means "not given".
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from desktop.core.i18n import translate

Parsed = tuple[Any, str | None]


def _json(text: str, what: str) -> Parsed:
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        text = translate("SendForm", "{0} is not valid JSON: {1} (line {2}, column {3})")
        return None, text.format(what, exc.msg, exc.lineno, exc.colno)


def parse_args(text: str) -> Parsed:
    """A JSON list (``[2, 3]``); empty text is ``[]``."""
    if not text.strip():
        return [], None
    value, problem = _json(text, "args")
    if problem is not None:
        return None, problem
    if not isinstance(value, list):
        text = translate("SendForm", "args must be a JSON list like [2, 3], not {0}")
        return None, text.format(_kind(value))
    return value, None


def parse_kwargs(text: str) -> Parsed:
    """A JSON object (``{"x": 1}``); empty text is ``{}``."""
    if not text.strip():
        return {}, None
    value, problem = _json(text, "kwargs")
    if problem is not None:
        return None, problem
    if not isinstance(value, dict):
        text = translate("SendForm", "kwargs must be a JSON object like {1}, not {0}")
        return None, text.format(_kind(value), '{"x": 1}')
    return value, None


def parse_when(text: str, what: str = "eta") -> Parsed:
    """An ISO 8601 date and time as an ISO string with an offset (naive means local time).

    Celery reads a naive time in the app's timezone (UTC by default), which is rarely what
    someone typing a time means: the local offset is added here instead.
    """
    text = text.strip()
    if not text:
        return None, None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        problem = translate("SendForm", "{0} must be an ISO date and time like {1}, not {2}")
        return None, problem.format(what, "2030-01-31T09:00", repr(text))
    if when.tzinfo is None:
        when = when.astimezone()
    return when.isoformat(), None


def parse_expires(text: str) -> Parsed:
    """Seconds from now (a number) or an ISO date and time."""
    text = text.strip()
    if not text:
        return None, None
    try:
        seconds = float(text)
    except ValueError:
        return parse_when(text, "expires")
    if seconds <= 0:
        problem = translate("SendForm", "expires must be a positive number of seconds, not {0}")
        return None, problem.format(text)
    return int(seconds) if seconds.is_integer() else seconds, None


def _kind(value: Any) -> str:
    names = {
        dict: translate("SendForm", "an object"),
        list: translate("SendForm", "a list"),
        str: translate("SendForm", "a string"),
        bool: translate("SendForm", "a boolean"),
    }
    if value is None:
        return "null"
    return names.get(type(value), translate("SendForm", "a number"))
