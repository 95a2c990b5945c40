"""What a user's Celery project declares, read in the project's own interpreter and directory.

    <project python> -P -m celery_desk_beat.project_info -A proj --output facts.json

The desktop app runs this in the project's directory with the project's environment. It loads
the app as Celery's command line does (:func:`celery.app.utils.find_app` from the working
directory), imports the default modules as a worker does (Django's setup through Celery's
Django fixup, task autodiscovery), finalizes the app, and writes one JSON document atomically
to ``--output``: the protocol is that file alone, since the project may print anything.

On failure: ``ok`` false, ``error``, ``traceback`` and ``hint``. Otherwise the Celery and
Python versions, ``main``, ``timezone``, ``enable_utc``, ``broker_url`` and
``result_backend`` with passwords masked, ``events`` (the four settings the monitor needs),
``beat_scheduler``, ``registered_tasks`` (without Celery's own ``celery.*``) and
``code_schedule`` (see :mod:`celery_desk_beat.code_schedules`).

Nothing happens at import: everything runs in :func:`main`, so ``-P`` keeps the project's
directory off ``sys.path`` until this module is loaded. Python 3.10+, stdlib and Celery only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

MASK = "***"
_SECRET_QUERY_KEYS = ("password", "passwd", "secret", "token")
_EVENT_SETTINGS = (
    "worker_send_task_events",
    "task_send_sent_event",
    "task_track_started",
    "result_extended",
)


def _redact_one(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"(://[^/@]*?:)[^/@]*@", rf"\g<1>{MASK}@", url)
    # Only the password is replaced, in the text as written: urlunsplit would rewrite the rest
    # ("rpc://" comes back as "rpc:", its empty host dropped).
    head, hash_mark, fragment = url.partition("#")
    base, question_mark, query = head.partition("?")
    if "@" in parts.netloc and "//" in base:
        start = base.index("//") + 2
        userinfo, _, hostport = parts.netloc.rpartition("@")
        user, colon, password = userinfo.partition(":")
        if colon and password and base[start:].startswith(parts.netloc):
            rest = base[start + len(parts.netloc) :]
            base = f"{base[:start]}{user}:{MASK}@{hostport}{rest}"
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(key.lower() in _SECRET_QUERY_KEYS for key, _ in pairs):
            masked = [(k, MASK if k.lower() in _SECRET_QUERY_KEYS else v) for k, v in pairs]
            query = urlencode(masked, safe="*")
    return f"{base}{question_mark}{query}{hash_mark}{fragment}"


def redact_url(value: object) -> str | None:
    """``value`` (a URL, several joined by ``;``, or a list of them) with passwords masked:
    ``redis://:***@host:6379/0``. None stays None."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ";".join(_redact_one(str(item)) for item in value)
    return ";".join(_redact_one(piece) for piece in str(value).split(";"))


def _hint(app_name: str, exc: BaseException | None) -> str:
    where = (
        f"Working directory: {os.getcwd()}. Interpreter: {sys.executable} (Python "
        f"{platform.python_version()}). -A {app_name}."
    )
    top = app_name.partition(":")[0].split(".")[0]
    if isinstance(exc, ModuleNotFoundError) and exc.name and exc.name.split(".")[0] == top:
        advice = (
            f"No module {top!r} here: the working directory must be the project's root, the "
            "directory holding it (where you would run 'celery -A ... worker')."
        )
    elif isinstance(exc, ModuleNotFoundError):
        advice = (
            f"The project needs {exc.name!r}, which this interpreter does not have: choose the "
            "project's own virtualenv (or install the project's requirements into it)."
        )
    elif isinstance(exc, AttributeError):
        advice = (
            "The module loads but holds no Celery app where Celery looks ('app' or 'celery'): "
            "name it as -A module:attribute."
        )
    else:
        advice = (
            "Check the working directory, the interpreter (the project's virtualenv), the -A "
            "module and the environment the project expects (e.g. DJANGO_SETTINGS_MODULE)."
        )
    return f"{advice} {where}"


def _failure(base: dict[str, Any], app_name: str, stage: str, exc: BaseException) -> dict[str, Any]:
    message = " ".join(f"{type(exc).__name__}: {exc}".split())
    return {
        **base,
        "ok": False,
        "error": f"{stage}: {message}",
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        "hint": _hint(app_name, exc),
    }


def _describe(app: Any) -> dict[str, Any]:
    from celery_desk_beat.code_schedules import code_schedule

    conf = app.conf
    timezone = conf.timezone
    return {
        "ok": True,
        "main": app.main,
        "timezone": None if timezone is None else str(timezone),
        "enable_utc": bool(conf.enable_utc),
        "broker_url": redact_url(conf.broker_url),
        "result_backend": redact_url(conf.result_backend),
        "events": {name: bool(conf.get(name)) for name in _EVENT_SETTINGS},
        "beat_scheduler": str(conf.beat_scheduler),
        "registered_tasks": sorted(name for name in app.tasks if not name.startswith("celery.")),
        "code_schedule": code_schedule(app),
    }


def collect(app_name: str) -> dict[str, Any]:
    """The facts of ``-A app_name`` loaded from the working directory (never raises)."""
    base: dict[str, Any] = {
        "ok": False,
        "app": app_name,
        "workdir": os.getcwd(),
        "python_version": platform.python_version(),
        "python_executable": sys.executable,
        "celery_version": None,
    }
    stage = "importing Celery"
    try:
        import celery
        from celery.app.utils import find_app

        base["celery_version"] = celery.__version__
        # As ``python -m celery`` would have it: the project's own modules import from here.
        if os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())
        stage = f"loading -A {app_name}"
        app = find_app(app_name)
        if not isinstance(app, celery.Celery):
            raise TypeError(f"-A {app_name} is {type(app).__name__}, not a Celery app")
        # What a worker does before it starts: Django's setup (Celery's Django fixup), the
        # `imports`/`include` modules and task autodiscovery; then on_after_finalize runs.
        stage = "importing the app's task modules"
        app.loader.import_default_modules()
        stage = "finalizing the app"
        app.finalize(auto=True)
        stage = "reading the app's settings"
        return {**base, **_describe(app)}
    except (Exception, SystemExit) as exc:  # whatever the project raises is the answer
        return _failure(base, app_name, stage, exc)


def _write(path: Path, report: dict[str, Any]) -> None:
    from celery_desk_beat.atomic_file import atomic_write_bytes

    text = json.dumps(report, indent=1, ensure_ascii=False, default=repr)
    atomic_write_bytes(path, text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Write the facts of ``-A`` to ``--output``; exit 0 when the app loaded, else 1."""
    parser = argparse.ArgumentParser(
        prog="celery_desk_beat.project_info",
        description="Write what a Celery project declares to a JSON file.",
    )
    parser.add_argument("-A", "--app", required=True, help="the Celery app, as for celery -A")
    parser.add_argument("--output", required=True, type=Path, help="the JSON file to write")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    report = collect(args.app)
    _write(args.output.resolve(), report)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
