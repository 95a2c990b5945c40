"""``celery -A proj desk``: open Celery Desk on the broker of the given Celery app.

Registered under the ``celery.commands`` entry point group. The URL (with its password)
goes to the app in memory; it is never printed or passed on a command line.
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
    app: Any = ctx.obj.app
    url: str = app.connection_for_write().as_uri(include_password=True)
    from desktop.ui.app import run_app

    argv = ["--broker", url, *extra]
    if demo:
        argv.append("--demo")
    ctx.exit(run_app(argv))
