"""The lease that lets one beat, and only one, send for a schedule file.

SET NX PX with a token, renewed by its holder every second; never blocking. A standby takes
the key when it expires, or at once when the holder ran on this host and its process is gone.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import cast

import redis

# Renew when the token is ours, take the key when it is free, else leave it alone.
_HOLD_SCRIPT = """
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""
# Take the key from a holder known to be dead, only if it still holds it.
_TAKE_OVER_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
"""
_RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class Lease:
    """Who may send for a schedule: SET NX PX with a token, renewed by its holder.

    Never blocks. The holder trusts its lease only until ``ttl - margin`` after the start of
    its last successful renewal (by its own monotonic clock): by then a standby may have
    taken the expired key, so sending must stop first.
    """

    def __init__(
        self, client: redis.Redis, key: str, token: str, ttl: float = 12.0, margin: float = 1.0
    ) -> None:
        self.client = client
        self.key = key
        self.token = token
        self.ttl = ttl
        self.margin = margin
        self._valid_until = 0.0
        self._hold = client.register_script(_HOLD_SCRIPT)
        self._take_over = client.register_script(_TAKE_OVER_SCRIPT)
        self._release = client.register_script(_RELEASE_SCRIPT)

    def try_hold(self) -> bool:
        """Take or renew the lease; True while this token holds it. Raises RedisError."""
        started = time.monotonic()
        held = bool(self._hold(keys=[self.key], args=[self.token, int(self.ttl * 1000)]))
        self._valid_until = started + self.ttl - self.margin if held else 0.0
        return held

    def holder(self) -> str | None:
        raw = self.client.get(self.key)
        return None if raw is None else cast(bytes, raw).decode("utf-8", "replace")

    def take_over(self, dead_holder: str) -> bool:
        """Take the lease from ``dead_holder`` (see :func:`holder_is_gone`) before its TTL."""
        started = time.monotonic()
        args: list[str | int] = [dead_holder, self.token, int(self.ttl * 1000)]
        held = bool(self._take_over(keys=[self.key], args=args))
        self._valid_until = started + self.ttl - self.margin if held else 0.0
        return held

    def take_over_dead_holder(
        self, heartbeat_age: Callable[[str], float], silence: float
    ) -> str | None:
        """Take the lease from a holder that died on this host and has not published a status
        for ``silence`` seconds (a second check, should pids be from another namespace);
        return that holder's token, or None."""
        holder = self.holder()
        if holder is None or not holder_is_gone(holder) or heartbeat_age(holder) < silence:
            return None
        return holder if self.take_over(holder) else None

    def holds(self) -> bool:
        """Whether the last renewal is recent enough to act on, without asking Redis."""
        return time.monotonic() < self._valid_until

    def release(self) -> None:
        self._valid_until = 0.0
        self._release(keys=[self.key], args=[self.token])


def make_token() -> str:
    """``host:pid:random``: who holds a lease, readable by people and by :func:`holder_is_gone`."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_gone(token: str) -> bool:
    """Whether the beat of ``token`` ran on this host and its process no longer exists.

    A beat restarted after kill -9 need not wait out the old lease. Another host's process
    (or a recycled pid) is never judged dead here: waiting for the TTL is the safe side.
    """
    host, _, rest = token.rpartition(":")[0].rpartition(":")
    try:
        pid = int(rest)
    except ValueError:
        return False
    if host != socket.gethostname() or pid == os.getpid() or pid <= 0:
        return False
    return _process_gone(pid)


def _process_gone(pid: int) -> bool:
    """No such process, or a zombie (killed, not yet reaped by its parent). Uses only the
    standard library: this package runs in users' projects, where psutil may be missing."""
    if os.name != "posix":  # os.kill(pid, 0) would signal the process on Windows: wait
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, owned by someone else
        return False
    try:  # Linux: the state letter follows the parenthesised command name
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False  # no /proc (macOS): a zombie is waited for like a live process
    return stat.rpartition(")")[2].split()[:1] == ["Z"]
