"""Which profile the window is about: its broker, project, schedule file and presets."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.core.profiles import DEMO_PROFILE, ConnectionProfile, ProfileStore
from desktop.core.settings import SettingsStore

log = logging.getLogger("celery_desk.profiles")


class ProfileContext(QObject):
    """The active profile. Pages that belong to a profile (Schedules, Processes) follow it.

    The active profile is the one picked in the connection bar; it is remembered in the
    settings so the next start opens on it. A name that no longer exists falls back to the
    demo profile.

    Signals:
        changed(object): the active ``ConnectionProfile`` (another one, or the same one
            edited: its project, schedule file or broker changed).
    """

    changed = Signal(object)

    def __init__(
        self, profiles: ProfileStore, settings: SettingsStore, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._settings = settings
        name = settings.settings.active_profile
        self._profile = (profiles.get(name) if name else None) or DEMO_PROFILE

    @property
    def profile(self) -> ConnectionProfile:
        return self._profile

    @property
    def name(self) -> str:
        return self._profile.name

    def select(self, name: str) -> None:
        """Make ``name`` the active profile (and remember it); unknown names are ignored."""
        profile = self._profiles.get(name)
        if profile is None:
            log.warning("No profile named %r to select", name)
            return
        remembered = None if profile.is_builtin else profile.name
        if self._settings.settings.active_profile != remembered:
            self._settings.update(active_profile=remembered)
        self._adopt(profile)

    def refresh(self) -> None:
        """Read the active profile again after it was edited, renamed away or deleted."""
        profile = self._profiles.get(self._profile.name) or DEMO_PROFILE
        self._adopt(profile)

    def _adopt(self, profile: ConnectionProfile) -> None:
        if profile != self._profile:
            self._profile = profile
            self.changed.emit(profile)
