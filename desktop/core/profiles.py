"""Named broker connections, saved in ``profiles.json`` without their passwords.

A profile is a broker (a URL, or the private local broker the app starts) plus, optionally,
the user's own Celery project (:class:`~desktop.core.project.config.ProjectConfig`): its
directory, interpreter, ``-A`` module and environment. Everything the app shows of a
project (its code-defined schedules, its tasks, its schedule file, its worker and beat
presets) belongs to the profile.

The password of a profile lives in the :class:`~desktop.core.secrets.SecretStore` (the OS
keychain); the JSON file holds the URL with the password split out. A URL saved with a
password in it, or a hand-edited file that has one, is split before anything is written.
The same holds for the optional result backend URL the user gives (``result_backend``: where
the app reads results when the project's own cannot be used), whose password is kept under
:data:`BACKEND_SECRETS_SERVICE`.

The built-in :data:`DEMO_PROFILE` (the private local broker and the demo app that ships with
Celery Desk) is always listed first and can be neither saved nor deleted. It is only one
profile among others: nothing of it appears in a user's profile.

Every change re-reads the file first, so two windows editing profiles do not undo each other.
"""

from __future__ import annotations

import builtins
import logging
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.broker.url import (
    REDIS_SOCKET_SCHEMES,
    REDIS_TCP_SCHEMES,
    join_password,
    parse_broker_url,
    split_password,
)
from desktop.core.i18n import translate
from desktop.core.json_file import read_json_object, write_json_atomic
from desktop.core.project.config import DEMO_PROJECT, ProjectConfig
from desktop.core.redact import redact_text
from desktop.core.secrets import SecretStore

log = logging.getLogger("celery_desk.profiles")

DEMO_PROFILE_NAME = "Demo"
#: Names the built-in profile had before it was the demo's; never a user's profile.
_RESERVED_NAMES = frozenset({DEMO_PROFILE_NAME, "Local broker"})
PROFILES_SCHEMA_VERSION = 2
_MAX_NAME = 80
_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
_SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN", re.IGNORECASE)
#: The keychain service holding the passwords of profiles' result backends.
BACKEND_SECRETS_SERVICE = "celery-desk-result-backend"


class ProfileError(ValueError):
    """A profile operation that cannot be done; the message is for the user."""


@dataclass(frozen=True)
class ConnectionProfile:
    """A saved broker connection and, optionally, the project behind it.

    ``url`` never holds the password. With ``local_broker`` the URL is empty: the private
    local broker's address is only known once it runs. ``result_backend`` (a Redis URL, no
    password either) overrides where results are read; empty: the project's own, else the
    broker.
    """

    name: str
    url: str = ""
    read_only: bool = False
    description: str = ""
    local_broker: bool = False
    project: ProjectConfig | None = None
    result_backend: str = ""

    @property
    def is_local(self) -> bool:
        """Connects to the private local broker rather than to a URL."""
        return self.local_broker

    @property
    def is_builtin(self) -> bool:
        return self.name == DEMO_PROFILE_NAME

    @property
    def is_demo(self) -> bool:
        return self.project is not None and self.project.is_demo

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "url": self.url,
            "read_only": self.read_only,
            "description": self.description,
            "local_broker": self.local_broker,
            "project": self.project.to_dict() if self.project is not None else None,
        }
        if self.result_backend:  # files of profiles without one stay as they were
            data["result_backend"] = self.result_backend
        return data


DEMO_PROFILE = ConnectionProfile(
    name=DEMO_PROFILE_NAME,
    description="The demo app on a private redis-server started by Celery Desk",
    local_broker=True,
    project=DEMO_PROJECT,
)
#: The schedule file of the demo profile, where earlier versions kept the only one.
DEMO_SCHEDULE_FILE_NAME = "schedules.json"


def schedule_path(profile: ConnectionProfile) -> Path:
    """The schedule file the Schedules page edits for ``profile``.

    The project's own choice when it names one, else a file of the profile's in the data dir
    (the demo keeps the name earlier versions used).
    """
    if profile.project is not None and profile.project.schedule_path:
        return Path(profile.project.schedule_path).expanduser()
    if profile.is_builtin:
        return paths.data_dir() / DEMO_SCHEDULE_FILE_NAME
    slug = _UNSAFE_IN_FILE_NAME.sub("-", profile.name.strip()).strip("-.") or "profile"
    return paths.data_dir() / "schedules" / f"{slug}.json"


def profile_name_for_url(url: str, taken: builtins.list[str]) -> str:
    """A readable, unused profile name for a typed URL: ``host:port/db``, numbered if taken."""
    try:
        parsed = parse_broker_url(url)
    except ValueError:
        base = split_password(url)[0].split("://", 1)[-1]
    else:
        base = parsed.address + (f"/{parsed.db}" if parsed.db else "")
    base = base[: _MAX_NAME - 5].strip() or "Broker"
    name, number = base, 2
    while name in taken or name in _RESERVED_NAMES:
        name = f"{base} ({number})"
        number += 1
    return name


