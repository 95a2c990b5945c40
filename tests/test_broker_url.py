"""Broker URL parsing, masking, password splitting, and the log redaction filter."""

from __future__ import annotations

import logging

import pytest

from desktop.core.broker.url import (
    BrokerUrl,
    BrokerUrlError,
    join_password,
    mask_url,
    parse_broker_url,
    split_password,
)
from desktop.core.redact import SecretRedactingFilter, install_redaction, redact_text

GOOD: list[tuple[str, dict[str, object]]] = [
    ("redis://localhost:6379/0", {"scheme": "redis", "host": "localhost", "port": 6379, "db": 0}),
    ("redis://127.0.0.1", {"host": "127.0.0.1", "port": None, "db": 0, "tls": False}),
    ("redis://h/15", {"db": 15}),
    ("REDIS://Host:6380/2", {"scheme": "redis", "host": "host", "port": 6380, "db": 2}),
    ("redis://:s3cret@h:1/3", {"username": None, "password": "s3cret", "db": 3}),
    ("redis://alice:pw@h/0", {"username": "alice", "password": "pw"}),
    ("redis://alice@h/0", {"username": "alice", "password": None}),
    ("redis://:p%40ss%3Aw%2Fd%25@h/0", {"password": "p@ss:w/d%"}),
    ("redis://:p@ss@h/0", {"password": "p@ss", "host": "h"}),
    ("redis://[::1]:6380/1", {"host": "::1", "port": 6380, "db": 1}),
    ("redis://", {"host": "", "db": 0}),
    (
        "rediss://u:p@h:6380/1?ssl_cert_reqs=required&ssl_ca_certs=/etc/ca.pem",
        {"tls": True, "query": (("ssl_cert_reqs", "required"), ("ssl_ca_certs", "/etc/ca.pem"))},
    ),
    ("rediss://h?ssl_cert_reqs=CERT_NONE", {"tls": True, "db": 0}),
    ("redis+socket:///run/redis.sock", {"socket_path": "/run/redis.sock", "db": 0, "host": ""}),
    ("redis+socket:///run/r.sock?virtual_host=4", {"socket_path": "/run/r.sock", "db": 4}),
    ("unix:///tmp/r.sock?db=2", {"scheme": "unix", "socket_path": "/tmp/r.sock", "db": 2}),
    ("unix://:pw@/tmp/r.sock", {"password": "pw", "socket_path": "/tmp/r.sock"}),
    ("amqp://guest:guest@rabbit:5672//", {"scheme": "amqp", "port": 5672, "db": None}),
    ("amqps://u:p@rabbit/vhost", {"tls": True, "path": "/vhost"}),
    ("sqla+postgresql://u:p@db/celery", {"scheme": "sqla+postgresql", "host": "db"}),
    ("  redis://h/0  ", {"host": "h"}),
]


@pytest.mark.parametrize(("url", "expected"), GOOD, ids=[u for u, _ in GOOD])
def test_good_urls_parse(url: str, expected: dict[str, object]) -> None:
    parsed = parse_broker_url(url)
    for name, value in expected.items():
        assert getattr(parsed, name) == value, name


def test_redis_and_socket_flags() -> None:
    assert parse_broker_url("redis://h/0").is_redis
    assert parse_broker_url("redis+socket:///r.sock").is_redis
    assert parse_broker_url("redis+socket:///r.sock").is_socket
    assert not parse_broker_url("amqp://h//").is_redis
    assert parse_broker_url("redis://h/0").address == "h:6379"
    assert parse_broker_url("redis://[::1]/0").address == "[::1]:6379"
    assert parse_broker_url("unix:///tmp/r.sock").address == "/tmp/r.sock"


