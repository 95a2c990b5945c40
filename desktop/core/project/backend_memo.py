"""The result backend a profile's project declared when last read, remembered across runs.

Reading a project takes its interpreter a second or more (a Django project many); connecting
should not wait for it each time. :func:`remember` keeps, per profile, what the project
helper said about the project's ``result_backend`` and ``broker_url`` (passwords masked: the
file holds no secret) with a fingerprint of the project's configuration, so an edited
project is read again. :func:`remembered` gives it back, or None.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from desktop.core import paths
from desktop.core.broker.url_password import mask_url
from desktop.core.json_file import read_json_object, write_json_atomic
from desktop.core.project.config import ProjectConfig
from desktop.core.project.facts import ProjectFacts

log = logging.getLogger("celery_desk.profiles")

FILE_NAME = "result_backends.json"
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class ProjectBackend:
    """What the project declares, passwords masked; None where it sets nothing."""

    result_backend: str | None
    broker_url: str | None


def memo_path() -> Path:
    return paths.data_dir() / FILE_NAME


def fingerprint(project: ProjectConfig) -> str:
    text = json.dumps(project.to_dict(), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def remembered(profile_name: str, project: ProjectConfig) -> ProjectBackend | None:
    """What was remembered for this profile and this very project configuration."""
    entry = _read().get(profile_name)
    if not isinstance(entry, dict) or entry.get("project") != fingerprint(project):
        return None
    backend, broker = entry.get("result_backend"), entry.get("broker_url")
    return ProjectBackend(
        backend if isinstance(backend, str) else None, broker if isinstance(broker, str) else None
    )


def remember(profile_name: str, project: ProjectConfig, facts: ProjectFacts) -> ProjectBackend:
    """Keep what ``facts`` (read successfully) say; returns it. A file that cannot be written
    only costs the next connection a read of the project."""
    found = ProjectBackend(_masked(facts.result_backend), _masked(facts.broker_url))
    with _LOCK:
        entries = _read()
        entries[profile_name] = {
            "project": fingerprint(project),
            "result_backend": found.result_backend,
            "broker_url": found.broker_url,
        }
        try:
            write_json_atomic(memo_path(), {"profiles": entries})
        except OSError as exc:
            log.warning("cannot remember the project's result backend: %s", exc)
    return found


def _masked(url: str | None) -> str | None:
    # The helper masks passwords already; masking again costs nothing and guards the file.
    return mask_url(url) if url is not None else None


def _read() -> dict[str, object]:
    result = read_json_object(memo_path())
    entries = (result.data or {}).get("profiles")
    return dict(entries) if isinstance(entries, dict) else {}
