"""A user's project virtualenv for tests, on a Python other than the app's where there is one.

The interpreter is found as the Makefile finds the app's: ``python3.11`` on PATH that really
runs (a pyenv shim that fails is skipped), else pyenv's 3.11, then the same for 3.10, else
the app's own interpreter. The virtualenv is built once under ``.venv-projects/`` (named by
the interpreter and a hash of what goes in it) and reused by later runs; it holds what a
Django project of Celery's "First steps with Django" has, and nothing of Celery Desk.

:func:`ensure_project_min_venv` builds the same project on the oldest Celery and kombu that
celery-desk-beat supports (``requirements/project-min.txt``), on Python 3.10 first: the
oldest Python and the oldest Celery together, as a long-lived project has them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.celery_procs import REPO_ROOT

VENVS_DIR = REPO_ROOT / ".venv-projects"
LOCK = REPO_ROOT / "requirements" / "project.txt"
# Until the lock exists: what requirements/project.in names (solar needs ephem).
UNLOCKED = ("celery[redis,solar]", "django>=5.2,<6")
PREFERRED = ("3.11", "3.10")
MIN_LOCK = REPO_ROOT / "requirements" / "project-min.txt"
MIN_PREFERRED = ("3.10", "3.11")
_COMPLETE = ".complete"


@dataclass(frozen=True)
class ProjectVenv:
    """A built project virtualenv: its root (what a user picks) and its interpreter."""

    root: Path
    python: Path
    version: str

    @property
    def is_other_python(self) -> bool:
        """Whether it runs another Python than the app's (False when none was found)."""
        mine = f"{sys.version_info.major}.{sys.version_info.minor}"
        return not self.version.startswith(mine + ".")


def _version_of(python: str) -> str | None:
    try:
        done = subprocess.run(
            [python, "-c", "import platform; print(platform.python_version())"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def _pyenv_candidates(minor: str) -> list[str]:
    try:
        root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return []
    versions = Path(root) / "versions" if root else None
    if versions is None or not versions.is_dir():
        return []
    found = sorted(versions.glob(f"{minor}*/bin/python3"), reverse=True)
    return [str(path) for path in found]


def find_project_python(preferred: tuple[str, ...] = PREFERRED) -> tuple[str, str]:
    """(interpreter, its version): the first of ``preferred`` found (3.11, else 3.10), else
    the app's own."""
    for minor in preferred:
        on_path = shutil.which(f"python{minor}")
        for candidate in [*([on_path] if on_path else []), *_pyenv_candidates(minor)]:
            version = _version_of(candidate)
            if version and version.startswith(minor + "."):
                return candidate, version
    own = _version_of(sys.executable) or ""
    return sys.executable, own


def _requirements() -> tuple[list[str], bytes]:
    """The pip arguments, and the bytes that identify them (for the directory's hash)."""
    if LOCK.is_file():
        return ["--require-hashes", "-r", str(LOCK)], LOCK.read_bytes()
    return list(UNLOCKED), "\n".join(UNLOCKED).encode()


def ensure_project_venv() -> ProjectVenv:
    """The project virtualenv, built now if this checkout has none yet (a minute or so)."""
    python, version = find_project_python()
    pip_args, identity = _requirements()
    return _ensure(python, version, pip_args, identity, "")


def ensure_project_min_venv() -> ProjectVenv:
    """The project on the oldest Celery and kombu supported (``requirements/project-min.txt``),
    on Python 3.10 where the machine has it; built now if this checkout has none yet."""
    python, version = find_project_python(MIN_PREFERRED)
    pip_args = ["--require-hashes", "-r", str(MIN_LOCK)]
    return _ensure(python, version, pip_args, MIN_LOCK.read_bytes(), "min-")


def _ensure(
    python: str, version: str, pip_args: list[str], identity: bytes, prefix: str
) -> ProjectVenv:
    digest = hashlib.sha256(identity + version.encode()).hexdigest()[:12]
    root = VENVS_DIR / f"{prefix}python{version}-{digest}"
    interpreter = root / "bin" / "python"
    if (root / _COMPLETE).is_file():
        return ProjectVenv(root, interpreter, version)
    building = VENVS_DIR / f".building-{root.name}-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    VENVS_DIR.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run([python, "-m", "venv", str(building)], check=True, env=env, timeout=300)
    pip = [str(building / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "install", "--quiet", *pip_args],
        check=True,
        env=env,
        timeout=900,
        stdout=subprocess.DEVNULL,
    )
    (building / _COMPLETE).write_text(version + "\n")
    try:
        building.rename(root)
    except OSError:  # another run finished first: use its copy
        shutil.rmtree(building, ignore_errors=True)
    return ProjectVenv(root, interpreter, version)
