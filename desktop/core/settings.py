"""The app's settings: a typed, versioned dataclass in ``settings.json``, with change notices.

Loading never fails: a missing file gives the defaults; a field of the wrong type or out of
range falls back to its default (with a warning naming it); a file that is not valid JSON is
kept aside as ``settings.json.bad-<timestamp>`` and :attr:`SettingsStore.load_message` says so
for the UI to show. Files from older versions go through :data:`MIGRATIONS`. Keys this version
does not know (written by a newer one) are ignored but written back unchanged.

QSettings is for window geometry only; everything here stays Qt-free.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.json_file import read_json_object, write_json_atomic
from desktop.core.settings_schema import FIELD_CHECKS, SettingsError, check_value

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Settings",
    "SettingsError",
    "SettingsStore",
    "migrate",
]

log = logging.getLogger("celery_desk.settings")

SCHEMA_VERSION = 3

Subscriber = Callable[["Settings", set[str]], None]
Migration = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Settings:
    """Every user setting with its default. Change them through :meth:`SettingsStore.update`."""

    schema_version: int = SCHEMA_VERSION
    active_profile: str | None = None
    start_local_broker_if_unconfigured: bool = True
    keep_local_broker: bool = False
    local_broker_port: int | None = None
    display_timezone: str = "local"
    stop_grace_seconds: float = 10.0
    log_buffer_lines: int = 5000
    auto_restart_crashed: bool = False
    enable_events_broadcast: bool = True
    language: str = "system"
    #: The task journal (desktop/core/history): on, and what it keeps. Failures (every task
    #: that did not succeed) are kept longer than successes; the count cap drops the oldest
    #: successes first; the per-name cap (None: none) keeps one busy task from crowding out
    #: the rest.
    history_enabled: bool = True
    history_success_days: float = 7.0
    history_failure_days: float = 30.0
    history_max_tasks: int = 2_000_000
    history_max_per_name: int | None = None
    #: Closing the window keeps the app in the tray (where the desktop has a tray); the
    #: first close says so once (``close_to_tray_explained``).
    close_to_tray: bool = True
    close_to_tray_explained: bool = False


def _unversioned_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """A file without ``schema_version`` (hand-written, or from a pre-release build)."""
    return dict(data)


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 added the task journal (``history_*``): a version-1 user had none, and
    gets it on, with the defaults."""
    return dict(data)


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 added closing to the tray (``close_to_tray*``): on, not yet explained."""
    return dict(data)


# MIGRATIONS[n] turns a version-n dict into a version n+1 dict. Add one with every change
# of meaning or name of a field, and bump SCHEMA_VERSION.
MIGRATIONS: dict[int, Migration] = {0: _unversioned_to_v1, 1: _v1_to_v2, 2: _v2_to_v3}


def migrate(
    data: dict[str, Any],
    migrations: Mapping[int, Migration] = MIGRATIONS,
    target: int = SCHEMA_VERSION,
) -> dict[str, Any]:
    """Bring ``data`` from its ``schema_version`` (0 when absent) up to ``target``."""
    raw_version = data.get("schema_version", 0)
    version = raw_version if isinstance(raw_version, int) and raw_version >= 0 else 0
    migrated = dict(data)
    while version < target:
        step = migrations.get(version)
        if step is None:
            raise SettingsError(f"no migration from settings schema {version} to {version + 1}")
        migrated = step(migrated)
        version += 1
        migrated["schema_version"] = version
    return migrated


class SettingsStore:
    """Loads, validates, saves and announces changes of :class:`Settings`."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path if path is not None else paths.config_dir() / "settings.json"
        self._settings = Settings()
        self._extra: dict[str, Any] = {}  # keys from a newer version, written back as they are
        self._subscribers: list[Subscriber] = []
        self._lock = threading.RLock()
        self._loaded = False
        self._disk_stamp: tuple[int, ...] | None = None  # the file as we last read or wrote it
        self.load_message: str | None = None

    @property
    def path(self) -> Path:
        return self._path

    @property
    def settings(self) -> Settings:
        if not self._loaded:
            self.load()
        return self._settings

    def load(self) -> Settings:
        with self._lock:
            self._loaded = True
            self._disk_stamp = _stamp(self._path)
            self.load_message = None
            result = read_json_object(self._path)
            if result.problem:
                self.load_message = f"Settings were reset to the defaults: {result.problem}"
                log.warning("%s", self.load_message)
            data = result.data or {}
            version = data.get("schema_version", 0)
            if isinstance(version, int) and version > SCHEMA_VERSION:
                log.warning(
                    "settings.json is from a newer Celery Desk (schema %d); using what we know",
                    version,
                )
            else:
                try:
                    data = migrate(data)
                except SettingsError as exc:
                    log.warning("Settings: %s; using the defaults for changed fields", exc)
            self._settings, self._extra = _from_dict(data)
            return self._settings

    def save(self) -> None:
        with self._lock:
            data = {**self._extra, **dataclasses.asdict(self._settings)}
            data["schema_version"] = SCHEMA_VERSION
            write_json_atomic(self._path, data)
            self._disk_stamp = _stamp(self._path)

    def update(self, **changes: Any) -> Settings:
        """Validate and apply ``changes``, save, then tell the subscribers what changed.

        Raises :class:`SettingsError` (nothing applied) for an unknown field or a bad value.
        """
        with self._lock:
            checked: dict[str, Any] = {}
            for name, value in changes.items():
                if name == "schema_version" or name not in FIELD_CHECKS:
                    raise SettingsError(f"unknown setting '{name}'")
                checked[name] = check_value(name, value)
            # Another writer (a second window, a hand edit) changed the file since we read it:
            # start from its values, so saving ours does not silently undo theirs.
            external: set[str] = set()
            if not self._loaded or _stamp(self._path) != self._disk_stamp:
                before = dataclasses.asdict(self._settings)
                after = dataclasses.asdict(self.load())
                external = {name for name in before if before[name] != after[name]}
            current = dataclasses.asdict(self._settings)
            ours = {name for name, value in checked.items() if current[name] != value}
            if ours:
                self._settings = dataclasses.replace(
                    self._settings, **{name: checked[name] for name in ours}
                )
                self.save()
            changed = ours | external
            if not changed:
                return self._settings
            settings = self._settings
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(settings, set(changed))
            except Exception:
                log.exception("A settings subscriber failed on %s", sorted(changed))
        return settings

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback(settings, changed_names)`` after each update; returns unsubscribe."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe


def _from_dict(data: dict[str, Any]) -> tuple[Settings, dict[str, Any]]:
    defaults = Settings()
    values: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)}
    for name in known - {"schema_version"}:
        if name not in data:
            continue
        try:
            value = check_value(name, data[name])
        except SettingsError as exc:
            log.warning(
                "Setting '%s' in settings.json is invalid (%s); using the default %r",
                name,
                exc,
                getattr(defaults, name),
            )
            continue
        values[name] = value
    extra = {key: value for key, value in data.items() if key not in known}
    return dataclasses.replace(defaults, **values), extra


def _stamp(path: Path) -> tuple[int, ...] | None:
    """Identity of the file's current version: each atomic write makes a new inode."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size
