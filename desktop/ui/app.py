"""Start-up of the desktop app: Qt, logging, the shared context, the window, the first broker."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from desktop.core.i18n import translate
from desktop.core.logging_config import configure_logging
from desktop.core.preflight import check_before_qt
from desktop.ui.options import AppOptions, parse_options

if TYPE_CHECKING:  # Qt is imported only after the preflight said it can start
    from PySide6.QtWidgets import QMainWindow

    from desktop.ui.context import AppContext
    from desktop.ui.demo import DemoRunner
    from desktop.ui.main_window import MainWindow
    from desktop.ui.screenshot import ScreenshotTaker

log = logging.getLogger("celery_desk.app")


def choose_first_connection(ctx: AppContext, options: AppOptions) -> None:
    """What the app connects to at start: --broker (under --profile's name when given), else
    --profile, else the profile used last, else the demo's local broker."""
    if options.profile:
        if ctx.profiles.get(options.profile) is None:
            message = translate("App", "no saved profile named '{0}'").format(options.profile)
            ctx.connection.report_failure(options.profile, message)
            return
        ctx.profile.select(options.profile)
    if options.broker_url:
        label = options.profile or translate("App", "command line")
        ctx.connection.connect_to(options.broker_url, label)
        return
    profile = ctx.profile.profile
    if not profile.is_local:
        ctx.connection.connect_to(ctx.profiles.resolve_url(profile.name), profile.name)
        return
    if not profile.is_builtin or ctx.settings.settings.start_local_broker_if_unconfigured:
        ctx.local_broker.start_and_connect(profile.name)


def run_app(argv: list[str]) -> int:
    options = parse_options(argv)
    # Before any QApplication: name the missing system packages instead of Qt's abort. The
    # smoke test renders offscreen unless told otherwise (desktop/ui/smoke.py).
    env = {"QT_QPA_PLATFORM": "offscreen", **os.environ} if options.smoke_test else None
    failed = check_before_qt(env=env)
    if failed is not None:
        return failed
    if options.smoke_test:
        from desktop.ui.smoke import run_smoke_test

        return run_smoke_test()
    configure_logging()
    from desktop.ui.context import AppContext
    from desktop.ui.gc_guard import GuiThreadGarbageCollector
    from desktop.ui.i18n import install_language
    from desktop.ui.main_window import MainWindow
    from desktop.ui.processes.shutdown import QuitSignalHandler
    from desktop.ui.qt_application import create_qapplication

    app = create_qapplication()
    # Before anything builds a widget or a message: they translate their texts when built.
    install_language()
    collector = GuiThreadGarbageCollector(app)
    ctx = AppContext.create()
    ctx.notifier.install()
    demo = _demo_runner(ctx) if options.demo else None
    window = MainWindow(ctx)
    if options.broker_url:
        window.connection_bar.set_url(options.broker_url)
    if options.page:
        window.show_page(options.page)
    if demo is not None:
        window.stopping.connect(demo.stop)
        if options.page is None:
            window.show_page("processes")
        demo.start()
    else:
        choose_first_connection(ctx, options)
    screenshot = None
    if options.screenshot is not None:
        from desktop.ui.screenshot import SHOT_SIZE, ScreenshotTaker

        screenshot = ScreenshotTaker(ctx, window, options.screenshot, options.screenshot_delay)
        window.resize(SHOT_SIZE)  # the same size every time, whatever geometry was saved
    _show(window)

    def close_window() -> None:
        window.close()

    signals = QuitSignalHandler(ctx.supervisor, close_window)

    try:
        app.exec()
    finally:
        signals.uninstall()
        if demo is not None:
            demo.stop()
        ctx.shutdown()
        collector.stop()
    return _after_quit(window, screenshot)


def _demo_runner(ctx: AppContext) -> DemoRunner:
    from desktop.ui.demo import DemoRunner

    return DemoRunner(ctx)


def _show(window: MainWindow) -> None:
    from desktop.ui.startup_probe import install_probe

    install_probe(window)  # bench/history_launch.py's seam: nothing unless asked for
    window.show()
    _say_when_chinese_has_no_font(window)


def _say_when_chinese_has_no_font(window: QMainWindow) -> None:
    from desktop.ui.font_notice import cjk_font_advice, show_font_notice
    from desktop.ui.i18n import active_language, system_language

    advice = cjk_font_advice(active_language(), system_language())
    if advice is not None:
        log.warning("%s", advice)
        show_font_notice(window, advice)


def _after_quit(window: MainWindow, screenshot: ScreenshotTaker | None) -> int:
    """The exit status; or, when Preferences asked for it (a new language), a new start."""
    if window.restart_requested:
        from desktop.ui.restart import restart

        restart()
    return screenshot.exit_code if screenshot is not None else 0
