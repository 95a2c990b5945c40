"""How to re-invoke Celery Desk itself, from source or from a frozen bundle.

A PyInstaller bundle has no Python interpreter (``sys.executable`` is the app), so worker,
beat and broker children are launched as sub-commands of the app itself (docs/facts.md).
"""

from __future__ import annotations

import os
import sys

# What PyInstaller puts in the environment for its own bootloader; an external program
# (redis-server, a user's interpreter) must not inherit it.
_FROZEN_ENV_KEYS = ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_FRAMEWORK_PATH")


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def self_command(*, safe_path: bool = False) -> list[str]:
    """The argv prefix that runs ``celery-desk``: append a sub-command and its options.

    ``safe_path`` keeps the working directory off ``sys.path`` (``python -P``): a user's
    project with a package of its own named ``desktop`` would otherwise be imported instead.
    Workers and beat need the working directory (``-A proj``); helpers of the app do not.
    """
    if is_frozen():
        return [sys.executable]
    return [sys.executable, *(["-P"] if safe_path else []), "-m", "desktop"]


def clean_environment(env: dict[str, str]) -> dict[str, str]:
    """A copy of ``env`` fit for launching an external program from a frozen app.

    PyInstaller saves the user's original value as ``<KEY>_ORIG``; restore it, or drop the key.
    """
    cleaned = dict(env)
    if not is_frozen():
        return cleaned
    for key in _FROZEN_ENV_KEYS:
        original = cleaned.pop(f"{key}_ORIG", None)
        if original is not None:
            cleaned[key] = original
        else:
            cleaned.pop(key, None)
    return cleaned


def current_environment() -> dict[str, str]:
    return clean_environment(dict(os.environ))
