"""The preset dialog keeps still while it validates (issue #12): problems appear in a box of
fixed height under the form, so no row moves under the user's typing, in English and Chinese;
and the pool choice maps its translated "default" to no pool."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.ui.processes.preset_editor import PROBLEM_LINES, PresetEditor
from tests.support.clipping import clipped_texts


def open_editor(qtbot: QtBot, spec: ProcessSpec | None = None) -> PresetEditor:
    editor = PresetEditor(spec, ["Demo worker"])
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def places(editor: PresetEditor) -> dict[str, int]:
    """Where each visible field and the buttons sit (y in the dialog), and its height."""
    QApplication.processEvents()
    fields: dict[str, QWidget] = {
        "name": editor.name,
        "kind": editor.kind,
        "workdir": editor.workdir,
        "app_module": editor.app_module,
        "queues": editor.queues,
        "env": editor.env,
        "auto_restart": editor.auto_restart,
        "problems": editor.problems_box,
        "buttons": editor.buttons,
    }
    found = {k: w.mapTo(editor, QPoint(0, 0)).y() for k, w in fields.items() if w.isVisible()}
    found["dialog height"] = editor.height()
    return found


def test_rows_stay_put_while_problems_come_and_go(qtbot: QtBot, language: str) -> None:
    editor = open_editor(qtbot)
    editor.user_project.setChecked(True)
    editor.name.setText("Project worker")
    editor.workdir.setText("/nonexistent/project")
    editor.env.setPlainText("not a pair\nDATABASE_PASSWORD=x")
    assert len(editor.problems()) >= PROBLEM_LINES  # the box is full (it scrolls beyond)
    with_problems = places(editor)

    editor.workdir.setText(str(Path.cwd()))
    editor.app_module.setText("proj")
    editor.env.setPlainText("DJANGO_SETTINGS_MODULE=proj.settings")
    assert editor.problems() == []
    assert places(editor) == with_problems  # nothing moved when they all went

    editor.name.setText("Demo worker")  # one problem again: still nothing moves
    assert len(editor.problems()) == 1
    assert places(editor) == with_problems
    assert not editor.buttons.button(editor.buttons.StandardButton.Ok).isEnabled()


def test_the_problem_box_shows_its_lines_whole(qtbot: QtBot, language: str) -> None:
    editor = open_editor(qtbot)
    editor.user_project.setChecked(True)
    editor.workdir.setText("/nonexistent/project")
    editor.env.setPlainText("DATABASE_PASSWORD=x")
    shown = editor.problems()[:PROBLEM_LINES]
    assert len(shown) == PROBLEM_LINES
    label = editor.problems_label
    label.setText("\n".join(f"• {p}" for p in shown))
    QApplication.processEvents()
    needed = label.heightForWidth(editor.problems_box.viewport().width())
    assert editor.problems_box.viewport().height() >= needed


def test_no_text_is_cut_off(qtbot: QtBot, language: str) -> None:
    editor = open_editor(qtbot)
    for kind in ProcessKind:
        editor.kind.setCurrentIndex(editor.kind.findData(kind))
        for project in (False, True):
            editor.user_project.setChecked(project)
            editor.demo_app.setChecked(not project)
            QApplication.processEvents()
            assert clipped_texts(editor) == [], (kind, project)


def test_hidden_rows_leave_the_others_in_place(qtbot: QtBot) -> None:
    editor = open_editor(qtbot)
    editor.user_project.setChecked(True)
    before = places(editor)
    editor.kind.setCurrentIndex(editor.kind.findData(ProcessKind.BEAT))  # queues row hides
    after = places(editor)
    assert "queues" not in after
    for key in ("name", "kind", "workdir", "app_module", "problems", "buttons"):
        assert after[key] == before[key], key


def test_the_pool_default_is_no_pool_in_any_language(qtbot: QtBot, language: str) -> None:
    editor = open_editor(qtbot, ProcessSpec(name="w", pool="solo"))
    assert editor.pool.currentText() == "solo" and editor.spec().pool == "solo"
    editor.pool.setCurrentIndex(0)
    assert editor.spec().pool is None
    assert editor.pool.currentText() == ("默认" if language == "zh_CN" else "default")
    odd = open_editor(qtbot, ProcessSpec(name="odd", pool="mystery"))
    assert odd.spec().pool == "mystery"  # kept as it was, and said to be wrong
    assert any("mystery" in problem for problem in odd.problems())