class ProfileStore:
    """Lists, saves, renames and deletes profiles; joins passwords back on demand."""

    def __init__(self, path: Path | None = None, secrets: SecretStore | None = None) -> None:
        self._path = path if path is not None else paths.config_dir() / "profiles.json"
        self._secrets = secrets if secrets is not None else SecretStore()
        self._backend_secrets = self._secrets.for_service(BACKEND_SECRETS_SERVICE)
        self._lock = threading.RLock()
        self.load_message: str | None = None

    @property
    def path(self) -> Path:
        return self._path

    @property
    def secrets(self) -> SecretStore:
        return self._secrets

    def list(self) -> list[ConnectionProfile]:
        """The demo first, then the saved profiles by name."""
        saved = sorted(self._read().values(), key=lambda p: p.name.casefold())
        return [DEMO_PROFILE, *saved]

    def names(self) -> builtins.list[str]:
        return [profile.name for profile in self.list()]

    def get(self, name: str) -> ConnectionProfile | None:
        if name == DEMO_PROFILE_NAME:
            return DEMO_PROFILE
        return self._read().get(name)

    def has_password(self, name: str) -> bool:
        return name != DEMO_PROFILE_NAME and self._secrets.get(name) is not None

    def save(
        self,
        profile: ConnectionProfile,
        password: str | None = None,
        backend_password: str | None = None,
    ) -> ConnectionProfile:
        """Add or replace ``profile``; returns what was stored (URLs without passwords).

        ``password`` None keeps the stored one (or takes the one in ``profile.url``); an
        empty string removes it. A local-broker profile has neither URL nor password.
        ``backend_password`` does the same for ``profile.result_backend``.
        """
        name = _check_name(profile.name)
        if profile.local_broker:
            bare, embedded = "", None
        else:
            bare, embedded = split_password(profile.url.strip())
            parse_broker_url(bare)  # BrokerUrlError (a ValueError) says what is wrong
        stored = ConnectionProfile(
            name,
            bare,
            profile.read_only,
            profile.description.strip(),
            profile.local_broker,
            _checked_project(profile.project),
        )
        backend, backend_embedded = _checked_backend(profile.result_backend)
        stored = replace(stored, result_backend=backend)
        with self._lock:
            # The secret goes first: the file must never be the only place it is written.
            secret = "" if profile.local_broker else password if password is not None else embedded
            _keep(self._secrets, name, secret)
            backend_secret = (
                "" if not backend
                else backend_password if backend_password is not None else backend_embedded
            )  # fmt: skip
            _keep(self._backend_secrets, name, backend_secret)
            profiles = self._read()
            profiles[name] = stored
            self._write(profiles)
        return stored

    def delete(self, name: str) -> None:
        if name == DEMO_PROFILE_NAME:
            text = translate("Profiles", "The built-in '{0}' profile cannot be deleted")
            raise ProfileError(text.format(DEMO_PROFILE_NAME))
        with self._lock:
            profiles = self._read()
            if profiles.pop(name, None) is None:
                raise ProfileError(_no_profile(name))
            self._write(profiles)
            self._secrets.delete(name)
            self._backend_secrets.delete(name)

    def rename(self, old_name: str, new_name: str) -> ConnectionProfile:
        if DEMO_PROFILE_NAME in (old_name, new_name):
            text = translate("Profiles", "The built-in '{0}' profile cannot be renamed")
            raise ProfileError(text.format(DEMO_PROFILE_NAME))
        new_name = _check_name(new_name)
        with self._lock:
            profiles = self._read()
            profile = profiles.get(old_name)
            if profile is None:
                raise ProfileError(_no_profile(old_name))
            if new_name == old_name:
                return profile
            if new_name in profiles:
                text = translate("Profiles", "A profile named '{0}' already exists")
                raise ProfileError(text.format(new_name))
            renamed = replace(profile, name=new_name)
            self._secrets.move(old_name, new_name)
            self._backend_secrets.move(old_name, new_name)
            del profiles[old_name]
            profiles[new_name] = renamed
            self._write(profiles)
        return renamed

    def resolve_url(self, name: str) -> str:
        """The profile's URL with its password joined back in: for connecting, never display.

        A local-broker profile has no fixed URL (it is chosen when the broker starts): "".
        """
        profile = self.get(name)
        if profile is None:
            raise ProfileError(_no_profile(name))
        if profile.local_broker:
            return ""
        return join_password(profile.url, self._secrets.get(name))

    def has_backend_password(self, name: str) -> bool:
        return name != DEMO_PROFILE_NAME and self._backend_secrets.get(name) is not None

    def resolve_backend_url(self, name: str) -> str | None:
        """The profile's own result backend URL with its password: for connecting, never
        display; None when the profile names none (or does not exist)."""
        profile = self.get(name)
        if profile is None or not profile.result_backend:
            return None
        return join_password(profile.result_backend, self._backend_secrets.get(name))

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
        if name in _RESERVED_NAMES or not name.strip():
            return None, False
        raw_url = entry.get("url")
        url = raw_url if isinstance(raw_url, str) else ""
        bare, password = split_password(url)
        if password:
            log.warning("Profiles: moving the password of %r from the file to the keychain", name)
            self._secrets.set(name, password)
        description = entry.get("description")
        project = entry.get("project")
        raw_backend = entry.get("result_backend")
        backend, backend_password = split_password(
            raw_backend if isinstance(raw_backend, str) else ""
        )
        if backend_password:
            log.warning("Profiles: moving the result backend password of %r to the keychain", name)
            self._backend_secrets.set(name, backend_password)
        profile = ConnectionProfile(
            name=name,
            url=bare,
            read_only=entry.get("read_only") is True,
            description=description if isinstance(description, str) else "",
            local_broker=entry.get("local_broker") is True,
            project=ProjectConfig.from_dict(project) if project is not None else None,
            result_backend=backend,
        )
        if project is not None and profile.project is None:
            log.warning("Profiles: the project of %r is not valid and was left out", name)
        return profile, bool(password or backend_password)

    def _write(self, profiles: dict[str, ConnectionProfile]) -> None:
        data = {
            "schema_version": PROFILES_SCHEMA_VERSION,
            "profiles": [p.to_dict() for p in sorted(profiles.values(), key=lambda p: p.name)],
        }
        write_json_atomic(self._path, data)


