"""``celery -A proj desk``: open Celery Desk on the given Celery app's project and broker.

Registered under the ``celery.commands`` entry point group. It runs in the project's own
interpreter and directory, so it creates (or refreshes) the project's profile: the broker,
the directory, the interpreter and the ``-A`` module. The URL's password goes to the
keychain and to the app in memory; it is never printed or passed on a command line.
"""

from __future__ import annotations

from typing import Any

import click
from celery.bin.base import CeleryCommand, handle_preload_options


@click.command(cls=CeleryCommand, context_settings={"ignore_unknown_options": True})
@click.option("--demo", is_flag=True, help="Also start a demo worker, beat and task trickle.")
@click.argument("extra", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
@handle_preload_options  # type: ignore[untyped-decorator]  # celery's decorator is untyped
def desk(ctx: click.Context, demo: bool, extra: tuple[str, ...]) -> None:
    """Open Celery Desk connected to this app's broker."""
    import os
    import sys

    from desktop.core.profiles import ProfileStore
    from desktop.core.project.from_celery import app_argument, project_here, remember_project

    app: Any = ctx.obj.app
    url: str = app.connection_for_write().as_uri(include_password=True)
    module = app_argument(sys.argv, os.environ) or str(app.main or "")
    profile = remember_project(
        ProfileStore(), project_here(module), url, preferred_name=str(app.main or module)
    )
    from desktop.ui.app import run_app

    argv = ["--broker", url, "--profile", profile.name, *extra]
    if demo:
        argv.append("--demo")
    ctx.exit(run_app(argv))
