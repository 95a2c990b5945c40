"""Every page at the screenshot size, in English and in Chinese: no text cut off.

Chinese labels are shorter in characters and often wider in pixels; the checker
(tests/support/clipping.py) measures each label, button and toolbar against its own size
hint, so a translation that does not fit fails here, naming the widget. Qt warnings fail
any test (pyproject's qt_log_level_fail).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.screenshot import SHOT_SIZE
from tests.support.clipping import Exemption, clipped_texts

LONG = "Restart the worker and keep its queues"


def test_every_page_shows_its_texts_whole(qtbot: QtBot, language: str) -> None:
    ctx = AppContext.create()
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.resize(SHOT_SIZE)
        window.show()
        qtbot.waitExposed(window)
        assert window.size() == SHOT_SIZE, f"the window needs {window.minimumSizeHint()}"
        problems = {}
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            QApplication.processEvents()
            clipped = clipped_texts(window)
            if clipped:
                problems[window.nav.item(row).text()] = [str(c) for c in clipped]
        assert not problems, f"texts cut off in {language}: {problems}"
    finally:
        ctx.supervisor.kill_all_now()
        ctx.runner.shutdown()


# -- the checker itself: it finds what it is meant to, and only that -------------------------


def _form(qtbot: QtBot, *widgets: QWidget) -> QWidget:
    root = QWidget()
    column = QVBoxLayout(root)
    for widget in widgets:
        row = QHBoxLayout()
        row.addWidget(widget)
        row.addStretch(1)
        column.addLayout(row)
    qtbot.addWidget(root)
    root.resize(600, 400)
    root.show()
    qtbot.waitExposed(root)
    return root


def test_the_checker_passes_texts_that_fit(qtbot: QtBot) -> None:
    wrapped = QLabel(LONG * 3)
    wrapped.setWordWrap(True)
    root = _form(qtbot, QLabel(LONG), QPushButton(LONG), QCheckBox(LONG), wrapped)
    assert clipped_texts(root) == []


def test_the_checker_finds_narrow_labels_buttons_and_checkboxes(qtbot: QtBot) -> None:
    label, button, box = QLabel(LONG), QPushButton(LONG), QCheckBox(LONG)
    for widget in (label, button, box):
        widget.setFixedWidth(60)
    short = QLabel(LONG * 4)
    short.setWordWrap(True)
    short.setFixedSize(200, 20)
    root = _form(qtbot, label, button, box, short)
    found = clipped_texts(root)
    assert [c.where.split(" > ")[-1] for c in found] == [
        "QLabel",
        "QPushButton",
        "QCheckBox",
        "QLabel",
    ]
    assert all(c.size[0] < c.needed[0] or c.size[1] < c.needed[1] for c in found)


def test_the_checker_finds_toolbar_actions_that_overflowed(qtbot: QtBot) -> None:
    window = QMainWindow()
    bar = QToolBar()
    for n in range(12):
        bar.addAction(QAction(f"{LONG} {n}", window))
    window.addToolBar(bar)
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    window.resize(500, 300)
    window.show()
    qtbot.waitExposed(window)
    overflowed = [c.text for c in clipped_texts(window) if c.where.endswith("QToolBar")]
    assert overflowed and f"{LONG} 11" in overflowed and f"{LONG} 0" not in overflowed


def test_exempted_widgets_are_not_reported(qtbot: QtBot) -> None:
    path = QLabel("/home/someone/projects/a/very/long/path/to/the/schedule/file.json")
    path.setObjectName("schedule_path")
    path.setFixedWidth(80)
    root = _form(qtbot, path)
    assert len(clipped_texts(root)) == 1
    keep = Exemption("elides the middle of long paths itself", object_name="schedule_path")
    assert clipped_texts(root, [keep]) == []
