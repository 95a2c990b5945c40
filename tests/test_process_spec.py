"""Process specs: validation, command building (from source and frozen), presets on disk."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import paths
from desktop.core.processes.guard import PARENT_ENV
from desktop.core.processes.presets import (
    PresetConflictError,
    PresetStore,
    spec_from_dict,
    spec_to_dict,
)
from desktop.core.processes.spec import (
    BACKEND_ENV,
    BROKER_ENV,
    ProcessKind,
    ProcessSpec,
    SpecError,
    build_command,
    statedb_path,
    validate,
)
from desktop.core.project.interpreter import SAFE_PATH_BOOTSTRAP

SECRET_URL = "redis://:s3cret@127.0.0.1:6999/0"


@pytest.fixture
def venv(tmp_path: Path) -> Path:
    """A virtualenv-shaped directory whose bin/python is this interpreter."""
    root = tmp_path / "venv"
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "python").symlink_to(sys.executable)
    return root


EXEC_WRAPPER = [sys.executable, "-P", "-m", "desktop", "exec", "--"]


def test_demo_worker_runs_celery_with_the_apps_interpreter_through_the_wrapper() -> None:
    spec = ProcessSpec(name="Demo worker", queues=["a", "b"], concurrency=2, pool="solo")
    command = build_command(spec, SECRET_URL)
    assert command.argv[:6] == EXEC_WRAPPER
    assert command.argv[6:13] == [
        sys.executable, "-P", "-m", "celery", "-A", "celery_desk_demo", "worker"
    ]  # fmt: skip
    joined = " ".join(command.argv)
    for option in ("--queues a,b", "--concurrency 2", "--pool solo", "--hostname Demo-worker@%h"):
        assert option in joined
    assert command.env[BROKER_ENV] == SECRET_URL
    assert command.env[BACKEND_ENV] == SECRET_URL
    assert command.env[PARENT_ENV] == str(os.getpid())
    assert command.env["PYTHONUNBUFFERED"] == "1"
    entry = Path(command.env["PYTHONPATH"].split(os.pathsep)[0])
    assert entry.parent == paths.data_dir() / "pythonpath"
    assert (entry / "celery_desk_beat" / "scheduler.py").is_file()
    assert command.cwd is None


def test_workers_keep_revokes_in_a_statedb_per_preset(venv: Path) -> None:
    demo = ProcessSpec(name="Demo worker")
    args = build_command(demo, SECRET_URL).args
    statedb = statedb_path(demo)
    assert statedb is not None and statedb.parent == paths.data_dir() / "statedb"
    assert args[args.index("--statedb") + 1] == str(statedb) and statedb.parent.is_dir()
    user = ProcessSpec(name="proj worker", python=str(venv), app_module="proj")
    user_db = statedb_path(user)
    assert user_db is not None and user_db != statedb
    user_args = build_command(user, None).args
    assert user_args[user_args.index("--statedb") + 1] == str(user_db)
    # Names that only differ in what a file name cannot hold get their own files.
    assert statedb_path(ProcessSpec(name="a b")) != statedb_path(ProcessSpec(name="a-b"))
    own = ProcessSpec(name="w", workdir=str(venv), extra_args=["--statedb=state/w"])
    assert statedb_path(own) == venv / "state" / "w"
    assert build_command(own, SECRET_URL).args.count("--statedb=state/w") == 1
    assert "--statedb" not in build_command(own, SECRET_URL).args
    assert statedb_path(ProcessSpec(name="b", kind=ProcessKind.BEAT)) is None
    beat_args = build_command(ProcessSpec(name="b", kind=ProcessKind.BEAT), SECRET_URL).args
    assert "--statedb" not in beat_args


@pytest.mark.parametrize("kind", [ProcessKind.WORKER, ProcessKind.BEAT, ProcessKind.BROKER])
def test_broker_url_never_in_argv(kind: ProcessKind, venv: Path) -> None:
    for spec in (
        ProcessSpec(name="x", kind=kind),
        ProcessSpec(
            name="x", kind=kind, python=str(venv), app_module="proj", use_connected_broker=True
        ),
    ):
        command = build_command(spec, SECRET_URL)
        assert not any("s3cret" in part for part in command.argv)
        assert "s3cret" not in command.display()


def test_frozen_app_reinvokes_itself(
    monkeypatch: pytest.MonkeyPatch, venv: Path, tmp_path: Path
) -> None:
    # The bundle carries the scheduler's sources for project interpreters (build.spec).
    bundle = tmp_path / "bundle"
    found = importlib.util.find_spec("celery_desk_beat.scheduler")
    assert found is not None and found.origin is not None
    sources = Path(found.origin).parent
    shutil.copytree(sources, bundle / "celery_desk_beat_src" / "celery_desk_beat")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/celery-desk/celery-desk")
    beat = build_command(ProcessSpec(name="Demo beat", kind=ProcessKind.BEAT), SECRET_URL)
    assert beat.argv[:2] == ["/opt/celery-desk/celery-desk", "beat"]
    schedule = beat.argv[beat.argv.index("--schedule") + 1]
    assert Path(schedule).parent == paths.data_dir()
    user = build_command(
        ProcessSpec(name="w", python=str(venv), app_module="proj", workdir=str(venv)), None
    )
    assert user.argv[:3] == ["/opt/celery-desk/celery-desk", "exec", "--"]
    python = str(venv / "bin" / "python")
    assert user.argv[3:10] == [python, "-P", "-m", "celery", "-A", "proj", "worker"]
    assert user.cwd == str(venv)
    assert user.env["VIRTUAL_ENV"] == str(venv)
    entry = Path(user.env["PYTHONPATH"].split(os.pathsep)[0])
    assert (entry / "celery_desk_beat" / "scheduler.py").read_bytes() == (
        sources / "scheduler.py"
    ).read_bytes()
    assert BROKER_ENV not in user.env  # a user project gets the URL only when asked


def test_python_310_runs_modules_without_the_working_directory(tmp_path: Path) -> None:
    """-P exists from 3.11; an older interpreter gets the same through a short -c."""
    root = tmp_path / "venv310"
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "python").symlink_to(sys.executable)
    (root / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.10.13\n")
    spec = ProcessSpec(name="w", python=str(root), app_module="proj", kind=ProcessKind.BEAT)
    argv = build_command(spec, None).argv
    assert argv[6:10] == [str(root / "bin" / "python"), "-c", SAFE_PATH_BOOTSTRAP, "celery"]
    assert argv[10:13] == ["-A", "proj", "beat"]
    # The bootstrap really runs the module, with the working directory off sys.path.
    (tmp_path / "shadow.py").write_text("")
    probe = tmp_path / "lib" / "probe_pkg"
    probe.mkdir(parents=True)
    (probe / "__main__.py").write_text(
        "import importlib.util, sys\n"
        "print(sys.argv[1:], importlib.util.find_spec('shadow') is None)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", SAFE_PATH_BOOTSTRAP, "probe_pkg", "-A", "x"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "lib")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "['-A', 'x'] True"  # shadow.py in the cwd was not importable


def test_user_project_gets_broker_and_backend_only_when_asked(venv: Path) -> None:
    spec = ProcessSpec(name="w", python=str(venv), app_module="proj")
    assert BROKER_ENV not in build_command(spec, SECRET_URL).env
    spec.use_connected_broker = True
    env = build_command(spec, SECRET_URL).env
    assert env[BROKER_ENV] == SECRET_URL
    # A Django project's own result backend (django-db) must not be overridden unasked.
    assert BACKEND_ENV not in env
    spec.use_connected_backend = True
    assert build_command(spec, SECRET_URL).env[BACKEND_ENV] == SECRET_URL
    backend_only = ProcessSpec(
        name="w", python=str(venv), app_module="proj", use_connected_backend=True
    )
    env = build_command(backend_only, SECRET_URL).env
    assert BACKEND_ENV in env and BROKER_ENV not in env
    with pytest.raises(SpecError, match="no broker is connected"):
        build_command(backend_only, None)


def test_broker_kind_builds_broker_subcommand() -> None:
    command = build_command(ProcessSpec(name="b", kind=ProcessKind.BROKER, broker_port=7001), None)
    assert command.argv == [sys.executable, "-P", "-m", "desktop", "broker", "--port", "7001"]
    free = build_command(ProcessSpec(name="b", kind=ProcessKind.BROKER), None)
    assert int(free.argv[-1]) > 0


def test_custom_kind_runs_through_exec(venv: Path) -> None:
    spec = ProcessSpec(
        name="flower", kind=ProcessKind.CUSTOM, python=str(venv), extra_args=["-m", "flower"]
    )
    command = build_command(spec, None)
    assert command.argv[:6] == [sys.executable, "-P", "-m", "desktop", "exec", "--"]
    assert command.argv[6:] == [str(venv / "bin" / "python"), "-m", "flower"]
    plain = build_command(ProcessSpec(name="c", kind=ProcessKind.CUSTOM, extra_args=["top"]), None)
    assert plain.argv[6:] == ["top"]


def test_validation_messages(tmp_path: Path) -> None:
    missing_venv = tmp_path / "x" / "y"
    empty_venv = tmp_path / "empty"
    (empty_venv / "bin").mkdir(parents=True)
    cases = [
        (
            ProcessSpec(name="w", python=str(missing_venv), app_module="p"),
            f"virtualenv {missing_venv} does not exist",
        ),
        (
            ProcessSpec(name="w", python=str(empty_venv), app_module="p"),
            f"no python in {empty_venv / 'bin'}",
        ),
        (
            ProcessSpec(name="w", workdir=str(tmp_path / "nope")),
            f"working directory {tmp_path / 'nope'} does not exist",
        ),
        (ProcessSpec(name="w", concurrency=0), "concurrency must be ≥ 1"),
        (
            ProcessSpec(name="w", workdir=str(tmp_path), app_module=""),
            "-A module is required for a user project",
        ),
        (ProcessSpec(name="w", pool="fibers"), "unknown pool 'fibers'"),
        (ProcessSpec(name="w", queues=["a b"]), "queue name 'a b'"),
        (ProcessSpec(name=" "), "a name is required"),
        (ProcessSpec(name="c", kind=ProcessKind.CUSTOM), "needs its command"),
        (ProcessSpec(name="b", kind=ProcessKind.BROKER, broker_port=70000), "between 1 and 65535"),
        (ProcessSpec(name="w", extra_args=["-b", SECRET_URL]), "hold a URL with a password"),
        (ProcessSpec(name="w", env={"X": SECRET_URL}), "environment X holds a password"),
        (ProcessSpec(name="w", env={"DB_PASSWORD": "x"}), "DB_PASSWORD holds a password"),
    ]
    for spec, expected in cases:
        problems = validate(spec)
        assert any(expected in problem for problem in problems), (expected, problems)
        with pytest.raises(SpecError) as caught:
            build_command(spec, SECRET_URL)
        assert expected in str(caught.value)
    assert validate(ProcessSpec(name="ok", workdir=str(tmp_path), app_module="proj")) == []


def test_demo_without_broker_is_a_clear_error() -> None:
    with pytest.raises(SpecError, match="no broker is connected"):
        build_command(ProcessSpec(name="Demo worker"), None)


def test_spec_round_trips_through_json(venv: Path) -> None:
    spec = ProcessSpec(
        name="w",
        kind=ProcessKind.BEAT,
        python=str(venv),
        app_module="p",
        env={"A": "1"},
        extra_args=["--max-interval", "1"],
        auto_restart=True,
        use_connected_backend=True,
    )
    assert spec_from_dict(json.loads(json.dumps(spec_to_dict(spec)))) == spec
    with pytest.raises(ValueError, match="'concurrency' must be an integer"):
        spec_from_dict({"name": "w", "concurrency": "2"})
    with pytest.raises(ValueError, match="unknown kind"):
        spec_from_dict({"name": "w", "kind": "scheduler"})


def test_preset_store_defaults_save_and_reload() -> None:
    store = PresetStore()
    assert store.path == paths.config_dir() / "process_presets.json"
    assert store.names() == ["Demo worker", "Demo beat", "Local broker"]
    assert not store.path.exists()
    store.upsert(ProcessSpec(name="Mine", queues=["q"]))
    store.upsert(ProcessSpec(name="Renamed", concurrency=3), old_name="Demo worker")
    store.delete("Local broker")
    again = PresetStore()
    assert again.names() == ["Renamed", "Demo beat", "Mine"]
    assert again.get("Renamed") == ProcessSpec(name="Renamed", concurrency=3)
    assert again.messages == []
    leftovers = [p.name for p in store.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    with pytest.raises(ValueError, match="already exists"):
        again.upsert(ProcessSpec(name="Mine"), old_name="Demo beat")


def test_preset_store_refuses_lost_update() -> None:
    first = PresetStore()
    first.save()
    second = PresetStore()
    second.upsert(ProcessSpec(name="From second"))
    with pytest.raises(PresetConflictError, match="changed elsewhere"):
        first.upsert(ProcessSpec(name="From first"))
    assert "From first" not in first.names()  # a refused save changes nothing in memory
    first.load()
    first.upsert(ProcessSpec(name="From first"))
    assert PresetStore().names()[-2:] == ["From second", "From first"]


def test_bad_preset_file_is_kept_aside() -> None:
    path = paths.config_dir() / "process_presets.json"
    path.write_text("{not json", encoding="utf-8")
    store = PresetStore()
    assert store.names() == ["Demo worker", "Demo beat", "Local broker"]
    assert "not valid" in store.messages[0]
    aside = list(path.parent.glob("process_presets.json.bad-*"))
    assert len(aside) == 1
    assert aside[0].read_text(encoding="utf-8") == "{not json"


def test_bad_preset_entry_is_skipped_and_file_copied() -> None:
    path = paths.config_dir() / "process_presets.json"
    good = spec_to_dict(ProcessSpec(name="Good"))
    path.write_text(json.dumps({"revision": 4, "presets": [good, {"kind": "worker"}]}))
    store = PresetStore()
    assert store.names() == ["Good"]
    assert any("#2 skipped" in message for message in store.messages)
    assert list(path.parent.glob("process_presets.json.bad-*"))
    store.upsert(ProcessSpec(name="Next"))  # the revision read from the file is honoured
    assert json.loads(path.read_text())["revision"] == 5
