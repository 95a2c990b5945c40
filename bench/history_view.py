"""Benchmark of the Tasks view's history mode over a big journal, as the user meets it.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/history_view.py --path J``
where ``J`` is a journal (``bench/journal_queries.py --path J`` builds one of a million tasks).

For each view of bench/journal_queries.py (sorts, filters, searches) it asks the
:class:`~desktop.ui.monitor.history_model.HistoryTaskModel` for it, the way a click or a
typed search does, and times:

- ``answer_ms``: from the request until the table holds the first page and the count (the
  query runs on the journal thread; this is what the user waits for);
- ``gui_ms``: the GUI thread's own share (the request, and swapping the page into the
  model, reset included): what could make the window stutter.

``--repeat`` times each on a warm page cache; p50 and p95 per view, one JSON line each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from desktop.core.events.query import parse_query
from desktop.core.events.task_filter import TaskFilter
from desktop.core.history import JournalQuery, SortKey
from desktop.ui.monitor.history_model import HistoryTaskModel
from desktop.ui.monitor.journal_service import JournalService

#: The task names bench/journal_queries.py writes.
NAMES = [f"proj.tasks.job{i}" for i in range(10)]


def view(text: str = "", sort: SortKey = SortKey.SEEN, **filters: Any) -> JournalQuery:
    return JournalQuery(TaskFilter(query=parse_query(text), **filters), sort)


def views() -> dict[str, JournalQuery]:
    now = time.time()
    return {
        "newest first": view(),
        "sort by name": view(sort=SortKey.NAME),
        "sort by runtime": view(sort=SortKey.RUNTIME),
        "state: failed only": view(states=frozenset({"FAILURE"})),
        "one task name": view(name=NAMES[3]),
        "last hour": view(since=now - 3600, until=now),
        "search exception:bad": view("exception:bad"),
        "search NOT state:success": view("NOT state:success"),
        "search word 123456": view("123456"),
        "search args:(654321,": view('args:"(654321,"'),
    }


def measure(app: QApplication, model: HistoryTaskModel, query: JournalQuery) -> tuple[float, float]:
    gui = 0.0
    began = time.perf_counter()
    model.set_query(query)
    gui += time.perf_counter() - began
    swapped: list[float] = []
    model.modelAboutToBeReset.connect(lambda: swapped.append(time.perf_counter()))
    while not swapped:
        app.processEvents()
        time.sleep(0.0005)
    done = time.perf_counter()
    model.modelAboutToBeReset.disconnect()
    # the swap: from the reset's start until the event loop is back (roughly: the slot)
    gui += done - swapped[0]
    return (done - began) * 1000, gui * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--path", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    app = QApplication([])
    service = JournalService(lambda: args.path)
    model = HistoryTaskModel(service)
    for label, query in views().items():
        measure(app, model, JournalQuery())  # another view first: each request is a change
        measure(app, model, query)  # warm
        answers, guis = [], []
        for _ in range(args.repeat):
            measure(app, model, JournalQuery(sort=SortKey.UUID))
            answer, gui = measure(app, model, query)
            answers.append(answer)
            guis.append(gui)
        print(json.dumps({
            "view": label, "matches": model.total, "rows_loaded": model.rowCount(),
            "answer_ms_p50": round(statistics.median(answers), 1),
            "answer_ms_p95": round(sorted(answers)[int(0.95 * (len(answers) - 1))], 1),
            "gui_ms_max": round(max(guis), 1),
        }))  # fmt: skip
    service.stop()
    service.wait_stopped()


if __name__ == "__main__":
    main()
