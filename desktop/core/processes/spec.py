"""What to run: a process preset (``ProcessSpec``) and the exact command it becomes.

A spec names a worker, beat, broker or custom process for the demo app or for a user's
project (its directory, interpreter or virtualenv, and ``-A`` module). ``build_command``
turns it into argv, working directory and environment additions. Broker URLs may hold
passwords, so they travel in the environment only, never in argv (argv shows in ``ps``).

Workers and beat run as ``python -P -m celery -A <module> worker|beat`` through the exec
wrapper, with our path entry (:mod:`desktop.core.project.path_entry`) first on
``PYTHONPATH``: the file scheduler works with nothing installed in a project's virtualenv,
and nothing in the project's directory can shadow a module of ours. A frozen app without a
project interpreter uses its own ``worker``/``beat`` sub-commands instead.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from desktop.core import paths
from desktop.core.i18n import translate
from desktop.core.net import free_port
from desktop.core.processes.guard import PARENT_ENV
from desktop.core.project.interpreter import module_argv, resolve_python, virtualenv_env
from desktop.core.project.path_entry import PathEntryError, beat_path_entry, with_path_entry
from desktop.core.redact import redact_text
from desktop.core.self_command import is_frozen, self_command

__all__ = [
    "BACKEND_ENV",
    "BROKER_ENV",
    "DEMO_APP_MODULE",
    "LOG_LEVELS",
    "POOLS",
    "Command",
    "ProcessKind",
    "ProcessSpec",
    "SpecError",
    "build_command",
    "default_schedule_path",
    "node_name",
    "resolve_python",
    "statedb_path",
    "validate",
]

DEMO_APP_MODULE = "celery_desk_demo"
POOLS = ("prefork", "solo", "threads", "gevent", "eventlet")
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
BROKER_ENV = "CELERY_BROKER_URL"
BACKEND_ENV = "CELERY_RESULT_BACKEND"
#: Under the data dir: one revoke store per worker preset (``--statedb``).
STATEDB_DIR = "statedb"
_STATEDB_OPTIONS = ("--statedb", "-S")

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UNSAFE_IN_NODE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
_SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN", re.IGNORECASE)


class ProcessKind(StrEnum):
    WORKER = "worker"
    BEAT = "beat"
    BROKER = "broker"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        """The kind for people, in the UI language (the value stays the preset file's key)."""
        labels = {
            ProcessKind.WORKER: translate("ProcessKind", "worker"),
            ProcessKind.BEAT: translate("ProcessKind", "beat"),
            ProcessKind.BROKER: translate("ProcessKind", "broker"),
            ProcessKind.CUSTOM: translate("ProcessKind", "custom"),
        }
        return labels[self]


class SpecError(ValueError):
    """A spec that cannot be run; ``problems`` lists every reason in plain words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ProcessSpec:
    """A process preset. ``python`` is an interpreter or a virtualenv; None runs the app itself.

    CUSTOM runs ``<python> <extra_args>`` when ``python`` is set, else ``extra_args`` as a
    program and its arguments. ``use_connected_broker`` passes the connected broker's URL to
    a user project as ``CELERY_BROKER_URL``; ``use_connected_backend`` passes it as
    ``CELERY_RESULT_BACKEND`` too, which overrides the project's own ``result_backend``
    (Celery reads both variables before the app's settings). The demo app always gets both.
    """

    name: str
    kind: ProcessKind = ProcessKind.WORKER
    app_module: str = DEMO_APP_MODULE
    workdir: str | None = None
    python: str | None = None
    queues: list[str] = field(default_factory=list)
    concurrency: int | None = None
    pool: str | None = None
    loglevel: str = "info"
    extra_args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    broker_port: int | None = None
    schedule_path: str | None = None
    scheduler: str | None = None
    auto_restart: bool = False
    use_connected_broker: bool = False
    use_connected_backend: bool = False
    #: The connection profile the preset belongs to; "" for every profile (a broker).
    profile: str = ""

    @property
    def is_demo(self) -> bool:
        """True for the bundled demo app, run by Celery Desk's own interpreter."""
        return self.python is None and self.workdir is None and self.app_module == DEMO_APP_MODULE

    @property
    def passes_broker(self) -> bool:
        """Whether the connected broker's URL is passed as ``CELERY_BROKER_URL``."""
        if self.kind is ProcessKind.BROKER:
            return False
        if self.kind is ProcessKind.CUSTOM:
            return self.use_connected_broker
        return self.is_demo or self.use_connected_broker

    @property
    def passes_backend(self) -> bool:
        """Whether the connected broker's URL is passed as ``CELERY_RESULT_BACKEND``."""
        if self.kind is ProcessKind.BROKER:
            return False
        if self.kind is ProcessKind.CUSTOM:
            return self.use_connected_backend
        return self.is_demo or self.use_connected_backend

    @property
    def needs_broker_url(self) -> bool:
        return self.passes_broker or self.passes_backend


@dataclass(frozen=True)
class Command:
    """A ready-to-launch command: program, arguments, working directory, env additions."""

    program: str
    args: tuple[str, ...] = ()
    cwd: str | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def argv(self) -> list[str]:
        return [self.program, *self.args]

    def display(self) -> str:
        """The command line for people, any URL password masked (validate refuses them)."""
        return shlex.join(redact_text(arg) for arg in self.argv)


def node_name(spec: ProcessSpec) -> str:
    """The worker's default ``--hostname``: the preset name made safe, then ``@%h``."""
    slug = _UNSAFE_IN_NODE_NAME.sub("-", spec.name.strip()).strip("-") or "worker"
    return f"{slug}@%h"


def default_schedule_path(spec: ProcessSpec) -> str:
    slug = _UNSAFE_IN_NODE_NAME.sub("-", spec.name.strip()).strip("-") or "beat"
    return str(paths.data_dir() / f"{slug}-celerybeat-schedule")


def _option_value(args: list[str], names: tuple[str, ...]) -> str | None:
    """The value of the last of ``names`` in ``args`` (``--opt v``, ``--opt=v``, ``-Sv``)."""
    found: str | None = None
    for index, token in enumerate(args):
        for name in names:
            if token == name and index + 1 < len(args):
                found = args[index + 1]
            elif name.startswith("--") and token.startswith(f"{name}="):
                found = token.partition("=")[2]
            elif len(name) == 2 and token.startswith(name) and len(token) > 2:
                found = token[2:]
    return found


def _unique_slug(name: str, fallback: str) -> str:
    """The name made safe for a file name; a name that had to change gets a short hash of
    itself, so "a b" and "a-b" never share a file."""
    slug = _UNSAFE_IN_NODE_NAME.sub("-", name.strip()).strip("-") or fallback
    if slug != name:
        slug += "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return slug


def statedb_path(spec: ProcessSpec) -> Path | None:
    """Where the worker of ``spec`` keeps its revoked task ids across restarts (``--statedb``).

    The worker's own ``--statedb``/``-S`` from its extra arguments when it has one (relative
    to its working directory), else ``<data dir>/statedb/<preset>``, which ``build_command``
    passes. None for anything but a worker.
    """
    if spec.kind is not ProcessKind.WORKER:
        return None
    own = _option_value(spec.extra_args, _STATEDB_OPTIONS)
    if own:
        path = Path(own).expanduser()
        if not path.is_absolute() and spec.workdir:
            path = Path(spec.workdir).expanduser() / path
        return path
    return paths.data_dir() / STATEDB_DIR / _unique_slug(spec.name, "worker")


def validate(spec: ProcessSpec) -> list[str]:
    """Every reason ``spec`` cannot run, in plain words; empty when it can."""
    problems: list[str] = []
    if not spec.name.strip():
        problems.append(translate("ProcessSpec", "a name is required"))
    if spec.concurrency is not None and spec.concurrency < 1:
        problems.append(translate("ProcessSpec", "concurrency must be ≥ 1"))
    if spec.pool is not None and spec.pool not in POOLS:
        problems.append(
            translate("ProcessSpec", "unknown pool {0} (choose one of {1})").format(
                repr(spec.pool), ", ".join(POOLS)
            )
        )
    if spec.loglevel.lower() not in LOG_LEVELS:
        problems.append(
            translate("ProcessSpec", "unknown log level {0} ({1})").format(
                repr(spec.loglevel), ", ".join(LOG_LEVELS)
            )
        )
    if spec.workdir is not None:
        workdir = Path(spec.workdir).expanduser()
        if not workdir.exists():
            problems.append(
                translate("ProcessSpec", "working directory {0} does not exist").format(workdir)
            )
        elif not workdir.is_dir():
            problems.append(
                translate("ProcessSpec", "working directory {0} is not a directory").format(workdir)
            )
    if spec.python is not None:
        _, problem = resolve_python(spec.python)
        if problem:
            problems.append(problem)
    problems.extend(
        translate("ProcessSpec", "queue name {0} is empty or contains spaces").format(repr(q))
        for q in spec.queues
        if _bad(q)
    )
    problems.extend(
        translate("ProcessSpec", "environment name {0} is not valid").format(repr(k))
        for k in spec.env
        if not _ENV_NAME.match(k)
    )
    problems.extend(_secret_problems(spec))
    problems.extend(_kind_problems(spec))
    return problems


def _secret_problems(spec: ProcessSpec) -> list[str]:
    """Presets are plain text and argv is public (``ps``): neither may carry a password."""
    problems = []
    if any(redact_text(arg) != arg for arg in spec.extra_args):
        problems.append(
            translate(
                "ProcessSpec",
                "extra arguments hold a URL with a password (anyone can read it with ps); "
                "use the connected broker instead",
            )
        )
    problems.extend(
        translate(
            "ProcessSpec", "environment {0} holds a password, and presets are saved in plain text"
        ).format(key)
        for key, value in spec.env.items()
        if redact_text(value) != value or _SECRET_NAME.search(key)
    )
    return problems


def _bad(queue: str) -> bool:
    return not queue or any(ch.isspace() or ch == "," for ch in queue)


def _kind_problems(spec: ProcessSpec) -> list[str]:
    if spec.kind is ProcessKind.BROKER:
        if spec.broker_port is not None and not 1 <= spec.broker_port <= 65535:
            return [translate("ProcessSpec", "broker port must be between 1 and 65535")]
        return []
    if spec.kind is ProcessKind.CUSTOM:
        if not spec.extra_args:
            return [
                translate(
                    "ProcessSpec", "a custom process needs its command in the extra arguments"
                )
            ]
        return []
    if not spec.is_demo and not spec.app_module.strip():
        return [translate("ProcessSpec", "-A module is required for a user project")]
    return []


def build_command(spec: ProcessSpec, broker_url: str | None) -> Command:
    """The command that runs ``spec``; raises ``SpecError`` listing every problem."""
    problems = validate(spec)
    if spec.needs_broker_url and not broker_url:
        problems.append(
            translate(
                "ProcessSpec",
                "no broker is connected: connect to a broker or start the local broker",
            )
        )
    if problems:
        raise SpecError(problems)

    env = dict(spec.env)
    env[PARENT_ENV] = str(os.getpid())
    env["PYTHONUNBUFFERED"] = "1"
    if broker_url and spec.passes_broker:
        env[BROKER_ENV] = broker_url
    if broker_url and spec.passes_backend:
        env[BACKEND_ENV] = broker_url
    cwd = str(Path(spec.workdir).expanduser()) if spec.workdir else None

    if spec.kind is ProcessKind.BROKER:
        port = spec.broker_port if spec.broker_port is not None else free_port()
        return _command([*self_command(safe_path=True), "broker", "--port", str(port)], cwd, env)

    interpreter = resolve_python(spec.python)[0] if spec.python else None
    if interpreter is not None and spec.python is not None:
        env.update(virtualenv_env(spec.python, interpreter))

    if spec.kind is ProcessKind.CUSTOM:
        target = [interpreter, *spec.extra_args] if interpreter else list(spec.extra_args)
        return _command([*self_command(safe_path=True), "exec", "--", *target], cwd, env)

    options = _celery_options(spec)
    if interpreter is None and is_frozen():
        # A bundle has no interpreter: Celery's own mains, as sub-commands of the app.
        own = [*self_command(), spec.kind.value, "-A", spec.app_module, *options]
        return _command(own, cwd, env)
    try:
        entry = beat_path_entry()
    except PathEntryError as exc:
        problem = translate(
            "ProcessSpec", "cannot prepare the file scheduler for the interpreter: {0}"
        ).format(exc)
        raise SpecError([problem]) from exc
    existing = spec.env.get("PYTHONPATH", os.environ.get("PYTHONPATH"))
    env["PYTHONPATH"] = with_path_entry(entry, existing)
    python = interpreter or sys.executable
    celery = [*module_argv(python, "celery"), "-A", spec.app_module, spec.kind.value, *options]
    return _command([*self_command(safe_path=True), "exec", "--", *celery], cwd, env)


def _command(argv: list[str], cwd: str | None, env: dict[str, str]) -> Command:
    return Command(program=argv[0], args=tuple(argv[1:]), cwd=cwd, env=env)


def _celery_options(spec: ProcessSpec) -> list[str]:
    options = ["--loglevel", spec.loglevel.upper()]
    if spec.kind is ProcessKind.WORKER:
        # -E: a worker started from the app should feed the app's monitor.
        options += ["--hostname", node_name(spec), "-E"]
        if spec.queues:
            options += ["--queues", ",".join(spec.queues)]
        if spec.concurrency is not None:
            options += ["--concurrency", str(spec.concurrency)]
        if spec.pool:
            options += ["--pool", spec.pool]
        if _option_value(spec.extra_args, _STATEDB_OPTIONS) is None:
            # Revokes survive a restart only with a state db (the revoke dialog says which).
            statedb = statedb_path(spec)
            if statedb is not None:
                statedb.parent.mkdir(parents=True, exist_ok=True)
                options += ["--statedb", str(statedb)]
    elif spec.kind is ProcessKind.BEAT:
        options += ["--schedule", spec.schedule_path or default_schedule_path(spec)]
        if spec.scheduler:
            options += ["--scheduler", spec.scheduler]
    return options + list(spec.extra_args)
