"""The Schedules page in the main window at the screenshot size, in English and Chinese:
Apply and Revert in view without scrolling, nothing cut off in any schedule form (errors
shown too), and the page, its descriptions and the scheduler's messages in Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.schedules.presets import PresetKind
from desktop.core.schedules.sample import ensure_sample_schedule
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.schedules.crontab_form import CrontabForm
from desktop.ui.schedules.entry_model import Column
from desktop.ui.schedules.schedules_page import SchedulesPage
from desktop.ui.screenshot import SHOT_SIZE
from tests.support.clipping import clipped_texts
from tests.support.schedule_pages import select


@pytest.fixture
def window(qtbot: QtBot, language: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    # The tests leave edits unsaved: closing the window would ask about them and wait.
    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: discard)
    ctx = AppContext.create()
    try:
        main = MainWindow(ctx)
        qtbot.addWidget(main)
        main.resize(SHOT_SIZE)
        main.show()
        qtbot.waitExposed(main)
        main.show_page("schedules")
        ensure_sample_schedule(main.schedules_page.path)
        main.schedules_page.reload()
        yield main
    finally:
        ctx.supervisor.kill_all_now()
        ctx.runner.shutdown()


def _in_view(widget: QWidget, window: MainWindow) -> bool:
    """Shown whole inside the window, not scrolled away."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    inside = top_left.y() >= 0 and top_left.y() + widget.height() <= window.height()
    return inside and widget.visibleRegion().boundingRect().size() == widget.size()


def _settle(qtbot: QtBot) -> None:
    qtbot.wait(30)


def test_apply_and_revert_stay_in_view_and_nothing_is_cut_off(
    qtbot: QtBot, window: MainWindow, language: str
) -> None:
    page = window.schedules_page
    editor = page.editor
    problems: dict[str, list[str]] = {}
    for name in page.document.names():
        select(page, name)
        for kind, form in editor.forms.items():
            editor.tabs.setCurrentWidget(form)
            _settle(qtbot)
            where = f"{name}/{kind}"
            for button in (editor.apply_button, editor.revert_button):
                if not _in_view(button, window):
                    problems.setdefault(where, []).append(f"{button.objectName()} scrolled away")
            problems.setdefault(where, []).extend(str(c) for c in clipped_texts(window))
    select(page, "weekday-morning")  # every error of the crontab form at once
    editor.revert()  # the loop left the last kind's tab showing
    form = editor.current_form()
    assert isinstance(form, CrontabForm)
    for field, junk in (("minute", "x" * 60), ("day_of_week", "7"), ("month_of_year", "L")):
        form.fields[field].setText(junk)
    editor.args.setText("[2,")
    editor.refresh_now()
    _settle(qtbot)
    problems["errors"] = [str(c) for c in clipped_texts(window)]
    if not _in_view(editor.apply_button, window):
        problems["errors"].append("Apply scrolled away")
    problems = {where: found for where, found in problems.items() if found}
    assert not problems, f"in {language}: {problems}"
    assert editor.body.width() <= editor.form_scroll.viewport().width()  # no edge cut off


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_the_page_and_the_schedulers_messages_in_chinese(
    qtbot: QtBot, window: MainWindow, language: str
) -> None:
    page: SchedulesPage = window.schedules_page
    actions = page.toolbar_actions
    assert [actions.new.text(), actions.save.text(), actions.undo.text()] == [
        "新建",
        "保存",
        "撤销",
    ]
    assert page.model.headerData(Column.NEXT, Qt.Orientation.Horizontal) == "下次运行"
    row = page.model.row_of("weekday-morning")
    assert page.model.data(page.model.index(row, Column.SCHEDULE)) == "每周一至周五 09:30"
    select(page, "weekday-morning")
    editor = page.editor
    form = editor.current_form()
    assert isinstance(form, CrontabForm)
    assert form.preset_buttons[PresetKind.WEEKDAYS].text() == "工作日"
    assert (
        editor.apply_button.text() == "应用"
        and editor.heading.plain() == "定时任务“weekday-morning”"
    )
    preview = editor.preview
    assert preview.words.plain().startswith("每周一至周五 09:30")
    assert "At 09:30 on Monday through Friday" in preview.words.toolTip()  # the other language
    assert preview.title.plain().startswith("接下来 10 次运行")
    assert preview.run_lines()[0].startswith("周")  # the weekday as the locale names it

    form.fields["day_of_week"].setText("7")  # the scheduler's own check, in Chinese
    editor.refresh_now()
    assert "在 Celery 中 7 不是星期几" in editor.field_error("schedule.day_of_week")
    assert preview.title.plain().startswith("无法预览：day_of_week")
    editor.args.setText("[2,")
    editor.refresh_now()
    assert editor.field_error("args").startswith("不是有效的 JSON")
    assert page.beat_status.verdict_text() == "未连接消息代理：连接后显示 beat 状态"
