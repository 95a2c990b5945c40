"""Webhooks delivered to a local HTTP server in each chat tool's format: payloads, DingTalk's
and Feishu's signatures (checked the way their servers do), retries with backoff, answers,
and logs that hold neither the token nor the secret. Rules and their webhook credentials
saved per profile: rules in a file, URLs and secrets in the keychain only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import keyring.backend
import keyring.errors
import pytest

from desktop.core.alerts.delivery import Delivery, DeliveryResult, WebhookSender
from desktop.core.alerts.rule_file import load_rules, rules_path, save_rules
from desktop.core.alerts.rules import (
    FAILURE_RATE_ID,
    FailureRate,
    QueueBacklog,
    Rule,
    Severity,
    Webhook,
    WebhookKind,
    builtin_rules,
)
from desktop.core.alerts.webhook_secrets import SERVICE_NAME, WebhookSecrets
from desktop.core.alerts.webhooks import WebhookCredentials, WebhookMessage, feishu_sign
from desktop.core.secrets import SecretStore

TOKEN = "tok-3f9c2a7e"
SECRET = "SECd41d8cd98f00b204e9800998ecf8427e"
MESSAGE = WebhookMessage(
    "Task failure rate",
    "proj.charge: 500 of 510 finished failed (98 %) in the last 10 min",
    Severity.CRITICAL,
    profile="Prod",
)


@dataclass
class Received:
    path: str
    query: dict[str, str]
    body: dict[str, object]
    at: float


@dataclass
class ChatServer:
    """A loopback HTTP server answering with ``answers`` in turn (then the last forever)."""

    answers: list[tuple[int, str]] = field(default_factory=lambda: [(200, "ok")])
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_port}"


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    state = ChatServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            parts = urllib.parse.urlsplit(self.path)
            state.received.append(
                Received(
                    parts.path,
                    dict(urllib.parse.parse_qsl(parts.query)),
                    json.loads(self.rfile.read(length)),
                    time.time(),
                )
            )
            index = min(len(state.received), len(state.answers)) - 1
            status, text = state.answers[index]
            self.send_response(status)
            if status == 429:
                self.send_header("Retry-After", "1")
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write(text.encode())

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def sender(sleeps: list[float]) -> WebhookSender:
    def sleep(seconds: float) -> bool:
        sleeps.append(seconds)
        return True

    return WebhookSender(sleep=sleep)


def deliver(kind: WebhookKind, url: str, secret: str = "") -> DeliveryResult:
    delivery = Delivery(kind, WebhookCredentials(url, secret), MESSAGE, "Task failure rate")
    return sender([]).deliver(delivery)


def test_slack_gets_text_and_blocks(chat: ChatServer) -> None:
    result = deliver(WebhookKind.SLACK, f"{chat.base}/services/T000/B000/{TOKEN}")
    assert result.ok and result.attempts == 1 and result.detail == "ok"
    (got,) = chat.received
    assert got.path.endswith(TOKEN)
    assert got.body["text"] == f"{MESSAGE.title}\n{MESSAGE.body}"
    blocks = got.body["blocks"]
    assert isinstance(blocks, list) and blocks[0]["type"] == "section"
    assert blocks[0]["text"] == {"type": "mrkdwn", "text": f"*{MESSAGE.title}*\n{MESSAGE.body}"}
    assert "profile Prod" in blocks[1]["elements"][0]["text"]


def test_dingtalk_markdown_with_its_signed_secret(chat: ChatServer) -> None:
    chat.answers = [(200, '{"errcode":0,"errmsg":"ok"}')]
    before = time.time()
    result = deliver(WebhookKind.DINGTALK, f"{chat.base}/robot/send?access_token={TOKEN}", SECRET)
    assert result.ok and result.detail == "ok"
    (got,) = chat.received
    assert got.path == "/robot/send" and got.query["access_token"] == TOKEN
    # the robot's own check: HMAC-SHA256 keyed by the secret over "timestamp\nsecret", base64
    stamp = got.query["timestamp"]
    assert before * 1000 - 1 <= int(stamp) <= got.at * 1000 + 1
    digest = hmac.new(SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert got.query["sign"] == base64.b64encode(digest).decode()  # parse_qsl undid the quoting
    assert got.body["msgtype"] == "markdown"
    markdown = got.body["markdown"]
    assert isinstance(markdown, dict) and markdown["title"] == MESSAGE.title
    assert markdown["text"].startswith(f"#### {MESSAGE.title}\n\n> proj.charge: 500 of 510")


def test_dingtalk_signature_is_url_encoded_in_the_query(chat: ChatServer) -> None:
    chat.answers = [(200, '{"errcode":0,"errmsg":"ok"}')]
    seen: list[str] = []

    def post(
        url: str, body: bytes, headers: dict[str, str], timeout: float
    ) -> tuple[int, bytes, None]:
        seen.append(url)
        return 200, b'{"errcode":0}', None

    credentials = WebhookCredentials(f"https://x/robot/send?access_token={TOKEN}", SECRET)
    delivery = Delivery(WebhookKind.DINGTALK, credentials, MESSAGE, "r")
    assert WebhookSender(post=post, clock=lambda: 1_700_000_000.123).deliver(delivery).ok
    query = urllib.parse.urlsplit(seen[0]).query
    sign = query.split("sign=")[1]
    assert "+" not in sign and "/" not in sign and "=" not in sign  # quoted: %2B %2F %3D
    assert "timestamp=1700000000123&" in query


def test_feishu_text_with_its_signature(chat: ChatServer) -> None:
    chat.answers = [(200, '{"code":0,"msg":"success","data":{}}')]
    result = deliver(WebhookKind.FEISHU, f"{chat.base}/open-apis/bot/v2/hook/{TOKEN}", SECRET)
    assert result.ok and result.detail == "success"
    (got,) = chat.received
    stamp = got.body["timestamp"]
    assert isinstance(stamp, str) and abs(int(stamp) - got.at) < 5
    # Feishu's check: HMAC-SHA256 keyed by "timestamp\nsecret" over nothing, base64
    key = f"{stamp}\n{SECRET}".encode()
    assert (
        got.body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    )
    assert got.body["sign"] == feishu_sign(SECRET, int(stamp))
    assert got.body["msg_type"] == "text"
    content = got.body["content"]
    assert isinstance(content, dict) and content["text"].startswith(f"{MESSAGE.title}\n")


def test_wecom_markdown(chat: ChatServer) -> None:
    chat.answers = [(200, '{"errcode":0,"errmsg":"ok"}')]
    result = deliver(WebhookKind.WECOM, f"{chat.base}/cgi-bin/webhook/send?key={TOKEN}")
    assert result.ok
    (got,) = chat.received
    assert got.query == {"key": TOKEN} and got.body["msgtype"] == "markdown"
    markdown = got.body["markdown"]
    assert isinstance(markdown, dict)
    assert markdown["content"].startswith(f"**{MESSAGE.title}**\n> proj.charge")
    assert len(markdown["content"].encode()) <= 4096


def test_retries_with_backoff_until_the_server_takes_it(
    chat: ChatServer, caplog: pytest.LogCaptureFixture
) -> None:
    chat.answers = [(500, "boom"), (200, '{"errcode":130101,"errmsg":"send too fast"}'),
                    (429, "slow down"), (200, '{"errcode":0,"errmsg":"ok"}')]  # fmt: skip
    sleeps: list[float] = []
    url = f"{chat.base}/robot/send?access_token={TOKEN}"
    delivery = Delivery(WebhookKind.DINGTALK, WebhookCredentials(url, SECRET), MESSAGE, "Fail rate")
    with caplog.at_level(logging.INFO, "celery_desk.alerts.webhooks"):
        result = sender(sleeps).deliver(delivery)
    assert result.ok and result.attempts == 4 and len(chat.received) == 4
    assert sleeps == [2.0, 4.0, 1.0]  # doubling, then the server's Retry-After
    lines = [r.getMessage() for r in caplog.records]
    assert any("attempt 1 answered HTTP 500: boom" in line for line in lines)
    assert any("attempt 2 answered code 130101: send too fast" in line for line in lines)
    assert any("attempt 4 answered ok: ok" in line for line in lines)
    assert all(f"127.0.0.1:{chat.base.rsplit(':', 1)[1]}" in line for line in lines)
    text = "\n".join(lines)
    assert TOKEN not in text and SECRET not in text and "sign=" not in text


def test_a_refused_message_is_not_retried_and_an_absent_server_is(chat: ChatServer) -> None:
    chat.answers = [(200, '{"errcode":310000,"errmsg":"sign not match"}')]
    result = deliver(WebhookKind.DINGTALK, f"{chat.base}/robot/send?access_token=x", "wrong")
    assert not result.ok and result.attempts == 1 and "310000" in result.detail
    chat.answers = [(404, "no_service")]
    assert deliver(WebhookKind.SLACK, f"{chat.base}/services/x").attempts == 1
    sleeps: list[float] = []
    gone = Delivery(WebhookKind.SLACK, WebhookCredentials("http://127.0.0.1:9/x"), MESSAGE, "r")
    retrying = sender(sleeps)
    retrying.attempts = 3
    result = retrying.deliver(gone)
    assert not result.ok and result.attempts == 3 and sleeps == [2.0, 4.0]


def test_the_sender_thread_delivers_in_the_background(chat: ChatServer) -> None:
    done: list[DeliveryResult] = []
    arrived = threading.Event()

    def on_result(result: DeliveryResult) -> None:
        done.append(result)
        arrived.set()

    background = WebhookSender(on_result)
    try:
        started = time.perf_counter()
        background.submit(
            Delivery(WebhookKind.SLACK, WebhookCredentials(f"{chat.base}/s"), MESSAGE, "r")
        )
        assert time.perf_counter() - started < 0.05  # queued, not sent, on the caller
        assert arrived.wait(10)
    finally:
        background.stop(timeout=5)
    assert done[0].ok and len(chat.received) == 1


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        keyring.backend.KeyringBackend.__init__(self)  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("none")


def test_rules_go_to_a_file_and_webhook_secrets_to_the_keychain(app_home: Path) -> None:
    backend = MemoryKeyring()
    secrets = WebhookSecrets(SecretStore(backend, service=SERVICE_NAME))
    url = f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"
    secrets.set("Prod", "mine", "w1", WebhookCredentials(url, SECRET))
    mine = Rule(
        "mine", "Charges failing", FailureRate(threshold_percent=1, window_seconds=300),
        severity=Severity.CRITICAL, pattern="proj.charge*", muted=True, snoozed_until=1.5e9,
        webhooks=(Webhook("w1", WebhookKind.DINGTALK, send_resolved=False),),
    )  # fmt: skip
    edited = [
        replace(r, enabled=False) if r.rule_id == FAILURE_RATE_ID else r for r in builtin_rules()
    ]
    save_rules("Prod", [mine, *edited[:3]])
    loaded = load_rules("Prod")
    assert loaded[0] == mine
    assert loaded[1].rule_id == FAILURE_RATE_ID and not loaded[1].enabled
    assert [r.rule_id for r in loaded[1:]] == [r.rule_id for r in builtin_rules()]
    text = rules_path("Prod").read_text()
    assert TOKEN not in text and SECRET not in text and "oapi.dingtalk.com" not in text
    assert secrets.get("Prod", "mine", "w1") == WebhookCredentials(url, SECRET)
    assert ("celery-desk-webhooks", "Prod/mine/w1") in backend.entries
    assert load_rules("Other") == builtin_rules()


def test_a_broken_rule_is_left_out_and_the_rest_kept(app_home: Path) -> None:
    path = rules_path("Prod")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"rules": [
        {"rule_id": "bad", "name": "x", "kind": "failure_rate", "hold_seconds": -5},
        {"rule_id": "ok", "name": "Queue", "kind": "queue", "params": {"max_depth": 7}},
    ]}))  # fmt: skip
    loaded = load_rules("Prod")
    assert loaded[0].rule_id == "ok" and loaded[0].params == QueueBacklog(max_depth=7)
    assert all(r.rule_id != "bad" for r in loaded)
