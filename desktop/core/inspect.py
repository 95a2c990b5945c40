"""Asking one worker about itself through Celery's remote control (``inspect``), Qt-free.

:class:`WorkerInspector` holds a small Celery app for a broker URL and runs the inspect calls
(stats, active, reserved, ...) for one destination. The calls run in parallel on a private
thread pool, so a worker that does not answer costs about one ``timeout`` in all, not one per
call. Every outcome is a plain value: the worker's reply (JSON-decoded dicts and lists) or a
one-line error, "no reply within 2 s" when the worker stayed silent. Nothing here raises.

The UI calls :meth:`WorkerInspector.inspect` off the GUI thread (it blocks for up to about
``timeout`` seconds plus a broker connect).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.i18n import translate
from desktop.core.redact import redact_text

if TYPE_CHECKING:
    from celery import Celery
    from celery.app.control import Inspect

log = logging.getLogger("desktop.inspect")

#: The inspect calls the worker detail shows, in tab order.
CALLS: tuple[str, ...] = (
    "stats",
    "active",
    "reserved",
    "scheduled",
    "revoked",
    "registered",
    "active_queues",
    "conf",
)

_CALLERS: dict[str, Callable[[Inspect], Any]] = {
    "stats": lambda i: i.stats(),
    "active": lambda i: i.active(),
    "reserved": lambda i: i.reserved(),
    "scheduled": lambda i: i.scheduled(),
    "revoked": lambda i: i.revoked(),
    "registered": lambda i: i.registered(),
    "active_queues": lambda i: i.active_queues(),
    "conf": lambda i: i.conf(with_defaults=False),
}


def describe_timeout(timeout: float) -> str:
    """``no reply within 2 s`` (integral seconds without decimals)."""
    return translate("Inspect", "no reply within {0} s").format(f"{timeout:g}")


@dataclass(frozen=True, slots=True)
class CallResult:
    """One inspect call: the worker's reply, or why there is none."""

    call: str
    reply: Any = None
    error: str | None = None
    timed_out: bool = False
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class InspectReport:
    """The outcome of the inspect calls for one worker; ``results`` in call order."""

    hostname: str
    timeout: float
    results: dict[str, CallResult] = field(default_factory=dict)
    finished_at: float = 0.0

    @property
    def answered(self) -> bool:
        """True when at least one call got a reply."""
        return any(result.ok for result in self.results.values())

    @property
    def all_timed_out(self) -> bool:
        return bool(self.results) and all(r.timed_out for r in self.results.values())


@dataclass(frozen=True, slots=True)
class BroadcastReply:
    """Replies of every worker that answered a broadcast, by hostname, or an error."""

    replies: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def pool_summary(stats: object) -> tuple[str | None, int | None] | None:
    """``("prefork", 8)`` from an ``inspect stats`` reply; None when it has no pool section."""
    pool = stats.get("pool") if isinstance(stats, dict) else None
    if not isinstance(pool, dict):
        return None
    implementation = pool.get("implementation")  # "celery.concurrency.prefork:TaskPool"
    kind = None
    if isinstance(implementation, str) and implementation:
        kind = implementation.partition(":")[0].rsplit(".", 1)[-1] or None
    concurrency = pool.get("max-concurrency")
    return kind, concurrency if isinstance(concurrency, int) else None


def make_control_app(broker_url: str, connect_timeout: float = 2.0) -> Celery:
    """A minimal Celery app that only talks to ``broker_url`` (no backend, not current)."""
    from celery import Celery

    app = Celery("celery-desk-inspect", set_as_current=False)
    app.conf.update(
        broker_url=broker_url,
        broker_connection_timeout=connect_timeout,
        accept_content=["json"],
        result_backend=None,
    )
    return app


