"""Finding processes a test run left behind, by the CELERY_DESK_HOME they inherited."""

from __future__ import annotations

from pathlib import Path

import psutil


def processes_with_home(home: Path) -> list[psutil.Process]:
    """Live processes whose environment has CELERY_DESK_HOME=home (our children inherit it)."""
    found: list[psutil.Process] = []
    wanted = str(home)
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.environ().get("CELERY_DESK_HOME") == wanted and proc.status() != "zombie":
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found
