"""The scheduler in a user's project on the oldest Celery and kombu it supports.

The Django fixture project runs in its own virtualenv built from requirements/project-min.txt
(celery and kombu at the bound of celery_app/pyproject.toml, on Python 3.10 where the machine
has it), with our package only on its ``PYTHONPATH`` through the app's path entry: its beat
sends from the file through ``-S FileScheduler`` and ``-S file``, each message in one Redis
transaction with its run state, plans a crontab in the file's timezone as the app's preview
(Celery 5.7) does, applies an edit and rejects a bad file as the app's validation would; and
the project helper reads the project there.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import redis

from celery_desk_beat.beat_state import BeatKeys, read_beat_status, read_run_states
from celery_desk_beat.schedule_file import ScheduleFileError, parse_schedule_text
from desktop.core.processes.presets import FILE_SCHEDULER
from desktop.core.processes.spec import ProcessKind, ProcessSpec, build_command
from desktop.core.project.config import ProjectConfig
from desktop.core.project.facts import read_project_facts
from desktop.core.project.path_entry import beat_path_entry, with_path_entry
from desktop.core.schedules.preview import next_run, preview_schedule
from tests.support.beat_procs import queued, wait_for_messages, wait_until, write_raw
from tests.support.beat_procs import write_schedule as save_schedule
from tests.support.celery_procs import REPO_ROOT, CeleryProcess
from tests.support.project_venv import MIN_LOCK, ProjectVenv, ensure_project_min_venv
from tests.support.projects import DJANGO_TASKS, write_django_project
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow

DUE_TIMES = REPO_ROOT / "tests" / "support" / "beat_due_times.py"
#: +05:45 all year: a crontab's hour field means something else in any other zone.
KATHMANDU = "Asia/Kathmandu"


@pytest.fixture(scope="module")
def min_venv() -> ProjectVenv:
    """The Django project's virtualenv on the oldest Celery supported; built once (~15 s)."""
    return ensure_project_min_venv()


def _pinned(name: str) -> str:
    found = re.search(rf"^{name}==([^ ;]+)", MIN_LOCK.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, f"{name} is not pinned in {MIN_LOCK.name}"
    return found.group(1)


def test_the_venv_holds_the_declared_minimum_of_celery_and_its_lowest_kombu(
    min_venv: ProjectVenv,
) -> None:
    project = tomllib.loads((REPO_ROOT / "celery_app" / "pyproject.toml").read_text())
    [requirement] = project["project"]["dependencies"]
    bound = requirement.partition(">=")[2]
    script = "import celery, kombu; print(celery.__version__, kombu.__version__)"
    done = subprocess.run(
        [str(min_venv.python), "-c", script], capture_output=True, text=True, check=True
    )
    celery_version, kombu_version = done.stdout.split()
    assert celery_version.removesuffix(".0") == bound.removesuffix(".0")
    assert (celery_version, kombu_version) == (_pinned("celery"), _pinned("kombu"))


def _case(name: str, schedule: dict[str, Any], zone: str, start: datetime) -> dict[str, Any]:
    return {"name": name, "schedule": schedule, "timezone": zone, "start": start.isoformat()}


def _cases() -> list[dict[str, Any]]:
    """Crontabs in zones with daylight saving from just before their changes, solar events
    where the old releases computed them wrongly (astronomical dusk) or not at all (the
    midnight sun), and one interval."""
    spring = datetime(2026, 3, 28, 23, 10, tzinfo=UTC)
    autumn = datetime(2026, 10, 24, 22, 40, tzinfo=UTC)
    crontabs = {
        "daily 09:00": {"minute": "0", "hour": "9"},
        "02:30, in the gap": {"minute": "30", "hour": "2"},
        "hourly": {"minute": "0"},
        "quarter hours on weekdays": {"minute": "*/15", "hour": "9-17", "day_of_week": "mon-fri"},
        "friday the 13th": {"minute": "0", "hour": "0", "day_of_month": "13", "day_of_week": "5"},
        "first of jan-mar, by name": {
            "minute": "0",
            "hour": "12",
            "day_of_month": "1",
            "month_of_year": "jan-mar",
        },
        "last minute of a 31st": {"minute": "59", "hour": "23", "day_of_month": "31"},
    }
    zones = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "America/Santiago", KATHMANDU]
    cases = [
        _case(f"{label} in {zone} from {start:%m-%d}", {"type": "crontab", **fields}, zone, start)
        for label, fields in crontabs.items()
        for zone in zones
        for start in (spring, autumn)
    ]
    midsummer = datetime(2026, 6, 10, tzinfo=UTC)
    for event in ("sunset", "dusk_astronomical", "dawn_astronomical"):
        for place, (lat, lon) in {"Shanghai": (31.23, 121.47), "Tromso": (69.65, 18.96)}.items():
            solar = {"type": "solar", "event": event, "lat": lat, "lon": lon}
            cases.append(_case(f"{event} at {place}", solar, "UTC", midsummer))
    cases.append(_case("every 90 s", {"type": "interval", "seconds": 90}, KATHMANDU, spring))
    return [{**case, "count": 5} for case in cases]


