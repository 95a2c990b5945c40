"""Where a profile's journal lives: one SQLite file per profile under the data dir."""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.history.feed import journal_config
from desktop.core.history.retention import Retention
from desktop.core.project.result_backend import ResultBackend
from desktop.core.settings import Settings

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def journal_path(profile_name: str) -> Path:
    """``<data dir>/journals/<profile>.sqlite3``; names that differ only in characters a
    file name cannot hold get a short hash, so two profiles never share a journal."""
    name = profile_name.strip()
    slug = _UNSAFE.sub("-", name).strip("-.") or "profile"
    if slug != name:
        slug += "-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return paths.data_dir() / "journals" / f"{slug}.sqlite3"


def journal_size(path: Path) -> int | None:
    """Bytes the journal takes on disk, its write-ahead log included (between checkpoints
    that log holds what was written lately, and can be large); None when there is no file
    yet. Two stats: cheap enough for the GUI thread."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # no journal yet (never connected, or the journal is off)
    with contextlib.suppress(OSError):  # no log: the last writer checkpointed and removed it
        size += Path(f"{path}-wal").stat().st_size
    return size


def retention_of(settings: Settings) -> Retention:
    """The retention the settings ask for."""
    return Retention(
        success_days=settings.history_success_days,
        failure_days=settings.history_failure_days,
        max_tasks=settings.history_max_tasks,
        per_name=settings.history_max_per_name,
    )


def profile_journal(
    profile_name: str, broker_url: str, settings: Settings, backend: ResultBackend | None = None
) -> dict[str, Any] | None:
    """What :meth:`~desktop.ui.monitor.hub.MonitorHub.start` takes as ``journal`` for a
    profile: its file, the settings' retention, catch-up from its broker and from its result
    backend (:func:`~desktop.core.project.result_backend.resolve_result_backend`; None: the
    broker's db); None when the journal is switched off."""
    if not settings.history_enabled:
        return None
    retention = retention_of(settings)
    return journal_config(
        str(journal_path(profile_name)),
        retention={
            "success_days": retention.success_days,
            "failure_days": retention.failure_days,
            "max_tasks": retention.max_tasks,
            "per_name": retention.per_name,
        },
        broker_url=broker_url,
        backend_url=backend.url if backend is not None else None,
        backend_problem=backend.problem if backend is not None else None,
    )
