"""What a broker probe found: shared by the Redis probe and the kombu one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
