"""Benchmark: what opening a big journal for writing costs, after a clean close and after a kill.

Run: ``.venv/bin/python bench/journal_open.py --journal /tmp/prune_1m.sqlite3`` (a journal
bench/journal_prune.py built; it is copied, never written to). Issue #13: every start of
``celery-desk journal`` ran ``PRAGMA quick_check``, half a second on a million tasks; it now
runs only when the last writer did not close the file.

Cases, each ``--runs`` times on the copy, warm (the copy is in the page cache):

``clean``
    :class:`~desktop.core.history.writer.JournalWriter` opened right after a clean close.
``unclean``
    opened after a writer that was abandoned without closing (its connection closed under
    it, as a killed process leaves the file: marked open).
``process``
    a whole ``celery-desk journal`` process after a clean close: started, given its
    configuration, its stdin closed, until it exits (Python's imports included).

Prints one JSON line per case: seconds (min, median, max) and whether opening checked.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.history.feed import journal_config  # noqa: E402
from desktop.core.history.writer import JournalWriter  # noqa: E402


def timed_open(path: Path) -> tuple[float, JournalWriter]:
    started = time.perf_counter()
    writer = JournalWriter(path)
    return time.perf_counter() - started, writer


def clean(path: Path, runs: int) -> tuple[list[float], list[object]]:
    JournalWriter(path).close()  # a file from before the flag gets its one check here
    seconds, checked = [], []
    for _ in range(runs):
        took, writer = timed_open(path)
        seconds.append(took)
        checked.append(getattr(writer, "checked_on_open", "unknown"))
        writer.close()
    return seconds, checked


def unclean(path: Path, runs: int) -> tuple[list[float], list[object]]:
    seconds, checked = [], []
    for _ in range(runs):
        JournalWriter(path).conn.close()  # abandoned: never closed the writer's way
        took, writer = timed_open(path)
        seconds.append(took)
        checked.append(getattr(writer, "checked_on_open", "unknown"))
        writer.close()
    return seconds, checked


def process(path: Path, runs: int) -> tuple[list[float], list[object]]:
    JournalWriter(path).close()
    line = json.dumps(journal_config(str(path))).encode() + b"\n"
    seconds: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "desktop", "journal"],
            input=line,
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        seconds.append(time.perf_counter() - started)
        del proc
    return seconds, []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journal", type=Path, default=Path("/tmp/prune_1m.sqlite3"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.sqlite3"
        shutil.copyfile(args.journal, path)
        for name, case in (("clean", clean), ("unclean", unclean), ("process", process)):
            seconds, checked = case(path, args.runs)
            print(
                json.dumps(
                    {
                        "case": name,
                        "runs": len(seconds),
                        "min_s": round(min(seconds), 3),
                        "median_s": round(statistics.median(seconds), 3),
                        "max_s": round(max(seconds), 3),
                        "checked": checked,
                        "code": str(ROOT),
                    }
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
