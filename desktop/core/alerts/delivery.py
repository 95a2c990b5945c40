"""Sending webhooks on a thread of their own, with retries and backoff, each attempt logged.

:meth:`WebhookSender.submit` only queues: the GUI thread never waits on a network. The
sender thread posts each delivery, reads the answer (:func:`~desktop.core.alerts.webhooks.
read_answer`) and tries again after ``backoff`` seconds, doubling up to ``max_backoff``
(or after the server's ``Retry-After``), at most ``attempts`` times. Each attempt and its
answer go to the log with the webhook's kind and host, never its URL path, query or secret.
``on_result`` is called on the sender thread with the final :class:`DeliveryResult`.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.alerts.rules import WebhookKind
from desktop.core.alerts.webhooks import (
    Answer,
    WebhookCredentials,
    WebhookMessage,
    prepare,
    read_answer,
    where,
)

log = logging.getLogger("celery_desk.alerts.webhooks")

TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Delivery:
    kind: WebhookKind
    credentials: WebhookCredentials = field(repr=False)
    message: WebhookMessage
    label: str  # rule and webhook, for the log and the UI


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    delivery: Delivery
    ok: bool
    attempts: int
    detail: str


Post = Callable[[str, bytes, dict[str, str], float], tuple[int, bytes, str | None]]


def http_post(
    url: str, body: bytes, headers: dict[str, str], timeout: float
) -> tuple[int, bytes, str | None]:
    """POST and return ``(status, body, Retry-After)``; status 0 when nothing answered."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(65536), response.headers.get("Retry-After")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(65536), exc.headers.get("Retry-After")
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return 0, f"{type(exc).__name__}: {reason}".encode(), None


class WebhookSender:
    """One daemon thread delivering queued webhooks in order."""

    def __init__(
        self,
        on_result: Callable[[DeliveryResult], None] | None = None,
        *,
        attempts: int = 5,
        backoff: float = 2.0,
        max_backoff: float = 60.0,
        post: Post = http_post,
        sleep: Callable[[float], bool] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.on_result = on_result
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._post = post
        self._clock = clock
        self._queue: queue.Queue[Delivery | None] = queue.Queue()
        self._stopping = threading.Event()
        self._sleep = sleep or (lambda seconds: not self._stopping.wait(seconds))
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, delivery: Delivery) -> None:
        """Queue a delivery (returns at once; starts the thread on first use)."""
        with self._lock:
            if self._stopping.is_set():
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="webhook-sender", daemon=True
                )
                self._thread.start()
        self._queue.put(delivery)

    def stop(self, timeout: float = 0.0) -> None:
        """Stop after the attempt in progress; queued deliveries are dropped."""
        self._stopping.set()
        self._queue.put(None)
        thread = self._thread
        if thread is not None and timeout > 0:
            thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            delivery = self._queue.get()
            if delivery is None:
                return
            result = self.deliver(delivery)
            if self.on_result is not None and not self._stopping.is_set():
                try:
                    self.on_result(result)
                except Exception:  # the UI's callback must not end the sender
                    log.exception("webhook result callback failed")

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        """Send one delivery with retries, blocking (the sender thread, or a test)."""
        wait = self.backoff
        answer = Answer(False, False, "not sent")
        host = where(delivery.credentials.url)
        attempt = 0
        for attempt in range(1, self.attempts + 1):
            request = prepare(delivery.kind, delivery.credentials, delivery.message, self._clock())
            log.info(
                "Webhook %s (%s, %s): attempt %d of %d",
                delivery.label, delivery.kind.value, host, attempt, self.attempts,
            )  # fmt: skip
            status, body, retry_after = self._post(
                request.url, request.body, request.headers, TIMEOUT
            )
            answer = read_answer(delivery.kind, status, body, retry_after)
            level = logging.INFO if answer.ok else logging.WARNING
            log.log(
                level, "Webhook %s (%s, %s): attempt %d answered %s",
                delivery.label, delivery.kind.value, host, attempt,
                ("ok: " if answer.ok else "") + answer.detail,
            )  # fmt: skip
            if answer.ok or not answer.retry or attempt == self.attempts:
                break
            delay = min(self.max_backoff, answer.retry_after or wait)
            wait = min(self.max_backoff, wait * 2)
            if not self._sleep(delay):
                break
        return DeliveryResult(delivery, answer.ok, attempt, answer.detail)
