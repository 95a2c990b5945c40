"""What the result backend says about a running task: its state and meta, e.g. PROGRESS.

``Task.update_state(state="PROGRESS", meta={...})`` writes to the result backend only; no
event carries it (docs/facts.md), so a monitor fed by events alone never sees the progress of the
most common progress pattern. The task detail therefore asks the backend, for the one task
shown, while it runs: the profile's result backend
(:func:`~desktop.core.project.result_backend.resolve_result_backend`), as for retries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.control.actions import close_control_app, control_app
from desktop.core.events.model import progress_of

if TYPE_CHECKING:
    from celery import Celery


@dataclass(frozen=True, slots=True)
class BackendState:
    """One task's entry in the result backend."""

    task_id: str
    status: str
    meta: Any

    def progress(self) -> tuple[float, float] | None:
        return progress_of(self.meta)


class BackendStateReader:
    """Reads task states from the result backend at ``backend_url`` (``url``: the broker's,
    which the app needs to exist but never uses here); safe to call from pool threads."""

    def __init__(self, url: str, backend_url: str | None = None) -> None:
        self.url = url
        self.backend_url = backend_url or url
        self._app: Celery = control_app(url, result_backend=self.backend_url)

    def read(self, task_id: str) -> BackendState | None:
        """The stored state of ``task_id``; None when the backend holds nothing for it."""
        meta = self._app.AsyncResult(task_id)._get_task_meta()
        status = meta.get("status") if isinstance(meta, dict) else None
        if not isinstance(status, str) or status == "PENDING":
            return None  # the backend's answer for "never heard of it"
        return BackendState(task_id, status, meta.get("result"))

    def close(self) -> None:
        close_control_app(self._app)
