"""Probing a non-Redis broker through kombu, best effort: only "can we connect" is checked.

Kept apart from :mod:`desktop.core.broker.probe` so probing Redis never imports kombu's
transport machinery.
"""

from __future__ import annotations

import errno
import socket
import time
from typing import Any

from desktop.core.broker.probe_result import ProbeFailure, ProbeResult
from desktop.core.broker.url import BrokerUrl


def probe_kombu(parsed: BrokerUrl, timeout: float) -> ProbeResult:
    """Connect with kombu (one attempt) and close again."""
    from kombu import connection as kombu_connection

    connection_class: Any = kombu_connection.Connection  # kombu is untyped
    if parsed.scheme == "memory":
        return ProbeResult(
            False,
            ProbeFailure.UNSUPPORTED,
            "memory:// lives inside one process: workers and the app cannot share it",
        )
    try:
        connection = connection_class(parsed.to_url(), connect_timeout=timeout)
    except ImportError as exc:
        return _missing_library(parsed, exc)
    except Exception as exc:
        return ProbeResult(False, ProbeFailure.UNSUPPORTED, f"Cannot use {parsed.scheme}://: {exc}")
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
    return ProbeResult(
        True, None, f"Connected to {parsed.address} ({server})", server, round(latency_ms, 1)
    )


def _missing_library(parsed: BrokerUrl, exc: ImportError) -> ProbeResult:
    package = exc.name or str(exc)
    return ProbeResult(
        False,
        ProbeFailure.UNSUPPORTED,
        f"The {parsed.scheme}:// transport needs the Python package '{package}', "
        "which is not installed",
    )


def _server_name(parsed: BrokerUrl, raw_connection: Any) -> str:
    properties = getattr(raw_connection, "server_properties", None) or {}
    product = properties.get("product")
    version = properties.get("version")
    if product:
        text = " ".join(
            v.decode() if isinstance(v, bytes) else str(v) for v in (product, version) if v
        )
        return text
    return f"{parsed.scheme} broker"


def _classify(exc: Exception, parsed: BrokerUrl, timeout: float) -> ProbeResult:
    where = parsed.address
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = {type(e).__name__ for e in chain}
    if names & {"AccessRefused", "AuthenticationError"}:
        return ProbeResult(
            False, ProbeFailure.AUTH, "Authentication failed: wrong password or user"
        )
    for error in chain:
        if isinstance(error, socket.gaierror):
            return ProbeResult(
                False, ProbeFailure.DNS, f"Cannot find host '{parsed.host}' — check the host name"
            )
        if isinstance(error, TimeoutError | socket.timeout):
            return ProbeResult(
                False, ProbeFailure.TIMEOUT, f"Timed out after {timeout:g} s connecting to {where}"
            )
        if isinstance(error, OSError) and error.errno == errno.ECONNREFUSED:
            return ProbeResult(
                False,
                ProbeFailure.REFUSED,
                f"Connection refused by {where} — is the broker running?",
            )
    if any("ssl" in name.lower() for name in names):
        return ProbeResult(False, ProbeFailure.TLS, f"TLS handshake failed: {chain[-1]}")
    return ProbeResult(False, ProbeFailure.OTHER, f"Cannot connect to {where}: {chain[-1]}")
