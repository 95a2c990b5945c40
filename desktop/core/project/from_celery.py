"""The profile of the project ``celery -A proj desk`` was started in.

That command runs in the project's own interpreter and directory with the project's app
loaded, so it knows everything a profile needs: the broker, the ``-A`` module, the
directory, the interpreter, and the Django settings module if there is one. The profile is
created on the first run and refreshed (same project, new broker) on later ones.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from desktop.core.broker.url import split_password
from desktop.core.profiles import ConnectionProfile, ProfileStore
from desktop.core.project.config import ProjectConfig

#: Variables a project's code reads at import time that the app must pass on.
_PROJECT_VARIABLES = ("DJANGO_SETTINGS_MODULE", "DJANGO_CONFIGURATION")
_APP_OPTIONS = ("-A", "--app")


def app_argument(argv: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """The ``-A`` value of a ``celery`` command line (or ``CELERY_APP``), as typed."""
    found: str | None = None
    for index, token in enumerate(argv):
        if token in _APP_OPTIONS and index + 1 < len(argv):
            found = argv[index + 1]
        elif token.startswith("--app="):
            found = token.partition("=")[2]
        elif token.startswith("-A") and len(token) > 2:
            found = token[2:]
    return found or environ.get("CELERY_APP") or None


def project_here(
    app_module: str,
    workdir: str | None = None,
    python: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ProjectConfig:
    """The project as the running ``celery`` command sees it."""
    env = os.environ if environ is None else environ
    return ProjectConfig(
        app_module=app_module,
        workdir=workdir if workdir is not None else os.getcwd(),
        python=python if python is not None else sys.executable,
        env={key: env[key] for key in _PROJECT_VARIABLES if env.get(key)},
    )


def remember_project(
    store: ProfileStore, project: ProjectConfig, broker_url: str, preferred_name: str
) -> ConnectionProfile:
    """Create or refresh the profile of ``project`` on ``broker_url``; return it.

    A profile of the same project (same directory and ``-A`` module) is reused, whatever it
    is called; otherwise a new one is named after ``preferred_name``, numbered if taken.
    """
    bare, password = split_password(broker_url)
    same = _same_project(store, project)
    if same is not None:
        assert same.project is not None
        kept = replace(
            same.project,
            python=project.python,
            env={**same.project.env, **project.env},
        )
        updated = replace(same, url=bare, local_broker=False, project=kept)
        return store.save(updated, password or "")
    name = _free_name(store, preferred_name)
    return store.save(ConnectionProfile(name=name, url=bare, project=project), password or "")


def _same_project(store: ProfileStore, project: ProjectConfig) -> ConnectionProfile | None:
    here = _resolved(project.workdir)
    for profile in store.list():
        other = profile.project
        if (
            other is not None
            and not profile.is_builtin
            and other.app_module == project.app_module
            and _resolved(other.workdir) == here
        ):
            return profile
    return None


def _resolved(path: str) -> str:
    return str(Path(path).expanduser().resolve()) if path else ""


def _free_name(store: ProfileStore, preferred: str) -> str:
    base = preferred.strip() or "Project"
    taken = set(store.names())
    name, number = base, 2
    while name in taken or name in ("Demo", "Local broker"):
        name = f"{base} ({number})"
        number += 1
    return name
