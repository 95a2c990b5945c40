"""A project's interpreter: where it is, and how to run a module with it safely.

A virtualenv directory stands for its own ``bin/python``. Modules are run with the working
directory kept off ``sys.path`` (``python -P``), so a project's own ``celery_app.py`` or
``desktop/`` package can shadow nothing the app runs; Celery itself still imports ``-A`` from
the working directory (``celery.utils.imports.import_from_cwd``), as its console script does.
``-P`` exists from Python 3.11; a 3.10 interpreter gets the same through a short ``-c``.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from pathlib import Path

from desktop.core.i18n import translate

#: What ``python -P -m MODULE`` does, for interpreters older than 3.11 that lack ``-P``:
#: drop the working directory ('' at sys.path[0] under -c), then run MODULE as __main__.
SAFE_PATH_BOOTSTRAP = (
    "import runpy, sys; del sys.path[0]; module = sys.argv.pop(1); "
    "runpy.run_module(module, run_name='__main__', alter_sys=True)"
)
_VERSION_IN_NAME = re.compile(r"python(\d+)\.(\d+)$")
_VERSION_IN_CFG = re.compile(r"^\s*version(?:_info)?\s*=\s*(\d+)\.(\d+)", re.MULTILINE)


def resolve_python(python: str) -> tuple[str | None, str | None]:
    """(interpreter path, problem): a virtualenv directory becomes its own interpreter."""
    path = Path(python).expanduser()
    if path.is_dir():
        candidates = [path / "bin" / "python", path / "bin" / "python3"]
        candidates.append(path / "Scripts" / "python.exe")
        found = next((c for c in candidates if c.is_file() and os.access(c, os.X_OK)), None)
        if found is None:
            return None, translate("Project", "no python in {0}").format(path / "bin")
        return str(found), None
    problem = None
    if not path.exists():
        if path.name.startswith("python"):
            problem = translate("Project", "python interpreter {0} does not exist").format(path)
        else:
            problem = translate("Project", "virtualenv {0} does not exist").format(path)
    elif not os.access(path, os.X_OK):
        problem = translate("Project", "python interpreter {0} is not executable").format(path)
    return (None, problem) if problem else (str(path), None)


def virtualenv_env(given: str, interpreter: str) -> dict[str, str]:
    """``VIRTUAL_ENV`` and ``PATH`` for a virtualenv directory (empty for an interpreter), so
    its scripts and anything the project spawns resolve inside it."""
    root = Path(given).expanduser()
    if not root.is_dir():
        return {}
    return {
        "VIRTUAL_ENV": str(root),
        "PATH": os.pathsep.join([str(Path(interpreter).parent), os.environ.get("PATH", "")]),
    }


def _version_from_files(interpreter: Path) -> tuple[int, int] | None:
    for config in (interpreter.parent.parent / "pyvenv.cfg", interpreter.parent / "pyvenv.cfg"):
        try:
            found = _VERSION_IN_CFG.search(config.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if found:
            return int(found.group(1)), int(found.group(2))
    named = _VERSION_IN_NAME.search(os.path.realpath(interpreter))
    return (int(named.group(1)), int(named.group(2))) if named else None


@functools.lru_cache(maxsize=64)
def _probed_version(interpreter: str, _stamp: int) -> tuple[int, int] | None:
    try:
        done = subprocess.run(
            [interpreter, "-c", "import sys; print('%d %d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=15,
            check=False,
        )
        major, minor = done.stdout.split()
        return int(major), int(minor)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def python_version(interpreter: str) -> tuple[int, int] | None:
    """The interpreter's (major, minor): from its virtualenv's ``pyvenv.cfg`` or its file name
    when they say, else by asking it once (cached until the file changes); None if unknown."""
    path = Path(interpreter)
    found = _version_from_files(path)
    if found is not None:
        return found
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _probed_version(str(path), stamp)


def module_argv(interpreter: str, module: str) -> list[str]:
    """``interpreter -P -m module``, or its equivalent for Python 3.10; append the options."""
    version = python_version(interpreter)
    if version is not None and version < (3, 11):
        return [interpreter, "-c", SAFE_PATH_BOOTSTRAP, module]
    return [interpreter, "-P", "-m", module]
