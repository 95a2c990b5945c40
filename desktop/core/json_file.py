"""Small JSON files the app owns (settings, profiles, records): written atomically, read safely.

A reader must never see half a file (docs/facts.md): write a temp file in the same directory,
flush, fsync, ``os.replace``, then fsync the directory so the rename itself is durable.
A file that cannot be read back is moved aside (``name.bad-<timestamp>``), never overwritten,
so the user can still recover what was in it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class JsonRead:
    """The outcome of :func:`read_json_object`: the data, or why there is none."""

    data: dict[str, Any] | None
    problem: str | None = None
    moved_to: Path | None = None


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)


def write_json_atomic(path: Path, data: object) -> None:
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_json_object(path: Path) -> JsonRead:
    """Read a JSON object from ``path``; a missing file gives ``data=None`` and no problem.

    An unreadable file, invalid JSON or a non-object is moved aside and described in
    ``problem`` (a sentence for the user).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return JsonRead(None)
    except OSError as exc:
        return JsonRead(None, f"cannot read {path}: {exc.strerror or exc}")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = f"it is not valid JSON ({exc})"
    else:
        if isinstance(data, dict):
            return JsonRead(data)
        reason = f"it holds a {type(data).__name__}, not an object"
    moved = move_aside(path)
    where = f"; the bad file was kept as {moved.name}" if moved else ""
    return JsonRead(None, f"{path.name} could not be used: {reason}{where}", moved)


def move_aside(path: Path) -> Path | None:
    """Rename ``path`` to ``path.bad-<timestamp>`` (unique); None if that failed."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bad-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.bad-{stamp}-{counter}")
    try:
        os.replace(path, target)
    except OSError:
        return None
    return target


def _fsync_directory(directory: Path) -> None:
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:  # not possible on every platform (Windows): the replace is still atomic
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
