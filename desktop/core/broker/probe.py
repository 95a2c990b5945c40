"""Is the broker there? One blocking probe with a typed outcome and a one-line message.

The UI runs :func:`probe_broker` off the GUI thread. Redis URLs are probed with redis-py
(PING, then INFO for the version); other transports through kombu, best effort. The message
never holds the password: it names the broker by its masked URL or its address only.
"""

from __future__ import annotations

import errno
import socket
import ssl
import time
from collections.abc import Iterator
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from desktop.core.broker.probe_kombu import probe_kombu
from desktop.core.broker.probe_result import (
    ProbeFailure,
    ProbeResult,
    cannot_connect_message,
    refused_message,
    timed_out_message,
    unknown_host_message,
)
from desktop.core.broker.url import MASK, BrokerUrl, BrokerUrlError, parse_broker_url
from desktop.core.i18n import translate
from desktop.core.redact import redact_text

__all__ = ["ProbeFailure", "ProbeResult", "probe_broker", "redis_client_kwargs"]


def probe_broker(url: str, timeout: float = 3.0) -> ProbeResult:
    """Connect to ``url`` once, within about ``timeout`` seconds, and say how it went."""
    try:
        parsed = parse_broker_url(url)
    except BrokerUrlError as exc:
        message = translate("BrokerProbe", "Bad broker URL: {0}").format(exc)
        return ProbeResult(False, ProbeFailure.BAD_URL, message)
    result = _probe_redis(parsed, timeout) if parsed.is_redis else probe_kombu(parsed, timeout)
    return _scrub(result, parsed.password)


# -- Redis -------------------------------------------------------------------------------------


def redis_client_kwargs(parsed: BrokerUrl, timeout: float) -> dict[str, Any]:
    """Keyword arguments for ``redis.Redis`` equivalent to ``parsed``, failing fast."""
    kwargs: dict[str, Any] = {
        "db": parsed.db or 0,
        "username": parsed.username,
        "password": parsed.password,
        "socket_timeout": timeout,
        # One attempt: the caller decides about retrying, and a refused probe answers at once.
        "retry": Retry(NoBackoff(), 0),
    }
    if parsed.socket_path is not None:
        kwargs["unix_socket_path"] = parsed.socket_path
        return kwargs
    kwargs.update(
        host=parsed.host or "localhost",
        port=parsed.port or 6379,
        socket_connect_timeout=timeout,
    )
    if parsed.tls:
        kwargs["ssl"] = True
        for key, value in parsed.query:
            if key == "ssl_cert_reqs":
                kwargs[key] = value.lower().removeprefix("cert_")
            elif key == "ssl_check_hostname":
                kwargs[key] = value.lower() in ("true", "yes", "1", "on")
            elif key in ("ssl_ca_certs", "ssl_certfile", "ssl_keyfile", "ssl_ca_path"):
                kwargs[key] = value
    return kwargs


def _probe_redis(parsed: BrokerUrl, timeout: float) -> ProbeResult:
    client = redis.Redis(**redis_client_kwargs(parsed, timeout))
    try:
        started = time.perf_counter()
        client.ping()
        latency_ms = (time.perf_counter() - started) * 1000
        server = _server_name(client)
    except Exception as exc:
        return _classify_redis(exc, parsed, timeout)
    finally:
        client.close()
    message = translate("BrokerProbe", "Connected to {0} ({1})").format(parsed.address, server)
    return ProbeResult(True, None, message, server, round(latency_ms, 1))


def _server_name(client: redis.Redis) -> str:
    """``Redis 7.0.15`` (or ``Valkey 8.0.1``); INFO may be refused to a restricted ACL user."""
    try:
        info: dict[str, Any] = client.info("server")
    except redis.RedisError:
        return "Redis"
    name = str(info.get("server_name") or "redis").capitalize()
    version = info.get("valkey_version") or info.get("redis_version")
    return f"{name} {version}" if version else name


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _find[E: BaseException](exc: BaseException, kind: type[E]) -> E | None:
    return next((e for e in _chain(exc) if isinstance(e, kind)), None)


def _classify_redis(exc: Exception, parsed: BrokerUrl, timeout: float) -> ProbeResult:
    answered = _classify_reply(exc, parsed)
    if answered is not None:
        return answered
    tls_error = _find(exc, ssl.SSLError)
    if tls_error is not None:
        reason = getattr(tls_error, "verify_message", None) or tls_error.reason or str(tls_error)
        if "WRONG_VERSION" in str(tls_error):
            text = translate(
                "BrokerProbe", "TLS handshake failed: {0} — is it a plain redis:// server?"
            )
        else:
            text = translate("BrokerProbe", "TLS handshake failed: {0}")
        return ProbeResult(False, ProbeFailure.TLS, text.format(reason))
    timed_out = _find(exc, TimeoutError) or _find(exc, redis.TimeoutError)
    if timed_out is not None:
        return _timeout_result(parsed, timeout, timed_out)
    return _classify_os_error(exc, parsed)


