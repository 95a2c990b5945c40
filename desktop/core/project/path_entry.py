"""A ``PYTHONPATH`` entry that gives any Python 3.10+ interpreter our file scheduler.

The directory holds only a copy of the ``celery_desk_beat`` package and a minimal
``celery_desk_beat-<version>.dist-info`` whose entry point makes ``-S file`` work. With it on
``PYTHONPATH``, a project's interpreter runs ``celery beat -S file`` and the project helper
with nothing installed in the project's virtualenv (the issue's 373 MB venv, the 3.11 project
that could not install the app at all).

It lives in the app's data directory, named by a hash of the sources, so an upgrade gets a
new one and a running beat keeps the files it started with. It is built in a temporary
directory and renamed into place: two app instances building it at once both end up with a
complete copy, and a reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from desktop.core import paths
from desktop.core.i18n import translate
from desktop.core.self_command import is_frozen

PACKAGE = "celery_desk_beat"
DIST_NAME = "celery-desk-beat"
#: Under the app's data dir; one subdirectory per version of the sources.
ENTRIES_DIR = "pythonpath"
#: Where build.spec puts the package's sources inside a frozen bundle.
FROZEN_SOURCES = Path("celery_desk_beat_src") / PACKAGE
ENTRY_POINTS = "[celery.beat_schedulers]\nfile = celery_desk_beat.scheduler:FileScheduler\n"
_VERSION = re.compile(rb"^__version__\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


class PathEntryError(OSError):
    """The scheduler's sources cannot be found or the path entry cannot be written."""


def _installed_package() -> Path:
    """The installed package's directory. Found through its import spec rather than
    ``importlib.resources``, which fails on an editable install made while the package was
    still a namespace package."""
    spec = importlib.util.find_spec(PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        if (Path(location) / "__init__.py").is_file():
            return Path(location)
    text = translate("Project", "the {0} package is not installed (looked in {1})")
    raise PathEntryError(text.format(PACKAGE, locations))


def _source_files() -> dict[str, bytes]:
    """The package's files by name: its modules and ``py.typed``, nothing compiled."""
    wanted: dict[str, bytes] = {}
    if is_frozen():
        root = Path(getattr(sys, "_MEIPASS", "")) / FROZEN_SOURCES
        if not root.is_dir():
            text = translate("Project", "the bundle has no {0} directory ({1})")
            raise PathEntryError(text.format(FROZEN_SOURCES, root))
        for path in root.iterdir():
            if path.is_file() and (path.suffix == ".py" or path.name == "py.typed"):
                wanted[path.name] = path.read_bytes()
    else:
        for path in _installed_package().iterdir():
            if path.is_file() and (path.suffix == ".py" or path.name == "py.typed"):
                wanted[path.name] = path.read_bytes()
    if "__init__.py" not in wanted or "scheduler.py" not in wanted:
        text = translate("Project", "the {0} sources are incomplete: {1}")
        raise PathEntryError(text.format(PACKAGE, sorted(wanted)))
    return wanted


def _digest(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(files[name]).digest())
    return digest.hexdigest()[:16]


def _metadata(version: str) -> str:
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST_NAME}\n"
        f"Version: {version}\n"
        "Summary: Celery Desk's file scheduler, copied for a project's interpreter\n"
        "Requires-Python: >=3.10\n"
    )


def _write_tree(root: Path, files: dict[str, bytes], version: str) -> None:
    package = root / PACKAGE
    package.mkdir()
    for name, payload in files.items():
        (package / name).write_bytes(payload)
    dist_info = root / f"{PACKAGE}-{version}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(_metadata(version), encoding="utf-8")
    (dist_info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    (dist_info / "top_level.txt").write_text(f"{PACKAGE}\n", encoding="utf-8")


def beat_path_entry(base: Path | None = None) -> Path:
    """The directory to put first on a project interpreter's ``PYTHONPATH``; built if needed.

    ``base`` defaults to ``<data dir>/pythonpath``. Raises :class:`PathEntryError` (an
    ``OSError``) when the sources are missing or the directory cannot be written.
    """
    files = _source_files()
    found = _VERSION.search(files["__init__.py"])
    version = found.group(1).decode("ascii", "replace") if found else "0"
    parent = base if base is not None else paths.data_dir() / ENTRIES_DIR
    target = parent / f"{PACKAGE}-{version}-{_digest(files)}"
    if (target / PACKAGE / "__init__.py").is_file():
        return target
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=parent))
    except OSError as exc:
        text = translate("Project", "cannot create the path entry in {0}: {1}")
        raise PathEntryError(text.format(parent, exc)) from exc
    try:
        _write_tree(building, files, version)
        os.rename(building, target)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        # Another instance renamed its complete copy into place first: use that one.
        if (target / PACKAGE / "__init__.py").is_file():
            return target
        text = translate("Project", "cannot create the path entry {0}: {1}")
        raise PathEntryError(text.format(target, exc)) from exc
    return target


def with_path_entry(entry: Path, existing: str | None) -> str:
    """``PYTHONPATH`` with ``entry`` first, then whatever was there before."""
    parts = [str(entry), *(p for p in (existing or "").split(os.pathsep) if p)]
    return os.pathsep.join(dict.fromkeys(parts))
