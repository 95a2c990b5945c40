"""The demo app's settings from the environment, time zone detection and code schedules."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from celery.schedules import crontab, solar

from celery_desk_beat.local_zone import local_timezone_name
from celery_desk_beat.periodic import code_defined_schedule
from celery_desk_demo.config import DEFAULT_BROKER_URL, ConfigError, build_settings
from celery_desk_demo.factory import create_app
from tests.support.celery_procs import REPO_ROOT, celery_env

NO_FILE = Path("/nonexistent/celery-desk-test")


def test_defaults_are_json_only_with_events_and_extended_results() -> None:
    settings = build_settings({})
    assert settings["broker_url"] == DEFAULT_BROKER_URL
    assert settings["result_backend"] == DEFAULT_BROKER_URL
    assert settings["accept_content"] == ["json"]
    assert settings["task_serializer"] == settings["result_serializer"] == "json"
    for flag in (
        "worker_send_task_events",
        "task_send_sent_event",
        "task_track_started",
        "result_extended",
    ):
        assert settings[flag] is True, flag
    assert settings["timezone"]


def test_result_backend_follows_the_broker() -> None:
    settings = build_settings({"CELERY_BROKER_URL": "redis://example:1234/3"})
    assert settings["broker_url"] == "redis://example:1234/3"
    assert settings["result_backend"] == "redis://example:1234/3"


def test_any_celery_setting_maps_from_its_variable_with_its_type() -> None:
    settings = build_settings(
        {
            "CELERY_BROKER_URL": "redis://a:1/0",
            "CELERY_RESULT_BACKEND": "redis://b:2/1",
            "CELERY_TIMEZONE": "Asia/Shanghai",
            "CELERY_WORKER_CONCURRENCY": "3",
            "CELERY_WORKER_PREFETCH_MULTIPLIER": "2",
            "CELERY_TASK_ACKS_LATE": "yes",
            "CELERY_WORKER_SEND_TASK_EVENTS": "off",
            "CELERY_RESULT_EXPIRES": "60.5",
            "CELERY_BROKER_TRANSPORT_OPTIONS": '{"visibility_timeout": 60}',
            "CELERY_IMPORTS": "proj.a, proj.b",
            "CELERY_ACCEPT_CONTENT": '["json", "msgpack"]',
        }
    )
    assert settings["broker_url"] == "redis://a:1/0"
    assert settings["result_backend"] == "redis://b:2/1"
    assert settings["timezone"] == "Asia/Shanghai"
    assert settings["worker_concurrency"] == 3
    assert settings["worker_prefetch_multiplier"] == 2
    assert settings["task_acks_late"] is True
    assert settings["worker_send_task_events"] is False
    assert settings["result_expires"] == 60.5
    assert settings["broker_transport_options"] == {"visibility_timeout": 60}
    assert settings["imports"] == ("proj.a", "proj.b")
    assert settings["accept_content"] == ["json", "msgpack"]


def test_unknown_reserved_and_empty_variables_are_ignored() -> None:
    settings = build_settings(
        {
            "CELERY_DESK_HOME": "/tmp/x",
            "CELERY_DESK_PARENT_PID": "1",
            "CELERY_NOT_A_SETTING": "1",
            "CELERY_CONFIG_MODULE": "proj.config",
            "CELERY_WORKER_CONCURRENCY": "  ",
            "BROKER_URL": "redis://ignored:1/0",
        }
    )
    assert settings == build_settings({})


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CELERY_TASK_ACKS_LATE", "maybe"),
        ("CELERY_WORKER_PREFETCH_MULTIPLIER", "four"),
        ("CELERY_BROKER_TRANSPORT_OPTIONS", "[1, 2]"),
        ("CELERY_BROKER_TRANSPORT_OPTIONS", "{not json"),
    ],
)
def test_a_bad_value_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        build_settings({variable: value})


def test_an_unknown_timezone_is_refused_clearly() -> None:
    with pytest.raises(ConfigError, match=r"CELERY_TIMEZONE='Mars/Olympus'.*IANA"):
        build_settings({"CELERY_TIMEZONE": "Mars/Olympus"})


def test_timezone_from_tz_variable() -> None:
    assert local_timezone_name({"TZ": ":Europe/Paris"}, NO_FILE, NO_FILE) == "Europe/Paris"
    tz_path = {"TZ": "/usr/share/zoneinfo/America/Chicago"}
    assert local_timezone_name(tz_path, NO_FILE, NO_FILE) == "America/Chicago"


@pytest.mark.parametrize(
    "target",
    [
        "/usr/share/zoneinfo/America/New_York",
        "/var/db/timezone/zoneinfo/America/New_York",  # macOS
        "../usr/share/zoneinfo/posix/America/New_York",
    ],
)
def test_timezone_from_localtime_symlink(tmp_path: Path, target: str) -> None:
    localtime = tmp_path / "localtime"
    localtime.symlink_to(target)
    assert local_timezone_name({}, localtime, NO_FILE) == "America/New_York"


def test_timezone_from_debian_file_then_utc(tmp_path: Path) -> None:
    timezone_file = tmp_path / "timezone"
    timezone_file.write_text("Asia/Tokyo\n")
    assert local_timezone_name({}, NO_FILE, timezone_file) == "Asia/Tokyo"
    timezone_file.write_text("Not/AZone\n")
    bogus = {"TZ": "Nowhere/Land"}
    assert local_timezone_name(bogus, NO_FILE, timezone_file) == "UTC"


def test_app_module_reads_the_environment_at_import() -> None:
    env = celery_env(
        "redis://127.0.0.1:1/5",
        {"CELERY_TIMEZONE": "Europe/Berlin", "CELERY_WORKER_CONCURRENCY": "4"},
    )
    code = (
        "import json, celery_desk_demo.tasks; from celery_desk_demo.celery import app; "
        "c = app.conf; "
        "print(json.dumps([c.broker_url, c.result_backend, c.timezone, c.worker_concurrency, "
        "c.accept_content, sorted(t for t in app.tasks if t.startswith('celery_desk_demo'))]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    broker, backend, zone, concurrency, accept, tasks = json.loads(out.stdout)
    assert broker == backend == "redis://127.0.0.1:1/5"
    assert (zone, concurrency, accept) == ("Europe/Berlin", 4, ["json"])
    assert tasks == [
        f"celery_desk_demo.tasks.{n}" for n in ("add", "fail", "flaky", "slow", "test")
    ]


def test_code_defined_schedule_has_both_declaration_styles() -> None:
    app = create_app(build_settings({"CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}))
    schedule = code_defined_schedule(app)
    assert list(schedule) == ["add-every-30-seconds", "say hello every 10 s", "happy mondays"]

    add = schedule["add-every-30-seconds"]
    assert (add["task"], add["args"], add["kind"], add["every_seconds"]) == (
        "celery_desk_demo.tasks.add", [16, 16], "interval", 30.0
    )  # fmt: skip
    hello = schedule["say hello every 10 s"]
    assert (hello["task"], hello["args"], hello["every_seconds"]) == (
        "celery_desk_demo.tasks.test", ["hello"], 10.0
    )  # fmt: skip
    mondays = schedule["happy mondays"]
    assert mondays["kind"] == "crontab"
    assert mondays["args"] == ["Happy Mondays!"]
    assert mondays["crontab"] == {
        "minute": "30",
        "hour": "7",
        "day_of_week": "1",
        "day_of_month": "*",
        "month_of_year": "*",
    }


def test_code_defined_schedule_of_any_app_keeps_bad_entries_visible() -> None:
    app = Celery("other", set_as_current=False)
    app.conf.beat_schedule = {
        "minutely": {"task": "proj.tick", "schedule": timedelta(minutes=1)},
        "dusk": {"task": "proj.lights", "schedule": solar("sunset", 48.8, 2.3)},
        "no task": {"schedule": 5},
        "not a dict": 42,
    }
    # Registered before configuration: Celery keeps it pending until then.
    app.add_periodic_task(crontab(minute="*/5"), app.signature("proj.poll", args=(1,)), name="p")
    schedule = code_defined_schedule(app)
    assert schedule["minutely"]["every_seconds"] == 60.0
    assert schedule["dusk"]["kind"] == "solar"
    assert schedule["no task"]["kind"] == "invalid"
    assert "no task" in schedule["no task"]["description"]
    assert schedule["not a dict"]["kind"] == "invalid"
    assert schedule["p"]["task"] == "proj.poll"
    assert schedule["p"]["crontab"]["minute"] == "*/5"
