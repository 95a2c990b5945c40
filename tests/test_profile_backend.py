"""A profile's own result backend URL (#13): saved like the broker's (its password in the
keychain, never in profiles.json), typed in the profile dialog, and what the app then reads
instead of the project's masked one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.profiles import (
    BACKEND_SECRETS_SERVICE,
    ConnectionProfile,
    ProfileError,
    ProfileStore,
)
from desktop.core.project.config import ProjectConfig
from desktop.core.secrets import SecretStore
from desktop.ui.background import BackgroundRunner
from desktop.ui.profile_dialog import ProfileDialog
from tests.support.redis_server import RedisServer
from tests.test_history_app import open_window, quit_window
from tests.test_profiles_settings import MemoryKeyring

SECRET = "r3sults:pw"
BACKEND = "redis://results.internal:6380/1"


@pytest.fixture
def keychain() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def profiles(tmp_path: Path, keychain: MemoryKeyring) -> ProfileStore:
    return ProfileStore(tmp_path / "profiles.json", SecretStore(keychain))


def test_the_backend_password_goes_to_the_keychain_not_the_file(
    profiles: ProfileStore, keychain: MemoryKeyring, tmp_path: Path
) -> None:
    url = "redis://:r3sults%3Apw@results.internal:6380/1"
    stored = profiles.save(ConnectionProfile("shop", "redis://h/0", result_backend=url))
    assert stored.result_backend == BACKEND
    assert SECRET not in (tmp_path / "profiles.json").read_text()
    assert keychain.entries[(BACKEND_SECRETS_SERVICE, "shop")] == SECRET
    assert profiles.resolve_backend_url("shop") == url
    assert profiles.resolve_url("shop") == "redis://h/0"  # the broker's stays apart
    saved = json.loads((tmp_path / "profiles.json").read_text())["profiles"][0]
    assert saved["result_backend"] == BACKEND
    profiles.rename("shop", "store")
    assert profiles.resolve_backend_url("store") == url
    assert (BACKEND_SECRETS_SERVICE, "shop") not in keychain.entries
    profiles.save(ConnectionProfile("store", "redis://h/0"))  # no backend: no password kept
    assert profiles.resolve_backend_url("store") is None
    assert (BACKEND_SECRETS_SERVICE, "store") not in keychain.entries
    profiles.save(ConnectionProfile("store", "redis://h/0", result_backend=BACKEND), None, "x")
    profiles.delete("store")
    assert keychain.entries == {}


def test_a_hand_edited_password_moves_to_the_keychain(
    profiles: ProfileStore, keychain: MemoryKeyring, tmp_path: Path
) -> None:
    entry = {"name": "shop", "url": "redis://h/0", "result_backend": f"redis://:pw@{BACKEND[8:]}"}
    (tmp_path / "profiles.json").write_text(json.dumps({"profiles": [entry]}))
    assert profiles.resolve_backend_url("shop") == f"redis://:pw@{BACKEND[8:]}"
    assert ":pw@" not in (tmp_path / "profiles.json").read_text()


def test_only_a_redis_backend_can_be_given(profiles: ProfileStore) -> None:
    with pytest.raises(ProfileError, match="must be a Redis URL"):
        profiles.save(ConnectionProfile("shop", "redis://h/0", result_backend="amqp://h//"))


def test_the_dialog_saves_the_backend_and_its_password(
    qtbot: QtBot, profiles: ProfileStore, runner: BackgroundRunner
) -> None:
    dialog = ProfileDialog(profiles, runner)
    qtbot.addWidget(dialog)
    dialog.name.setText("shop")
    dialog.url.setText("redis://h/0")
    dialog.backend.setText("amqp://h//")
    assert "the result backend must be a Redis URL" in dialog.problem.text()
    dialog.backend.setText(BACKEND)
    dialog.backend_password.setText(SECRET)
    assert not dialog.problem.isVisible()
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    assert profiles.resolve_backend_url("shop") == "redis://:r3sults%3Apw@results.internal:6380/1"
    again = ProfileDialog(profiles, runner, "shop")
    qtbot.addWidget(again)
    assert again.backend.text() == BACKEND
    assert again.backend_password.placeholderText() == "saved in keychain"


def test_the_window_reads_the_profiles_own_backend(
    qtbot: QtBot, redis_server: RedisServer, tmp_path: Path
) -> None:
    backend = redis_server.url.rpartition("/")[0] + "/2"
    project = ProjectConfig(app_module="no_such_module_here", workdir=str(tmp_path))
    ctx, window = open_window()
    try:
        ctx.profiles.save(
            ConnectionProfile("Shop", redis_server.url, project=project, result_backend=backend)
        )
        ctx.profile.select("Shop")
        with qtbot.waitSignal(window.result_backend.resolved, timeout=30_000):
            ctx.connection.connect_to(redis_server.url, "Shop")
        assert window.result_backend.url == backend  # not the broker's db, no project read
        note = window.tasks_page.history.coverage.backfill_note
        assert note == f"backfill reads the result backend {backend}"
    finally:
        quit_window(ctx, window)
