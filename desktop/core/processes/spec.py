"""What to run: a process preset (``ProcessSpec``) and the exact command it becomes.

A spec names a worker, beat, broker or custom process for the demo app or for a user's
project (its directory, interpreter or virtualenv, and ``-A`` module). ``build_command``
turns it into argv, working directory and environment additions. Broker URLs may hold
passwords, so they travel in the environment only, never in argv (argv shows in ``ps``).
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from desktop.core import paths
from desktop.core.net import free_port
from desktop.core.processes.guard import PARENT_ENV
from desktop.core.redact import redact_text
from desktop.core.self_command import self_command

DEMO_APP_MODULE = "celery_desk_demo"
POOLS = ("prefork", "solo", "threads", "gevent", "eventlet")
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
BROKER_ENV = "CELERY_BROKER_URL"
BACKEND_ENV = "CELERY_RESULT_BACKEND"

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UNSAFE_IN_NODE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
_SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN", re.IGNORECASE)


class ProcessKind(StrEnum):
    WORKER = "worker"
    BEAT = "beat"
    BROKER = "broker"
    CUSTOM = "custom"


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
    a user project (the demo app always gets it).
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

    @property
    def is_demo(self) -> bool:
        """True for the bundled demo app, run by Celery Desk's own interpreter."""
        return self.python is None and self.workdir is None and self.app_module == DEMO_APP_MODULE

    @property
    def needs_broker_url(self) -> bool:
        if self.kind is ProcessKind.BROKER:
            return False
        if self.kind is ProcessKind.CUSTOM:
            return self.use_connected_broker
        return self.is_demo or self.use_connected_broker


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


def resolve_python(python: str) -> tuple[str | None, str | None]:
    """(interpreter path, problem): a virtualenv directory becomes its own interpreter."""
    path = Path(python).expanduser()
    if path.is_dir():
        candidates = [path / "bin" / "python", path / "bin" / "python3"]
        candidates.append(path / "Scripts" / "python.exe")
        found = next((c for c in candidates if c.is_file() and os.access(c, os.X_OK)), None)
        if found is None:
            return None, f"no python in {path / 'bin'}"
        return str(found), None
    problem = None
    if not path.exists():
        what = "python interpreter" if path.name.startswith("python") else "virtualenv"
        problem = f"{what} {path} does not exist"
    elif not os.access(path, os.X_OK):
        problem = f"python interpreter {path} is not executable"
    return (None, problem) if problem else (str(path), None)


def validate(spec: ProcessSpec) -> list[str]:
    """Every reason ``spec`` cannot run, in plain words; empty when it can."""
    problems: list[str] = []
    if not spec.name.strip():
        problems.append("a name is required")
    if spec.concurrency is not None and spec.concurrency < 1:
        problems.append("concurrency must be ≥ 1")
    if spec.pool is not None and spec.pool not in POOLS:
        problems.append(f"unknown pool {spec.pool!r} (choose one of {', '.join(POOLS)})")
    if spec.loglevel.lower() not in LOG_LEVELS:
        problems.append(f"unknown log level {spec.loglevel!r} ({', '.join(LOG_LEVELS)})")
    if spec.workdir is not None:
        workdir = Path(spec.workdir).expanduser()
        if not workdir.exists():
            problems.append(f"working directory {workdir} does not exist")
        elif not workdir.is_dir():
            problems.append(f"working directory {workdir} is not a directory")
    if spec.python is not None:
        _, problem = resolve_python(spec.python)
        if problem:
            problems.append(problem)
    problems.extend(f"queue name {q!r} is empty or contains spaces" for q in spec.queues if _bad(q))
    problems.extend(
        f"environment name {k!r} is not valid" for k in spec.env if not _ENV_NAME.match(k)
    )
    problems.extend(_secret_problems(spec))
    problems.extend(_kind_problems(spec))
    return problems


def _secret_problems(spec: ProcessSpec) -> list[str]:
    """Presets are plain text and argv is public (``ps``): neither may carry a password."""
    problems = []
    if any(redact_text(arg) != arg for arg in spec.extra_args):
        problems.append(
            "extra arguments hold a URL with a password (anyone can read it with ps); "
            "use the connected broker instead"
        )
    problems.extend(
        f"environment {key} holds a password, and presets are saved in plain text"
        for key, value in spec.env.items()
        if redact_text(value) != value or _SECRET_NAME.search(key)
    )
    return problems


def _bad(queue: str) -> bool:
    return not queue or any(ch.isspace() or ch == "," for ch in queue)


def _kind_problems(spec: ProcessSpec) -> list[str]:
    if spec.kind is ProcessKind.BROKER:
        if spec.broker_port is not None and not 1 <= spec.broker_port <= 65535:
            return ["broker port must be between 1 and 65535"]
        return []
    if spec.kind is ProcessKind.CUSTOM:
        if not spec.extra_args:
            return ["a custom process needs its command in the extra arguments"]
        return []
    if not spec.is_demo and not spec.app_module.strip():
        return ["-A module is required for a user project"]
    return []


def build_command(spec: ProcessSpec, broker_url: str | None) -> Command:
    """The command that runs ``spec``; raises ``SpecError`` listing every problem."""
    problems = validate(spec)
    if spec.needs_broker_url and not broker_url:
        problems.append("no broker is connected: connect to a broker or start the local broker")
    if problems:
        raise SpecError(problems)

    env = dict(spec.env)
    env[PARENT_ENV] = str(os.getpid())
    env["PYTHONUNBUFFERED"] = "1"
    if spec.needs_broker_url and broker_url:
        env[BROKER_ENV] = broker_url
        env[BACKEND_ENV] = broker_url
    cwd = str(Path(spec.workdir).expanduser()) if spec.workdir else None

    if spec.kind is ProcessKind.BROKER:
        port = spec.broker_port if spec.broker_port is not None else free_port()
        return _command([*self_command(safe_path=True), "broker", "--port", str(port)], cwd, env)

    interpreter = resolve_python(spec.python)[0] if spec.python else None
    if interpreter is not None and spec.python is not None:
        _add_virtualenv(env, Path(spec.python).expanduser(), Path(interpreter))

    if spec.kind is ProcessKind.CUSTOM:
        target = [interpreter, *spec.extra_args] if interpreter else list(spec.extra_args)
        return _command([*self_command(safe_path=True), "exec", "--", *target], cwd, env)

    options = _celery_options(spec)
    if interpreter is None:
        # Celery Desk's own sub-command: works from source and from a frozen bundle alike.
        own = [*self_command(), spec.kind.value, "-A", spec.app_module, *options]
        return _command(own, cwd, env)
    celery = [interpreter, "-m", "celery", "-A", spec.app_module, spec.kind.value, *options]
    return _command([*self_command(safe_path=True), "exec", "--", *celery], cwd, env)


def _command(argv: list[str], cwd: str | None, env: dict[str, str]) -> Command:
    return Command(program=argv[0], args=tuple(argv[1:]), cwd=cwd, env=env)


def _add_virtualenv(env: dict[str, str], given: Path, interpreter: Path) -> None:
    """Make a virtualenv's scripts (and anything the worker spawns) resolve inside it."""
    if not given.is_dir():
        return
    env["VIRTUAL_ENV"] = str(given)
    env["PATH"] = os.pathsep.join([str(interpreter.parent), os.environ.get("PATH", "")])


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
    elif spec.kind is ProcessKind.BEAT:
        options += ["--schedule", spec.schedule_path or default_schedule_path(spec)]
        if spec.scheduler:
            options += ["--scheduler", spec.scheduler]
    return options + list(spec.extra_args)
