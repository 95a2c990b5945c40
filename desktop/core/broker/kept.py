"""The "kept" local broker: one left running after the app quit, found again on next start.

``celery-desk broker --keep`` writes ``kept-broker.json`` ({pid, port, started_at,
create_time}) in the data dir once the server answers, and removes it on a clean exit. A
record is trusted only while its pid is alive (the same process: its start time matches)
AND the port answers PING; anything else is stale and deleted.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from desktop.core import paths
from desktop.core.json_file import read_json_object, write_json_atomic
from desktop.core.net import LOOPBACK

log = logging.getLogger("celery_desk.local_broker")

RECORD_NAME = "kept-broker.json"


@dataclass(frozen=True)
class KeptBroker:
    """A broker process left running on purpose (the ``celery-desk broker`` process)."""

    pid: int
    port: int
    started_at: str
    create_time: float
    data_dir: Path

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"


def record_path(data_dir: Path | None = None) -> Path:
    return (data_dir if data_dir is not None else paths.data_dir() / "broker") / RECORD_NAME


def write_kept_record(port: int, data_dir: Path, pid: int | None = None) -> KeptBroker:
    pid = pid if pid is not None else os.getpid()
    record = KeptBroker(
        pid=pid,
        port=port,
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        create_time=psutil.Process(pid).create_time(),
        data_dir=data_dir,
    )
    write_json_atomic(
        record_path(data_dir),
        {
            "pid": record.pid,
            "port": record.port,
            "started_at": record.started_at,
            "create_time": record.create_time,
        },
    )
    return record


def read_kept_record(data_dir: Path | None = None) -> KeptBroker | None:
    """The record as written, unchecked; a malformed one is deleted."""
    path = record_path(data_dir)
    data = read_json_object(path).data
    if data is None:
        return None
    pid, port = data.get("pid"), data.get("port")
    started, created = data.get("started_at"), data.get("create_time")
    if not (
        isinstance(pid, int)
        and isinstance(port, int)
        and isinstance(started, str)
        and isinstance(created, int | float)
    ):
        _delete(path)
        return None
    return KeptBroker(pid, port, started, float(created), path.parent)


def remove_kept_record(data_dir: Path | None = None, pid: int | None = None) -> None:
    """Delete the record if it is ``pid``'s (default: this process): never another's."""
    record = read_kept_record(data_dir)
    owner = pid if pid is not None else os.getpid()
    if record is not None and record.pid == owner:
        _delete(record_path(data_dir))


def find_kept_broker(data_dir: Path | None = None, timeout: float = 1.0) -> KeptBroker | None:
    """The kept broker if it is really there (alive and answering); stale records go."""
    record = read_kept_record(data_dir)
    if record is None:
        return None
    if _process_of(record) is not None and _answers_ping(record.port, timeout):
        return record
    log.info("Removing the stale kept-broker record (pid %d, port %d)", record.pid, record.port)
    _delete(record_path(record.data_dir))
    return None


def stop_kept_broker(record: KeptBroker, grace: float = 10.0) -> bool:
    """SIGTERM the kept broker (it shuts redis down cleanly), SIGKILL after ``grace`` s.

    Returns True when it is gone (or already was).
    """
    process = _process_of(record)
    if process is not None:
        try:
            process.terminate()
            try:
                process.wait(timeout=grace)
            except psutil.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        except psutil.NoSuchProcess:
            pass
        except psutil.Error as exc:
            log.warning("Cannot stop the kept broker (pid %d): %s", record.pid, exc)
            return False
    path = record_path(record.data_dir)
    current = read_kept_record(record.data_dir)
    if current is not None and current.pid == record.pid:
        _delete(path)
    return True


def _process_of(record: KeptBroker) -> psutil.Process | None:
    """The live process of ``record``, unless the pid now belongs to someone else."""
    try:
        process = psutil.Process(record.pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
        if abs(process.create_time() - record.create_time) > 1.0:
            return None  # the pid was reused
    except psutil.Error:
        return None
    return process


def _answers_ping(port: int, timeout: float) -> bool:
    client = redis.Redis(
        host=LOOPBACK,
        port=port,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 0),  # a refused port is the answer, not a reason to retry
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def _delete(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