BAD: list[tuple[str, str]] = [
    ("", "empty"),
    ("   ", "empty"),
    ("localhost:6379", "needs a scheme"),
    ("redsi://localhost", "unknown scheme 'redsi' — did you mean redis://?"),
    ("rediss2://h", "did you mean rediss://?"),
    ("http://h", "unknown scheme 'http'"),
    ("redis://h:abc/0", "port must be a number (got 'abc')"),
    ("redis://h:/0", "port is empty"),
    ("redis://h:70000/0", "port must be between 1 and 65535"),
    ("redis://h:0/0", "port must be between 1 and 65535"),
    ("redis://h/16", "db must be 0..15"),
    ("redis://h/x", "db must be a number 0..15"),
    ("redis://h/-1", "db must be a number"),
    ("redis://h/1/2", "single number"),
    ("redis://::1/0", "IPv6 address must be in brackets"),
    ("redis://[::1/0", "closing ']'"),
    ("redis://:pa/ss@h/0", "percent-encode"),
    ("redis://:pa#ss@h/0", "%23"),
    ("redis://h/0?ssl_cert_reqs=none", "change redis:// to rediss://"),
    ("rediss://h/0?ssl_cert_reqs=sometimes", "ssl_cert_reqs must be required, optional or none"),
    ("rediss://h/0?ssl_check_hostname=maybe", "ssl_check_hostname must be true or false"),
    ("redis+socket://tmp/redis.sock", "three slashes"),
    ("redis+socket://", "socket path is missing"),
    ("unix:///tmp/r.sock?db=99", "db must be 0..15"),
    ("redis://a;redis://b", "failover"),
    ("redis://my host/0", "space"),
]


@pytest.mark.parametrize(("url", "message"), BAD, ids=[u or "<empty>" for u, _ in BAD])
def test_bad_urls_say_what_is_wrong(url: str, message: str) -> None:
    with pytest.raises(BrokerUrlError) as caught:
        parse_broker_url(url)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_error_messages_never_show_the_password() -> None:
    for url in ("redis://:hunter2@h:99999/0", "redis://:hunter2@h/77", "redsi://:hunter2@h"):
        with pytest.raises(BrokerUrlError) as caught:
            parse_broker_url(url)
        assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    "password",
    ["simple", "p@ss", "a:b", "sl/ash", "per%cent", "q?x#y&z=1", "spa ce", "ünï©ødé", "%41"],
)
def test_passwords_round_trip_through_join_parse_split(password: str) -> None:
    url = join_password("redis://alice@h:6380/2", password)
    parsed = parse_broker_url(url)
    assert parsed.password == password
    assert parsed.username == "alice"
    assert (parsed.host, parsed.port, parsed.db) == ("h", 6380, 2)
    assert split_password(url) == ("redis://alice@h:6380/2", password)
    assert parse_broker_url(parsed.to_url()) == parsed


def test_join_password_on_socket_and_password_less_urls() -> None:
    assert join_password("redis+socket:///r.sock", "pw") == "redis+socket://:pw@/r.sock"
    assert parse_broker_url(join_password("redis://h/0", "x y")).password == "x y"
    assert join_password("redis://:old@h/0", "new") == "redis://:new@h/0"
    assert join_password("redis://:old@h/0", None) == "redis://h/0"
    assert join_password("not a url", "pw") == "not a url"


def test_split_password_without_one_and_on_garbage() -> None:
    assert split_password("redis://h/0") == ("redis://h/0", None)
    assert split_password("redis://alice@h/0") == ("redis://alice@h/0", None)
    assert split_password("") == ("", None)
    assert split_password("@@::://") == ("@@::://", None)
    assert split_password("redis://:pa/ss@h/0") == ("redis://h/0", "pa/ss")


