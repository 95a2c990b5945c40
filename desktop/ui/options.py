"""Command-line options of the app itself (sub-commands are dispatched before this).

Parsed before Qt is loaded, so the help is translated by desktop/cli_text.py's table.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop.cli_text import SUBCOMMAND_HELP, cli_language, cli_text

PAGES = ("dashboard", "tasks", "workers", "queues", "schedules", "processes")


@dataclass(frozen=True)
class AppOptions:
    broker_url: str | None = None
    profile: str | None = None
    demo: bool = False
    screenshot: Path | None = None
    screenshot_delay: float | None = None
    page: str | None = None
    smoke_test: bool = False


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter with its ``usage:`` prefix in the user's language."""

    def __init__(self, prog: str, language: str) -> None:
        super().__init__(prog)
        self.language = language

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        prefix = cli_text("usage: ", self.language) if prefix is None else prefix
        super().add_usage(usage, actions, groups, prefix)


def build_parser(language: str | None = None) -> argparse.ArgumentParser:
    """The app's parser, its help in ``language`` (default: the user's, desktop/cli_text.py)."""
    lang = cli_language() if language is None else language

    def t(text: str) -> str:
        return cli_text(text, lang)

    def formatter(*, prog: str) -> argparse.HelpFormatter:
        return _Formatter(prog, lang)

    width = max(len(usage) for usage, _ in SUBCOMMAND_HELP) + 2
    commands = "\n".join(
        f"  celery-desk {usage:<{width}}{t(text)}" for usage, text in SUBCOMMAND_HELP
    )
    parser = argparse.ArgumentParser(
        prog="celery-desk",
        description=t("Run, monitor and schedule Celery."),
        epilog=f"{t('sub-commands')}:\n{commands}",
        formatter_class=formatter,
        add_help=False,  # its own -h below: argparse's help text is English only
    )
    # One group with a translated title instead of argparse's English "options".
    options = parser.add_argument_group(t("options"))
    options.add_argument("-h", "--help", action="help", help=t("show this help message and exit"))
    options.add_argument("--broker", metavar="URL", help=t("connect to this broker at start"))
    options.add_argument("--profile", metavar="NAME", help=t("connect with this saved profile"))
    options.add_argument(
        "--demo",
        action="store_true",
        help=t("start the local broker, a demo worker and beat, and a trickle of demo tasks"),
    )
    options.add_argument("--screenshot", type=Path, metavar="PATH", help=t("save a PNG and exit"))
    options.add_argument(
        "--screenshot-delay",
        type=float,
        metavar="S",
        help=t("seconds to wait before the screenshot (default: until the window settles)"),
    )
    options.add_argument("--page", choices=PAGES, help=t("the view to open on"))
    options.add_argument(
        "--smoke-test",
        action="store_true",
        help=t("check this build end to end (broker, worker, one task) and exit"),
    )
    return parser


def parse_options(argv: list[str]) -> AppOptions:
    ns = build_parser().parse_args(argv)
    return AppOptions(
        broker_url=ns.broker,
        profile=ns.profile,
        demo=ns.demo,
        screenshot=ns.screenshot,
        screenshot_delay=ns.screenshot_delay,
        page=ns.page,
        smoke_test=ns.smoke_test,
    )
