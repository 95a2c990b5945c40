"""probe_broker against real servers: a plain redis, one with a password, one with TLS, and
sockets that refuse or never answer. No external address is ever contacted."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from desktop.core.broker.probe import ProbeFailure, ProbeResult, probe_broker
from desktop.core.broker.redis_binary import find_redis_server
from desktop.core.net import LOOPBACK, free_port, port_in_use
from tests.support.redis_server import RedisServer
from tests.support.tls import self_signed

PASSWORD = "s3cr:t@pw/%"


def _quoted(password: str) -> str:
    from urllib.parse import quote

    return quote(password, safe="")


def _start(
    directory: Path, *extra: str, port: int | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """A redis-server with extra options on a free loopback port, like tests/support's."""
    port = port or free_port()
    process = subprocess.Popen(
        [str(find_redis_server()), "--bind", LOOPBACK, "--save", "", "--appendonly", "no",
         "--dir", str(directory), "--logfile", str(directory / "redis.log"), *extra,
         *(["--port", str(port)] if "--tls-port" not in extra else [])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while not port_in_use(port):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = (directory / "redis.log").read_text(errors="replace")[-800:]
            pytest.skip(f"this redis-server cannot run with {extra}: {log}")
        time.sleep(0.02)
    return process, port


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def password_redis(tmp_path: Path) -> Iterator[int]:
    process, port = _start(tmp_path, "--requirepass", PASSWORD)
    try:
        with redis.Redis(port=port, password=PASSWORD) as admin:
            admin.acl_setuser(
                "worker", enabled=True, passwords=["+workerpw"], commands=["-@all", "+ping"]
            )
        yield port
    finally:
        _stop(process)


@pytest.fixture
def tls_redis(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A redis-server speaking only TLS, with a self-signed certificate for 127.0.0.1."""
    certificate = self_signed(tmp_path)
    cert, key = certificate.cert, certificate.key
    port = free_port()
    process, port = _start(
        tmp_path, "--port", "0", "--tls-port", str(port), "--tls-cert-file", str(cert),
        "--tls-key-file", str(key), "--tls-ca-cert-file", str(cert), "--tls-auth-clients", "no",
        port=port,
    )  # fmt: skip
    try:
        yield port, cert
    finally:
        _stop(process)


def _assert_failed(result: ProbeResult, failure: ProbeFailure, *fragments: str) -> None:
    assert not result.ok, result
    assert result.failure is failure, result
    for fragment in fragments:
        assert fragment in result.message, result.message
    assert "\n" not in result.message


# -- success -----------------------------------------------------------------------------------


def test_probe_ok_reports_server_and_latency(redis_server: RedisServer) -> None:
    result = probe_broker(redis_server.url)
    assert result.ok and result.failure is None
    with redis_server.client() as client:
        version = client.info("server")["redis_version"]
    assert result.server == f"Redis {version}"
    assert result.latency_ms is not None and result.latency_ms >= 0
    assert f"127.0.0.1:{redis_server.port}" in result.message


def test_probe_ok_with_password_and_acl_user(password_redis: int) -> None:
    url = f"redis://:{_quoted(PASSWORD)}@127.0.0.1:{password_redis}/3"
    assert probe_broker(url).ok
    # A user allowed PING but not INFO still connects (the version is then unknown).
    limited = probe_broker(f"redis://worker:workerpw@127.0.0.1:{password_redis}/0")
    assert limited.ok and limited.server == "Redis"


def test_probe_ok_over_unix_socket(tmp_path: Path) -> None:
    sock = tmp_path / "r.sock"
    process, _ = _start(tmp_path, "--unixsocket", str(sock), "--unixsocketperm", "700")
    try:
        assert probe_broker(f"redis+socket://{sock}?virtual_host=1").ok
        assert probe_broker(f"unix://{sock}?db=2").ok
    finally:
        _stop(process)


def test_probe_ok_over_tls_with_the_ca(tls_redis: tuple[int, Path]) -> None:
    port, cert = tls_redis
    result = probe_broker(f"rediss://127.0.0.1:{port}/0?ssl_cert_reqs=required&ssl_ca_certs={cert}")
    assert result.ok, result.message
    assert probe_broker(f"rediss://127.0.0.1:{port}/0?ssl_cert_reqs=none").ok


# -- failures ----------------------------------------------------------------------------------


def test_refused_when_nobody_listens() -> None:
    port = free_port()
    result = probe_broker(f"redis://:topsecret@127.0.0.1:{port}/0")
    _assert_failed(
        result, ProbeFailure.REFUSED, f"Connection refused by 127.0.0.1:{port}", "is the broker"
    )
    assert "topsecret" not in result.message


def test_missing_socket_is_refused(tmp_path: Path) -> None:
    result = probe_broker(f"redis+socket://{tmp_path}/nothing.sock")
    _assert_failed(result, ProbeFailure.REFUSED, "No socket at")


def test_wrong_password_is_auth(password_redis: int) -> None:
    result = probe_broker(f"redis://:wrongpass-xyz@127.0.0.1:{password_redis}/0")
    _assert_failed(result, ProbeFailure.AUTH, "Authentication failed: wrong password or user")
    assert "wrongpass-xyz" not in result.message


def test_unknown_user_is_auth(password_redis: int) -> None:
    result = probe_broker(f"redis://nobody:{_quoted(PASSWORD)}@127.0.0.1:{password_redis}/0")
    _assert_failed(result, ProbeFailure.AUTH, "Authentication failed")
    assert PASSWORD not in result.message


def test_missing_password_is_auth(password_redis: int) -> None:
    result = probe_broker(f"redis://127.0.0.1:{password_redis}/0")
    _assert_failed(result, ProbeFailure.AUTH, "needs a password")


def test_tls_against_plain_redis(redis_server: RedisServer) -> None:
    result = probe_broker(f"rediss://127.0.0.1:{redis_server.port}/0", timeout=1.0)
    _assert_failed(result, ProbeFailure.TLS, "TLS handshake failed", "plain redis://")


def test_tls_against_a_plaintext_answer() -> None:
    """A server that answers in clear text at once (a redis error line) fails fast."""
    with socket.socket() as listener:
        listener.bind((LOOPBACK, 0))
        listener.listen(1)
        port = listener.getsockname()[1]

        def answer() -> None:
            conn, _ = listener.accept()
            with conn:
                conn.recv(1024)
                conn.sendall(b"-ERR Protocol error\r\n")

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        result = probe_broker(f"rediss://127.0.0.1:{port}/0", timeout=2.0)
        thread.join(timeout=5)
    _assert_failed(result, ProbeFailure.TLS, "TLS handshake failed", "plain redis://")


def test_tls_with_an_untrusted_certificate(tls_redis: tuple[int, Path]) -> None:
    port, _ = tls_redis
    result = probe_broker(f"rediss://127.0.0.1:{port}/0?ssl_cert_reqs=required")
    _assert_failed(result, ProbeFailure.TLS, "TLS handshake failed", "certificate")


def test_tls_with_a_missing_ca_file(tls_redis: tuple[int, Path], tmp_path: Path) -> None:
    port, _ = tls_redis
    result = probe_broker(f"rediss://127.0.0.1:{port}/0?ssl_ca_certs={tmp_path}/none.pem")
    _assert_failed(result, ProbeFailure.TLS, "certificate file")


def test_timeout_when_the_server_never_answers() -> None:
    """A socket that listens but never accepts: the kernel completes the handshake, then
    nothing ever answers PING."""
    with socket.socket() as listener:
        listener.bind((LOOPBACK, 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        result = probe_broker(f"redis://:pw-never@127.0.0.1:{port}/0", timeout=0.5)
    _assert_failed(
        result, ProbeFailure.TIMEOUT, f"Timed out after 0.5 s connecting to 127.0.0.1:{port}"
    )
    assert "pw-never" not in result.message


def test_bad_url_is_reported_not_raised() -> None:
    result = probe_broker("redsi://:secret@localhost/0")
    _assert_failed(result, ProbeFailure.BAD_URL, "Bad broker URL", "did you mean redis://?")
    assert "secret" not in result.message
    _assert_failed(probe_broker("redis://h:port/0"), ProbeFailure.BAD_URL, "port must be a number")


def test_unresolvable_host_is_dns() -> None:
    # glibc rejects a name starting with '-' before asking any DNS server: nothing leaves.
    result = probe_broker(f"redis://-bad-:{free_port()}/0")
    _assert_failed(result, ProbeFailure.DNS, "Cannot find host '-bad-'")


def test_db_out_of_range_on_the_server(tmp_path: Path) -> None:
    process, port = _start(tmp_path, "--databases", "4")
    try:
        result = probe_broker(f"redis://127.0.0.1:{port}/9")
    finally:
        _stop(process)
    _assert_failed(result, ProbeFailure.OTHER, "Database 9 does not exist")


# -- other transports through kombu ------------------------------------------------------------


def test_amqp_refused_through_kombu() -> None:
    port = free_port()
    result = probe_broker(f"amqp://guest:amqp-secret@127.0.0.1:{port}//", timeout=1.0)
    _assert_failed(result, ProbeFailure.REFUSED, f"127.0.0.1:{port}")
    assert "amqp-secret" not in result.message


def test_memory_transport_is_unsupported() -> None:
    _assert_failed(probe_broker("memory://"), ProbeFailure.UNSUPPORTED, "one process")


def test_transport_with_a_missing_library_is_unsupported() -> None:
    if importlib.util.find_spec("botocore") is not None:
        pytest.skip("botocore is installed here, so sqs:// is supported")
    result = probe_broker("sqs://AKIAEXAMPLE:aws-secret@")
    _assert_failed(result, ProbeFailure.UNSUPPORTED, "botocore")
    assert "aws-secret" not in result.message