MASKED: list[tuple[str, str]] = [
    ("redis://:secret@h:6379/0", "redis://:****@h:6379/0"),
    ("redis://alice:secret@h/0", "redis://alice:****@h/0"),
    ("redis://alice@h/0", "redis://alice@h/0"),
    ("redis://h/0", "redis://h/0"),
    ("redis://:p@ss@h/0", "redis://:****@h/0"),
    ("redis://:pa/ss@h/0", "redis://:****@h/0"),
    ("redis+socket://:pw@/run/r.sock", "redis+socket://:****@/run/r.sock"),
    (
        "sentinel://:a@h1:26379;sentinel://:b@h2:26379",
        "sentinel://:****@h1:26379;sentinel://:****@h2:26379",
    ),
    ("sqs://AKIA:wJalr@", "sqs://AKIA:****@"),
    ("redis://h/0?password=secret&x=1", "redis://h/0?password=****&x=1"),
    ("rediss://h/0?ssl_ca_certs=/a@b:c/ca.pem", "rediss://h/0?ssl_ca_certs=/a@b:c/ca.pem"),
    ("garbage", "garbage"),
    ("", ""),
]


@pytest.mark.parametrize(("url", "masked"), MASKED)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_mask_url_never_throws() -> None:
    for junk in ("://", "redis://@", "redis://:@", "a://b:c@d:e@f", "\x00://\x00:\x00@", "://:@"):
        assert isinstance(mask_url(junk), str)


def test_parsed_url_masks_itself() -> None:
    parsed = parse_broker_url("redis://bob:topsecret@h:1/2")
    assert parsed.masked() == "redis://bob:****@h:1/2"
    assert parsed.to_url(with_password=False) == "redis://bob@h:1/2"
    assert isinstance(parsed, BrokerUrl)
    with pytest.raises(AttributeError):
        parsed.password = "x"  # type: ignore[misc]


# -- redaction of logs -------------------------------------------------------------------------


def test_redact_text_masks_every_url_in_prose() -> None:
    text = "connect to redis://:s1@a/0 then 'amqp://u:s2@b//' (rediss://u:s3@c/1)."
    redacted = redact_text(text)
    assert "s1" not in redacted and "s2" not in redacted and "s3" not in redacted
    assert "redis://:****@a/0" in redacted
    assert redact_text("no url here: a:b@c") == "no url here: a:b@c"


def _capture_logger(name: str) -> tuple[logging.Logger, list[str]]:
    lines: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    logger = logging.getLogger(name)
    logger.handlers[:] = [ListHandler()]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, lines


def test_filter_masks_message_and_args() -> None:
    logger, lines = _capture_logger("test.redact.args")
    install_redaction(logger)
    logger.info("Connecting to %s with %r", "redis://:hunter2@h/0", {"url": "amqp://u:pw2@h//"})
    logger.warning("inline redis://bob:hunter3@host:6379/1 failed")
    assert len(lines) == 2
    assert "hunter2" not in lines[0] and "pw2" not in lines[0]
    assert "redis://:****@h/0" in lines[0] and "amqp://u:****@h//" in lines[0]
    assert "hunter3" not in lines[1] and "redis://bob:****@host:6379/1" in lines[1]


def test_filter_masks_exception_text_and_child_loggers() -> None:
    parent, lines = _capture_logger("test.redact.tree")
    install_redaction(parent)
    child = logging.getLogger("test.redact.tree.child")
    child.propagate = True
    try:
        raise ConnectionError("cannot reach redis://:hunter4@h:6379/0")
    except ConnectionError:
        child.exception("probe of %s crashed", "rediss://:hunter5@h/0")
    assert len(lines) == 1
    assert "hunter4" not in lines[0] and "hunter5" not in lines[0]
    assert "Traceback" in lines[0] and "redis://:****@h:6379/0" in lines[0]


def test_filter_keeps_records_without_urls_unchanged() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d tasks", (3,), None)
    assert SecretRedactingFilter().filter(record)
    assert record.getMessage() == "3 tasks"


def test_install_redaction_is_idempotent() -> None:
    logger, _ = _capture_logger("test.redact.twice")
    install_redaction(logger)
    install_redaction(logger)
    handler = logger.handlers[0]
    assert sum(isinstance(f, SecretRedactingFilter) for f in handler.filters) == 1
