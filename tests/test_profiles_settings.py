"""Secrets, connection profiles and settings: real files in a temp home, the real keyring
fallback of this headless machine, and an in-memory keychain as the OS keychain's double."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail

from desktop.core import paths
from desktop.core.broker.url import BrokerUrlError
from desktop.core.profiles import (
    DEMO_PROFILE_NAME,
    ConnectionProfile,
    ProfileError,
    ProfileStore,
    profile_name_for_url,
    schedule_path,
)
from desktop.core.project.config import ProjectConfig
from desktop.core.secrets import SERVICE_NAME, SESSION_ONLY, SecretStore
from desktop.core.settings import (
    SCHEMA_VERSION,
    Settings,
    SettingsError,
    SettingsStore,
    migrate,
)

SECRET = "s3cr@t:/pw%"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A stand-in for the OS keychain: same API, kept in a dict."""

    priority = 1

    def __init__(self) -> None:
        keyring.backend.KeyringBackend.__init__(self)  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")


def no_keychain() -> keyring.backend.KeyringBackend:
    """keyring's own "no backend" (what this headless machine has), whatever the machine."""
    backend_class: Any = fail.Keyring
    backend: keyring.backend.KeyringBackend = backend_class()
    return backend


class LockedKeyring(MemoryKeyring):
    """A keychain that refuses writes, like a locked macOS keychain."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the keychain is locked")


# -- secrets -----------------------------------------------------------------------------------


def test_secret_store_uses_keyrings_choice() -> None:
    assert SecretStore().backend_name == keyring.get_keyring().name


def test_without_a_keychain_passwords_live_for_the_session_only() -> None:
    store = SecretStore(backend=no_keychain())
    assert not store.persistent
    assert store.explanation() == SESSION_ONLY
    assert store.get("prod") is None
    store.set("prod", SECRET)
    assert store.get("prod") == SECRET
    assert SecretStore(backend=no_keychain()).get("prod") is None  # a new session
    store.delete("prod")
    assert store.get("prod") is None


def test_keychain_round_trip() -> None:
    backend = MemoryKeyring()
    store = SecretStore(backend=backend)
    assert store.persistent and "OS keychain" in store.explanation()
    store.set("prod", SECRET)
    assert backend.entries == {(SERVICE_NAME, "prod"): SECRET}
    assert SecretStore(backend=backend).get("prod") == SECRET  # survives the session
    store.move("prod", "production")
    assert backend.entries == {(SERVICE_NAME, "production"): SECRET}
    store.delete("production")
    store.delete("never-existed")
    assert backend.entries == {}


def test_a_refusing_keychain_falls_back_to_memory_without_logging_the_secret(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = SecretStore(backend=LockedKeyring())
    with caplog.at_level(logging.DEBUG):
        store.set("prod", SECRET)
    assert store.get("prod") == SECRET
    assert not store.persistent
    assert "KeyringLocked" in store.explanation() and "session only" in store.explanation()
    assert SECRET not in caplog.text and "prod" in caplog.text


# -- profiles ----------------------------------------------------------------------------------


@pytest.fixture
def keychain() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def profiles(tmp_path: Path, keychain: MemoryKeyring) -> ProfileStore:
    return ProfileStore(tmp_path / "profiles.json", SecretStore(backend=keychain))


def _file_bytes(store: ProfileStore) -> bytes:
    return store.path.read_bytes()


def _assert_not_on_disk(store: ProfileStore, password: str) -> None:
    from urllib.parse import quote

    raw = _file_bytes(store)
    for form in {password, quote(password, safe=""), quote(password)}:
        assert form.encode() not in raw, form


def test_the_demo_is_always_first_and_permanent(profiles: ProfileStore) -> None:
    assert [p.name for p in profiles.list()] == [DEMO_PROFILE_NAME]
    profiles.save(ConnectionProfile("aaa", "redis://a/0"))
    assert profiles.names() == [DEMO_PROFILE_NAME, "aaa"]
    demo = profiles.get(DEMO_PROFILE_NAME)
    assert demo is not None and demo.is_local and demo.is_demo and demo.is_builtin
    with pytest.raises(ProfileError, match="cannot be deleted"):
        profiles.delete(DEMO_PROFILE_NAME)
    for reserved in (DEMO_PROFILE_NAME, "Local broker"):
        with pytest.raises(ProfileError, match="built-in"):
            profiles.save(ConnectionProfile(reserved, "redis://h/0"))
    with pytest.raises(ProfileError, match="cannot be renamed"):
        profiles.rename(DEMO_PROFILE_NAME, "x")
    assert profiles.resolve_url(DEMO_PROFILE_NAME) == ""


def test_a_profile_holds_a_project_and_its_own_schedule_file(
    profiles: ProfileStore, app_home: Path
) -> None:
    project = ProjectConfig(
        app_module="proj",
        workdir="/srv/proj",
        python="/srv/proj/.venv",
        env={"DJANGO_SETTINGS_MODULE": "proj.settings"},
    )
    profiles.save(ConnectionProfile("Shop", "redis://h:6379/3", project=project))
    saved = profiles.get("Shop")
    assert saved is not None and saved.project == project and not saved.is_demo
    assert schedule_path(saved) == paths.data_dir() / "schedules" / "Shop.json"
    assert str(schedule_path(saved)).startswith(str(app_home))
    demo = profiles.get(DEMO_PROFILE_NAME)
    assert demo is not None and schedule_path(demo).name == "schedules.json"
    assert schedule_path(saved) != schedule_path(demo)
    chosen = ProjectConfig(app_module="proj", schedule_path="/etc/proj/schedule.json")
    profiles.save(ConnectionProfile("Chosen", "redis://h/0", project=chosen))
    chosen_profile = profiles.get("Chosen")
    assert chosen_profile is not None
    assert schedule_path(chosen_profile) == Path("/etc/proj/schedule.json")


def test_a_local_broker_profile_keeps_no_url_and_no_password(
    profiles: ProfileStore, keychain: MemoryKeyring
) -> None:
    project = ProjectConfig(app_module="proj", workdir="/srv/proj")
    profiles.save(
        ConnectionProfile("Mine", "redis://:pw@x/0", local_broker=True, project=project), "pw"
    )
    mine = profiles.get("Mine")
    assert mine is not None and mine.is_local and mine.url == ""
    assert profiles.resolve_url("Mine") == ""
    assert keychain.entries == {}


def test_a_project_env_cannot_hold_a_secret(profiles: ProfileStore) -> None:
    leaky = ProjectConfig(app_module="proj", env={"DB_PASSWORD": "x"})
    with pytest.raises(ProfileError, match="DB_PASSWORD"):
        profiles.save(ConnectionProfile("p", "redis://h/0", project=leaky))
    leaky_url = ProjectConfig(app_module="proj", env={"CACHE": "redis://:pw@h/0"})
    with pytest.raises(ProfileError, match="CACHE"):
        profiles.save(ConnectionProfile("p", "redis://h/0", project=leaky_url))
    with pytest.raises(ProfileError, match="-A module"):
        profiles.save(ConnectionProfile("p", "redis://h/0", project=ProjectConfig(" ")))


def test_a_typed_url_gets_a_readable_free_name() -> None:
    assert profile_name_for_url("redis://10.0.0.5:6380/2", []) == "10.0.0.5:6380/2"
    assert profile_name_for_url("redis://cache.example/0", []) == "cache.example:6379"
    taken = ["cache.example:6379"]
    assert profile_name_for_url("redis://cache.example", taken) == "cache.example:6379 (2)"
    assert profile_name_for_url("rediss://u@h:1/0", [DEMO_PROFILE_NAME]) == "h:1"


def test_password_in_the_url_goes_to_the_keychain_not_the_file(
    profiles: ProfileStore, keychain: MemoryKeyring
) -> None:
    from urllib.parse import quote

    url = f"redis://alice:{quote(SECRET, safe='')}@prod.example:6380/2"
    stored = profiles.save(ConnectionProfile("prod", url, read_only=True, description="Prod"))
    assert stored.url == "redis://alice@prod.example:6380/2"
    _assert_not_on_disk(profiles, SECRET)
    assert keychain.entries[(SERVICE_NAME, "prod")] == SECRET
    assert profiles.has_password("prod")
    assert profiles.resolve_url("prod") == url
    saved = json.loads(_file_bytes(profiles))["profiles"][0]
    assert saved == {
        "name": "prod",
        "url": "redis://alice@prod.example:6380/2",
        "read_only": True,
        "description": "Prod",
        "local_broker": False,
        "project": None,
    }


def test_password_argument_none_keeps_and_empty_removes(profiles: ProfileStore) -> None:
    profiles.save(ConnectionProfile("p", "redis://h/0"), password=SECRET)
    _assert_not_on_disk(profiles, SECRET)
    profiles.save(ConnectionProfile("p", "redis://h/1"))  # None: keep it
    assert profiles.resolve_url("p") == "redis://:s3cr%40t%3A%2Fpw%25@h/1"
    profiles.save(ConnectionProfile("p", "redis://h/1"), password="")
    assert not profiles.has_password("p")
    assert profiles.resolve_url("p") == "redis://h/1"


def test_rename_and_delete_carry_the_secret(
    profiles: ProfileStore, keychain: MemoryKeyring
) -> None:
    profiles.save(ConnectionProfile("old", "redis://h/0"), password=SECRET)
    profiles.save(ConnectionProfile("other", "redis://o/0"))
    with pytest.raises(ProfileError, match="already exists"):
        profiles.rename("old", "other")
    renamed = profiles.rename("old", "new")
    assert renamed.name == "new" and profiles.get("old") is None
    assert profiles.resolve_url("new") == "redis://:s3cr%40t%3A%2Fpw%25@h/0"
    assert (SERVICE_NAME, "old") not in keychain.entries
    profiles.delete("new")
    assert keychain.entries == {}
    assert profiles.names() == [DEMO_PROFILE_NAME, "other"]
    with pytest.raises(ProfileError, match="no profile named"):
        profiles.delete("new")
    with pytest.raises(ProfileError, match="no profile named"):
        profiles.resolve_url("new")


def test_bad_input_is_refused(profiles: ProfileStore) -> None:
    with pytest.raises(BrokerUrlError, match="did you mean redis://"):
        profiles.save(ConnectionProfile("p", "redsi://h/0"))
    with pytest.raises(ProfileError, match="needs a name"):
        profiles.save(ConnectionProfile("  ", "redis://h/0"))
    assert not profiles.path.exists()


def test_a_hand_edited_password_is_moved_out_of_the_file(
    profiles: ProfileStore, keychain: MemoryKeyring
) -> None:
    profiles.path.write_text(
        json.dumps({"profiles": [{"name": "hand", "url": "redis://:handpw99@h/0"}]})
    )
    assert profiles.resolve_url("hand") == "redis://:handpw99@h/0"
    assert keychain.entries[(SERVICE_NAME, "hand")] == "handpw99"
    _assert_not_on_disk(profiles, "handpw99")


def test_a_broken_profiles_file_is_kept_aside(profiles: ProfileStore) -> None:
    profiles.path.write_text("{not json")
    assert profiles.names() == [DEMO_PROFILE_NAME]
    assert profiles.load_message is not None and "bad-" in profiles.load_message
    kept = list(profiles.path.parent.glob("profiles.json.bad-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{not json"


def test_profiles_with_the_session_only_fallback(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles.json", SecretStore(backend=no_keychain()))
    store.save(ConnectionProfile("p", "redis://:sessionpw1@h/0"))
    assert store.resolve_url("p") == "redis://:sessionpw1@h/0"
    _assert_not_on_disk(store, "sessionpw1")


def test_default_paths_are_in_the_app_home(app_home: Path) -> None:
    store = ProfileStore(secrets=SecretStore(backend=MemoryKeyring()))
    store.save(ConnectionProfile("p", "redis://h/0"))
    assert store.path.is_relative_to(app_home) and store.path.name == "profiles.json"
    assert SettingsStore().path.is_relative_to(app_home)


# -- settings ----------------------------------------------------------------------------------


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.json"


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data))


def test_missing_file_gives_defaults(settings_path: Path) -> None:
    store = SettingsStore(settings_path)
    assert store.load() == Settings()
    assert store.load_message is None and not settings_path.exists()


def test_round_trip(settings_path: Path) -> None:
    store = SettingsStore(settings_path)
    store.load()
    store.update(
        active_profile="prod", local_broker_port=6390, stop_grace_seconds=5, language="zh_CN"
    )
    assert store.settings.stop_grace_seconds == 5.0
    again = SettingsStore(settings_path).load()
    assert again == store.settings
    assert json.loads(settings_path.read_text())["schema_version"] == SCHEMA_VERSION
    assert [p.name for p in settings_path.parent.iterdir()] == ["settings.json"]  # no temp left


def test_unknown_keys_are_ignored_but_kept(settings_path: Path) -> None:
    _write(
        settings_path, {"schema_version": 1, "from_the_future": [1, 2], "keep_local_broker": True}
    )
    store = SettingsStore(settings_path)
    assert store.load().keep_local_broker is True
    store.update(language="en")
    assert json.loads(settings_path.read_text())["from_the_future"] == [1, 2]


def test_wrong_types_fall_back_per_field(
    settings_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write(
        settings_path,
        {
            "schema_version": 1,
            "local_broker_port": True,
            "log_buffer_lines": "many",
            "stop_grace_seconds": 3,
            "keep_local_broker": 1,
            "display_timezone": "Mars/Olympus",
            "language": "zh_CN",
        },
    )
    with caplog.at_level(logging.WARNING, logger="celery_desk.settings"):
        loaded = SettingsStore(settings_path).load()
    assert loaded.local_broker_port is None and loaded.log_buffer_lines == 5000
    assert loaded.keep_local_broker is False and loaded.display_timezone == "local"
    assert loaded.stop_grace_seconds == 3.0 and loaded.language == "zh_CN"
    for name in ("local_broker_port", "log_buffer_lines", "keep_local_broker", "display_timezone"):
        assert f"'{name}'" in caplog.text
    assert "'language'" not in caplog.text


@pytest.mark.parametrize("content", ["{broken", "[1, 2]", "\xff\xfe"])
def test_invalid_file_is_kept_aside(settings_path: Path, content: str) -> None:
    settings_path.write_bytes(content.encode("latin-1"))
    store = SettingsStore(settings_path)
    assert store.load() == Settings()
    assert store.load_message is not None and "settings.json.bad-" in store.load_message
    (kept,) = settings_path.parent.glob("settings.json.bad-*")
    assert kept.read_bytes() == content.encode("latin-1")
    assert not settings_path.exists()
    store.update(keep_local_broker=True)
    assert SettingsStore(settings_path).load().keep_local_broker is True


def test_unversioned_file_is_migrated(settings_path: Path) -> None:
    _write(settings_path, {"active_profile": "old", "log_buffer_lines": 200})
    store = SettingsStore(settings_path)
    loaded = store.load()
    assert loaded.active_profile == "old" and loaded.log_buffer_lines == 200
    assert loaded.schema_version == SCHEMA_VERSION


def test_migrations_run_in_order_through_the_table() -> None:
    def v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        data["local_broker_port"] = data.pop("broker_port", None)
        return data

    def v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "steps": [*data.get("steps", []), "v3"]}

    table = {1: v1_to_v2, 2: v2_to_v3}
    out = migrate({"schema_version": 1, "broker_port": 6390}, table, target=3)
    assert out == {"schema_version": 3, "local_broker_port": 6390, "steps": ["v3"]}
    assert migrate({"schema_version": 3, "x": 1}, table, target=3) == {"schema_version": 3, "x": 1}
    with pytest.raises(SettingsError, match="no migration from settings schema 0 to 1"):
        migrate({}, table, target=3)


def test_newer_schema_is_read_as_far_as_known(
    settings_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write(settings_path, {"schema_version": 99, "keep_local_broker": True})
    with caplog.at_level(logging.WARNING, logger="celery_desk.settings"):
        assert SettingsStore(settings_path).load().keep_local_broker is True
    assert "newer" in caplog.text


def test_update_validates_saves_and_notifies(settings_path: Path) -> None:
    store = SettingsStore(settings_path)
    store.load()
    seen: list[tuple[Settings, set[str]]] = []
    calls: list[str] = []

    def broken(settings: Settings, changed: set[str]) -> None:
        calls.append("broken")
        raise RuntimeError("subscriber bug")

    store.subscribe(broken)
    unsubscribe = store.subscribe(lambda s, changed: seen.append((s, changed)))

    store.update(keep_local_broker=True, log_buffer_lines=5000)  # the second is unchanged
    assert seen == [(store.settings, {"keep_local_broker"})]
    assert calls == ["broken"]
    assert SettingsStore(settings_path).load().keep_local_broker is True

    store.update(keep_local_broker=True)  # no change: no save, no notice
    assert len(seen) == 1

    cases: list[tuple[dict[str, Any], str]] = [
        ({"no_such_setting": 1}, "unknown setting 'no_such_setting'"),
        ({"schema_version": 2}, "unknown setting 'schema_version'"),
        ({"local_broker_port": 70000}, "'local_broker_port' must be a port"),
        ({"local_broker_port": True}, "'local_broker_port' must be a whole number"),
        ({"stop_grace_seconds": float("nan")}, "'stop_grace_seconds' must be between"),
        ({"display_timezone": "Nowhere/City"}, "'display_timezone' must be"),
        ({"keep_local_broker": None}, "'keep_local_broker' must be true or false"),
        ({"language": "klingon!"}, "'language' must be"),
    ]
    for bad, message in cases:
        with pytest.raises(SettingsError, match=message):
            store.update(active_profile="should-not-apply", **bad)
    assert store.settings.active_profile is None
    assert SettingsStore(settings_path).load().active_profile is None

    store.update(display_timezone="Europe/Paris", local_broker_port=None)
    assert seen[-1][1] == {"display_timezone"}
    unsubscribe()
    store.update(display_timezone="UTC")
    assert seen[-1][1] == {"display_timezone"} and len(seen) == 2


def test_two_writers_do_not_undo_each_other(settings_path: Path) -> None:
    first, second = SettingsStore(settings_path), SettingsStore(settings_path)
    first.load()
    second.load()
    seen: list[set[str]] = []
    second.subscribe(lambda settings, changed: seen.append(changed))
    first.update(keep_local_broker=True)
    second.update(language="en")
    final = SettingsStore(settings_path).load()
    assert final.keep_local_broker is True and final.language == "en"
    assert seen == [{"keep_local_broker", "language"}]


def test_update_before_load_keeps_the_file(settings_path: Path) -> None:
    _write(settings_path, {"schema_version": 1, "log_buffer_lines": 777})
    store = SettingsStore(settings_path)
    store.update(language="en")
    assert SettingsStore(settings_path).load().log_buffer_lines == 777
    assert SettingsStore(settings_path).settings.language == "en"  # loads on first use


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Settings().keep_local_broker = True  # type: ignore[misc]
