"""Remote control of workers and tasks through Celery's broadcast API, Qt-free.

:func:`control_app` builds a small JSON-only Celery app for a broker URL (the user's project
is never imported). :class:`ControlActions` sends each command with ``reply=True`` and a
timeout and turns the answers into an :class:`ActionResult`: one reply per worker (ok text,
error text, or "no reply within N s"). Bad input and broker trouble become the result's
``error``; nothing here raises. Every call blocks for up to about ``timeout`` seconds: run it
off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from desktop.core.control.results import ActionResult, collect_replies
from desktop.core.control.validation import check_send, send_options, signal_name
from desktop.core.i18n import translate
from desktop.core.redact import redact_text

if TYPE_CHECKING:
    from celery import Celery

log = logging.getLogger("celery_desk.control")

Destination = str | Sequence[str] | None


def control_app(
    url: str,
    *,
    result_backend: str | None = None,
    transport_options: Mapping[str, Any] | None = None,
    connect_timeout: float = 2.0,
) -> Celery:
    """A JSON-only Celery app on ``url``, not made current; no result backend unless given.

    Without a backend, sending a task does not subscribe to its result (the redis backend
    would otherwise keep a pub/sub subscription per task sent).
    """
    from celery import Celery

    app = Celery("celery-desk-control", set_as_current=False)
    app.conf.update(
        broker_url=url,
        result_backend=result_backend,
        result_extended=True,
        accept_content=["json"],
        task_serializer="json",
        result_serializer="json",
        event_serializer="json",
        task_send_sent_event=True,
        broker_connection_timeout=connect_timeout,
        broker_connection_retry_on_startup=False,
        # A silent Redis must not hang a background call forever (BRPOP waits 1 s).
        broker_transport_options={
            "socket_timeout": 10.0,
            "socket_connect_timeout": connect_timeout,
            **dict(transport_options or {}),
        },
    )
    return app


def close_control_app(app: Celery) -> None:
    """Close the app's result backend connections and its broker pool; never raises."""
    try:
        if app.conf.result_backend:
            backend = app.backend
            consumer = getattr(backend, "result_consumer", None)
            if consumer is not None:
                consumer.stop()
            client = getattr(backend, "client", None)
            if client is not None:
                client.connection_pool.disconnect()
        # app.close() forgets the broker pool without closing it: that pool is kombu's,
        # shared by every app on the same URL in this process.
        app.close()
    except Exception:  # closing a broken connection: nothing left to do
        log.debug("closing the control app failed", exc_info=True)


