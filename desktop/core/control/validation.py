"""Checks of what the user typed into an action's form, before anything is sent.

Each check returns a sentence saying what is wrong (shown as the action's error), or None.
"""

from __future__ import annotations

import signal as signals
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from desktop.core.i18n import translate

#: Options a send (retry, send task) accepts, as ``apply_async`` names them.
SEND_OPTIONS = frozenset(
    {
        "queue", "routing_key", "exchange", "priority", "countdown", "eta", "expires",
        "time_limit", "soft_time_limit", "headers",
    }
)  # fmt: skip


def signal_name(name: str) -> str | None:
    """``SIGTERM`` for ``TERM``, ``term`` or ``SIGTERM``; None for no such signal."""
    upper = name.strip().upper()
    full = upper if upper.startswith("SIG") else f"SIG{upper}"
    return full if full in signals.Signals.__members__ else None


def check_send(
    name: str,
    args: Any,
    kwargs: Any,
    options: Mapping[str, Any] | None,
) -> str | None:
    """Why a send (retry, send task) cannot go out as asked, or None."""
    checks: tuple[tuple[bool, Callable[[], str]], ...] = (
        (
            not isinstance(name, str) or not name.strip(),
            lambda: translate("Control", "no task name given"),
        ),
        (
            isinstance(args, str | bytes | Mapping) or not isinstance(args, Sequence),
            lambda: translate("Control", "args must be a list, not {0}").format(
                type(args).__name__
            ),
        ),
        (
            kwargs is not None and not isinstance(kwargs, Mapping),
            lambda: translate("Control", "kwargs must be an object, not {0}").format(
                type(kwargs).__name__
            ),
        ),
    )
    for failed, message in checks:
        if failed:
            return message()
    unknown = sorted(set(options or {}) - SEND_OPTIONS)
    if unknown:
        allowed = ", ".join(sorted(SEND_OPTIONS))
        text = translate("Control", "unknown option(s) {0} (allowed: {1})")
        return text.format(", ".join(unknown), allowed)
    return _check_option_values(options or {})


def _check_option_values(options: Mapping[str, Any]) -> str | None:
    priority = options.get("priority")
    if priority is not None and (
        isinstance(priority, bool) or not isinstance(priority, int) or not 0 <= priority <= 255
    ):
        text = translate("Control", "priority must be an integer from 0 to 255, not {0}")
        return text.format(repr(priority))
    for key in ("countdown", "time_limit", "soft_time_limit"):
        value = options.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            text = translate("Control", "{0} must be a number of seconds, not {1}")
            return text.format(key, repr(value))
    eta = options.get("eta")
    if eta is not None:
        try:
            datetime.fromisoformat(str(eta))
        except ValueError:
            text = translate("Control", "eta must be an ISO 8601 date and time, not {0}")
            return text.format(repr(eta))
    headers = options.get("headers")
    if headers is not None and not isinstance(headers, Mapping):
        return translate("Control", "headers must be an object")
    return None


def send_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """``options`` as ``send_task`` keywords (an ISO ``eta`` becomes a datetime)."""
    sent = {k: v for k, v in (options or {}).items() if v is not None}
    if isinstance(sent.get("eta"), str):
        sent["eta"] = datetime.fromisoformat(sent["eta"])
    return sent
