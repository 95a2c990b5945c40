"""Reading the recorder's stream back: entries into events, and where the stream is whole.

:class:`StreamReplay` pages through ``XRANGE`` from the journal's cursor to the end the stream
had when the replay began, and turns each page into Celery events stamped with the moment
the recorder appended them (the entry id, by the broker's clock). Alongside, it works out the
periods the recorder covered (:mod:`celery_desk_beat.recorder_stream`): a stretch of entries
no further apart than the recorder's alive interval, broken at every ``desk-recorder-started``
marker (nobody recorded before it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import orjson
import redis

from celery_desk_beat import recorder_stream as rs
from desktop.core.events.decode import DecodeError, events_from_body

#: Entries per XRANGE page.
PAGE: Final = 2000
#: Longest silence between two entries of one covered stretch.
MAX_SILENCE_S: Final = rs.ALIVE_EVERY_S + rs.ALIVE_SLACK_S


@dataclass(slots=True)
class Page:
    """One page of the replay: its events, the id it reaches, the stretches it covered."""

    events: list[dict[str, Any]]
    cursor: str
    covered: list[tuple[float, float]] = field(default_factory=list)
    malformed: int = 0


class StreamReplay:
    """Replays ``key`` from ``start`` (exclusive when it is an entry id) to its current end."""

    def __init__(self, client: redis.Redis, key: str, start: str | None) -> None:
        self._client = client
        self._key = key
        last = client.xrevrange(key, count=1)
        self.end: str | None = _text(last[0][0]) if last else None
        self._next = start or "-"
        self._inclusive = start is None
        # what the journal reached was covered then (heard, or recorded): a stretch of
        # entries that follows closely enough continues from there
        at = None if start is None else _id_key(start)[0] / 1000
        self._stretch: tuple[float, float] | None = None if at is None else (at, at)
        self.events = 0

    @property
    def empty(self) -> bool:
        """No stream, or nothing after the cursor."""
        return self.end is None or (self._next != "-" and _id_key(self._next) >= _id_key(self.end))

    def pages(self) -> Iterator[Page]:
        """The replay, a page at a time; the last page closes the covered stretch."""
        if self.end is None:
            return
        while not self.empty:
            start = self._next if self._inclusive else "(" + self._next
            entries: Any = self._client.xrange(self._key, start, self.end, count=PAGE)
            if not entries:
                break
            page = self._page(entries)
            self._next, self._inclusive = page.cursor, False
            self.events += len(page.events)
            yield page
        if self._stretch is not None:
            yield Page([], self._next, [self._stretch])
            self._stretch = None

    def _page(self, entries: list[tuple[Any, dict[bytes, bytes]]]) -> Page:
        events: list[dict[str, Any]] = []
        covered: list[tuple[float, float]] = []
        malformed = 0
        for raw_id, fields in entries:
            at = rs.entry_millis(raw_id) / 1000
            marker = rs.decode_marker(fields)
            started = marker is not None and marker.get("type") == rs.RECORDER_STARTED
            stretch = self._stretch
            if stretch is not None and (started or at - stretch[1] > MAX_SILENCE_S):
                covered.append(stretch)
                stretch = None
            self._stretch = (at, at) if stretch is None else (stretch[0], at)
            if marker is not None:
                continue
            try:
                found = _decode(fields)
            except DecodeError:
                malformed += 1
                continue
            for event in found:
                event["local_received"] = at
            events += found
        return Page(events, _text(entries[-1][0]), covered, malformed)


def _decode(fields: dict[bytes, bytes]) -> list[dict[str, Any]]:
    body = fields.get(b"e")
    if body is None:
        raise DecodeError("an entry without a body")
    content_type = fields.get(b"t")
    if content_type is None:
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise DecodeError(f"body is not JSON: {exc}") from None
    else:
        from kombu.serialization import loads

        try:
            payload = loads(body, content_type.decode(), "utf-8", accept=[content_type.decode()])  # type: ignore[no-untyped-call]
        except Exception as exc:  # any serializer error: one unreadable entry
            raise DecodeError(f"cannot deserialize {content_type!r}: {exc}") from None
    return events_from_body(payload)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _id_key(entry_id: str) -> tuple[int, int]:
    millis, _, sequence = entry_id.partition("-")
    return int(millis), int(sequence or 0)


def id_at(seconds: float) -> str:
    """The smallest stream id at or after ``seconds`` (epoch, by the broker's clock)."""
    return f"{int(seconds * 1000)}-0"
