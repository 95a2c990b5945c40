"""The UI language end to end: the window in Chinese (ours and Qt's own texts), the choice
from the setting or the system locale, the Qt-free hooks, locale formats, the restart."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

import celery_desk_beat.i18n as beat_i18n
from desktop.core import i18n as core_i18n
from desktop.core import system_packages
from desktop.core.secrets import SecretStore
from desktop.core.settings import SettingsStore
from desktop.ui import locale_format
from desktop.ui.context import AppContext
from desktop.ui.font_notice import cjk_font_advice, show_font_notice
from desktop.ui.i18n import (
    ActiveLanguage,
    active_language,
    choose_language,
    install_language,
    uninstall_language,
)
from desktop.ui.main_window import MainWindow
from desktop.ui.monitor.timefmt import TimeFormatter
from desktop.ui.restart import restart_argv
from desktop.ui.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parents[1]
NAVIGATION_ZH = ["仪表盘", "任务", "工作进程", "队列", "定时任务", "进程", "告警"]


@pytest.fixture
def chinese(qapp: QApplication, compiled: Path) -> Iterator[ActiveLanguage]:
    active = install_language("zh_CN", directory=compiled)
    yield active
    uninstall_language()


@pytest.fixture
def english(qapp: QApplication, compiled: Path) -> Iterator[ActiveLanguage]:
    active = install_language("en", directory=compiled)
    yield active
    uninstall_language()


def _window(qtbot: QtBot) -> tuple[MainWindow, AppContext]:
    ctx = AppContext.create()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    return window, ctx


def _close(ctx: AppContext) -> None:
    ctx.supervisor.kill_all_now()
    ctx.runner.shutdown()


def test_the_main_window_speaks_chinese(qtbot: QtBot, chinese: ActiveLanguage) -> None:
    assert chinese.missing == []
    assert "qtbase_zh_CN.qm" in chinese.loaded
    window, ctx = _window(qtbot)
    try:
        navigation = [window.nav.item(row).text() for row in range(window.nav.count())]
        assert navigation == NAVIGATION_ZH
        menus = [action.text() for action in window.menuBar().actions()]
        assert menus == ["文件(&F)", "视图(&V)", "任务(&T)", "帮助(&H)"]
        file_menu = window.menuBar().actions()[0].menu()
        assert isinstance(file_menu, QMenu)
        assert [a.text() for a in file_menu.actions() if not a.isSeparator()] == [
            "首选项(&P)…",
            "退出(&Q)",
        ]
        assert window.send_task_action.text() == "发送任务(&S)…"
    finally:
        _close(ctx)


def test_qt_standard_buttons_speak_chinese(qtbot: QtBot, chinese: ActiveLanguage) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "t",
        "x",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
    )
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "是(&Y)"
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["确定", "取消"])


def test_english_is_the_code_as_written(qtbot: QtBot, english: ActiveLanguage) -> None:
    assert english.loaded == [] and active_language() == "en"
    window, ctx = _window(qtbot)
    try:
        assert window.nav.item(0).text() == "Dashboard"
        assert window.menuBar().actions()[0].text() == "&File"
    finally:
        _close(ctx)


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("zh_CN", "zh_CN"),
        ("zh_SG", "zh_CN"),
        ("zh_TW", "en"),  # traditional script: no translation yet, English
        ("zh_HK", "en"),
        ("en_GB", "en"),
        ("de_DE", "en"),
    ],
)
def test_the_system_setting_follows_the_system_locale(
    qapp: QApplication, system: str, expected: str
) -> None:
    assert choose_language("system", QLocale(system)) == expected
    assert choose_language("en", QLocale(system)) == "en"
    assert choose_language("zh_CN", QLocale(system)) == "zh_CN"


def test_a_chinese_system_gets_chinese_texts_and_formats(
    qapp: QApplication, compiled: Path
) -> None:
    try:
        active = install_language("system", directory=compiled, system=QLocale("zh_CN"))
        assert active.code == "zh_CN" and QLocale().name() == "zh_CN"
        assert locale_format.format_weekday_date(date(2024, 5, 1)) == "周三 2024-05-01"
        # a British system keeps its own conventions when the UI is English
        install_language("en", directory=compiled, system=QLocale("en_GB"))
        assert QLocale().name() == "en_GB"
        install_language("en", directory=compiled, system=QLocale("de_DE"))
        assert QLocale().name() == "en_US"
        # following a German system, the UI falls back to English, the formats stay German
        install_language("system", directory=compiled, system=QLocale("de_DE"))
        assert QLocale().name() == "de_DE" and active_language() == "en"
    finally:
        uninstall_language()


def test_the_core_hooks_translate_in_the_app_only(chinese: ActiveLanguage) -> None:
    assert core_i18n.translate("MainWindow", "Dashboard") == "仪表盘"
    assert beat_i18n.translate("MainWindow", "Dashboard") == "仪表盘"
    uninstall_language()
    assert core_i18n.translate("MainWindow", "Dashboard") == "Dashboard"
    assert beat_i18n.translate("MainWindow", "Dashboard") == "Dashboard"
    assert core_i18n.translate("Queues", "%n messages", None, 3) == "3 messages"
    assert beat_i18n.translate("Queues", "%n messages", None, 1) == "1 messages"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-Hans-CN", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh_TW.UTF-8", "en"),
        ("zh-Hant", "en"),
        ("en_US.UTF-8", "en"),
        ("fr_FR@euro", "en"),
        ("C.UTF-8", None),
        ("POSIX", None),
        ("", None),
    ],
)
def test_locale_names_map_to_the_languages_we_ship(name: str, expected: str | None) -> None:
    assert core_i18n.normalized_language(name) == expected


def test_the_environment_is_read_in_gettext_order() -> None:
    lang = core_i18n.language_from_environment
    assert lang({"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert lang({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}) == "en"
    assert lang({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}) == "zh_CN"
    assert lang({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}) == "zh_CN"
    assert lang({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert lang({}) == "en"
    assert core_i18n.resolve_language("zh_CN", {"LANG": "en_US.UTF-8"}) == "zh_CN"


def test_the_saved_setting_is_read_without_repairing_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert core_i18n.saved_setting(path) == "system"
    path.write_text('{"language": "zh_CN", "keep_local_broker": true}', encoding="utf-8")
    assert core_i18n.saved_setting(path) == "zh_CN"
    path.write_text('{"language": "no such language!"}', encoding="utf-8")
    assert core_i18n.saved_setting(path) == "system"
    path.write_text("{not json", encoding="utf-8")
    assert core_i18n.saved_setting(path) == "system"
    assert path.read_text(encoding="utf-8") == "{not json"  # left for the app's own load


def test_durations_and_ages_in_english(english: ActiveLanguage) -> None:
    fmt = locale_format
    assert [fmt.format_duration(s) for s in (0.00085, 0.0123, 1.25, 187.2, 7500, 273600)] == [
        "850 µs",
        "12.3 ms",
        "1.25 s",
        "3 min 07 s",
        "2 h 05 min",
        "3 d 4 h",
    ]
    assert fmt.format_duration(-1.5) == "-1.50 s"
    assert [fmt.format_age(s) for s in (0.5, 12, 200, 7300, 200000)] == [
        "just now",
        "12 s ago",
        "3 min ago",
        "2 h ago",
        "2 d ago",
    ]


def test_a_duration_on_a_units_edge_reads_in_the_larger_unit(english: ActiveLanguage) -> None:
    # a difference of two timestamps a millisecond apart is 0.000999999...: not "1000 µs"
    edges = (1796494303.773 - 1796494303.772, 1.9999996 - 1.0, 59.999)
    assert [locale_format.format_duration(s) for s in edges] == ["1.0 ms", "1.00 s", "1 min 00 s"]


def test_durations_ages_and_numbers_in_chinese(chinese: ActiveLanguage) -> None:
    fmt = locale_format
    assert fmt.format_duration(187.2) == "3 分 07 秒"
    assert fmt.format_duration(0.0123) == "12.3 毫秒"
    assert fmt.format_age(200) == "3 分钟前"
    assert fmt.format_count(1234567) == "1,234,567"


def test_time_zones_are_offsets_never_abbreviations(english: ActiveLanguage) -> None:
    # "CST" is China Standard Time and US Central Standard Time
    shanghai = datetime(2024, 1, 15, 12, tzinfo=ZoneInfo("Asia/Shanghai"))
    chicago = datetime(2024, 1, 15, 12, tzinfo=ZoneInfo("America/Chicago"))
    assert shanghai.tzname() == chicago.tzname() == "CST"
    assert locale_format.format_utc_offset(shanghai) == "UTC+08:00"
    assert locale_format.format_utc_offset(chicago) == "UTC-06:00"
    kathmandu = datetime(2024, 1, 15, tzinfo=ZoneInfo("Asia/Kathmandu"))
    assert locale_format.format_utc_offset(kathmandu) == "UTC+05:45"
    ts = datetime(2024, 1, 15, 12, tzinfo=UTC).timestamp()
    assert TimeFormatter("America/Chicago").full(ts) == "2024-01-15 06:00:00.000 UTC-06:00"
    assert TimeFormatter("Asia/Shanghai").full(ts).endswith(" UTC+08:00")
    assert "CST" not in TimeFormatter("local").zone_label()
    assert TimeFormatter("local").zone_label().startswith("local (UTC")


def test_preferences_offer_a_restart_for_another_language(
    qtbot: QtBot, english: ActiveLanguage
) -> None:
    store = SettingsStore()
    store.load()
    dialog = SettingsDialog(store, SecretStore())
    qtbot.addWidget(dialog)
    assert not dialog.restart_button.isEnabled()  # "system" is English here: nothing to do
    assert dialog.language_note.text() == "Takes effect when Celery Desk starts again."
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    assert dialog.restart_button.isEnabled()
    with qtbot.waitSignal(dialog.restart_requested, timeout=1000):
        dialog.restart_button.click()
    assert SettingsStore().settings.language == "zh_CN"
    assert dialog.result() == SettingsDialog.DialogCode.Accepted


def test_a_restart_request_closes_the_window_the_normal_way(
    qtbot: QtBot, english: ActiveLanguage
) -> None:
    window, ctx = _window(qtbot)
    try:
        window.show()
        assert not window.restart_requested
        window._on_settings_restart_requested()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        assert window.restart_requested  # app.py starts again after its normal shutdown
    finally:
        _close(ctx)


def test_restart_runs_the_same_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "orig_argv", ["python3", "-P", "-m", "desktop", "--demo"])
    assert restart_argv() == [sys.executable, "-P", "-m", "desktop", "--demo"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "argv", ["/opt/celery-desk/celery-desk", "--page", "tasks"])
    assert restart_argv() == [sys.executable, "--page", "tasks"]


def test_restart_replaces_the_process_with_a_new_start(tmp_path: Path) -> None:
    code = (
        "import os, sys\n"
        "if os.environ.get('RESTARTED'):\n"
        "    print('started again', os.getpid(), sys.argv[1:]); sys.exit(0)\n"
        "print('first', os.getpid(), flush=True)\n"
        "os.environ['RESTARTED'] = '1'\n"
        "from desktop.ui.restart import restart\n"
        "restart()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--page", "tasks"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "CELERY_DESK_HOME": str(tmp_path)},
        timeout=60,
        check=True,
    )
    first, again = done.stdout.splitlines()
    assert first.startswith("first ") and again.startswith("started again ")
    assert first.split()[1] == again.split()[2]  # the same process, exec'd in place
    assert again.endswith("['--page', 'tasks']")


def test_a_missing_cjk_font_is_said_once_with_the_package(
    qtbot: QtBot, chinese: ActiveLanguage
) -> None:
    assert cjk_font_advice("en", "en", has_font=False) is None
    assert cjk_font_advice("zh_CN", "en", has_font=True) is None
    # English even in a Chinese UI: without a CJK font, Chinese would be drawn as boxes
    advice = cjk_font_advice("zh_CN", "zh_CN", has_font=False)
    assert advice is not None and advice.startswith("No font for Chinese text is installed")
    assert advice.isascii()
    distro = system_packages.family(system_packages.read_os_release())
    assert (system_packages.cjk_font_package(distro) or "Noto Sans CJK SC") in advice
    window, ctx = _window(qtbot)
    try:
        window.resize(1280, 800)
        window.show()
        bar = show_font_notice(window, advice)
        assert bar.isVisible()
        QApplication.processEvents()
        label = bar.findChild(QLabel)
        assert label is not None and label.isVisible()
        # on one line across the window, not stacked in a corner
        assert label.width() >= label.fontMetrics().horizontalAdvance(advice)
        assert label.height() < 2 * label.fontMetrics().lineSpacing()
        dismiss = bar.actions()[-1]
        assert dismiss.text() == "Dismiss"
        dismiss.trigger()
        assert not bar.isVisible()
    finally:
        _close(ctx)
