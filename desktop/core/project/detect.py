"""Good first guesses for a project's interpreter and ``-A`` module, from its directory.

Only guesses to pre-fill a form: the user sees them and can change them, and the project
check (which imports the app in its own interpreter) says whether they work.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Where virtualenvs usually sit inside a project, most common first.
_VENV_NAMES = (".venv", "venv", "env", ".env", "virtualenv")
#: Directories never worth looking into for the Celery app.
_SKIPPED = frozenset({"node_modules", "site-packages", "__pycache__", "build", "dist", ".git"})


def _interpreter_in(venv: Path) -> Path | None:
    for candidate in (venv / "bin" / "python", venv / "bin" / "python3"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def find_virtualenv(workdir: str | os.PathLike[str]) -> str | None:
    """A virtualenv directory inside ``workdir`` (``.venv``, ``venv``...), or None."""
    root = Path(workdir).expanduser()
    for name in _VENV_NAMES:
        venv = root / name
        if (venv / "pyvenv.cfg").is_file() and _interpreter_in(venv) is not None:
            return str(venv)
    return None


def guess_app_module(workdir: str | os.PathLike[str]) -> str | None:
    """The ``-A`` module a project most likely uses, or None when nothing looks like one.

    Celery's documented layouts first: a package with a ``celery.py`` (``proj/celery.py``,
    the Django layout: ``-A proj``), then a top-level module named ``celery_app.py``,
    ``worker.py``, ``tasks.py`` or ``app.py`` that mentions ``Celery(``.
    """
    root = Path(workdir).expanduser()
    try:
        children = sorted(root.iterdir())
    except OSError:
        return None
    packages = [
        child
        for child in children
        if child.is_dir()
        and child.name not in _SKIPPED
        and not child.name.startswith(".")
        and child.name.isidentifier()
        and (child / "__init__.py").is_file()
        and (child / "celery.py").is_file()
    ]
    if len(packages) == 1:
        return packages[0].name
    for name in ("celery_app", "worker", "tasks", "app", "main"):
        module = root / f"{name}.py"
        if module.is_file() and _mentions_celery(module):
            return name
    return packages[0].name if packages else None


def _mentions_celery(module: Path) -> bool:
    try:
        text = module.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "Celery(" in text
