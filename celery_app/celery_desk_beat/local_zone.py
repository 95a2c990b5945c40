"""This machine's IANA time zone name, for defaults (a new schedule file, the demo app).

Read from ``TZ``, the ``/etc/localtime`` symlink or Debian's ``/etc/timezone``, never from a
library that would need to be installed in a user's project.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _zone_from_path(path: str) -> str | None:
    """``Europe/Paris`` from ``/usr/share/zoneinfo/Europe/Paris`` (or macOS's variants)."""
    marker = "zoneinfo/"
    index = path.rfind(marker)
    if index < 0:
        return None
    name = path[index + len(marker) :]
    for prefix in ("posix/", "right/"):
        name = name.removeprefix(prefix)
    return name or None


def is_valid_zone(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _candidate_zones(environ: Mapping[str, str], localtime: Path, timezone_file: Path) -> list[str]:
    candidates: list[str] = []
    tz = environ.get("TZ", "").strip().removeprefix(":")
    if tz:
        candidates.append(_zone_from_path(tz) or tz)
    if localtime.is_symlink():
        target = os.path.realpath(localtime)
        for path in (os.readlink(localtime), target):
            zone = _zone_from_path(path)
            if zone:
                candidates.append(zone)
    with contextlib.suppress(OSError, UnicodeDecodeError):
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    return candidates


def local_timezone_name(
    environ: Mapping[str, str] | None = None,
    localtime: Path = Path("/etc/localtime"),
    timezone_file: Path = Path("/etc/timezone"),
) -> str:
    """This machine's IANA time zone name: from ``TZ``, the ``/etc/localtime`` symlink, or
    Debian's ``/etc/timezone``; ``UTC`` when none of them names a known zone."""
    env = os.environ if environ is None else environ
    for name in _candidate_zones(env, localtime, timezone_file):
        if is_valid_zone(name):
            return name
    return "UTC"
