"""The redis fixture every broker test stands on: a real server, on its own port, gone after."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from tests.support.redis_server import RedisServer, start_redis


def test_fixture_serves_a_real_redis_on_a_private_port(redis_server: RedisServer) -> None:
    client = redis_server.client()
    client.set("k", "v")
    assert client.get("k") == b"v"
    assert redis_server.port != 6379
    info = client.info("server")
    assert int(info["tcp_port"]) == redis_server.port


def test_stopped_server_is_gone(tmp_path: Path) -> None:
    server = start_redis(tmp_path)
    process = server.process
    assert process is not None
    server.stop()
    assert process.poll() is not None
    with pytest.raises(redis.ConnectionError):
        redis.Redis(port=server.port, socket_connect_timeout=1).ping()
