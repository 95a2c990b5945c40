"""Where Celery Desk keeps its files.

Everything lives under the platform's user directories, or under one folder named by
``CELERY_DESK_HOME`` so tests and side-by-side installs never touch the user's real state.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "celery-desk"
HOME_ENV = "CELERY_DESK_HOME"


def _base(kind: str) -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / kind
    if kind == "config":
        return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    if kind == "data":
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if kind == "state":
        return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Settings, profiles and process presets (JSON, no secrets)."""
    return _ensure(_base("config"))


def data_dir() -> Path:
    """The local broker's data directory and other durable data."""
    return _ensure(_base("data"))


def log_dir() -> Path:
    """The app's own log file."""
    return _ensure(_base("log"))


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
