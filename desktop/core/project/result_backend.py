"""Which result backend the app reads for a profile: backfill, retry's originals, progress.

Celery keeps results where the project's ``result_backend`` says, which is often not the
broker: a Django project keeps them in another Redis db (``redis://localhost:6379/1`` beside
a broker on db 0), on another host, or somewhere that is not Redis at all (``django-db``,
``rpc://``, a SQL database). :func:`resolve_result_backend` decides, without Qt:

1. A URL the user gave in the profile (its password from the keychain) wins.
2. A profile without a project (the demo, a bare broker): the broker's URL. The demo app
   keeps its results there; for a bare broker nobody can say otherwise.
3. A project: its ``result_backend`` as the project helper reported it.

   - Redis (``redis://``, ``rediss://``, ``unix://``, ``redis+socket://``): read there. The
     helper masks passwords. On the server of the broker (the profile's, or the project's
     own broker address) the profile's broker password (and address: a tunnel, say) is the
     one; a masked password for another server can only come from the user.
   - No backend (the project keeps no results), or another kind: nothing to read, and the
     ``problem`` says so plainly ("backfill unavailable: the result backend is django-db").
   - The project could not be read: the broker, as a guess the ``note`` admits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from desktop.core.broker.url import BrokerUrl, BrokerUrlError, parse_broker_url
from desktop.core.broker.url_password import mask_url
from desktop.core.i18n import translate

#: How the project helper (``***``) and the app (``****``) show a hidden password.
_MASKS = frozenset({"***", "****"})
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", ""})


class BackendSource(StrEnum):
    """Where the answer came from."""

    OVERRIDE = "override"  # the user's own URL in the profile
    BROKER = "broker"  # no project to ask: the broker's URL
    PROJECT = "project"  # the project's result_backend
    GUESS = "guess"  # the project could not be read: the broker, as a guess


@dataclass(frozen=True, slots=True)
class ResultBackend:
    """The result backend to read. ``url`` may hold a password: never log or show it;
    ``shown`` is the same with the password masked. ``url`` None: nothing to read, and
    ``problem`` says why in the user's language."""

    url: str | None
    shown: str
    source: BackendSource
    problem: str | None = None

    @property
    def readable(self) -> bool:
        return self.url is not None


def resolve_result_backend(
    broker_url: str,
    *,
    has_project: bool,
    project_backend: str | None = None,
    project_broker: str | None = None,
    facts_known: bool = True,
    override: str | None = None,
) -> ResultBackend:
    """The backend to read for a profile on ``broker_url`` (module docstring).

    ``project_backend`` and ``project_broker`` are the project's ``result_backend`` and
    ``broker_url`` as the helper reported them (passwords masked); ``facts_known`` False when
    the helper could not read the project; ``override`` the user's URL, password joined in.
    """
    if override:
        return _redis_or_problem(override, BackendSource.OVERRIDE)
    if not has_project:
        return ResultBackend(broker_url, mask_url(broker_url), BackendSource.BROKER)
    if not facts_known:
        return ResultBackend(broker_url, mask_url(broker_url), BackendSource.GUESS)
    return _from_project(broker_url, project_backend, project_broker)


def _from_project(
    broker_url: str, project_backend: str | None, project_broker: str | None
) -> ResultBackend:
    if not project_backend or project_backend.strip().lower() in ("disabled", "none"):
        problem = translate("ResultBackend", "backfill unavailable: the project has no result "
                            "backend")  # fmt: skip
        return ResultBackend(None, "", BackendSource.PROJECT, problem)
    backend = _parse(project_backend)
    if backend is None:
        return _unavailable(project_backend, BackendSource.PROJECT)
    broker = _parse(broker_url)
    if broker is not None and _same_server(backend, broker, _parse(project_broker or "")):
        # The broker's server, seen from here: the profile's address and password, the
        # backend's db (a tunnel or another host name must not send us elsewhere).
        backend = replace(broker, db=backend.db, query=_db_query(broker, backend.db))
        return _readable(backend, BackendSource.PROJECT)
    if backend.password in _MASKS:
        problem = translate(
            "ResultBackend",
            "backfill unavailable: the result backend {0} needs its password; enter it as the "
            "profile's result backend",
        ).format(mask_url(backend.to_url()))
        return ResultBackend(None, mask_url(backend.to_url()), BackendSource.PROJECT, problem)
    return _readable(backend, BackendSource.PROJECT)


def scheme_of(url: str) -> str:
    """``django-db``, ``rpc://``, ``db+postgresql://``...: what a backend is, no secrets."""
    text = url.strip()
    if "://" in text:
        return text.partition("://")[0] + "://"
    # the helper's masking turns a bare "rpc://" into "rpc:" (urlunsplit drops an empty host)
    return text + "//" if text.endswith(":") and ":" not in text[:-1] else text


def _parse(url: str) -> BrokerUrl | None:
    """A Redis URL parsed; None for anything else (or nothing)."""
    if not url or ";" in url:
        return None
    try:
        parsed = parse_broker_url(url)
    except BrokerUrlError:
        return None
    return parsed if parsed.is_redis else None


def _redis_or_problem(url: str, source: BackendSource) -> ResultBackend:
    parsed = _parse(url)
    return _readable(parsed, source) if parsed is not None else _unavailable(url, source)


def _unavailable(url: str, source: BackendSource) -> ResultBackend:
    problem = translate("ResultBackend", "backfill unavailable: the result backend is {0}")
    return ResultBackend(None, scheme_of(url), source, problem.format(scheme_of(url)))


def _readable(backend: BrokerUrl, source: BackendSource) -> ResultBackend:
    url = backend.to_url()
    return ResultBackend(url, mask_url(url), source)


def redis_py_url(url: str) -> str:
    """``url`` as redis-py reads it: kombu's and Celery's ``redis+socket://path?virtual_host=N``
    becomes ``unix://path?db=N``; anything else is left as it is."""
    try:
        parsed = parse_broker_url(url)
    except BrokerUrlError:
        return url
    if parsed.scheme != "redis+socket":
        return url
    return replace(parsed, scheme="unix", query=_db_query(parsed, parsed.db, "db")).to_url()


def _db_query(
    parsed: BrokerUrl, db: int | None, key: str | None = None
) -> tuple[tuple[str, str], ...]:
    """A socket URL's query with its db set (TCP URLs carry it in the path)."""
    if not parsed.is_socket:
        return parsed.query
    key = key or ("virtual_host" if parsed.scheme == "redis+socket" else "db")
    kept = tuple((k, v) for k, v in parsed.query if k not in ("db", "virtual_host"))
    return (*kept, (key, str(db or 0)))


def _server(parsed: BrokerUrl) -> tuple[str, ...]:
    if parsed.socket_path is not None:
        return ("socket", parsed.socket_path)
    host = parsed.host.lower()
    return ("tcp", "localhost" if host in _LOOPBACK else host, str(parsed.port or 6379))


def _same_server(backend: BrokerUrl, broker: BrokerUrl, project_broker: BrokerUrl | None) -> bool:
    where = _server(backend)
    return where == _server(broker) or (
        project_broker is not None and where == _server(project_broker)
    )


def backfill_note(backend: ResultBackend) -> str:
    """One line for the coverage strip and the log: where backfill reads, or why it cannot."""
    if backend.problem:
        return backend.problem
    if backend.source is BackendSource.GUESS:
        text = translate(
            "ResultBackend", "backfill reads the broker's db {0}: the project could not be read"
        )
        return text.format(backend.shown)
    return translate("ResultBackend", "backfill reads the result backend {0}").format(backend.shown)
