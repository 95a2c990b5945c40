"""A user's project as a profile: its presets, first guesses from its directory, and the
profile ``celery -A proj desk`` creates. Real files in a temp home; no Qt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.processes.presets import (
    DEMO_BEAT,
    DEMO_WORKER,
    LOCAL_BROKER,
    PresetStore,
)
from desktop.core.processes.spec import ProcessKind, ProcessSpec
from desktop.core.profiles import DEMO_PROFILE_NAME, ProfileStore
from desktop.core.project.config import ProjectConfig
from desktop.core.project.detect import find_virtualenv, guess_app_module
from desktop.core.project.from_celery import app_argument, project_here, remember_project
from desktop.core.secrets import SecretStore
from tests.test_profiles_settings import MemoryKeyring

SHOP = ProjectConfig(
    app_module="proj",
    workdir="/srv/shop",
    python="/srv/shop/.venv",
    env={"DJANGO_SETTINGS_MODULE": "proj.settings"},
)


@pytest.fixture
def presets(app_home: Path) -> PresetStore:
    return PresetStore(app_home / "presets.json")


def test_the_demo_presets_belong_to_the_demo_profile_only(presets: PresetStore) -> None:
    demo = {spec.name for spec in presets.for_profile(DEMO_PROFILE_NAME)}
    assert demo == {DEMO_WORKER, DEMO_BEAT, LOCAL_BROKER}
    assert {spec.name for spec in presets.for_profile("Shop")} == {LOCAL_BROKER}


def test_a_project_profile_gets_its_own_worker_and_beat(presets: PresetStore) -> None:
    created = presets.sync_project("Shop", SHOP)
    assert created == ["Shop worker", "Shop beat"]
    worker, beat = presets.get("Shop worker"), presets.get("Shop beat")
    assert worker is not None and beat is not None
    for spec in (worker, beat):
        assert (spec.profile, spec.app_module, spec.workdir, spec.python) == (
            "Shop",
            "proj",
            "/srv/shop",
            "/srv/shop/.venv",
        )
        assert spec.env == {"DJANGO_SETTINGS_MODULE": "proj.settings"}
        assert spec.use_connected_broker and not spec.is_demo
    # The beat keeps the project's own scheduler until the user switches it to the file.
    assert beat.kind is ProcessKind.BEAT and beat.scheduler is None
    shown = {spec.name for spec in presets.for_profile("Shop")}
    assert shown == {"Shop worker", "Shop beat", LOCAL_BROKER}
    assert "Shop worker" not in {spec.name for spec in presets.for_profile(DEMO_PROFILE_NAME)}


def test_editing_the_project_moves_its_presets_and_keeps_their_options(
    presets: PresetStore,
) -> None:
    presets.sync_project("Shop", SHOP)
    worker = presets.get("Shop worker")
    assert worker is not None
    worker.queues, worker.concurrency = ["mail"], 3
    presets.upsert(worker)
    moved = ProjectConfig(app_module="proj", workdir="/opt/shop", python="/opt/shop/venv")
    assert presets.sync_project("Shop", moved) == ["Shop worker", "Shop beat"]
    again = presets.get("Shop worker")
    assert again is not None
    assert (again.workdir, again.python, again.queues, again.concurrency) == (
        "/opt/shop",
        "/opt/shop/venv",
        ["mail"],
        3,
    )
    assert presets.sync_project("Shop", moved) == []  # nothing changed, nothing saved
    assert PresetStore(presets.path).get("Shop worker") == again


def test_presets_saved_before_profiles_existed_are_sorted_into_them(app_home: Path) -> None:
    path = app_home / "old-presets.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    old = [
        {"name": DEMO_WORKER, "kind": "worker"},
        {"name": LOCAL_BROKER, "kind": "broker"},
        {"name": "Mine", "kind": "worker", "app_module": "proj", "workdir": str(app_home)},
    ]
    path.write_text(json.dumps({"version": 1, "revision": 3, "presets": old}))
    store = PresetStore(path)
    assert store.get(DEMO_WORKER) == ProcessSpec(DEMO_WORKER, profile=DEMO_PROFILE_NAME)
    broker, mine = store.get(LOCAL_BROKER), store.get("Mine")
    assert broker is not None and mine is not None
    assert (broker.profile, mine.profile) == ("", "")  # shown under every profile


def test_first_guesses_from_a_django_style_directory(tmp_path: Path) -> None:
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "__init__.py").write_text("")
    (tmp_path / "proj" / "celery.py").write_text("app = Celery('proj')\n")
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    assert guess_app_module(tmp_path) == "proj"
    assert find_virtualenv(tmp_path) is None
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    python = venv / "bin" / "python"
    python.write_text("#!/bin/sh\n")
    python.chmod(0o755)
    assert find_virtualenv(tmp_path) == str(venv)


def test_first_guesses_for_a_single_module_project(tmp_path: Path) -> None:
    assert guess_app_module(tmp_path) is None
    (tmp_path / "tasks.py").write_text("print('no app here')\n")
    assert guess_app_module(tmp_path) is None
    (tmp_path / "celery_app.py").write_text("from celery import Celery\napp = Celery('x')\n")
    assert guess_app_module(tmp_path) == "celery_app"
    assert guess_app_module(tmp_path / "missing") is None


def test_the_a_option_is_read_as_celery_reads_it() -> None:
    assert app_argument(["celery", "-A", "proj", "desk"], {}) == "proj"
    assert app_argument(["celery", "--app=proj.celery:app", "desk"], {}) == "proj.celery:app"
    assert app_argument(["celery", "-Aproj", "desk"], {}) == "proj"
    assert app_argument(["celery", "desk"], {"CELERY_APP": "envproj"}) == "envproj"
    assert app_argument(["celery", "desk"], {}) is None


def test_celery_desk_command_creates_then_refreshes_the_project_profile(
    app_home: Path, tmp_path: Path
) -> None:
    store = ProfileStore(app_home / "profiles.json", SecretStore(backend=MemoryKeyring()))
    here = project_here(
        "proj",
        workdir=str(tmp_path),
        python="/venvs/shop/bin/python",
        environ={"DJANGO_SETTINGS_MODULE": "proj.settings", "HOME": "/root"},
    )
    assert here.env == {"DJANGO_SETTINGS_MODULE": "proj.settings"}
    first = remember_project(store, here, "redis://:pw1@10.1.1.1:6379/4", "proj")
    assert (first.name, first.url, first.project) == ("proj", "redis://10.1.1.1:6379/4", here)
    assert store.resolve_url("proj") == "redis://:pw1@10.1.1.1:6379/4"
    # The same project on another broker: the same profile, refreshed, not a second one.
    again = remember_project(store, here, "redis://10.1.1.2:6379/0", "proj")
    assert again.name == "proj" and again.url == "redis://10.1.1.2:6379/0"
    assert store.names() == [DEMO_PROFILE_NAME, "proj"]
    assert not store.has_password("proj")
    # Another project that happens to share the app's name gets a name of its own.
    other = project_here("proj", workdir=str(tmp_path / "elsewhere"), python="/py", environ={})
    assert remember_project(store, other, "redis://h/0", "proj").name == "proj (2)"
