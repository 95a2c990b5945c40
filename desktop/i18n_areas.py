"""Which sources feed which translation file: the one place that says it.

The UI is translated in areas, one ``resources/translations/<area>_<language>.ts`` each, so
that people translating different parts of the app never edit the same file. ``make
translations-update`` (desktop/i18n_tools.py) extracts each area's strings from the files
its patterns match; the tests check that every Python file of the app is in exactly one area
or listed in :data:`NOT_TRANSLATED` with the reason.

To add an area (alerts, history): add its patterns here, take them out of the area that held
them, run ``make translations-update`` (the strings move to the new ``.ts`` untranslated) and
move their translations over, or list them as pending (docs/translating.md).
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.i18n import TRANSLATED

#: Repository root: the patterns, the .ts files and the tools are relative to it.
ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = Path("resources", "translations")

#: area -> glob patterns (relative to the root) of the Python files whose strings it holds.
AREAS: dict[str, tuple[str, ...]] = {
    # The window around the pages, dialogs shared by all, the command line, the core's own.
    "app": (
        "desktop/*.py",
        "desktop/ui/*.py",
        "desktop/core/*.py",
        "desktop/core/broker/**/*.py",
        "desktop/core/project/**/*.py",
    ),
    # Dashboard, Tasks and Workers, the event stream's status and hints, the task journal.
    "monitor": (
        "desktop/ui/monitor/**/*.py",
        "desktop/core/events/**/*.py",
        "desktop/core/history/**/*.py",
    ),
    # The Schedules page and the scheduler's messages that it shows (validation, rejections).
    "schedules": (
        "desktop/ui/schedules/**/*.py",
        "desktop/core/schedules/**/*.py",
        "celery_app/celery_desk_beat/**/*.py",
    ),
    "processes": ("desktop/ui/processes/**/*.py", "desktop/core/processes/**/*.py"),
    # The Alerts page, the tray, notifications and webhooks, and the rules' own words.
    "alerts": ("desktop/ui/alerts/**/*.py", "desktop/core/alerts/**/*.py"),
    # The Queues page and the remote-control actions (revoke, rate limits, pool).
    "queues": (
        "desktop/ui/queues/**/*.py",
        "desktop/core/queues/**/*.py",
        "desktop/core/control/**/*.py",
    ),
}

#: Python files of the app in no area, each pattern with why nothing in it is shown to users.
NOT_TRANSLATED: dict[str, str] = {
    "celery_app/celery_desk_demo/**/*.py": "the demo Celery app: task code and worker logs",
}


def sources(area: str, root: Path = ROOT) -> list[Path]:
    """The files of ``area`` under ``root``, sorted (caches and packaging copies left out)."""
    found = {
        path
        for pattern in AREAS[area]
        for path in root.glob(pattern)
        if path.is_file() and "__pycache__" not in path.parts
    }
    return sorted(found)


def ts_file(area: str, language: str, root: Path = ROOT) -> Path:
    return root / TRANSLATIONS / f"{area}_{language}.ts"


def pending_file(area: str, language: str, root: Path = ROOT) -> Path:
    """The explicit list of this area's strings not translated yet (docs/translating.md)."""
    return root / TRANSLATIONS / f"{area}_{language}.pending.json"


def qm_name(area: str, language: str) -> str:
    """The compiled file's name, as shipped in resources/translations."""
    return f"{area}_{language}.qm"


def all_ts_files(root: Path = ROOT) -> list[tuple[str, str, Path]]:
    """``(area, language, path)`` of every translation source the app has."""
    return [(a, lang, ts_file(a, lang, root)) for a in AREAS for lang in TRANSLATED]
