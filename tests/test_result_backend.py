"""Which result backend the app reads for a profile (#13): the project's, with the broker's
password where the server is the broker's; none, said plainly, when it is not Redis.

The rules run on URLs alone; catch-up, retry and progress reading the answer with a real
worker and redis-server are in tests/test_history_backend.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.project.backend_memo import memo_path, remember, remembered
from desktop.core.project.config import ProjectConfig
from desktop.core.project.facts import ProjectFacts
from desktop.core.project.result_backend import (
    BackendSource,
    backfill_note,
    redis_py_url,
    resolve_result_backend,
)

BROKER = "redis://:s3cret@localhost:6379/0"


def test_without_a_project_the_broker_is_the_backend() -> None:
    found = resolve_result_backend(BROKER, has_project=False)
    assert (found.url, found.source, found.problem) == (BROKER, BackendSource.BROKER, None)
    assert "s3cret" not in found.shown and "s3cret" not in backfill_note(found)


@pytest.mark.parametrize(
    ("backend", "broker", "wanted"),
    [
        # Django's usual: results on db 1 of the broker's server, password masked
        ("redis://:***@localhost:6379/1", None, "redis://:s3cret@localhost:6379/1"),
        ("redis://:***@127.0.0.1:6379/2", None, "redis://:s3cret@localhost:6379/2"),
        # the project's broker and backend on a server the profile reaches through a tunnel
        (
            "redis://:***@redis.internal:6379/1",
            "redis://:***@redis.internal:6379/0",
            "redis://:s3cret@localhost:6379/1",
        ),
        # another server without a password: as the project says
        ("redis://cache.internal:6380/3", None, "redis://cache.internal:6380/3"),
    ],
)
def test_a_projects_redis_backend_is_read_where_the_project_keeps_it(
    backend: str, broker: str | None, wanted: str
) -> None:
    found = resolve_result_backend(
        BROKER, has_project=True, project_backend=backend, project_broker=broker
    )
    assert (found.url, found.source, found.problem) == (wanted, BackendSource.PROJECT, None)
    assert "s3cret" not in found.shown


def test_a_masked_password_for_another_server_must_come_from_the_user() -> None:
    found = resolve_result_backend(
        BROKER, has_project=True, project_backend="redis://:***@results.internal:6379/1"
    )
    assert found.url is None
    assert found.problem == (
        "backfill unavailable: the result backend redis://:****@results.internal:6379/1 needs "
        "its password; enter it as the profile's result backend"
    )
    given = resolve_result_backend(
        BROKER, has_project=True, project_backend="redis://:***@results.internal:6379/1",
        override="redis://:other@results.internal:6379/1",
    )  # fmt: skip
    assert given.url == "redis://:other@results.internal:6379/1"
    assert given.source is BackendSource.OVERRIDE


@pytest.mark.parametrize(
    ("backend", "named"),
    [
        ("django-db", "django-db"),
        ("rpc://", "rpc://"),
        ("rpc:", "rpc://"),  # how the helper's masking leaves a bare rpc://
        ("db+postgresql://app:***@db.internal/app", "db+postgresql://"),
        ("sentinel://:***@s1:26379;sentinel://:***@s2:26379", "sentinel://"),
    ],
)
def test_a_backend_that_is_not_redis_means_no_backfill_said_plainly(
    backend: str, named: str
) -> None:
    found = resolve_result_backend(BROKER, has_project=True, project_backend=backend)
    assert found.url is None
    assert found.problem == f"backfill unavailable: the result backend is {named}"
    assert backfill_note(found) == found.problem
    assert "***" not in found.problem and "app:" not in found.problem


def test_no_backend_and_an_unreadable_project() -> None:
    none = resolve_result_backend(BROKER, has_project=True, project_backend=None)
    assert none.url is None
    assert none.problem == "backfill unavailable: the project has no result backend"
    guess = resolve_result_backend(BROKER, has_project=True, facts_known=False)
    assert (guess.url, guess.source) == (BROKER, BackendSource.GUESS)
    assert backfill_note(guess) == (
        "backfill reads the broker's db redis://:****@localhost:6379/0: the project could not "
        "be read"
    )


def test_a_socket_backend_is_given_to_redis_py_as_unix() -> None:
    found = resolve_result_backend(
        "redis+socket:///run/redis.sock", has_project=True,
        project_backend="redis+socket:///run/redis.sock?virtual_host=4",
    )  # fmt: skip
    assert found.url is not None and redis_py_url(found.url) == "unix:///run/redis.sock?db=4"


def test_the_memo_keeps_masked_urls_for_this_project_only(app_home: Path) -> None:
    proj = ProjectConfig(app_module="proj", workdir="/srv/shop")
    facts = ProjectFacts(
        ok=True, result_backend="redis://:***@localhost:6379/1",
        broker_url="redis://:***@localhost:6379/0",
    )  # fmt: skip
    remember("Shop", proj, facts)
    found = remembered("Shop", proj)
    assert found is not None and found.result_backend == "redis://:****@localhost:6379/1"
    assert remembered("Shop", ProjectConfig(app_module="proj", workdir="/srv/other")) is None
    assert remembered("Other", proj) is None
    text = memo_path().read_text()
    assert "***@" in text and json.loads(text)["profiles"]["Shop"]["project"]
