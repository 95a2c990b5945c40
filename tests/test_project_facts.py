"""Reading a user's project: the helper in the project's own interpreter and directory.

The Django project runs in its own virtualenv on another Python (3.11 here); the small
projects run with the app's own interpreter (a profile whose ``python`` is empty).
"""

from __future__ import annotations

import os
import stat
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import psutil
from celery import Celery
from celery.schedules import crontab

from celery_desk_beat.code_schedules import code_schedule, json_problem
from celery_desk_beat.project_info import redact_url
from desktop.core.project.config import DEMO_PROJECT, ProjectConfig
from desktop.core.project.facts import facts_from_data, read_project_facts
from desktop.core.schedules.code_import import code_entries_from_data
from tests.support.project_venv import ProjectVenv
from tests.support.projects import (
    DJANGO_TASKS,
    write_decimal_project,
    write_django_project,
    write_failing_project,
)

BROKER_WITH_PASSWORD = "redis://desk:broker-pw@127.0.0.1:9/0"


def test_django_project_facts_come_from_its_own_venv(
    tmp_path: Path, project_venv: ProjectVenv
) -> None:
    root = write_django_project(tmp_path / "django")
    project = ProjectConfig(
        app_module="proj",
        workdir=str(root),
        python=str(project_venv.root),
        env={"CELERY_BROKER_URL": BROKER_WITH_PASSWORD},
    )
    facts = read_project_facts(project)
    assert facts.ok, (facts.error, facts.traceback, facts.stderr_tail)
    assert facts.python_version == project_venv.version
    assert facts.python_executable == str(project_venv.python)
    assert facts.main == "proj" and facts.timezone == "Asia/Shanghai" and facts.enable_utc
    assert facts.registered_tasks == DJANGO_TASKS
    assert facts.broker_url == "redis://desk:***@127.0.0.1:9/0"
    assert facts.result_backend == "redis://:***@127.0.0.1:9/1"
    assert facts.events.task_track_started and not facts.events.worker_send_task_events
    assert facts.beat_scheduler == "celery.beat:PersistentScheduler"

    entries = {entry.name: entry for entry in facts.code_entries}
    assert list(entries) == [
        "cleanup every 30 s",
        "long sync",
        "monday report",
        "lights at sunset",
        "ping",
        "office hours report",
    ]
    specs = {name: entry.spec for name, entry in entries.items()}
    assert all(spec is not None for spec in specs.values()), entries
    cleanup, sync, monday = specs["cleanup every 30 s"], specs["long sync"], specs["monday report"]
    sunset, ping, office = specs["lights at sunset"], specs["ping"], specs["office hours report"]
    assert cleanup and sync and monday and sunset and ping and office
    assert (cleanup.task, cleanup.schedule, cleanup.args) == (
        "shop.tasks.cleanup", {"type": "interval", "seconds": 30}, [16, "old"]
    )  # fmt: skip
    assert sync.schedule == {"type": "interval", "seconds": 4540} and sync.kwargs == {"full": True}
    assert monday.schedule == {
        "type": "crontab",
        "minute": "30",
        "hour": "7",
        "day_of_week": "1",
        "day_of_month": "*",
        "month_of_year": "*",
    }
    assert monday.options == {"queue": "reports", "expires": 600}
    assert sunset.schedule == {"type": "solar", "event": "sunset", "lat": 31.23, "lon": 121.47}
    assert entries["lights at sunset"].problem == (
        "options left out (the file does not support them): soft_time_limit"
    )
    assert (ping.task, ping.schedule, ping.args) == (
        "shop.tasks.ping", {"type": "interval", "seconds": 45}, ["code"]
    )  # fmt: skip
    assert (office.schedule["minute"], office.schedule["hour"]) == ("*/15", "9-17")
    assert office.schedule["day_of_week"] == "mon-fri" and office.kwargs == {"kind": "office"}
    assert all(spec.description.startswith("copied") for spec in (cleanup, ping, office))


def test_an_argument_json_cannot_hold_is_flagged_not_converted(tmp_path: Path) -> None:
    root = write_decimal_project(tmp_path / "money")
    facts = read_project_facts(ProjectConfig(app_module="money", workdir=str(root)))
    assert facts.ok, (facts.error, facts.traceback)
    charge, audit = facts.code_entries
    assert charge.name == "charge" and charge.spec is None
    assert charge.problem == (
        "args[0] is Decimal('1.50') (decimal.Decimal), which JSON cannot hold as it is"
    )
    assert audit.spec is not None and audit.spec.args == [1, [2, 3]]
    assert facts.registered_tasks == ("money.charge",)
    assert facts.timezone is None  # the project sets none


