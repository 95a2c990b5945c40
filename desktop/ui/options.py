"""Command-line options of the app itself (sub-commands are dispatched before this)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AppOptions:
    broker_url: str | None = None
    profile: str | None = None
    demo: bool = False
    screenshot: Path | None = None
    screenshot_delay: float | None = None
    page: str | None = None
    smoke_test: bool = False


def parse_options(argv: list[str]) -> AppOptions:
    parser = argparse.ArgumentParser(
        prog="celery-desk",
        description="Run, monitor and schedule Celery. Sub-commands: worker, beat, broker.",
    )
    parser.add_argument("--broker", metavar="URL", help="connect to this broker at start")
    parser.add_argument("--profile", metavar="NAME", help="connect with this saved profile")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the local broker, a demo worker and beat, and a trickle of demo tasks",
    )
    parser.add_argument("--screenshot", type=Path, metavar="PATH", help="save a PNG and exit")
    parser.add_argument(
        "--screenshot-delay",
        type=float,
        metavar="S",
        help="seconds to wait before the screenshot (default: until the window settles)",
    )
    parser.add_argument(
        "--page",
        choices=["dashboard", "tasks", "workers", "queues", "schedules", "processes"],
        help="the view to open on",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="check this build end to end (broker, worker, one task) and exit",
    )
    ns = parser.parse_args(argv)
    return AppOptions(
        broker_url=ns.broker,
        profile=ns.profile,
        demo=ns.demo,
        screenshot=ns.screenshot,
        screenshot_delay=ns.screenshot_delay,
        page=ns.page,
        smoke_test=ns.smoke_test,
    )
