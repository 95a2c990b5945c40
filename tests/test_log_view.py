"""The live log widget offscreen: batching, level colours, search, follow-tail, clear, copy."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QTextCursor
from pytestqt.qtbot import QtBot

from desktop.core.processes.logs import LogBuffer, LogLevel, Stream
from desktop.ui.processes.log_view import LEVEL_COLOURS, LogView


def make_view(qtbot: QtBot, max_lines: int = 1000) -> LogView:
    view = LogView(max_lines)
    qtbot.addWidget(view)
    view.resize(600, 200)
    view.show()
    return view


def buffer_with(text: str) -> LogBuffer:
    buffer = LogBuffer(1000)
    buffer.append_text(text, Stream.STDOUT)
    return buffer


def colour_of_line(view: LogView, number: int) -> str:
    block = view._text.document().findBlockByNumber(number)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.Right)
    return str(cursor.charFormat().foreground().color().name())


def test_lines_are_batched_then_coloured_by_level(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    lines = buffer_with(
        "[2024-05-01 12:00:00,123: INFO/MainProcess] ok\n"
        "[2024-05-01 12:00:00,123: ERROR/MainProcess] bad\n"
        "[2024-05-01 12:00:00,123: WARNING/MainProcess] hmm\n"
        "[2024-05-01 12:00:00,123: DEBUG/MainProcess] detail\n"
    ).lines()
    view.append_lines(lines)
    assert view.plain_text() == ""  # nothing written per line: a timer flushes the batch
    qtbot.waitUntil(lambda: view.plain_text().count("\n") == 3, timeout=2000)
    assert colour_of_line(view, 1) == LEVEL_COLOURS[LogLevel.ERROR].name()
    assert colour_of_line(view, 2) == LEVEL_COLOURS[LogLevel.WARNING].name()
    assert colour_of_line(view, 3) == LEVEL_COLOURS[LogLevel.DEBUG].name()
    assert colour_of_line(view, 0) not in {c.name() for c in LEVEL_COLOURS.values()}


def test_document_is_capped(qtbot: QtBot) -> None:
    view = make_view(qtbot, max_lines=5)
    view.append_lines(buffer_with("".join(f"n{i}\n" for i in range(20))).lines())
    view.flush()
    assert view.plain_text().split("\n") == ["n15", "n16", "n17", "n18", "n19"]


def test_search_highlights_and_wraps(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.set_lines(buffer_with("alpha\nbeta\nALPHA two\ngamma\n").lines())
    view.set_search_text("alpha")
    assert view.match_count() == 2
    assert view.find_next()
    first = view._text.textCursor().blockNumber()
    assert view.find_next()
    second = view._text.textCursor().blockNumber()
    assert view.find_next()  # wraps around to the first again
    assert (first, second, view._text.textCursor().blockNumber()) == (0, 2, 0)
    assert view.find_previous()  # wraps backwards to the last
    assert view._text.textCursor().blockNumber() == 2
    assert not view.follow_tail  # jumping to a match stops following
    view.set_search_text("zzz")
    assert view.match_count() == 0
    assert not view.find_next()


def test_follow_tail_scrolls_to_new_lines(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    bar = view._text.verticalScrollBar()
    view.append_lines(buffer_with("".join(f"line {i}\n" for i in range(200))).lines())
    view.flush()
    assert bar.maximum() > 0
    assert bar.value() == bar.maximum()
    view.set_follow_tail(False)
    bar.setValue(0)
    view.append_lines(buffer_with("more\n").lines())
    view.flush()
    assert bar.value() == 0
    view.set_follow_tail(True)
    assert bar.value() == bar.maximum()


def test_clear_and_copy(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.set_lines(buffer_with("one\ntwo\n").lines())
    view._copy.click()
    assert QGuiApplication.clipboard().text() == "one\ntwo"
    with qtbot.waitSignal(view.cleared, timeout=1000):
        view._clear.click()
    assert view.plain_text() == ""
