"""The command line's own texts in the user's language.

``--help`` and the sub-commands run without Qt (a worker started from the bundle must not
load it), so Qt's translations are not at hand: the few texts of the command line are in
this table instead, keyed by the language the ``language`` setting names, or, when it says
``"system"``, that LANGUAGE, LC_ALL, LC_MESSAGES or LANG name (desktop/core/i18n.py).
tests/test_i18n_cli.py fails when a text of the parser has no entry.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from desktop.core.i18n import resolve_language, saved_setting

#: ``celery-desk <usage>``: what each sub-command does, for ``--help``.
SUBCOMMAND_HELP: tuple[tuple[str, str], ...] = (
    ("worker [celery worker options]", "Celery's own worker, e.g. -A proj -l info"),
    ("beat [celery beat options]", "Celery's own beat"),
    ("broker [--port N] [--data-dir D]", "the private local redis-server, in the foreground"),
    ("exec -- PROGRAM [ARGS...]", "run PROGRAM tied to the life of its parent"),
    ("event-reader", "the app's event reader (the app starts it)"),
    ("journal", "the app's journal writer (the event reader starts it)"),
    ("record [--broker URL] ...", "keep the broker's events while no window listens"),
    ("project-info -A APP --output F", "what a Celery project declares, as JSON in F"),
)

ZH_CN: dict[str, str] = {
    # argparse's own words
    "usage: ": "用法：",
    "options": "选项",
    "show this help message and exit": "显示此帮助信息并退出",
    # the app's options
    "Run, monitor and schedule Celery.": "运行、监控和调度 Celery。",
    "sub-commands": "子命令",
    "connect to this broker at start": "启动时连接到这个消息代理（Broker）",
    "connect with this saved profile": "启动时使用这个已保存的配置档连接",
    "start the local broker, a demo worker and beat, and a trickle of demo tasks": (
        "启动本地消息代理、一个演示用的工作进程和 beat，并持续发送少量演示任务"
    ),
    "save a PNG and exit": "保存一张 PNG 截图后退出",
    "seconds to wait before the screenshot (default: until the window settles)": (
        "截图前等待的秒数（默认：等到窗口稳定）"
    ),
    "the view to open on": "启动时打开的页面",
    "check this build end to end (broker, worker, one task) and exit": (
        "端到端检查这个构建（消息代理、工作进程、一个任务）后退出"
    ),
    # the sub-commands
    "Celery's own worker, e.g. -A proj -l info": "Celery 自带的 worker，例如 -A proj -l info",
    "Celery's own beat": "Celery 自带的 beat",
    "the private local redis-server, in the foreground": "私有的本地 redis-server，在前台运行",
    "run PROGRAM tied to the life of its parent": "运行 PROGRAM，随父进程一同退出",
    "the app's event reader (the app starts it)": "应用的事件读取进程（由应用自己启动）",
    "the app's journal writer (the event reader starts it)": (
        "应用的历史记录写入进程（由事件读取进程启动）"
    ),
    "keep the broker's events while no window listens": "在没有窗口监听时保存消息代理上的事件",
    "what a Celery project declares, as JSON in F": "把 Celery 项目声明的内容以 JSON 写入 F",
    "usage: celery-desk exec -- PROGRAM [ARGS...]": "用法：celery-desk exec -- PROGRAM [ARGS...]",
    "celery-desk exec: cannot run {0}: {1}": "celery-desk exec：无法运行 {0}：{1}",
}

TABLES: dict[str, Mapping[str, str]] = {"zh_CN": ZH_CN}


def cli_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the command line's texts: the setting's, else the environment's."""
    return resolve_language(saved_setting(), os.environ if environ is None else environ)


def cli_text(text: str, language: str | None = None) -> str:
    """``text`` in ``language`` (default: :func:`cli_language`); English when missing."""
    table = TABLES.get(language if language is not None else cli_language(), {})
    return table.get(text, text)
