"""Test helpers for real child processes: scripts to run, and a check that none survive."""

from __future__ import annotations

import sys
import textwrap

import psutil

from desktop.core.processes.spec import Command


def python_command(script: str, **env: str) -> Command:
    """Run ``script`` (dedented) with this interpreter, unbuffered."""
    return Command(
        program=sys.executable,
        args=("-u", "-c", textwrap.dedent(script)),
        env={"PYTHONUNBUFFERED": "1", **env},
    )


# A child that says it is ready and then waits; default SIGTERM handling.
SLEEPER = """
    import time
    print("ready", flush=True)
    time.sleep(60)
"""


class ChildTracker:
    """Remembers every pid (and its descendants) seen, to prove none is left running.

    psutil.Process keeps the creation time, so a recycled pid is not mistaken for ours.
    """

    def __init__(self) -> None:
        self._seen: dict[int, psutil.Process] = {}

    def track(self, pid: int | None, with_descendants: bool = True) -> None:
        if not pid:
            return
        try:
            process = psutil.Process(pid)
            self._seen.setdefault(pid, process)
            if with_descendants:
                for child in process.children(recursive=True):
                    self._seen.setdefault(child.pid, child)
        except psutil.NoSuchProcess:
            pass

    def alive(self) -> list[psutil.Process]:
        survivors = []
        for process in self._seen.values():
            try:
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    survivors.append(process)
            except psutil.NoSuchProcess:
                continue
        return survivors

    def kill_survivors(self) -> list[str]:
        """Kill whatever is still alive; returns their descriptions for the failure message."""
        described = []
        for process in self.alive():
            try:
                described.append(f"{process.pid} {process.cmdline()}")
                process.kill()
                process.wait(5)
            except psutil.Error:
                continue
        return described
