"""Named broker connections, saved in ``profiles.json`` without their passwords.

The password of a profile lives in the :class:`~desktop.core.secrets.SecretStore` (the OS
keychain); the JSON file holds the URL with the password split out. A URL saved with a
password in it, or a hand-edited file that has one, is split before anything is written.

The built-in pseudo-profile :data:`LOCAL_PROFILE_NAME` (the private local broker, whose URL
is only known once it runs) is always listed first and can be neither saved nor deleted.

Every change re-reads the file first, so two windows editing profiles do not undo each other.
"""

from __future__ import annotations

import builtins
import logging
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.broker.url import join_password, parse_broker_url, split_password
from desktop.core.json_file import read_json_object, write_json_atomic
from desktop.core.secrets import SecretStore

log = logging.getLogger("celery_desk.profiles")

LOCAL_PROFILE_NAME = "Local broker"
PROFILES_SCHEMA_VERSION = 1
_MAX_NAME = 80


class ProfileError(ValueError):
    """A profile operation that cannot be done; the message is for the user."""


@dataclass(frozen=True)
class ConnectionProfile:
    """A saved broker connection. ``url`` never holds the password."""

    name: str
    url: str = ""
    read_only: bool = False
    description: str = ""

    @property
    def is_local(self) -> bool:
        return self.name == LOCAL_PROFILE_NAME


LOCAL_PROFILE = ConnectionProfile(
    name=LOCAL_PROFILE_NAME, description="Private redis-server started by Celery Desk"
)


class ProfileStore:
    """Lists, saves, renames and deletes profiles; joins passwords back on demand."""

    def __init__(self, path: Path | None = None, secrets: SecretStore | None = None) -> None:
        self._path = path if path is not None else paths.config_dir() / "profiles.json"
        self._secrets = secrets if secrets is not None else SecretStore()
        self._lock = threading.RLock()
        self.load_message: str | None = None

    @property
    def path(self) -> Path:
        return self._path

    @property
    def secrets(self) -> SecretStore:
        return self._secrets

    def list(self) -> list[ConnectionProfile]:
        """The local broker first, then the saved profiles by name."""
        saved = sorted(self._read().values(), key=lambda p: p.name.casefold())
        return [LOCAL_PROFILE, *saved]

    def names(self) -> builtins.list[str]:
        return [profile.name for profile in self.list()]

    def get(self, name: str) -> ConnectionProfile | None:
        if name == LOCAL_PROFILE_NAME:
            return LOCAL_PROFILE
        return self._read().get(name)

    def has_password(self, name: str) -> bool:
        return name != LOCAL_PROFILE_NAME and self._secrets.get(name) is not None

    def save(self, profile: ConnectionProfile, password: str | None = None) -> ConnectionProfile:
        """Add or replace ``profile``; returns what was stored (URL without password).

        ``password`` None keeps the stored one (or takes the one in ``profile.url``); an
        empty string removes it.
        """
        name = _check_name(profile.name)
        bare, embedded = split_password(profile.url.strip())
        parse_broker_url(bare)  # BrokerUrlError (a ValueError) says what is wrong
        stored = ConnectionProfile(name, bare, profile.read_only, profile.description.strip())
        with self._lock:
            # The secret goes first: the file must never be the only place it is written.
            secret = password if password is not None else embedded
            if secret:
                self._secrets.set(name, secret)
            elif secret == "":
                self._secrets.delete(name)
            profiles = self._read()
            profiles[name] = stored
            self._write(profiles)
        return stored

    def delete(self, name: str) -> None:
        if name == LOCAL_PROFILE_NAME:
            raise ProfileError(f"The built-in '{LOCAL_PROFILE_NAME}' profile cannot be deleted")
        with self._lock:
            profiles = self._read()
            if profiles.pop(name, None) is None:
                raise ProfileError(f"There is no profile named '{name}'")
            self._write(profiles)
            self._secrets.delete(name)

    def rename(self, old_name: str, new_name: str) -> ConnectionProfile:
        if LOCAL_PROFILE_NAME in (old_name, new_name):
            raise ProfileError(f"The built-in '{LOCAL_PROFILE_NAME}' profile cannot be renamed")
        new_name = _check_name(new_name)
        with self._lock:
            profiles = self._read()
            profile = profiles.get(old_name)
            if profile is None:
                raise ProfileError(f"There is no profile named '{old_name}'")
            if new_name == old_name:
                return profile
            if new_name in profiles:
                raise ProfileError(f"A profile named '{new_name}' already exists")
            renamed = ConnectionProfile(
                new_name, profile.url, profile.read_only, profile.description
            )
            self._secrets.move(old_name, new_name)
            del profiles[old_name]
            profiles[new_name] = renamed
            self._write(profiles)
        return renamed

    def resolve_url(self, name: str) -> str:
        """The profile's URL with its password joined back in: for connecting, never display.

        The local broker has no fixed URL (it is chosen when the broker starts): "".
        """
        if name == LOCAL_PROFILE_NAME:
            return ""
        profile = self._read().get(name)
        if profile is None:
            raise ProfileError(f"There is no profile named '{name}'")
        return join_password(profile.url, self._secrets.get(name))

    # -- the file ------------------------------------------------------------------------------

    def _read(self) -> dict[str, ConnectionProfile]:
        with self._lock:
            result = read_json_object(self._path)
            if result.problem:
                self.load_message = result.problem
                log.warning("Profiles: %s", result.problem)
            entries = (result.data or {}).get("profiles", [])
            profiles: dict[str, ConnectionProfile] = {}
            leaked = False
            for entry in entries if isinstance(entries, list) else []:
                profile, had_password = self._from_entry(entry)
                if profile is not None:
                    profiles[profile.name] = profile
                    leaked = leaked or had_password
            if leaked:
                self._write(profiles)  # the passwords are in the keychain now: drop them
            return profiles

    def _from_entry(self, entry: Any) -> tuple[ConnectionProfile | None, bool]:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            log.warning("Profiles: skipping an entry without a name in %s", self._path)
            return None, False
        name = entry["name"]
        if name == LOCAL_PROFILE_NAME or not name.strip():
            return None, False
        raw_url = entry.get("url")
        url = raw_url if isinstance(raw_url, str) else ""
        bare, password = split_password(url)
        if password:
            log.warning("Profiles: moving the password of %r from the file to the keychain", name)
            self._secrets.set(name, password)
        description = entry.get("description")
        profile = ConnectionProfile(
            name=name,
            url=bare,
            read_only=entry.get("read_only") is True,
            description=description if isinstance(description, str) else "",
        )
        return profile, bool(password)

    def _write(self, profiles: dict[str, ConnectionProfile]) -> None:
        data = {
            "schema_version": PROFILES_SCHEMA_VERSION,
            "profiles": [asdict(p) for p in sorted(profiles.values(), key=lambda p: p.name)],
        }
        write_json_atomic(self._path, data)


def _check_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise ProfileError("A profile needs a name")
    if cleaned == LOCAL_PROFILE_NAME:
        raise ProfileError(f"'{LOCAL_PROFILE_NAME}' is the built-in profile; choose another name")
    if len(cleaned) > _MAX_NAME:
        raise ProfileError(f"A profile name can have at most {_MAX_NAME} characters")
    if any(not ch.isprintable() for ch in cleaned):
        raise ProfileError("A profile name cannot contain control characters")
    return cleaned
