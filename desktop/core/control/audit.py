"""The local audit log of every action taken (or refused): append-only JSON lines.

One line per action in ``paths.data_dir()/audit.log``: time, profile, action, targets,
parameters, outcome and each target's reply. Parameters are cleaned first: secret-looking
keys are masked, passwords in URLs hidden, long values cut. When the file passes
``max_bytes`` it is rotated (``audit.log.1`` ... ``audit.log.N``, the oldest dropped).
Writers in several threads or processes (two windows) take an exclusive lock around append
and rotation. :meth:`AuditLog.entries` reads back newest first; a damaged line is skipped.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.broker.url_password import MASK
from desktop.core.redact import redact_text

log = logging.getLogger("celery_desk.audit")

AUDIT_FILE = "audit.log"
DEFAULT_MAX_BYTES = 2_000_000
DEFAULT_BACKUPS = 3
_SECRET_KEY = re.compile(r"pass(word|wd)?|secret|token|credential|api_?key|auth", re.IGNORECASE)
_MAX_TEXT = 500
_MAX_ITEMS = 50

OUTCOME_OK, OUTCOME_FAILED, OUTCOME_REFUSED = "ok", "failed", "refused"


def clean_parameters(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON-safe data without secrets: masked keys, masked URLs, cut text."""
    if depth > 6:
        return "…"
    if isinstance(value, Mapping):
        cleaned: dict[str, Any] = {}
        for index, (key, item) in enumerate(value.items()):
            if index >= _MAX_ITEMS:
                cleaned["…"] = f"{len(value) - _MAX_ITEMS} more"
                break
            name = str(key)
            hidden = _SECRET_KEY.search(name) and item not in (None, "")
            cleaned[name] = MASK if hidden else clean_parameters(item, depth + 1)
        return cleaned
    if isinstance(value, list | tuple | set | frozenset):
        items = [clean_parameters(v, depth + 1) for v in list(value)[:_MAX_ITEMS]]
        if len(value) > _MAX_ITEMS:
            items.append(f"… {len(value) - _MAX_ITEMS} more")
        return items
    if value is None or isinstance(value, bool | int | float):
        return value
    text = redact_text(value if isinstance(value, str) else repr(value))
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One action as recorded."""

    time: float
    profile: str
    action: str
    targets: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    outcome: str = OUTCOME_OK
    replies: dict[str, str] = field(default_factory=dict)
    reason: str = ""

    @property
    def local_time(self) -> str:
        return datetime.fromtimestamp(self.time).astimezone().isoformat(timespec="seconds")

    def to_json(self) -> str:
        data = {
            "time": round(self.time, 3),
            "iso_time": self.local_time,
            "profile": self.profile,
            "action": self.action,
            "targets": list(self.targets),
            "parameters": self.parameters,
            "outcome": self.outcome,
            "replies": self.replies,
            "reason": self.reason,
        }
        return json.dumps(data, ensure_ascii=False, default=str)

    @classmethod
    def from_json(cls, line: str) -> AuditEntry | None:
        try:
            data = json.loads(line)
            return cls(
                time=float(data["time"]),
                profile=str(data.get("profile", "")),
                action=str(data["action"]),
                targets=tuple(str(t) for t in data.get("targets") or ()),
                parameters=dict(data.get("parameters") or {}),
                outcome=str(data.get("outcome", "")),
                replies={str(k): str(v) for k, v in (data.get("replies") or {}).items()},
                reason=str(data.get("reason", "")),
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def search_text(self) -> str:
        """Everything a filter box may match, case-folded."""
        return self.to_json().casefold()


class AuditLog:
    """Appends entries and reads them back; safe from several threads and processes."""

    def __init__(
        self,
        path: Path | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        backups: int = DEFAULT_BACKUPS,
    ) -> None:
        self.path = path if path is not None else paths.data_dir() / AUDIT_FILE
        self.max_bytes = max_bytes
        self.backups = max(1, backups)
        self._lock = threading.Lock()

    def record(
        self,
        profile: str,
        action: str,
        *,
        targets: Sequence[str] = (),
        parameters: Mapping[str, Any] | None = None,
        outcome: str = OUTCOME_OK,
        replies: Mapping[str, str] | None = None,
        reason: str = "",
    ) -> AuditEntry:
        """Build, clean and append one entry; returns what was written."""
        entry = AuditEntry(
            time=time.time(),
            profile=profile,
            action=action,
            targets=tuple(redact_text(str(t)) for t in targets),
            parameters=clean_parameters(dict(parameters or {})),
            outcome=outcome,
            replies={str(k): str(clean_parameters(str(v))) for k, v in (replies or {}).items()},
            reason=redact_text(reason),
        )
        self.append(entry)
        return entry

    def append(self, entry: AuditEntry) -> None:
        """Append one line; a failure to write is logged, never raised into an action."""
        line = (entry.to_json() + "\n").encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                if self._size() + len(line) > self.max_bytes and self._size() > 0:
                    self._rotate()
                with self.path.open("ab") as handle:
                    handle.write(line)
                    handle.flush()
        except OSError:
            log.warning("Could not append to the audit log %s", self.path, exc_info=True)

    def entries(self, limit: int | None = None) -> list[AuditEntry]:
        """Entries newest first, across the rotated files; damaged lines skipped."""
        found: list[AuditEntry] = []
        for path in self.files():
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            for line in reversed(lines):
                entry = AuditEntry.from_json(line) if line.strip() else None
                if entry is not None:
                    found.append(entry)
                    if limit is not None and len(found) >= limit:
                        return found
        return found

    def files(self) -> list[Path]:
        """The log and its rotated copies, newest first (only those that exist)."""
        candidates = [self.path] + [self._backup(i) for i in range(1, self.backups + 1)]
        return [p for p in candidates if p.exists()]

    def _backup(self, index: int) -> Path:
        return self.path.with_name(f"{self.path.name}.{index}")

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def _rotate(self) -> None:
        self._backup(self.backups).unlink(missing_ok=True)
        for index in range(self.backups - 1, 0, -1):
            if self._backup(index).exists():
                self._backup(index).replace(self._backup(index + 1))
        self.path.replace(self._backup(1))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        with self._lock, lock_path.open("a") as lock_file:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)