def _classify_reply(exc: Exception, parsed: BrokerUrl) -> ProbeResult | None:
    """The server answered, with an error: authentication, permissions, a bad db."""
    where = parsed.address
    lowered = str(exc).lower()
    if isinstance(exc, redis.AuthenticationError | redis.AuthenticationWrongNumberOfArgsError) or (
        lowered.startswith(("noauth", "wrongpass", "invalid username-password"))
    ):
        return ProbeResult(False, ProbeFailure.AUTH, _auth_message(exc, parsed))
    if isinstance(exc, redis.exceptions.NoPermissionError):
        user = parsed.username or "default"
        text = translate("BrokerProbe", "User '{0}' may not run PING on {1}: {2}")
        return ProbeResult(False, ProbeFailure.AUTH, text.format(user, where, exc))
    if isinstance(exc, redis.ResponseError) and "db index is out of range" in lowered:
        text = translate("BrokerProbe", "Database {0} does not exist on {1}")
        return ProbeResult(False, ProbeFailure.OTHER, text.format(parsed.db, where))
    if isinstance(exc, redis.BusyLoadingError):
        text = translate("BrokerProbe", "The broker at {0} is still loading its data; retry")
        return ProbeResult(False, ProbeFailure.OTHER, text.format(where))
    return None


def _auth_message(exc: Exception, parsed: BrokerUrl) -> str:
    if isinstance(exc, redis.AuthenticationWrongNumberOfArgsError):
        return translate(
            "BrokerProbe",
            "Authentication failed: this server has no ACL users; leave the user name out",
        )
    if not parsed.password:
        if parsed.username:
            return translate(
                "BrokerProbe",
                "Authentication required: the URL has a user but no password "
                "(a password alone is written {0})",
            ).format("redis://:PASSWORD@host")
        return translate("BrokerProbe", "Authentication required: this broker needs a password")
    return translate("BrokerProbe", "Authentication failed: wrong password or user")


def _timeout_result(parsed: BrokerUrl, timeout: float, exc: BaseException) -> ProbeResult:
    where = parsed.address
    if parsed.tls and "handshake" in str(exc).lower():
        text = translate(
            "BrokerProbe",
            "TLS handshake failed: no TLS answer from {0} within {1} s"
            " — is it a plain redis:// server?",
        )
        return ProbeResult(False, ProbeFailure.TLS, text.format(where, f"{timeout:g}"))
    return ProbeResult(False, ProbeFailure.TIMEOUT, timed_out_message(where, timeout))


def _classify_os_error(exc: Exception, parsed: BrokerUrl) -> ProbeResult:
    where = parsed.address
    if _find(exc, socket.gaierror) is not None:
        return ProbeResult(False, ProbeFailure.DNS, unknown_host_message(parsed.host))
    if _find(exc, UnicodeError) is not None:
        text = translate("BrokerProbe", "'{0}' is not a valid host name")
        return ProbeResult(False, ProbeFailure.DNS, text.format(parsed.host))
    os_error = _find(exc, OSError)
    code = os_error.errno if os_error is not None else None
    if code == errno.ECONNREFUSED:
        return ProbeResult(False, ProbeFailure.REFUSED, refused_message(where))
    if code == errno.ENOENT and parsed.is_socket:
        text = translate("BrokerProbe", "No socket at {0} — is the broker running?")
        return ProbeResult(False, ProbeFailure.REFUSED, text.format(where))
    if code == errno.ENOENT and parsed.tls:
        text = translate(
            "BrokerProbe", "TLS setup failed: a certificate file in the URL is missing"
        )
        return ProbeResult(False, ProbeFailure.TLS, text)
    if os_error is not None and os_error.strerror:
        detail = os_error.strerror
    else:
        detail = str(exc) or type(exc).__name__
    return ProbeResult(False, ProbeFailure.OTHER, cannot_connect_message(where, detail))


def _scrub(result: ProbeResult, password: str | None) -> ProbeResult:
    """Belt and braces: no library message may carry the password to the status bar."""
    message = redact_text(result.message)
    if password:
        message = message.replace(password, MASK)
    if message == result.message:
        return result
    return ProbeResult(result.ok, result.failure, message, result.server, result.latency_ms)