def test_a_project_that_fails_to_import_gives_its_traceback(tmp_path: Path) -> None:
    root = write_failing_project(tmp_path / "broken")
    facts = read_project_facts(ProjectConfig(app_module="broken", workdir=str(root)))
    assert not facts.ok
    assert facts.error == "loading -A broken: RuntimeError: boom: DATABASE_URL is not set"
    assert 'broken.py", line 10, in load_settings' in facts.traceback
    assert f"Working directory: {root}" in facts.hint
    assert "broken: loading settings" in facts.stderr_tail
    assert facts.code_entries == () and facts.registered_tasks == ()


def test_a_module_missing_from_the_directory_says_where_it_looked(tmp_path: Path) -> None:
    facts = read_project_facts(ProjectConfig(app_module="proj", workdir=str(tmp_path)))
    assert facts.error == "loading -A proj: ModuleNotFoundError: No module named 'proj'"
    assert "the working directory must be the project's root" in facts.hint
    assert str(tmp_path) in facts.hint


def test_the_demo_is_read_the_same_way() -> None:
    facts = read_project_facts(DEMO_PROJECT)
    assert facts.ok, facts.error
    assert {entry.name for entry in facts.code_entries} == {
        "add-every-30-seconds",
        "say hello every 10 s",
        "happy mondays",
    }
    assert "celery_desk_demo.tasks.add" in facts.registered_tasks
    assert facts.events.worker_send_task_events and facts.events.result_extended


def test_a_hanging_project_is_stopped_with_everything_it_started(tmp_path: Path) -> None:
    (tmp_path / "hangs.py").write_text(
        "import pathlib, subprocess, time\n"
        "child = subprocess.Popen(['sleep', '300'])\n"
        "pathlib.Path('child.pid').write_text(str(child.pid))\n"
        "time.sleep(300)\n"
    )
    started = time.monotonic()
    facts = read_project_facts(ProjectConfig(app_module="hangs", workdir=str(tmp_path)), 3.0)
    assert time.monotonic() - started < 30
    assert facts.error is not None and "did not load within 3 s" in facts.error
    child = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 10
    while psutil.pid_exists(child) and psutil.Process(child).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the project's child outlived the timeout"
        time.sleep(0.05)


