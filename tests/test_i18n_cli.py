"""``celery-desk --help`` in the user's language, without Qt: from LANG or the setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli, cli_text
from desktop.core.settings import SettingsStore
from desktop.ui import options

ROOT = Path(__file__).resolve().parents[1]
LOCALE_KEYS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _help(home: Path, **locale: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_KEYS}
    env.update(CELERY_DESK_HOME=str(home), **locale)
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_help_follows_lang(app_home: Path) -> None:
    chinese = _help(app_home, LANG="zh_CN.UTF-8")
    assert chinese.startswith("用法：celery-desk")
    assert "启动时连接到这个消息代理" in chinese and "子命令" in chinese
    assert "celery-desk worker [celery worker options]" in chinese  # usage stays as typed
    english = _help(app_home, LANG="en_US.UTF-8")
    assert english.startswith("usage: celery-desk")
    assert "connect to this broker at start" in english
    assert "用法" not in _help(app_home, LANG="zh_TW.UTF-8")


def test_help_follows_the_language_setting_over_the_system(app_home: Path) -> None:
    SettingsStore().update(language="zh_CN")
    assert _help(app_home, LANG="en_US.UTF-8").startswith("用法：")
    SettingsStore().update(language="en")
    assert _help(app_home, LANG="zh_CN.UTF-8").startswith("usage: ")


def test_every_text_of_the_command_line_has_its_chinese(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: set[str] = set()
    real = cli_text.cli_text

    def recording(text: str, language: str | None = None) -> str:
        asked.add(text)
        return real(text, "zh_CN")

    monkeypatch.setattr(options, "cli_text", recording)
    monkeypatch.setattr(cli_text, "cli_text", recording)
    options.build_parser("zh_CN").format_help()
    assert cli.exec_main([]) == 2
    assert capsys.readouterr().err.startswith("用法：celery-desk exec")
    assert cli.exec_main(["--", "/nonexistent/program"]) == 127
    assert "无法运行" in capsys.readouterr().err
    assert not sorted(asked - set(cli_text.ZH_CN)), "texts without a Chinese entry"
    assert not sorted(set(cli_text.ZH_CN) - asked), "Chinese entries nothing uses"
