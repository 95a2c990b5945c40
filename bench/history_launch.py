"""Benchmark of the app's launch over a big journal: the window, the history, the memory.

Run: ``.venv/bin/python bench/history_launch.py --journal J``
where ``J`` is a journal (``bench/journal_queries.py --path J`` builds one of a million tasks).

It copies ``J`` (never touched itself) to where the app keeps the profile's journal, in an
app home of its own (``CELERY_DESK_HOME``), then launches the real app (``python -m
desktop``, offscreen) several times with ``CELERY_DESK_PROBE`` set (desktop/ui/startup_probe.py)
and reads what it says. Per launch, one JSON line:

- ``window_shown_s`` / ``window_painted_s``: from just before the process was started
  until the main window's first show and first paint;
- ``history_page_s``: until the Tasks view's history has its first page and the count;
- ``rss_mb_at_page``: the app's peak resident memory (its own VmHWM) when the first page is
  in; ``tree_rss_mb_at_page``: the resident memory of the app and its children then;
- after the steps (scrolling the history down page by page, searches), ``rss_mb_peak`` and
  ``tree_rss_mb_end``, and the time each step took (``steps``).

The app's own modules are compiled to bytecode first and the launches may write it (an
installed app ships it; ``PYTHONDONTWRITEBYTECODE`` would make every launch compile the
source again, about half a second here). ``cold`` launches first drop the journal's pages
from the page cache (posix_fadvise DONTNEED); the interpreter and Qt's libraries stay
cached, as on a machine where the app ran before. By default the app does not connect (the
demo's local broker is not started): the launch reads the journal only. ``--connect`` lets
it start the demo broker as a first launch does, which adds the journal writer and catch-up
processes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.paths import HOME_ENV
from desktop.core.profiles import DEMO_PROFILE_NAME

STEPS = "scroll:5;search:exception:bad;search:123456;search:;quit"
LAUNCH_TIMEOUT_S = 120.0


def place_journal(home: Path, journal: Path, profile: str, connect: bool) -> Path:
    """Copy ``journal`` (and its WAL) to the profile's place under ``home``."""
    os.environ[HOME_ENV] = str(home)
    from desktop.core.history.location import journal_path
    from desktop.core.settings import SettingsStore

    target = journal_path(profile)
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        source = Path(str(journal) + suffix)
        if source.exists():
            shutil.copyfile(source, Path(str(target) + suffix))
    SettingsStore().update(start_local_broker_if_unconfigured=connect)
    return target


def compile_app() -> None:
    root = Path(__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "compileall", "-q", "desktop", "celery_app"]
    subprocess.run(command, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)


def drop_from_cache(journal: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path = Path(str(journal) + suffix)
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def tree_rss_mb(process: psutil.Process) -> float:
    total = 0
    for each in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += each.memory_info().rss
    return total / 2**20


def launch(home: Path, profile: str, steps: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({HOME_ENV: str(home), "QT_QPA_PLATFORM": "offscreen"})
    env["CELERY_DESK_PROBE"] = steps
    argv = [sys.executable, "-m", "desktop"]
    if profile != DEMO_PROFILE_NAME:
        argv += ["--profile", profile]
    began = time.time()
    child = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1
    )
    process = psutil.Process(child.pid)
    found: dict[str, Any] = {}
    done: list[dict[str, Any]] = []
    last = began
    assert child.stdout is not None
    try:
        for line in child.stdout:
            if not line.startswith('{"probe"'):
                continue
            said = json.loads(line)
            event, at = said["probe"], said["t"]
            peak_mb = round(said["maxrss_kb"] / 1024, 1)
            if event in ("window-shown", "window-painted", "history-page"):
                found[event.replace("-", "_") + "_s"] = round(at - began, 3)
            if event == "history-page":
                found["rows"], found["total"] = said["rows"], said["total"]
                found["rss_mb_at_page"] = peak_mb
                found["tree_rss_mb_at_page"] = round(tree_rss_mb(process), 1)
            elif event in ("scroll", "search", "timeout"):
                step = {"step": event, "ms": round((at - last) * 1000, 1)}
                step.update({k: said[k] for k in ("rows", "total") if k in said})
                done.append(step)
            elif event == "quit":
                found["rss_mb_peak"] = peak_mb
                found["tree_rss_mb_end"] = round(tree_rss_mb(process), 1)
            last = at
        found["exit_code"] = child.wait(timeout=LAUNCH_TIMEOUT_S)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return {**found, "steps": done}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--journal", type=Path, required=True)
    parser.add_argument("--profile", default=DEMO_PROFILE_NAME)
    parser.add_argument("--cold", type=int, default=3, help="launches with the journal uncached")
    parser.add_argument("--warm", type=int, default=3, help="launches right after another")
    parser.add_argument("--steps", default=STEPS, help="what the probe does after the first page")
    parser.add_argument("--connect", action="store_true", help="start the demo broker too")
    args = parser.parse_args()
    compile_app()
    with tempfile.TemporaryDirectory(prefix="celery-desk-launch-") as tmp:
        home = Path(tmp) / "home"
        target = place_journal(home, args.journal, args.profile, args.connect)
        results: list[dict[str, Any]] = []
        for n, cache in enumerate(["cold"] * args.cold + ["warm"] * args.warm, 1):
            if cache == "cold":
                drop_from_cache(target)
            result = {"run": n, "cache": cache, **launch(home, args.profile, args.steps)}
            print(json.dumps(result), flush=True)
            results.append(result)
        for cache in ("cold", "warm"):
            runs = [r for r in results if r["cache"] == cache and "history_page_s" in r]
            if not runs:
                continue
            summary = {"summary": cache, "launches": len(runs)}
            for key in ("window_painted_s", "history_page_s", "rss_mb_at_page", "rss_mb_peak"):
                values = [r[key] for r in runs if key in r]
                if values:
                    summary[key + "_median"] = round(statistics.median(values), 3)
                    summary[key + "_max"] = max(values)
            print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