def test_no_interpreter_and_garbage_answers_become_errors(tmp_path: Path) -> None:
    missing = read_project_facts(ProjectConfig(app_module="p", python=str(tmp_path / "venv")))
    assert missing.error == (
        f"cannot run the project's interpreter: virtualenv {tmp_path / 'venv'} does not exist"
    )
    no_dir = read_project_facts(ProjectConfig(app_module="p", workdir=str(tmp_path / "gone")))
    assert no_dir.error == f"the working directory {tmp_path / 'gone'} does not exist"
    # An "interpreter" that writes garbage where the answer goes and complains on stderr.
    fake = tmp_path / "python3"
    fake.write_text(
        "#!/bin/sh\n"
        'out=""; prev=""\n'
        'for arg; do [ "$prev" = "--output" ] && out="$arg"; prev="$arg"; done\n'
        '[ -n "$out" ] && echo "not json" > "$out"\n'
        "echo oops >&2\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    garbage = read_project_facts(ProjectConfig(app_module="p", python=str(fake)))
    assert garbage.error is not None and garbage.error.startswith("the helper's answer is not JSON")
    assert garbage.stderr_tail == "oops"
    silent = tmp_path / "python-silent"
    silent.write_text("#!/bin/sh\necho 'Fatal Python error: init' >&2\nexit 3\n")
    silent.chmod(silent.stat().st_mode | stat.S_IXUSR)
    nothing = read_project_facts(ProjectConfig(app_module="p", python=str(silent)))
    assert nothing.error == "the helper gave no answer (exit code 3)"
    assert nothing.stderr_tail == "Fatal Python error: init"


def test_malformed_answers_are_errors_not_exceptions() -> None:
    assert facts_from_data([]).error == "the helper's answer is not a JSON object"
    wrong = facts_from_data({"ok": True, "registered_tasks": "x", "events": {}})
    assert wrong.error == (
        "the helper's answer is not understood: 'registered_tasks' must be a list of task names"
    )
    bad_code = facts_from_data(
        {"ok": True, "registered_tasks": [], "events": {}, "code_schedule": [3]}
    )
    assert bad_code.error is not None and "an entry must be an object" in bad_code.error
    failed = facts_from_data({"ok": False, "error": "x", "python_version": "3.11.7"})
    assert (failed.ok, failed.error, failed.python_version) == (False, "x", "3.11.7")


def test_an_entry_changed_in_transit_is_checked_again() -> None:
    [entry] = code_entries_from_data(
        [
            {
                "name": "n",
                "task": "t",
                "entry": {"task": "t", "schedule": {"type": "interval", "seconds": -1}},
            }
        ]
    )
    assert entry.spec is None and entry.problem is not None
    assert entry.problem.startswith("schedule.seconds:")


def test_json_problems_name_the_value() -> None:
    assert json_problem([1, "a", None, True, 2.5, {"k": [1, (2, 3)]}], "args") is None
    assert json_problem((Decimal("2"),), "args") == (
        "args[0] is Decimal('2') (decimal.Decimal), which JSON cannot hold as it is"
    )
    assert json_problem({"when": timedelta(1)}, "kwargs") is not None
    assert json_problem([{1, 2}], "args") == (
        "args[0] is {1, 2} (builtins.set), which JSON cannot hold as it is"
    )
    assert json_problem({1: "a"}, "kwargs") == "kwargs has the key 1 (int); JSON keys are text"
    assert json_problem([float("nan")], "args") == "args[0] is nan, which JSON cannot hold"


def test_crontab_fields_are_what_celery_runs() -> None:
    app = Celery("fields", set_as_current=False)
    app.conf.beat_schedule = {
        "sets": {"task": "t", "schedule": crontab(minute={0, 30}, hour=range(8, 18))},
        "loose": {"task": "t", "schedule": crontab(minute=0, hour=9, day_of_week="mon#1")},
        "text": {"task": "t", "schedule": crontab(minute="*/5", day_of_week="sat,sun")},
    }
    found = {item["name"]: item for item in code_schedule(app)}
    sets = found["sets"]["entry"]["schedule"]
    assert (sets["minute"], sets["hour"], sets["day_of_week"]) == ("0,30", "8-17", "*")
    loose = found["loose"]
    assert loose["entry"]["schedule"]["day_of_week"] == "1"
    assert loose["notes"] == ["day_of_week 'mon#1' written as '1' (what Celery runs)"]
    text = found["text"]["entry"]["schedule"]
    assert (text["minute"], text["day_of_week"]) == ("*/5", "sat,sun")
    assert not found["text"]["notes"]
    app.close()


def test_urls_lose_their_passwords_only() -> None:
    assert redact_url("redis://:pw@h:6379/0") == "redis://:***@h:6379/0"
    assert redact_url("rediss://user:pw@h:6380/1?ssl_cert_reqs=required") == (
        "rediss://user:***@h:6380/1?ssl_cert_reqs=required"
    )
    assert redact_url("redis://user@h/0") == "redis://user@h/0"
    assert redact_url("redis://h/0?password=pw&db=2") == "redis://h/0?password=***&db=2"
    assert redact_url("sentinel://:a@h1:26379;sentinel://:b@h2:26379") == (
        "sentinel://:***@h1:26379;sentinel://:***@h2:26379"
    )
    assert redact_url("django-db") == "django-db"
    assert redact_url(None) is None


def test_urls_without_a_password_are_kept_as_written() -> None:
    # urlunsplit drops an empty host: "rpc://" came back as "rpc:"
    for url in ("rpc://", "redis://", "redis:///0", "db+sqlite:///results.db", "file:///tmp/x",
                "redis://h:6379/0?ssl_cert_reqs=none#x", "rpc://?x="):  # fmt: skip
        assert redact_url(url) == url
    assert redact_url(["rpc://", "redis://:pw@h//0"]) == "rpc://;redis://:***@h//0"
    assert redact_url("redis://:p@w@h/0#frag") == "redis://:***@h/0#frag"
    assert redact_url("redis:///0?password=pw") == "redis:///0?password=***"


def test_the_helper_imports_nothing_of_the_project_before_main(tmp_path: Path) -> None:
    """-P: a project's modules named like ours in its directory are never picked up."""
    for name in ("argparse.py", "json.py", "celery_desk_beat.py"):
        (tmp_path / name).write_text("raise SystemExit('shadowed: ' + __name__)\n")
    (tmp_path / "ok_app.py").write_text("from celery import Celery\napp = Celery('ok')\n")
    facts = read_project_facts(ProjectConfig(app_module="ok_app", workdir=str(tmp_path)))
    assert facts.ok, (facts.error, facts.stderr_tail)
    assert facts.workdir == str(tmp_path) and os.path.samefile(facts.workdir, tmp_path)
