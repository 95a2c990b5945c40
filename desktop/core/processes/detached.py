"""Processes the app let go when it quit ("left running"), and the files each run keeps.

Every run of a detachable process (a user project's worker or beat, the local broker) gets
a run directory under the data dir, shared by the app and the run's keeper
(:mod:`desktop.core.processes.keeper`):

``output.log`` (and ``output.log.1``)
    the target's output, size-capped; written by the keeper.
``run.json``
    the keeper's and the target's pid and create time; written by the keeper.
``detach``
    written by the app when the user chose to leave the process running. Its presence,
    not a message down a pipe, is what tells the keeper to carry on once the app is gone:
    a file written before the app exits cannot be lost with a killed relay.
``status.json``
    how the target ended; written by the keeper of a detached run only.

The registry (``detached-processes.json``) lists the runs left running, so that the next
start can adopt them. It names processes and files only: never a URL or a password.
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from desktop.core import paths
from desktop.core.json_file import read_json_object, write_json_atomic

log = logging.getLogger("celery_desk.processes")

RUNS_DIR_NAME = "runs"
REGISTRY_NAME = "detached-processes.json"
LOG_NAME = "output.log"
RUN_INFO_NAME = "run.json"
DETACH_MARK_NAME = "detach"
STATUS_NAME = "status.json"
REGISTRY_VERSION = 1
# What of a preset the registry keeps: enough to name and show the process, nothing that
# could hold a secret (no environment, no extra arguments).
SPEC_KEYS = ("name", "kind", "profile", "app_module", "workdir", "python", "broker_port")

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def runs_root() -> Path:
    return paths.data_dir() / RUNS_DIR_NAME


def new_run_dir(name: str) -> Path:
    """A fresh, empty run directory for a run of ``name``."""
    slug = _UNSAFE.sub("-", name.strip()).strip("-") or "process"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = runs_root() / f"{slug}-{stamp}-{secrets.token_hex(3)}"
    path.mkdir(parents=True)
    return path


def remove_run_dir(run_dir: Path) -> None:
    """Delete a run directory, but only one under the runs root (never a path from a file)."""
    try:
        inside = run_dir.resolve().parent == runs_root().resolve()
    except OSError:
        return
    if inside:
        shutil.rmtree(run_dir, ignore_errors=True)


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class RunInfo:
    """Who runs a target: the keeper and the target, each by pid and create time."""

    keeper_pid: int
    keeper_create_time: float
    target_pid: int
    target_create_time: float
    started_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "keeper_pid": self.keeper_pid,
            "keeper_create_time": self.keeper_create_time,
            "target_pid": self.target_pid,
            "target_create_time": self.target_create_time,
            "started_at": self.started_at,
        }

    @classmethod
    def from_json(cls, data: object) -> RunInfo | None:
        if not isinstance(data, dict):
            return None
        ints = [data.get("keeper_pid"), data.get("target_pid")]
        floats = [data.get("keeper_create_time"), data.get("target_create_time")]
        started = data.get("started_at")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in ints):
            return None
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in floats):
            return None
        if not isinstance(started, str):
            return None
        return cls(
            keeper_pid=int(data["keeper_pid"]),
            keeper_create_time=float(data["keeper_create_time"]),
            target_pid=int(data["target_pid"]),
            target_create_time=float(data["target_create_time"]),
            started_at=started,
        )


def write_run_info(run_dir: Path, info: RunInfo) -> None:
    write_json_atomic(run_dir / RUN_INFO_NAME, info.to_json())


def read_run_info(run_dir: Path) -> RunInfo | None:
    return RunInfo.from_json(read_json_object(run_dir / RUN_INFO_NAME).data)


@dataclass(frozen=True)
class RunStatus:
    """How a detached target ended: an exit code, or the signal that killed it."""

    exit_code: int | None
    signal: int | None
    ended_at: str


def write_status(run_dir: Path, returncode: int) -> None:
    """``returncode`` as subprocess gives it: negative for a signal."""
    data = {
        "exit_code": returncode if returncode >= 0 else None,
        "signal": -returncode if returncode < 0 else None,
        "ended_at": now_text(),
    }
    write_json_atomic(run_dir / STATUS_NAME, data)


def read_status(run_dir: Path) -> RunStatus | None:
    data = read_json_object(run_dir / STATUS_NAME).data
    if data is None:
        return None
    code, sig, ended = data.get("exit_code"), data.get("signal"), data.get("ended_at")
    if not (isinstance(code, int | None) and isinstance(sig, int | None)):
        return None
    return RunStatus(code, sig, ended if isinstance(ended, str) else "")


def mark_detached(run_dir: Path) -> None:
    (run_dir / DETACH_MARK_NAME).write_text(now_text() + "\n", encoding="utf-8")


def is_detached(run_dir: Path) -> bool:
    return (run_dir / DETACH_MARK_NAME).exists()


def live_process(pid: int, create_time: float) -> psutil.Process | None:
    """The process ``pid`` if it is still the one created at ``create_time`` and not a
    zombie; None once it is gone or the pid was reused."""
    try:
        process = psutil.Process(pid)
        if abs(process.create_time() - create_time) > 1.0:
            return None
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
    except psutil.Error:
        return None
    return process


@dataclass(frozen=True)
class DetachedRecord:
    """One run left running: which preset, where its files are, which processes."""

    name: str
    spec: dict[str, Any]
    run_dir: Path
    run: RunInfo
    uses_local_broker: bool
    detached_at: str

    @property
    def log_path(self) -> Path:
        return self.run_dir / LOG_NAME

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "spec": {key: self.spec[key] for key in SPEC_KEYS if key in self.spec},
            "run_dir": str(self.run_dir),
            "run": self.run.to_json(),
            "uses_local_broker": self.uses_local_broker,
            "detached_at": self.detached_at,
        }

    @classmethod
    def from_json(cls, data: object) -> DetachedRecord | None:
        if not isinstance(data, dict):
            return None
        name, spec, run_dir = data.get("name"), data.get("spec"), data.get("run_dir")
        run = RunInfo.from_json(data.get("run"))
        if not (isinstance(name, str) and isinstance(spec, dict) and isinstance(run_dir, str)):
            return None
        if run is None:
            return None
        detached_at = data.get("detached_at")
        return cls(
            name=name,
            spec={key: spec[key] for key in SPEC_KEYS if key in spec},
            run_dir=Path(run_dir),
            run=run,
            uses_local_broker=data.get("uses_local_broker") is True,
            detached_at=detached_at if isinstance(detached_at, str) else "",
        )


class DetachedRegistry:
    """The list of runs left running, in one JSON file the app alone writes."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.data_dir() / REGISTRY_NAME

    def load(self) -> list[DetachedRecord]:
        read = read_json_object(self.path)
        if read.problem:
            log.warning("%s", read.problem)
        entries = read.data.get("processes") if read.data else None
        if not isinstance(entries, list):
            return []
        records = []
        for entry in entries:
            record = DetachedRecord.from_json(entry)
            if record is None:
                log.warning("skipping a malformed entry of %s", self.path.name)
                continue
            records.append(record)
        return records

    def save(self, records: list[DetachedRecord]) -> None:
        if not records:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return
        write_json_atomic(
            self.path,
            {"version": REGISTRY_VERSION, "processes": [r.to_json() for r in records]},
        )

    def put(self, record: DetachedRecord) -> None:
        """Add ``record``, replacing any earlier one of the same name."""
        self.save([r for r in self.load() if r.name != record.name] + [record])

    def drop(self, name: str, run_dir: Path | None = None) -> None:
        """Forget ``name`` (only its record for ``run_dir`` when given)."""
        kept = [
            r
            for r in self.load()
            if r.name != name or (run_dir is not None and r.run_dir != run_dir)
        ]
        self.save(kept)
