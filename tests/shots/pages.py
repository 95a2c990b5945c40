"""Screenshots of every page for docs/, in English (docs/) and in Chinese (docs/zh/).

    .venv/bin/python -m tests.shots.pages               # both languages (make screenshots)
    .venv/bin/python -m tests.shots.pages zh_CN tasks   # one language, one page

The six pages the command line opens come from ``celery-desk --demo --page NAME --screenshot``
(a real local broker, demo worker, beat and tasks); the Alerts page, its rules, the tray menu
and a notification from tests/shots/alerts.py; the Tasks view's history after a restart from
tests/shots/restart_history.py. Each runs in its own process with LANGUAGE
and LANG naming the language and its locale, as a user's session does, and a home of its own
(CELERY_DESK_HOME, emptied before each shot): what a new user sees, never this machine's
settings, profiles, journal or schedule (a saved language would also outvote LANGUAGE). It
refuses the Chinese shots without a CJK font, which would show empty boxes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from desktop.core.i18n import TRANSLATED
from desktop.core.preflight import has_cjk_font
from desktop.ui.options import PAGES

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", *TRANSLATED)
#: Where each language's pictures go, as README.md and README.zh-CN.md link them.
FOLDERS = {"en": Path("docs"), "zh_CN": Path("docs", "zh")}
#: The locale each language's user has: numbers, dates and weekday names come from it (Qt's
#: own locale data; LC_CTYPE stays C.UTF-8 so no system locale needs to be generated).
LOCALES = {"en": "en_US.UTF-8", "zh_CN": "zh_CN.UTF-8"}
#: Seconds of demo before the picture: enough for every page to have tasks, runs and logs.
DELAY_S = 25
#: Pictures a script of their own takes (a story to stage first): name -> module.
SCRIPTED = {"alerts": "tests.shots.alerts", "history": "tests.shots.restart_history"}
SHOTS = (*PAGES, *SCRIPTED)


def problem(language: str) -> str | None:
    """Why this machine cannot take the pictures in ``language``; None when it can."""
    if language.startswith("zh") and has_cjk_font() is False:
        return "no CJK font is installed (Debian: fonts-noto-cjk): Chinese would be boxes"
    return None


def shoot(language: str, page: str) -> int:
    folder = ROOT / FOLDERS[language]
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    home = Path(tempfile.gettempdir(), "celery-desk-shots")
    shutil.rmtree(home, ignore_errors=True)
    env.update(
        LANGUAGE=language,
        LANG=LOCALES[language],
        LC_CTYPE="C.UTF-8",
        QT_QPA_PLATFORM="offscreen",
        CELERY_DESK_HOME=str(home),
    )
    if page in SCRIPTED:
        command = [sys.executable, "-m", SCRIPTED[page], str(folder)]
    else:
        command = [
            str(Path(sys.executable).with_name("celery-desk")),
            "--demo",
            "--page",
            page,
            "--screenshot",
            str(folder / f"{page}.png"),
            "--screenshot-delay",
            str(DELAY_S),
        ]
    print(f"[{language}] {page}", flush=True)
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def main(argv: list[str]) -> int:
    languages = [a for a in argv if a in LANGUAGES] or list(LANGUAGES)
    pages = [a for a in argv if a in SHOTS] or list(SHOTS)
    unknown = [a for a in argv if a not in (*LANGUAGES, *SHOTS)]
    if unknown:
        print(f"unknown: {unknown}; languages {LANGUAGES}, shots {SHOTS}")
        return 2
    for language in languages:
        why = problem(language)
        if why is not None:
            print(f"cannot take the {language} screenshots: {why}")
            return 1
        for page in pages:
            code = shoot(language, page)
            if code != 0:
                print(f"[{language}] {page} failed with exit code {code}")
                return code
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
