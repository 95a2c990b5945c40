"""Probing a non-Redis broker through kombu, best effort: only "can we connect" is checked.

Kept apart from :mod:`desktop.core.broker.probe` so probing Redis never imports kombu's
transport machinery.
"""

from __future__ import annotations

import errno
import socket
import time
from typing import Any

from desktop.core.broker.probe_result import (
    ProbeFailure,
    ProbeResult,
    cannot_connect_message,
    refused_message,
    timed_out_message,
    unknown_host_message,
)
from desktop.core.broker.url import BrokerUrl
from desktop.core.i18n import translate


def probe_kombu(parsed: BrokerUrl, timeout: float) -> ProbeResult:
    """Connect with kombu (one attempt) and close again."""
    from kombu import connection as kombu_connection

    connection_class: Any = kombu_connection.Connection  # kombu is untyped
    if parsed.scheme == "memory":
        return ProbeResult(
            False,
            ProbeFailure.UNSUPPORTED,
            translate(
                "BrokerProbe",
                "memory:// lives inside one process: workers and the app cannot share it",
            ),
        )
    try:
        connection = connection_class(parsed.to_url(), connect_timeout=timeout)
    except ImportError as exc:
        return _missing_library(parsed, exc)
    except Exception as exc:
        text = translate("BrokerProbe", "Cannot use {0}://: {1}")
        return ProbeResult(False, ProbeFailure.UNSUPPORTED, text.format(parsed.scheme, exc))
    try:
        started = time.perf_counter()
        connection.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, interval_max=0, timeout=timeout
        )
        latency_ms = (time.perf_counter() - started) * 1000
        server = _server_name(parsed, connection.connection)
    except ImportError as exc:
        return _missing_library(parsed, exc)
    except Exception as exc:
        return _classify(exc, parsed, timeout)
    finally:
        connection.release()
    message = translate("BrokerProbe", "Connected to {0} ({1})").format(parsed.address, server)
    return ProbeResult(True, None, message, server, round(latency_ms, 1))


def _missing_library(parsed: BrokerUrl, exc: ImportError) -> ProbeResult:
    package = exc.name or str(exc)
    text = translate(
        "BrokerProbe",
        "The {0}:// transport needs the Python package '{1}', which is not installed",
    )
    return ProbeResult(False, ProbeFailure.UNSUPPORTED, text.format(parsed.scheme, package))


def _server_name(parsed: BrokerUrl, raw_connection: Any) -> str:
    properties = getattr(raw_connection, "server_properties", None) or {}
    product = properties.get("product")
    version = properties.get("version")
    if product:
        text = " ".join(
            v.decode() if isinstance(v, bytes) else str(v) for v in (product, version) if v
        )
        return text
    return translate("BrokerProbe", "{0} broker").format(parsed.scheme)


def _classify(exc: Exception, parsed: BrokerUrl, timeout: float) -> ProbeResult:
    where = parsed.address
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = {type(e).__name__ for e in chain}
    if names & {"AccessRefused", "AuthenticationError"}:
        text = translate("BrokerProbe", "Authentication failed: wrong password or user")
        return ProbeResult(False, ProbeFailure.AUTH, text)
    for error in chain:
        if isinstance(error, socket.gaierror):
            return ProbeResult(False, ProbeFailure.DNS, unknown_host_message(parsed.host))
        if isinstance(error, TimeoutError | socket.timeout):
            return ProbeResult(False, ProbeFailure.TIMEOUT, timed_out_message(where, timeout))
        if isinstance(error, OSError) and error.errno == errno.ECONNREFUSED:
            return ProbeResult(False, ProbeFailure.REFUSED, refused_message(where))
    if any("ssl" in name.lower() for name in names):
        text = translate("BrokerProbe", "TLS handshake failed: {0}").format(chain[-1])
        return ProbeResult(False, ProbeFailure.TLS, text)
    return ProbeResult(False, ProbeFailure.OTHER, cannot_connect_message(where, chain[-1]))
