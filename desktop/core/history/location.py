"""Where a profile's journal lives: one SQLite file per profile under the data dir."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from desktop.core import paths

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def journal_path(profile_name: str) -> Path:
    """``<data dir>/journals/<profile>.sqlite3``; names that differ only in characters a
    file name cannot hold get a short hash, so two profiles never share a journal."""
    name = profile_name.strip()
    slug = _UNSAFE.sub("-", name).strip("-.") or "profile"
    if slug != name:
        slug += "-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return paths.data_dir() / "journals" / f"{slug}.sqlite3"
