"""Broker passwords in the OS keychain (``keyring``), or in memory when there is none.

Each profile's password is stored under the service ``celery-desk`` with the profile name as
the account. Where keyring has no usable backend (a headless Linux box: ``fail.Keyring``),
or the keychain refuses (locked, D-Bus gone), passwords are kept in this process's memory for
the session only, and :meth:`SecretStore.explanation` says so to the user. Nothing here ever
writes a secret to a file or to a log.
"""

from __future__ import annotations

import logging
import threading

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail, null

from desktop.core.i18n import translate

log = logging.getLogger("celery_desk.secrets")

SERVICE_NAME = "celery-desk"
SESSION_ONLY = "No OS keychain available: passwords are kept for this session only"


class SecretStore:
    """Passwords by profile name. Thread-safe; values never logged."""

    def __init__(
        self,
        backend: keyring.backend.KeyringBackend | None = None,
        service: str = SERVICE_NAME,
    ) -> None:
        self._backend = backend if backend is not None else keyring.get_keyring()
        self._service = service
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()
        self._failure: str | None = None  # why the keychain stopped being used, if it did

    @property
    def backend_name(self) -> str:
        return str(getattr(self._backend, "name", type(self._backend).__name__))

    @property
    def persistent(self) -> bool:
        """True when passwords outlive the app (a real keychain that has not failed)."""
        return self._failure is None and _is_usable(self._backend)

    def explanation(self) -> str:
        """One sentence for the user about where passwords go."""
        if self.persistent:
            text = translate("Secrets", "Passwords are saved in the OS keychain ({0})")
            return text.format(self.backend_name)
        if self._failure is not None:
            text = translate(
                "Secrets", "The OS keychain failed ({0}): passwords are kept for this session only"
            )
            return text.format(self._failure)
        return translate(
            "Secrets", "No OS keychain available: passwords are kept for this session only"
        )

    def for_service(self, service: str) -> SecretStore:
        """A store of other secrets in the same keychain, under ``service``."""
        return SecretStore(self._backend, service)

    def get(self, profile_name: str) -> str | None:
        with self._lock:
            if profile_name in self._session:
                return self._session[profile_name]
        if not _is_usable(self._backend):
            return None
        try:
            return self._backend.get_password(self._service, profile_name)
        except keyring.errors.KeyringError as exc:
            log.warning("Cannot read the password of %r from the keychain: %s", profile_name, exc)
            return None

    def set(self, profile_name: str, password: str) -> None:
        """Store ``password``; falls back to memory (and says so) if the keychain refuses."""
        if self.persistent:
            try:
                self._backend.set_password(self._service, profile_name, password)
            except keyring.errors.KeyringError as exc:
                self._failure = type(exc).__name__
                log.warning(
                    "The keychain refused the password of %r (%s); keeping it for this "
                    "session only",
                    profile_name,
                    type(exc).__name__,
                )
            else:
                with self._lock:
                    self._session.pop(profile_name, None)
                return
        with self._lock:
            self._session[profile_name] = password

    def delete(self, profile_name: str) -> None:
        with self._lock:
            self._session.pop(profile_name, None)
        if not _is_usable(self._backend):
            return
        try:
            self._backend.delete_password(self._service, profile_name)
        except keyring.errors.PasswordDeleteError:
            pass  # there was none
        except keyring.errors.KeyringError as exc:
            log.warning("Cannot delete the password of %r from the keychain: %s", profile_name, exc)

    def move(self, old_name: str, new_name: str) -> None:
        """Re-file a password under a renamed profile."""
        password = self.get(old_name)
        if password is None:
            return
        self.set(new_name, password)
        self.delete(old_name)


def _is_usable(backend: keyring.backend.KeyringBackend) -> bool:
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    return True
