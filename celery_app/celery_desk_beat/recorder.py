"""``celery-desk-record``: keeps a broker's Celery events in a capped Redis Stream.

Celery's events travel over Redis pub/sub: what nobody hears is gone. The recorder runs beside
the workers (no Qt, nothing but Celery with Redis), subscribes to the event exchange like the
app's reader does, and appends each message to a stream on the broker
(:mod:`celery_desk_beat.recorder_stream`), capped by length and by age. A Celery Desk window
that opens later replays it from where its journal stopped, exactly once, then goes live.

Only one recorder writes per broker: the holder of a lease (SET NX PX, renewed every
:data:`RENEW_EVERY_S` s, :data:`LEASE_TTL_S` s to live). A second recorder waits as a standby
and takes over when the lease lapses (within about 17 s), or at once when the holder ran on
the same host and its process is gone. A recorder that stops cleanly hands the lease back.

Run: ``celery-desk-record --broker redis://host:6379/0`` (or ``CELERY_BROKER_URL`` in the
environment, which keeps a password off the command line); see docs/recorder.md.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence

import redis

from celery_desk_beat import recorder_stream as rs
from celery_desk_beat.beat_lease import Lease, make_token
from celery_desk_beat.recorder_io import StreamWriter, Subscription

log = logging.getLogger("celery_desk_beat.recorder")

LEASE_TTL_S = 15.0
RENEW_EVERY_S = 2.0
#: How often a standby looks at the lease.
STANDBY_POLL_S = 2.0
#: Defaults of the caps (docs/recorder.md gives the memory they cost).
DEFAULT_MAX_LENGTH = 1_000_000
DEFAULT_MAX_AGE_S = 24 * 3600.0
TRIM_EVERY_S = 10.0
STATUS_EVERY_S = 60.0


class Recorder:
    """Holds the lease and, while it does, copies the event exchange into the stream."""

    def __init__(
        self,
        url: str,
        *,
        exchange: str = "celeryev",
        prefix: str = "",
        max_length: int = DEFAULT_MAX_LENGTH,
        max_age: float = DEFAULT_MAX_AGE_S,
        lease_ttl: float = LEASE_TTL_S,
    ) -> None:
        self.url = url
        self.stream = rs.stream_key(exchange, prefix)
        self.max_length = max_length
        self.max_age = max_age
        self.token = make_token()
        self._client = redis.Redis.from_url(url, socket_timeout=10.0, socket_connect_timeout=5.0)
        self.lease = Lease(self._client, rs.lease_key(exchange, prefix), self.token, lease_ttl)
        self.subscription = Subscription(url, exchange, prefix)
        self.writer = StreamWriter(url, self.stream, max_length)
        self.stopping = False
        self.recorded = 0

    def stop(self, *_args: object) -> None:
        self.stopping = True

    def run(self) -> None:
        """Stand by or record until :meth:`stop`; Redis errors are retried, never fatal."""
        while not self.stopping:
            try:
                if self._acquire():
                    self._record()
                else:
                    time.sleep(STANDBY_POLL_S)
            except redis.RedisError as exc:
                log.warning("redis: %s; retrying in %.0f s", exc, STANDBY_POLL_S)
                self.subscription.close()
                self.writer.close()
                time.sleep(STANDBY_POLL_S)
        self.subscription.close()
        self.writer.close()
        with contextlib.suppress(redis.RedisError):  # else the lease lapses by itself
            self.lease.release()

    def _acquire(self) -> bool:
        if self.lease.try_hold():
            return True
        taken = self.lease.take_over_dead_holder(lambda _holder: float("inf"), 0.0)
        if taken is not None:
            log.info("took the lease from %s, whose process is gone", taken)
            return True
        return False

    def _record(self) -> None:
        log.info("recording %s into %s (lease %s)", self.subscription.description, self.stream,
                 self.token)  # fmt: skip
        previous = self._last_entry()
        self.subscription.open()
        self.writer.open()
        # a replay reads this marker as a possible gap since ``previous``: nobody recorded
        # between the last entry and now (a new holder, or this one after a broken link)
        self.writer.marker(rs.RECORDER_STARTED, token=self.token, after=previous)
        now = time.monotonic()
        renewed = alive = trimmed = reported = now
        counted = self.recorded
        while not self.stopping:
            messages = self.subscription.read(timeout=0.25)
            if messages and not self.lease.holds() and not self.lease.try_hold():
                # stalled past our lease (a stopped process, a long GC): a standby may be
                # writing already, so these messages are its to record, not ours
                log.warning("lost the lease to %s; standing by", self.lease.holder())
                break
            if messages:
                self.writer.append(messages)
                self.recorded += len(messages)
            now = time.monotonic()
            if now - renewed >= RENEW_EVERY_S:
                renewed = now
                if not self.lease.try_hold():
                    log.warning("lost the lease to %s; standing by", self.lease.holder())
                    break
            if now - alive >= rs.ALIVE_EVERY_S:
                alive = now
                self.writer.marker(rs.RECORDER_ALIVE)
            if now - trimmed >= TRIM_EVERY_S:
                trimmed = now
                self.writer.trim_older_than(self.max_age)
            if now - reported >= STATUS_EVERY_S:
                rate = (self.recorded - counted) / (now - reported)
                log.info("%d events recorded, %.0f/s over the last minute", self.recorded, rate)
                reported, counted = now, self.recorded
        self.subscription.close()
        self.writer.close()

    def _last_entry(self) -> str | None:
        last = self._client.xrevrange(self.stream, count=1)
        if not last:
            return None
        entry_id = last[0][0]
        return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="celery-desk-record",
        description="Keep a broker's Celery events in a capped Redis Stream for Celery Desk.",
    )
    parser.add_argument("--broker", default=os.environ.get("CELERY_BROKER_URL", ""),
                        help="Redis broker URL (default: $CELERY_BROKER_URL)")  # fmt: skip
    parser.add_argument("--exchange", default="celeryev", help="Celery's event_exchange")
    parser.add_argument("--key-prefix", default="",
                        help="the transport's global_keyprefix, if the app sets one")  # fmt: skip
    parser.add_argument("--max-length", type=int, default=DEFAULT_MAX_LENGTH,
                        help="events the stream keeps at most (approximately)")  # fmt: skip
    parser.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE_S,
                        help="seconds an event is kept at most")  # fmt: skip
    parser.add_argument("--lease-ttl", type=float, default=LEASE_TTL_S, help=argparse.SUPPRESS)
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(list(argv))
    if not args.broker.startswith(("redis://", "rediss://", "unix://")):
        parser.error("--broker (or CELERY_BROKER_URL) must be a redis://, rediss:// or unix:// URL")
    if args.max_length < 1 or args.max_age <= 0:
        parser.error("--max-length and --max-age must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s recorder: %(message)s"
    )
    recorder = Recorder(
        args.broker,
        exchange=args.exchange,
        prefix=args.key_prefix,
        max_length=args.max_length,
        max_age=args.max_age,
        lease_ttl=args.lease_ttl,
    )
    signal.signal(signal.SIGTERM, recorder.stop)
    signal.signal(signal.SIGINT, recorder.stop)
    log.info("recorder %s starting (max %d events, %.0f s)", recorder.token, args.max_length,
             args.max_age)  # fmt: skip
    recorder.run()
    log.info("recorder %s stopped after %d events", recorder.token, recorder.recorded)
    return 0


if __name__ == "__main__":
    sys.exit(main())
