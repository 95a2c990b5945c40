"""What a user's Celery project declares, learnt by running the project helper in it.

:func:`read_project_facts` runs ``celery_desk_beat.project_info`` in the project's own
interpreter, directory and environment (the app never imports a project's code, and never
needs its dependencies), and returns :class:`ProjectFacts`. It blocks (call it on a
background runner) and never raises: a missing interpreter, a project that fails to import,
a hang, or an answer that is not JSON all become facts with ``ok`` false, a clear ``error``
and the tail of the helper's stderr.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop.core.i18n import translate
from desktop.core.processes.guard import PARENT_ENV
from desktop.core.project.config import ProjectConfig
from desktop.core.project.interpreter import module_argv, resolve_python, virtualenv_env
from desktop.core.project.path_entry import PathEntryError, beat_path_entry, with_path_entry
from desktop.core.schedules.code_import import CodeDataError, CodeEntry, code_entries_from_data
from desktop.core.self_command import current_environment, is_frozen

HELPER_MODULE = "celery_desk_beat.project_info"
#: The sub-command a frozen app runs instead (it has no interpreter of its own to run -m).
HELPER_SUBCOMMAND = "project-info"
STDERR_TAIL = 4000


@dataclass(frozen=True)
class EventSettings:
    """The four settings the monitor depends on (docs/facts.md: events, STARTED, extended)."""

    worker_send_task_events: bool = False
    task_send_sent_event: bool = False
    task_track_started: bool = False
    result_extended: bool = False


@dataclass(frozen=True)
class ProjectFacts:
    """The helper's answer. With ``ok`` false only ``error`` (and what else was learnt before
    it failed: ``traceback``, ``hint``, versions, ``stderr_tail``) is meaningful.

    ``broker_url`` and ``result_backend`` have any password masked (``redis://:***@host``);
    ``timezone`` is the app's ``timezone`` setting, None when the project sets none.
    """

    ok: bool
    error: str | None = None
    traceback: str = ""
    hint: str = ""
    stderr_tail: str = ""
    app_module: str = ""
    workdir: str = ""
    python_executable: str = ""
    python_version: str = ""
    celery_version: str = ""
    main: str | None = None
    timezone: str | None = None
    enable_utc: bool = True
    broker_url: str | None = None
    result_backend: str | None = None
    events: EventSettings = field(default_factory=EventSettings)
    beat_scheduler: str = ""
    registered_tasks: tuple[str, ...] = ()
    code_entries: tuple[CodeEntry, ...] = ()


def _failed(error: str, **known: Any) -> ProjectFacts:
    return ProjectFacts(ok=False, error=error, **known)


def _command(project: ProjectConfig) -> tuple[list[str], dict[str, str]]:
    """The helper's argv (without options) and the environment additions; raises ValueError
    for an interpreter that cannot run, PathEntryError for an unwritable data dir."""
    additions: dict[str, str] = dict(project.env)
    if not project.python:
        if is_frozen():
            return [sys.executable, HELPER_SUBCOMMAND], additions
        argv = [sys.executable, "-P", "-m", HELPER_MODULE]
    else:
        interpreter, problem = resolve_python(project.python)
        if interpreter is None:
            raise ValueError(
                problem or translate("Project", "cannot run {0}").format(project.python)
            )
        argv = module_argv(interpreter, HELPER_MODULE)
        additions.update(virtualenv_env(project.python, interpreter))
    existing = project.env.get("PYTHONPATH", os.environ.get("PYTHONPATH"))
    additions["PYTHONPATH"] = with_path_entry(beat_path_entry(), existing)
    return argv, additions


def _tail(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return data[-STDERR_TAIL:].decode("utf-8", "replace").strip()


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _run(argv: list[str], cwd: str | None, env: dict[str, str], timeout: float) -> ProjectFacts:
    with tempfile.TemporaryDirectory(prefix="celery-desk-facts-") as scratch:
        output, stderr_path = Path(scratch) / "facts.json", Path(scratch) / "stderr.txt"
        with stderr_path.open("wb") as stderr:
            try:
                process = subprocess.Popen(
                    [*argv, "--output", str(output)],
                    cwd=cwd,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    start_new_session=True,  # its own process group, killed as a whole
                )
            except OSError as exc:
                text = translate("Project", "cannot run {0}: {1}")
                return _failed(text.format(argv[0], exc.strerror or exc))
            try:
                code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(process.pid)
                process.wait()
                text = translate(
                    "Project",
                    "the project did not load within {0} s (stopped); does importing it wait "
                    "for something (a database, a network service)?",
                )
                return _failed(text.format(f"{timeout:g}"), stderr_tail=_tail(stderr_path))
            _kill_group(process.pid)  # anything the project started and left behind
        tail = _tail(stderr_path)
        try:
            data = json.loads(output.read_text(encoding="utf-8"))
        except FileNotFoundError:
            text = translate("Project", "the helper gave no answer (exit code {0})")
            return _failed(text.format(code), stderr_tail=tail)
        except (OSError, ValueError) as exc:
            text = translate("Project", "the helper's answer is not JSON: {0}")
            return _failed(text.format(exc), stderr_tail=tail)
    return facts_from_data(data, stderr_tail=tail)


def _str(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    return value if isinstance(value, str) else default


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key!r} must be text or null")
    return value


def _events(raw: object) -> EventSettings:
    if not isinstance(raw, Mapping):
        raise ValueError("'events' must be an object")
    return EventSettings(**{f.name: bool(raw.get(f.name)) for f in fields(EventSettings)})


def facts_from_data(data: object, stderr_tail: str = "") -> ProjectFacts:
    """:class:`ProjectFacts` from the helper's decoded JSON; a malformed answer becomes facts
    with an error saying what was wrong."""
    if not isinstance(data, Mapping):
        text = translate("Project", "the helper's answer is not a JSON object")
        return _failed(text, stderr_tail=stderr_tail)
    known = {
        "stderr_tail": stderr_tail,
        "app_module": _str(data, "app"),
        "workdir": _str(data, "workdir"),
        "python_executable": _str(data, "python_executable"),
        "python_version": _str(data, "python_version"),
        "celery_version": _str(data, "celery_version"),
    }
    if data.get("ok") is not True:
        return _failed(
            _str(data, "error")
            or translate("Project", "the project could not be loaded (no reason given)"),
            traceback=_str(data, "traceback"),
            hint=_str(data, "hint"),
            **known,
        )
    try:
        tasks = data.get("registered_tasks")
        if not isinstance(tasks, list) or not all(isinstance(t, str) for t in tasks):
            raise ValueError("'registered_tasks' must be a list of task names")
        return ProjectFacts(
            ok=True,
            main=_optional_str(data, "main"),
            timezone=_optional_str(data, "timezone"),
            enable_utc=bool(data.get("enable_utc", True)),
            broker_url=_optional_str(data, "broker_url"),
            result_backend=_optional_str(data, "result_backend"),
            events=_events(data.get("events")),
            beat_scheduler=_str(data, "beat_scheduler"),
            registered_tasks=tuple(tasks),
            code_entries=tuple(code_entries_from_data(data.get("code_schedule"))),
            **known,
        )
    except (ValueError, TypeError, CodeDataError) as exc:
        text = translate("Project", "the helper's answer is not understood: {0}")
        return _failed(text.format(exc), **known)


def read_project_facts(project: ProjectConfig, timeout: float = 90.0) -> ProjectFacts:
    """Run the helper in ``project`` and return what it found; blocks, never raises.

    The helper runs in the project's interpreter (``python`` empty: the app's own), in its
    working directory, with ``os.environ`` plus the project's ``env`` and our path entry first
    on ``PYTHONPATH``, in its own process group; on ``timeout`` the whole group is killed.
    """
    try:
        argv, additions = _command(project)
    except PathEntryError as exc:
        return _failed(translate("Project", "cannot prepare the helper: {0}").format(exc))
    except ValueError as exc:
        text = translate("Project", "cannot run the project's interpreter: {0}")
        return _failed(text.format(exc))
    workdir = project.workdir.strip()
    cwd = str(Path(workdir).expanduser()) if workdir else None
    if cwd is not None and not Path(cwd).is_dir():
        text = translate("Project", "the working directory {0} does not exist")
        return _failed(text.format(cwd))
    env = current_environment()
    env.pop(PARENT_ENV, None)
    env.update(additions)
    env["PYTHONUNBUFFERED"] = "1"
    argv = [*argv, "-A", project.app_module]
    return _run(argv, cwd, env, timeout)