def test_the_beat_plans_every_run_as_the_apps_preview_does(
    min_venv: ProjectVenv, tmp_path: Path
) -> None:
    cases = _cases()
    script = tmp_path / DUE_TIMES.name  # alone in its directory: it imports nothing else
    script.write_bytes(DUE_TIMES.read_bytes())
    env = {**os.environ, "PYTHONPATH": with_path_entry(beat_path_entry(), None)}
    done = subprocess.run(
        [str(min_venv.python), str(script)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=True,
    )
    answer = json.loads(done.stdout)
    assert answer["celery"] == _pinned("celery")
    for case in cases:
        preview = preview_schedule(
            case["schedule"],
            case["timezone"],
            case["count"],
            start=datetime.fromisoformat(case["start"]),
        )
        assert preview.error is None, (case["name"], preview.error)
        planned = answer["due"][case["name"]]
        assert isinstance(planned, list), (case["name"], planned)
        apart = [
            abs(datetime.fromisoformat(due) - run.utc)
            for due, run in zip(planned, preview.runs, strict=True)
        ]
        # Celery pins ephem, and ephem's releases differ in solar times by a fraction of a
        # second; every other time is computed exactly alike.
        tolerance = timedelta(seconds=1 if case["schedule"]["type"] == "solar" else 0)
        assert max(apart) <= tolerance, (case["name"], planned, preview.runs)


@dataclass
class CommandLog:
    """Every command the Redis server runs, by client connection, read through MONITOR."""

    client: redis.Redis
    by_connection: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.monitor = self.client.monitor()  # type: ignore[no-untyped-call]
        self.monitor.__enter__()  # MONITOR is on once this returns
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            while True:
                command = self.monitor.next_command()
                where = f"{command['client_address']}:{command['client_port']}"
                self.by_connection.setdefault(where, []).append(command["command"])
        except (redis.ConnectionError, OSError, ValueError):
            return  # stopped

    def stop(self) -> None:
        self.monitor.connection.disconnect()
        self.thread.join(5)

    def message_transactions(self, queue: str) -> list[list[str]]:
        """The commands around each LPUSH on ``queue``: from the MULTI before it to the EXEC
        after it, or just the LPUSH when it was sent on its own."""
        found: list[list[str]] = []
        for commands in self.by_connection.values():
            for index, command in enumerate(commands):
                if not command.startswith(f"LPUSH {queue} "):
                    continue
                start = next(
                    (i for i in range(index, -1, -1) if commands[i] in ("MULTI", "EXEC")), index
                )
                end = next((i for i in range(index, len(commands)) if commands[i] == "EXEC"), index)
                inside = commands[start] == "MULTI"
                found.append(commands[start : end + 1] if inside else [command])
        return found


@pytest.fixture
def command_log(redis_server: RedisServer) -> Iterator[CommandLog]:
    log = CommandLog(redis_server.client())
    yield log
    log.stop()


def _beat(scheduler: str, root: Path, schedule: Path, venv: ProjectVenv, url: str) -> ProcessSpec:
    return ProcessSpec(
        name="proj beat",
        kind=ProcessKind.BEAT,
        app_module="proj",
        workdir=str(root),
        python=str(venv.root),
        use_connected_broker=True,
        scheduler=scheduler,
        schedule_path=str(schedule),
        env={"PROJ_RESULT_BACKEND": url},
    )


def _tick(*args: str) -> dict[str, Any]:
    return {
        "task": "shop.tasks.ping",
        "schedule": {"type": "interval", "seconds": 1},
        "args": list(args),
    }


@pytest.mark.parametrize("scheduler", [FILE_SCHEDULER, "file"])
def test_the_beat_sends_plans_reloads_and_rejects_as_on_celery_57(
    scheduler: str,
    tmp_path: Path,
    redis_server: RedisServer,
    min_venv: ProjectVenv,
    command_log: CommandLog,
) -> None:
    client = redis_server.client()
    root = write_django_project(tmp_path / "django")
    path = tmp_path / "schedule.json"
    # A crontab hours away in Kathmandu: only its due time can be checked, from the status.
    started = datetime.now(UTC)
    hour = (started.astimezone(ZoneInfo(KATHMANDU)).hour + 3) % 24
    report: dict[str, Any] = {
        "task": "shop.tasks.report",
        "schedule": {"type": "crontab", "minute": "45", "hour": str(hour)},
    }
    save_schedule(path, {"report": report}, timezone=KATHMANDU)
    command = build_command(
        _beat(scheduler, root, path, min_venv, redis_server.url), redis_server.url
    )
    env = {**os.environ, **command.env}
    with CeleryProcess(command.argv, tmp_path / "beat.log", env, cwd=root) as beat:
        status = wait_until(lambda: read_beat_status(client, path), 30, "beat's status", beat)
        expected = next_run(report["schedule"], KATHMANDU, start=started)
        assert expected is not None
        assert status["next_due"] == {"entry": "report", "at": expected.astimezone(UTC).isoformat()}

        save_schedule(path, {"report": report, "tick": _tick("first")}, timezone=KATHMANDU)
        wait_for_messages(client, 1, 20, beat, entry="tick", args=["first"])
        save_schedule(path, {"report": report, "tick": _tick("second")}, timezone=KATHMANDU)
        wait_for_messages(client, 1, 20, beat, entry="tick", args=["second"])

        # The 30th of February, with a month name the oldest Celery cannot parse.
        bad = {
            "task": "shop.tasks.report",
            "schedule": {
                "type": "crontab",
                "minute": "0",
                "day_of_month": "30",
                "month_of_year": "feb",
            },
        }
        bad_file = {
            "version": 1,
            "revision": 99,
            "timezone": KATHMANDU,
            "entries": {"tick": _tick("bad"), "leap": bad},
        }
        write_raw(path, bad_file)
        raw = path.read_bytes()
        with pytest.raises(ScheduleFileError) as by_the_app:
            parse_schedule_text(raw, source=str(path))
        rejected = wait_until(
            lambda: (read_beat_status(client, path) or {}).get("rejection"), 10, "a rejection", beat
        )
        assert rejected["message"] == by_the_app.value.error.one_line()
        before = len(queued(client))
        wait_until(lambda: len(queued(client)) > before + 1, 10, "the last good file running", beat)
        status = read_beat_status(client, path)
        assert status is not None and status["dispatch_mode"] == "atomic"
    log = beat.log_text()
    assert "Traceback" not in log and "tick failed" not in log

    messages = queued(client)
    assert {tuple(m.args) for m in messages} == {("first",), ("second",)}
    state = read_run_states(client, path)
    runs_key = BeatKeys.for_path(path).runs
    # Each message went out in one transaction with its entry's run state, which counts it.
    transactions = command_log.message_transactions("celery")
    assert len(transactions) == len(messages)
    for transaction in transactions:
        assert [c.split(" ", 2)[:2] for c in transaction] == [
            ["MULTI"],
            ["LPUSH", "celery"],
            ["HSET", runs_key],
            ["EXEC"],
        ]
    tick_id = next(iter({m.headers["celery_desk_entry_id"] for m in messages}))
    assert state[tick_id].total_run_count == len(messages)


def test_the_project_helper_reads_the_django_project(tmp_path: Path, min_venv: ProjectVenv) -> None:
    root = write_django_project(tmp_path / "django")
    project = ProjectConfig(app_module="proj", workdir=str(root), python=str(min_venv.root))
    facts = read_project_facts(project)
    assert facts.ok, (facts.error, facts.traceback, facts.stderr_tail)
    assert (facts.celery_version, facts.python_version) == (_pinned("celery"), min_venv.version)
    assert facts.timezone == "Asia/Shanghai" and facts.registered_tasks == DJANGO_TASKS
    converted = {entry.name: entry.spec for entry in facts.code_entries}
    assert len(converted) == 6 and all(spec is not None for spec in converted.values())
    office = converted["office hours report"]
    assert office is not None and office.schedule == {
        "type": "crontab",
        "minute": "*/15",
        "hour": "9-17",
        "day_of_week": "mon-fri",
        "day_of_month": "*",
        "month_of_year": "*",
    }
