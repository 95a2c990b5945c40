"""Decoding kombu envelopes made by Celery's own EventDispatcher over a real redis-server."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
import redis
from celery import Celery
from kombu import compression

from desktop.core.events.decode import DecodeError, EventDecoder, decode_envelope
from desktop.core.events.redis_source import fanout_base, fanout_patterns
from tests.support.redis_server import RedisServer


def capture(server: RedisServer, publish: Any, count: int) -> list[bytes]:
    """Raw message payloads on the event channels while ``publish()`` runs."""
    pubsub = server.client().pubsub()
    try:
        pubsub.psubscribe(*fanout_patterns(0))
        deadline = time.monotonic() + 5
        while pubsub.get_message(timeout=0.1) is None and time.monotonic() < deadline:
            pass  # drain the subscribe confirmations
        publish()
        payloads: list[bytes] = []
        while len(payloads) < count and time.monotonic() < deadline + 5:
            message = pubsub.get_message(timeout=0.2)
            if message and message["type"] == "pmessage":
                payloads.append(message["data"])
        return payloads
    finally:
        pubsub.close()


def test_envelopes_from_celerys_dispatcher(redis_server: RedisServer) -> None:
    app = Celery(broker=redis_server.url)

    def publish() -> None:
        with app.events.default_dispatcher(hostname="celery@w1") as dispatcher:
            dispatcher.send("task-received", uuid="a", name="proj.add", args="(1,)", kwargs="{}")
            dispatcher.send("task-succeeded", uuid="a", result="2", runtime=0.25)
            dispatcher.send("worker-heartbeat", freq=2.0, active=1, processed=7, loadavg=[1, 2, 3])

    payloads = capture(redis_server, publish, 3)
    decoder = EventDecoder()
    events = [e for p in payloads for e in decoder.decode(p, local_received=42.0)]
    assert [e["type"] for e in events] == ["task-received", "task-succeeded", "worker-heartbeat"]
    assert events[0]["name"] == "proj.add" and events[0]["hostname"] == "celery@w1"
    assert events[1]["result"] == "2" and events[1]["runtime"] == 0.25
    assert events[2]["processed"] == 7 and events[2]["loadavg"] == [1, 2, 3]
    assert [e["clock"] for e in events] == sorted(e["clock"] for e in events)
    assert all(e["local_received"] == 42.0 for e in events)
    assert (decoder.decoded, decoder.malformed) == (3, 0)


def test_a_workers_batched_task_events(redis_server: RedisServer) -> None:
    """Workers with an event loop publish task events as one ``task.multi`` list."""
    app = Celery(broker=redis_server.url)
    connection = app.connection_for_write()

    def publish() -> None:
        dispatcher = app.events.Dispatcher(
            connection, hostname="celery@w1", buffer_group=["task"], buffer_limit=3
        )
        for kind in ("received", "started", "succeeded"):
            dispatcher.send(f"task-{kind}", uuid="a")
        dispatcher.close()

    try:
        payloads = capture(redis_server, publish, 1)
    finally:
        connection.release()
    assert len(payloads) == 1
    events = decode_envelope(payloads[0])
    assert [e["type"] for e in events] == ["task-received", "task-started", "task-succeeded"]


def test_channel_names_match_kombus_own(redis_server: RedisServer) -> None:
    options = {"global_keyprefix": "desk:"}
    url = redis_server.url.rsplit("/", 1)[0] + "/3"
    app = Celery(broker=url, broker_transport_options=options)
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        topic = channel._get_publish_topic("celeryev", "task.succeeded")
        assert channel.global_keyprefix + topic == fanout_base(3, "celeryev", options) + (
            "/task.succeeded"
        )
    assert fanout_patterns(3, options=options) == ["desk:/3.celeryev/*", "desk:/3.celeryev"]
    assert fanout_base(0, options={"fanout_prefix": False}) == "celeryev"
    assert fanout_base(2, options={"fanout_prefix": "/x{db}."}) == "/x2.celeryev"
    assert fanout_patterns(0, options={"global_keyprefix": "a*["}) == [
        "a\\*\\[/0.celeryev/*", "a\\*\\[/0.celeryev"]  # fmt: skip


def _envelope(body: bytes, **overrides: Any) -> bytes:
    envelope: dict[str, Any] = {
        "body": base64.b64encode(body).decode(),
        "content-encoding": "utf-8",
        "content-type": "application/json",
        "headers": {},
        "properties": {"body_encoding": "base64", "delivery_info": {}},
    }
    envelope.update(overrides)
    return json.dumps(envelope).encode()


def test_a_compressed_body() -> None:
    raw = b'{"type": "task-started", "uuid": "a"}'
    body = compression.compress(raw, "zlib")[0]  # type: ignore[no-untyped-call]
    payload = _envelope(body, headers={"compression": "application/x-gzip"})
    assert decode_envelope(payload) == [{"type": "task-started", "uuid": "a"}]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"not json at all", "envelope is not JSON"),
        (b"[1, 2]", "not an object"),
        (b'{"headers": {}}', "no body"),
        (json.dumps({"body": 5}).encode(), "empty or not a string"),
        (json.dumps({"body": "@@@", "properties": {"body_encoding": "base64"}}).encode(), "JSON"),
        (_envelope(b"{broken"), "body is not JSON"),
        (_envelope(b"42"), "not an event"),
        (_envelope(b'[{"type": "task-started"}, {"uuid": "x"}]'), "no 'type'"),
        (_envelope(b"\x80\x04K\x01.", **{"content-type": "application/x-python-serialize"}),
         "not accepted"),
        (_envelope(b"xx", headers={"compression": "application/x-gzip"}), "cannot decompress"),
    ],
)  # fmt: skip
def test_malformed_messages_are_counted_not_raised(payload: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_envelope(payload)
    decoder = EventDecoder()
    assert decoder.decode(payload, local_received=1.0) == []
    assert (
        decoder.malformed == 1 and decoder.last_error is not None and reason in decoder.last_error
    )
    good = _envelope(b'{"type": "task-started", "uuid": "a"}')
    assert decoder.decode(good, local_received=1.0)[0]["uuid"] == "a"
    assert (decoder.malformed, decoder.decoded) == (1, 1)


def test_redis_pubsub_is_not_scoped_by_db(redis_server: RedisServer) -> None:
    """Why the db number is in the channel name: PUBLISH on db 0 reaches db 2 subscribers."""
    db2 = redis.Redis(port=redis_server.port, db=2, socket_timeout=5).pubsub()
    try:
        db2.subscribe("plain")
        assert db2.get_message(timeout=2) is not None
        redis_server.client().publish("plain", b"x")
        message = db2.get_message(timeout=2)
        assert message is not None and message["data"] == b"x"
    finally:
        db2.close()
