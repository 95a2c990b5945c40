"""Unhandled errors become one non-blocking notice in the window, never a crash.

``sys.excepthook`` and ``threading.excepthook`` both route here; so do Qt's own warnings,
which go to the ``celery_desk.qt`` logger.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QObject, QtMsgType, Signal, qInstallMessageHandler

log = logging.getLogger("celery_desk.errors")
qt_log = logging.getLogger("celery_desk.qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class ErrorNotifier(QObject):
    """Collects unexpected exceptions from any thread.

    Signals:
        error_reported(str, str): a one-line summary and the full traceback text.
    """

    error_reported = Signal(str, str)

    def install(self) -> None:
        sys.excepthook = self._on_sys_excepthook
        threading.excepthook = self._on_thread_excepthook
        qInstallMessageHandler(_on_qt_message)

    def report(self, exc: BaseException) -> None:
        details = "".join(traceback.format_exception(exc))
        summary = f"{type(exc).__name__}: {exc}"
        log.error("Unexpected error: %s\n%s", summary, details)
        self.error_reported.emit(summary, details)

    def _on_sys_excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.report(exc.with_traceback(tb))

    def _on_thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.report(args.exc_value)


def _on_qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)
