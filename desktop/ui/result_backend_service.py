"""The connected profile's result backend, worked out once per connection.

Catch-up's backfill, retry's originals and the detail's progress all read the result
backend, which for a user's project is what its ``result_backend`` says, not the broker
(:mod:`desktop.core.project.result_backend`). A project is read by running its own
interpreter (a second, a Django project more), so this happens off the GUI thread; what it
said last time is remembered (:mod:`desktop.core.project.backend_memo`) so a connection
uses that at once and reads the project again in the background for the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop.core.profiles import ConnectionProfile
from desktop.core.project.backend_memo import ProjectBackend, remember, remembered
from desktop.core.project.config import ProjectConfig
from desktop.core.project.facts import ProjectFacts, read_project_facts
from desktop.core.project.result_backend import (
    ResultBackend,
    backfill_note,
    resolve_result_backend,
)
from desktop.ui.background import BackgroundRunner

log = logging.getLogger("celery_desk.monitor")

#: How long a connection waits for a project never read before: then the broker, as a guess.
FACTS_TIMEOUT_S = 30.0
FactsReader = Callable[[ProjectConfig], ProjectFacts]


def _read(project: ProjectConfig) -> ProjectFacts:
    return read_project_facts(project, timeout=FACTS_TIMEOUT_S)


class ResultBackendService(QObject):
    """Resolves the result backend of the profile being connected; ``current`` is the answer.

    Signals:
        resolved(object): the :class:`ResultBackend` of the connection just made.
    """

    resolved = Signal(object)

    def __init__(
        self,
        runner: BackgroundRunner,
        override: Callable[[ConnectionProfile], str | None] | None = None,
        read_facts: FactsReader = _read,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._override = override or (lambda _profile: None)
        self._read_facts = read_facts
        self._generation = 0
        self.current: ResultBackend | None = None

    @property
    def url(self) -> str | None:
        """The backend to read now; None when disconnected or when there is none to read."""
        return self.current.url if self.current is not None else None

    def resolve(
        self, profile: ConnectionProfile, broker_url: str, then: Callable[[ResultBackend], None]
    ) -> None:
        """Work out ``profile``'s backend on ``broker_url``, then ``then(backend)`` on the GUI
        thread: at once when nothing (or only a remembered answer) is needed."""
        self._generation += 1
        generation = self._generation
        project = profile.project
        override = self._override(profile)
        if override or project is None or project.is_demo:
            backend = resolve_result_backend(broker_url, has_project=False, override=override)
            self._done(generation, backend, then)
            return
        known = remembered(profile.name, project)
        if known is not None:
            self._done(generation, _from(broker_url, known), then)

        def read() -> ProjectBackend | None:
            facts = self._read_facts(project)
            return remember(profile.name, project, facts) if facts.ok else None

        def on_read(found: object) -> None:
            fresh = found if isinstance(found, ProjectBackend) else None
            backend = _from(broker_url, fresh)
            if known is None:
                self._done(generation, backend, then)
            elif fresh is not None and fresh != known:
                log.info("the project's result backend changed; the next connection uses it")

        def on_error(error: BaseException) -> None:
            log.warning("cannot read the project: %s", error)
            on_read(None)

        self._runner.submit(read, on_read, on_error)

    def forget(self) -> None:
        """Disconnected: answers still to come are dropped."""
        self._generation += 1
        self.current = None

    def _done(
        self, generation: int, backend: ResultBackend, then: Callable[[ResultBackend], None]
    ) -> None:
        if generation != self._generation:
            return  # another connection (or none) since
        self.current = backend
        log.info("%s", backfill_note(backend))  # masked: never a password
        then(backend)
        self.resolved.emit(backend)


def _from(broker_url: str, known: ProjectBackend | None) -> ResultBackend:
    if known is None:
        return resolve_result_backend(broker_url, has_project=True, facts_known=False)
    return resolve_result_backend(
        broker_url,
        has_project=True,
        project_backend=known.result_backend,
        project_broker=known.broker_url,
    )
