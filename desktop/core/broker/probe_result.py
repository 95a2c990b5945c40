"""What a broker probe found: shared by the Redis probe and the kombu one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.core.i18n import translate


class ProbeFailure(StrEnum):
    BAD_URL = "bad_url"
    REFUSED = "refused"
    AUTH = "auth"
    TLS = "tls"
    TIMEOUT = "timeout"
    DNS = "dns"
    UNSUPPORTED = "unsupported"
    OTHER = "other"


@dataclass(frozen=True)
class ProbeResult:
    """What a probe found. ``message`` is one line for the status bar."""

    ok: bool
    failure: ProbeFailure | None
    message: str
    server: str | None = None
    latency_ms: float | None = None


# -- messages both probes give in the same words ---------------------------------------------


def timed_out_message(where: str, timeout: float) -> str:
    text = translate("BrokerProbe", "Timed out after {0} s connecting to {1}")
    return text.format(f"{timeout:g}", where)


def refused_message(where: str) -> str:
    return translate("BrokerProbe", "Connection refused by {0} — is the broker running?").format(
        where
    )


def unknown_host_message(host: str) -> str:
    return translate("BrokerProbe", "Cannot find host '{0}' — check the host name").format(host)


def cannot_connect_message(where: str, detail: object) -> str:
    return translate("BrokerProbe", "Cannot connect to {0}: {1}").format(where, detail)