def _error_text(exc: BaseException) -> str:
    text = str(exc).strip()
    return redact_text(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


class WorkerInspector:
    """Runs inspect calls against one broker; safe to call from several threads at once.

    Either give a ``broker_url`` (the inspector builds and owns its app) or an ``app``.
    """

    def __init__(
        self,
        broker_url: str | None = None,
        *,
        app: Celery | None = None,
        connect_timeout: float = 2.0,
    ) -> None:
        if app is None:
            if not broker_url:
                raise ValueError("WorkerInspector needs a broker URL or a Celery app")
            app = make_control_app(broker_url, connect_timeout)
            self._owns_app = True
        else:
            self._owns_app = False
        self.app = app
        self.connect_timeout = connect_timeout
        self._pool = ThreadPoolExecutor(max_workers=len(CALLS), thread_name_prefix="inspect")
        self._lock = threading.Lock()
        self._closed = False

    # -- calls ----------------------------------------------------------------------------

    def inspect(
        self, hostname: str, calls: Sequence[str] = CALLS, timeout: float = 2.0
    ) -> InspectReport:
        """Run ``calls`` against ``hostname`` in parallel; blocks about ``timeout`` at most."""
        unknown = [c for c in calls if c not in _CALLERS]
        results: dict[str, CallResult] = {
            c: CallResult(c, error=translate("Inspect", "unknown inspect call '{0}'").format(c))
            for c in unknown
        }
        wanted = [c for c in calls if c in _CALLERS]
        problem = self._connection_problem()
        if problem is not None:
            results.update({c: CallResult(c, error=problem) for c in wanted})
            return self._report(hostname, timeout, calls, results)
        try:
            with self._lock:
                if self._closed:
                    raise RuntimeError("the inspector is closed")
                futures = {
                    c: self._pool.submit(self._one_call, hostname, c, timeout) for c in wanted
                }
        except RuntimeError as exc:  # closed (or the pool shut down) meanwhile
            results.update({c: CallResult(c, error=_error_text(exc)) for c in wanted})
            return self._report(hostname, timeout, calls, results)
        for call, future in futures.items():
            # each call ends by itself after ``timeout``; the extra margin covers a publish
            try:
                results[call] = future.result(timeout=timeout + self.connect_timeout * 2 + 5)
            except Exception as exc:  # a stuck publish: report it, leave the thread be
                results[call] = CallResult(call, error=_error_text(exc), timed_out=True)
        return self._report(hostname, timeout, calls, results)

    def stats_all(self, timeout: float = 1.0) -> BroadcastReply:
        """``inspect stats`` broadcast to every worker (for pool and concurrency columns)."""
        problem = self._connection_problem()
        if problem is not None:
            return BroadcastReply(error=problem)
        try:
            replies = self.app.control.inspect(timeout=timeout).stats()
        except Exception as exc:  # broker trouble: the caller shows it and tries later
            return BroadcastReply(error=_error_text(exc))
        return BroadcastReply(replies=dict(replies or {}))

    def _one_call(self, hostname: str, call: str, timeout: float) -> CallResult:
        started = time.monotonic()
        try:
            inspector = self.app.control.inspect(destination=[hostname], timeout=timeout)
            replies = _CALLERS[call](inspector)
        except Exception as exc:  # every failure becomes this call's error text
            log.debug("inspect %s on %s failed", call, hostname, exc_info=True)
            return CallResult(call, error=_error_text(exc), elapsed=time.monotonic() - started)
        elapsed = time.monotonic() - started
        if not replies or hostname not in replies:
            return CallResult(
                call, error=describe_timeout(timeout), timed_out=True, elapsed=elapsed
            )
        reply = replies[hostname]
        if isinstance(reply, dict) and set(reply) == {"error"}:
            error = translate("Inspect", "worker said: {0}").format(reply["error"])
            return CallResult(call, error=error, elapsed=elapsed)
        return CallResult(call, reply=reply, elapsed=elapsed)

    def _connection_problem(self) -> str | None:
        """None when the broker accepts a connection, else why not (a short wait at most)."""
        try:
            with self.app.connection_for_write() as conn:
                conn.ensure_connection(
                    max_retries=1, interval_start=0.25, timeout=self.connect_timeout
                )
        except Exception as exc:  # refused, DNS, auth, TLS...: one message for every call
            return translate("Inspect", "cannot reach the broker: {0}").format(_error_text(exc))
        return None

    @staticmethod
    def _report(
        hostname: str, timeout: float, calls: Sequence[str], results: dict[str, CallResult]
    ) -> InspectReport:
        ordered = {c: results[c] for c in calls if c in results}
        return InspectReport(hostname, timeout, ordered, finished_at=time.time())

    # -- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        """Stop taking calls; running ones end by their own timeout. Never blocks long."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._owns_app:
            # Celery keeps broker connections in kombu's process-wide pools, shared by every
            # app on the same URL (the event monitor's too): closing them here could cut a
            # connection another thread is reading. close() only drops this app's handle.
            self.app.close()

    def __enter__(self) -> WorkerInspector:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
