"""Finding processes a test run left behind, by the CELERY_DESK_HOME they inherited."""

from __future__ import annotations

from pathlib import Path

import psutil


def command_word(proc: psutil.Process) -> str:
    """What a process is: the sub-command after ``-m desktop``, Celery's command after
    ``-m celery``, else its program name."""
    try:
        argv: list[str] = proc.cmdline()
    except psutil.Error:
        return ""
    if "desktop" in argv and argv.index("desktop") + 1 < len(argv):
        return argv[argv.index("desktop") + 1]
    if "celery" in argv[1:5]:
        # python -P -m celery -A app worker|beat ... (the app's command for workers and beat)
        rest = argv[argv.index("celery") + 1 :]
        return next((word for word in rest if word in ("worker", "beat")), "celery")
    if argv and argv[0].split():
        # redis-server rewrites its title into argv[0]: "/usr/bin/redis-server 127.0.0.1:N"
        return Path(argv[0].split()[0]).name
    return ""


def alive(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


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