def error_text(exc: BaseException) -> str:
    text = str(exc).strip()
    return redact_text(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


def _destinations(destination: Destination) -> list[str] | None:
    if destination is None:
        return None
    if isinstance(destination, str):
        return [destination] if destination else None
    return [d for d in destination if d] or None


class ControlActions:
    """Broadcasts control commands on ``app`` and reports each worker's reply."""

    def __init__(self, app: Celery, timeout: float = 2.0, connect_timeout: float = 2.0) -> None:
        self.app = app
        self.timeout = timeout
        self.connect_timeout = connect_timeout

    # -- tasks ---------------------------------------------------------------------------

    def revoke(
        self,
        ids: Sequence[str],
        terminate: bool = False,
        signal: str = "SIGTERM",
        destination: Destination = None,
    ) -> ActionResult:
        """Revoke (and with ``terminate`` kill the running process of) tasks by id."""
        action = "terminate" if terminate else "revoke"
        task_ids = [i.strip() for i in ids if i and i.strip()]
        signame = signal_name(signal)
        params: dict[str, Any] = {"terminate": terminate, "signal": signame or signal}
        if not task_ids:
            return ActionResult(action, (), params, error=translate("Control", "no task id given"))
        if signame is None:
            problem = translate("Control", "unknown signal {0}").format(repr(signal))
            return ActionResult(action, tuple(task_ids), params, error=problem)
        arguments = {"task_id": task_ids, "terminate": terminate, "signal": signame}
        return self._broadcast(
            action, "revoke", tuple(task_ids), destination, params=params, arguments=arguments
        )

    def send_task(
        self,
        name: str,
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        options: Mapping[str, Any] | None = None,
        *,
        action: str = "send_task",
        targets: tuple[str, ...] = (),
    ) -> ActionResult:
        """Publish task ``name``; the result names the new task id."""
        params = {"name": name, "args": args, "kwargs": kwargs or {}, "options": options or {}}
        targets = targets or (name,)
        problem = check_send(name, args, kwargs, options)
        if problem is not None:
            return ActionResult(action, targets, params, error=problem)

        def send(conn: Any) -> ActionResult:
            sent = self.app.send_task(
                name.strip(),
                args=list(args),
                kwargs=dict(kwargs or {}),
                connection=conn,
                **send_options(options),
            )
            return ActionResult(action, targets, params, task_id=str(sent.id))

        return self._connected(action, targets, params, send)

    def retry(
        self,
        name: str,
        args: Sequence[Any],
        kwargs: Mapping[str, Any] | None = None,
        options: Mapping[str, Any] | None = None,
        original_id: str | None = None,
    ) -> ActionResult:
        """Send ``name`` again (as a new task) with the original or edited arguments."""
        targets = (original_id,) if original_id else (name,)
        return self.send_task(name, args, kwargs, options, action="retry", targets=targets)

    # -- workers -------------------------------------------------------------------------

    def rate_limit(
        self, task_name: str, rate: str, destination: Destination = None
    ) -> ActionResult:
        params = {"task_name": task_name, "rate_limit": rate}
        if not task_name.strip():
            problem = translate("Control", "no task name given")
            return ActionResult("rate_limit", (), params, error=problem)
        return self._worker_command("rate_limit", destination, params)

    def time_limit(
        self,
        task_name: str,
        soft: float | None = None,
        hard: float | None = None,
        destination: Destination = None,
    ) -> ActionResult:
        params = {"task_name": task_name, "soft": soft, "hard": hard}
        if not task_name.strip():
            problem = translate("Control", "no task name given")
            return ActionResult("time_limit", (), params, error=problem)
        if any(v is not None and v <= 0 for v in (soft, hard)):
            problem = translate("Control", "time limits must be positive")
            return ActionResult("time_limit", (), params, error=problem)
        if soft is not None and hard is not None and soft > hard:
            problem = translate("Control", "the soft limit must not exceed the hard limit")
            return ActionResult("time_limit", (), params, error=problem)
        return self._worker_command("time_limit", destination, params)

    def pool_grow(self, n: int = 1, destination: Destination = None) -> ActionResult:
        return self._pool_resize("pool_grow", n, destination)

    def pool_shrink(self, n: int = 1, destination: Destination = None) -> ActionResult:
        return self._pool_resize("pool_shrink", n, destination)

    def autoscale(self, max: int, min: int, destination: Destination = None) -> ActionResult:
        params = {"max": max, "min": min}
        if min < 0 or max < 1 or min > max:
            problem = translate(
                "Control", "need 0 <= min <= max and max >= 1 (got min={0}, max={1})"
            ).format(min, max)
            return ActionResult("autoscale", (), params, error=problem)
        return self._worker_command("autoscale", destination, params)

    def add_consumer(self, queue: str, destination: Destination = None) -> ActionResult:
        return self._queue_command("add_consumer", queue, destination)

    def cancel_consumer(self, queue: str, destination: Destination = None) -> ActionResult:
        return self._queue_command("cancel_consumer", queue, destination)

    def pool_restart(self, destination: Destination = None) -> ActionResult:
        return self._worker_command("pool_restart", destination, {})

    def shutdown(self, destination: Destination = None) -> ActionResult:
        """Ask workers to shut down; they exit without replying, so none is awaited."""
        names = _destinations(destination)
        targets = tuple(names or (translate("Control", "all workers"),))

        def send(conn: Any) -> ActionResult:
            self.app.control.broadcast("shutdown", destination=names, reply=False, connection=conn)
            note = translate("Control", "shutdown sent (workers exit without replying to it)")
            return ActionResult("shutdown", targets, {}, note=note)

        return self._connected("shutdown", targets, {}, send)

    # -- plumbing ------------------------------------------------------------------------

    def _pool_resize(self, action: str, n: int, destination: Destination) -> ActionResult:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            problem = translate("Control", "n must be a positive integer, not {0}").format(repr(n))
            return ActionResult(action, (), {"n": n}, error=problem)
        return self._worker_command(action, destination, {"n": n})

    def _queue_command(self, action: str, queue: str, destination: Destination) -> ActionResult:
        if not queue.strip():
            problem = translate("Control", "no queue name given")
            return ActionResult(action, (), {"queue": queue}, error=problem)
        return self._worker_command(action, destination, {"queue": queue.strip()})

    def _worker_command(
        self, action: str, destination: Destination, params: dict[str, Any]
    ) -> ActionResult:
        names = _destinations(destination)
        targets = tuple(names or (translate("Control", "all workers"),))
        return self._broadcast(
            action, action, targets, destination, params=params, arguments=dict(params)
        )

    def _broadcast(
        self,
        action: str,
        command: str,
        targets: tuple[str, ...],
        destination: Destination,
        *,
        params: dict[str, Any],
        arguments: dict[str, Any],
    ) -> ActionResult:
        names = _destinations(destination)

        def send(conn: Any) -> ActionResult:
            raw = self.app.control.broadcast(
                command,
                arguments=arguments,
                destination=names,
                reply=True,
                timeout=self.timeout,
                limit=len(names) if names else None,
                connection=conn,
            )
            replies = collect_replies(raw, names, self.timeout)
            return ActionResult(action, targets, params, replies, timeout=self.timeout)

        return self._connected(action, targets, params, send)

    def _connected(
        self,
        action: str,
        targets: tuple[str, ...],
        params: Mapping[str, Any],
        send: Callable[[Any], ActionResult],
    ) -> ActionResult:
        """``send(connection)`` on a private connection, closed afterwards.

        Not kombu's process-wide pool: closing it would break every other app on the URL.
        """
        conn = self.app.connection_for_write()
        try:
            try:
                conn.ensure_connection(
                    max_retries=1, interval_start=0.25, timeout=self.connect_timeout
                )
            except Exception as exc:  # refused, DNS, auth, TLS: one message for the action
                problem = translate("Control", "cannot reach the broker: {0}").format(
                    error_text(exc)
                )
                return ActionResult(action, targets, params, error=problem, timeout=self.timeout)
            return send(conn)
        except Exception as exc:  # serialization, routing, broker trouble while waiting
            log.debug("%s failed", action, exc_info=True)
            return ActionResult(
                action, targets, params, error=error_text(exc), timeout=self.timeout
            )
        finally:
            conn.release()
