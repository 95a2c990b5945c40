"""``celery-desk worker`` and ``celery-desk beat``: Celery's own mains, in this process.

A frozen bundle has no ``celery`` script nor Python interpreter, so these run Celery's click
command through its Python API. Celery wants global options (``-A``, ``-b``, ``--workdir``...)
before the sub-command, while ``celery-desk worker -A proj -l info`` puts them after it: they
are moved in front. The ``-A`` module is loaded once beforehand so that a module that does not
import is reported with its exception (Celery's own message omits it), instead of a worker
that never starts for no visible reason.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Mapping
from types import ModuleType

import click

_PROG_NAME = "celery-desk"
_APP_OPTIONS = ("-A", "--app")
_WORKDIR_OPTION = "--workdir"
# Celery's own callback exports these global options before it loads the app; the app check
# loads it earlier, so it exports them first (an app may read them at import, as ours does).
_EXPORTED_OPTIONS: dict[tuple[str, ...], str] = {
    ("-b", "--broker"): "CELERY_BROKER_URL",
    ("--result-backend",): "CELERY_RESULT_BACKEND",
    ("--loader",): "CELERY_LOADER",
    ("--config",): "CELERY_CONFIG_MODULE",
}


def _option_index(command: click.Command) -> dict[str, click.Option]:
    index: dict[str, click.Option] = {}
    for param in command.params:
        if isinstance(param, click.Option):
            for opt in (*param.opts, *param.secondary_opts):
                index[opt] = param
    return index


def _split_option(token: str, known: Mapping[str, click.Option]) -> tuple[str, str | None]:
    """``(name, inline value)`` for ``--opt=value``, ``-Xvalue`` or a bare option."""
    if token.startswith("--"):
        name, eq, value = token.partition("=")
        return name, value if eq else None
    if token.startswith("-") and len(token) > 2 and token[:2] in known:
        return token[:2], token[2:]
    return token, None


def split_arguments(
    group: click.Group, command: str, argv: list[str]
) -> tuple[list[str], list[str]]:
    """``(global options, command options)`` of ``celery-desk <command> argv``.

    Options of the sub-command that share a name with a global one stay with the command.
    """
    sub = group.commands[command]
    sub_options = _option_index(sub)
    global_options = {
        name: param for name, param in _option_index(group).items() if name not in sub_options
    }
    known = {**sub_options, **global_options}
    moved: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(argv):
        token = argv[index]
        index += 1
        if token == "--":
            rest.extend(argv[index - 1 :])
            break
        name, inline = _split_option(token, known)
        param = known.get(name)
        target = moved if name in global_options else rest
        target.append(token)
        needs_value = param is not None and not param.is_flag and not param.count
        if needs_value and inline is None and index < len(argv):
            target.append(argv[index])
            index += 1
    return moved, rest


def reorder_arguments(group: click.Group, command: str, argv: list[str]) -> list[str]:
    """``argv`` of ``celery-desk <command>`` as Celery's CLI needs it: globals first."""
    moved, rest = split_arguments(group, command, argv)
    return [*moved, command, *rest]


def _global_value(argv: list[str], names: tuple[str, ...]) -> str | None:
    """The value of the last option among ``names`` in the global options ``argv``."""
    found: str | None = None
    for position, token in enumerate(argv):
        for name in names:
            if token == name and position + 1 < len(argv):
                found = argv[position + 1]
            elif token.startswith(f"{name}=") and name.startswith("--"):
                found = token.partition("=")[2]
            elif len(name) == 2 and token.startswith(name) and len(token) > 2:
                found = token[2:]
    return found


def _absolute_workdir(argv: list[str]) -> list[str]:
    """Make ``--workdir`` absolute and enter it now, so the app check imports from there.

    Celery enters it again later, which is harmless once the path is absolute.
    """
    workdir = _global_value(argv, (_WORKDIR_OPTION,))
    if workdir is None:
        return argv
    absolute = os.path.abspath(workdir)
    os.chdir(absolute)
    fixed: list[str] = []
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token == _WORKDIR_OPTION:
            skip = True
            continue
        if token.startswith(f"{_WORKDIR_OPTION}="):
            continue
        fixed.append(token)
    return [f"{_WORKDIR_OPTION}={absolute}", *fixed]


def _export_options(global_args: list[str]) -> None:
    for names, variable in _EXPORTED_OPTIONS.items():
        value = _global_value(global_args, names)
        if value:
            os.environ[variable] = value


def describe_app_error(app_name: str, command: str) -> str | None:
    """Why ``-A app_name`` cannot be loaded from here, or None when it loads a Celery app."""
    from celery import Celery
    from celery.app.utils import find_app

    try:
        found = find_app(app_name)
    except Exception as exc:  # whatever the user's module raises must be reported, not crash
        missing_itself = isinstance(exc, ModuleNotFoundError) and exc.name in (
            app_name.partition(":")[0],
            app_name.partition(":")[0].split(".")[0],
        )
        no_attribute = isinstance(exc, AttributeError) and isinstance(exc.obj, ModuleType)
        if missing_itself:
            details = f"  {type(exc).__name__}: {exc}"
        elif no_attribute:
            details = (
                f"  {type(exc).__name__}: {exc}\n  The module has no 'app' or 'celery' "
                "attribute holding a Celery() instance; name it as -A module:attribute."
            )
        else:
            details = "".join(traceback.format_exception(exc)).rstrip()
        return (
            f"{_PROG_NAME} {command}: cannot load the Celery app {app_name!r} (-A {app_name}):\n"
            f"{details}\n"
            f"Working directory: {os.getcwd()}. Start it from the project's directory "
            "(or pass --workdir) with the project's Python environment."
        )
    if not isinstance(found, Celery):
        return (
            f"{_PROG_NAME} {command}: -A {app_name} is not a Celery app "
            f"(it is {type(found).__name__}); name the module or module:attribute "
            "holding the Celery() instance."
        )
    return None


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def run_celery(command: str, argv: list[str]) -> int:
    """Run ``celery <globals> <command> <options>`` in this process; return its exit code."""
    from desktop.core.processes.guard import install_parent_death_guard

    install_parent_death_guard()
    if command == "worker":
        # eventlet/gevent must patch before anything else is imported (Celery's own rule).
        from celery import maybe_patch_concurrency

        maybe_patch_concurrency([_PROG_NAME, command, *argv])
    from celery.bin.celery import celery as celery_group

    global_args, command_args = split_arguments(celery_group, command, argv)
    global_args = _absolute_workdir(global_args)
    _export_options(global_args)
    args = [*global_args, command, *command_args]
    # Click reads these variables when -A is absent, in this order.
    app_name = (
        _global_value(global_args, _APP_OPTIONS)
        or os.environ.get("APP")
        or os.environ.get("CELERY_APP")
    )
    if app_name and "--help" not in command_args:
        problem = describe_app_error(app_name, command)
        if problem is not None:
            print(problem, file=sys.stderr, flush=True)
            return 2
    try:
        celery_group.main(
            args=args, prog_name=_PROG_NAME, auto_envvar_prefix="CELERY", standalone_mode=True
        )
    except SystemExit as exc:
        return _exit_code(exc)
    except KeyboardInterrupt:
        return 130
    return 0


def worker_main(argv: list[str]) -> int:
    """``celery-desk worker [celery worker options, -A allowed anywhere]``."""
    return run_celery("worker", argv)


def beat_main(argv: list[str]) -> int:
    """``celery-desk beat [celery beat options, -A allowed anywhere]``."""
    return run_celery("beat", argv)