def _no_profile(name: str) -> str:
    return translate("Profiles", "There is no profile named '{0}'").format(name)


def _check_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise ProfileError(translate("Profiles", "A profile needs a name"))
    if cleaned in _RESERVED_NAMES:
        text = translate("Profiles", "'{0}' is the name of a built-in profile; choose another name")
        raise ProfileError(text.format(cleaned))
    if len(cleaned) > _MAX_NAME:
        text = translate("Profiles", "A profile name can have at most {0} characters")
        raise ProfileError(text.format(_MAX_NAME))
    if any(not ch.isprintable() for ch in cleaned):
        raise ProfileError(
            translate("Profiles", "A profile name cannot contain control characters")
        )
    return cleaned


def is_redis_url(url: str) -> bool:
    """Whether ``url`` names Redis (whatever else may be wrong with it)."""
    scheme = url.strip().partition("://")[0].lower()
    return scheme in (*REDIS_TCP_SCHEMES, *REDIS_SOCKET_SCHEMES)


def _keep(store: SecretStore, name: str, secret: str | None) -> None:
    """Store ``secret``; "" removes the stored one, None leaves it as it is."""
    if secret:
        store.set(name, secret)
    elif secret == "":
        store.delete(name)


def _checked_backend(url: str) -> tuple[str, str | None]:
    """``(URL without its password, the password)`` of a result backend the user gave, or
    ProfileError when it is not a Redis URL (only Redis results can be read)."""
    bare, password = split_password(url.strip())
    if not bare:
        return "", None
    if is_redis_url(bare):
        try:
            parse_broker_url(bare)
        except ValueError as exc:
            text = translate("Profiles", "The result backend URL cannot be used: {0}")
            raise ProfileError(text.format(exc)) from exc
    else:
        raise ProfileError(
            translate(
                "Profiles",
                "The result backend must be a Redis URL (redis://, rediss://, redis+socket://): "
                "the app reads results from Redis only",
            )
        )
    return bare, password


def _checked_project(project: ProjectConfig | None) -> ProjectConfig | None:
    """The project as it will be saved, or ProfileError naming what is missing."""
    if project is None:
        return None
    module = project.app_module.strip()
    if not module:
        raise ProfileError(
            translate(
                "Profiles", "A project needs its -A module (for example proj, or proj.celery:app)"
            )
        )
    if any(ch.isspace() for ch in module):
        text = translate("Profiles", "The -A module '{0}' cannot contain spaces")
        raise ProfileError(text.format(module))
    secret_keys = sorted(
        key
        for key, value in project.env.items()
        if _SECRET_NAME.search(key) or redact_text(value) != value
    )
    if secret_keys:
        text = translate(
            "Profiles",
            "The project's environment is saved in plain text and cannot hold secrets: {0}",
        )
        raise ProfileError(text.format(", ".join(secret_keys)))
    return replace(
        project,
        app_module=module,
        workdir=project.workdir.strip(),
        python=project.python.strip(),
        schedule_path=project.schedule_path.strip(),
    )
