"""Chat webhooks: the documented JSON of each tool, their signatures and their answers.

- Slack incoming webhook: POST ``{"text", "blocks"}`` to the hook URL; answers ``ok`` (200),
  429 with ``Retry-After`` when rate limited.
- DingTalk (钉钉) custom robot: POST ``{"msgtype": "markdown", "markdown": {"title",
  "text"}}`` to ``.../robot/send?access_token=...``; with a signing secret the URL also gets
  ``timestamp`` (ms) and ``sign``: HMAC-SHA256 keyed by the secret over
  ``"<timestamp>\\n<secret>"``, base64, URL-encoded. Answers ``{"errcode": 0}``; 130101 is
  "sending too fast" (20 messages a minute).
- Feishu/Lark (飞书) custom bot: POST ``{"msg_type": "text", "content": {"text"}}``; with a
  secret the body also gets ``timestamp`` (s) and ``sign``: HMAC-SHA256 *keyed by*
  ``"<timestamp>\\n<secret>"`` over an empty message, base64. Answers ``{"code": 0}`` (older
  bots ``{"StatusCode": 0}``); 9499 and 11232 are rate limits.
- WeCom (企业微信) group robot: POST ``{"msgtype": "markdown", "markdown": {"content"}}`` to
  ``.../webhook/send?key=...`` (content at most 4096 bytes); answers ``{"errcode": 0}``;
  45009 is the rate limit.

The URL of each holds its token: it is a secret like the signing secret, kept in the
keychain and never logged (:func:`where` is what logs show).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.parse
from dataclasses import dataclass, field

from desktop.core.alerts.rules import Severity, WebhookKind
from desktop.core.i18n import translate

WECOM_MAX_BYTES = 4096
#: Error codes of an HTTP 200 answer that mean "try again later".
RETRY_CODES = {
    WebhookKind.DINGTALK: {130101},
    WebhookKind.FEISHU: {9499, 11232},
    WebhookKind.WECOM: {45009, -1},
}


@dataclass(frozen=True, slots=True)
class WebhookCredentials:
    """A webhook's URL and optional signing secret (both secret: never in a file or log)."""

    url: str = field(repr=False)
    secret: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class WebhookMessage:
    title: str
    body: str
    severity: Severity
    resolved: bool = False
    profile: str = ""


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    url: str = field(repr=False)
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Answer:
    """How a delivery went: ``ok``, or whether trying again may help, and what was said."""

    ok: bool
    retry: bool
    detail: str
    retry_after: float | None = None


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's ``sign`` parameter, already URL-encoded."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's ``sign`` field: the HMAC is keyed by "timestamp\\nsecret", message empty."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def where(url: str) -> str:
    """What a log may say about a webhook URL: its scheme and host, no path or query."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def _lines(message: WebhookMessage) -> tuple[str, str]:
    """The heading and the footer every format shows around the body."""
    if message.resolved:
        state = translate("AlertWebhook", "resolved")
    else:
        state = {
            Severity.INFO: translate("AlertWebhook", "info"),
            Severity.WARNING: translate("AlertWebhook", "warning"),
            Severity.CRITICAL: translate("AlertWebhook", "critical"),
        }[message.severity]
    footer = translate("AlertWebhook", "Celery Desk · profile {0} · {1}").format(
        message.profile or "-", state
    )
    return message.title, footer


def prepare(
    kind: WebhookKind, credentials: WebhookCredentials, message: WebhookMessage, now: float
) -> PreparedRequest:
    """The request to send ``message`` to a webhook of ``kind`` at time ``now``."""
    title, footer = _lines(message)
    url, secret = credentials.url, credentials.secret
    payload: dict[str, object]
    body = message.body
    if kind is WebhookKind.SLACK:
        payload = {
            "text": f"{title}\n{body}",
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*\n{body}"}},
                {"type": "context", "elements": [{"type": "mrkdwn", "text": footer}]},
            ],
        }
    elif kind is WebhookKind.DINGTALK:
        text = f"#### {title}\n\n{_quoted(message.body)}\n\n{footer}"
        payload = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
        if secret:
            stamp = int(now * 1000)
            joiner = "&" if urllib.parse.urlsplit(url).query else "?"
            url = f"{url}{joiner}timestamp={stamp}&sign={dingtalk_sign(secret, stamp)}"
    elif kind is WebhookKind.FEISHU:
        payload = {"msg_type": "text", "content": {"text": f"{title}\n{message.body}\n{footer}"}}
        if secret:
            stamp = int(now)
            payload = {"timestamp": str(stamp), "sign": feishu_sign(secret, stamp), **payload}
    else:
        content = f'**{title}**\n{_quoted(message.body)}\n<font color="comment">{footer}</font>'
        payload = {"msgtype": "markdown", "markdown": {"content": _fit_bytes(content)}}
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return PreparedRequest(url, data, {"Content-Type": "application/json; charset=utf-8"})


def _quoted(body: str) -> str:
    return "\n".join(f"> {line}" for line in body.splitlines())


def _fit_bytes(text: str, limit: int = WECOM_MAX_BYTES) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", errors="ignore") + "…"


def read_answer(
    kind: WebhookKind, status: int, body: bytes, retry_after: str | None = None
) -> Answer:
    """What the webhook's HTTP answer means (``status`` 0: no answer at all)."""
    text = body.decode("utf-8", errors="replace").strip()[:300]
    if status == 429 or status >= 500 or status == 0:
        wait = _seconds(retry_after)
        answer = Answer(False, True, f"HTTP {status}: {text}" if status else text, wait)
    elif status >= 400:
        answer = Answer(False, False, f"HTTP {status}: {text}")
    elif kind is WebhookKind.SLACK:
        answer = Answer(text == "ok", False, text or f"HTTP {status}")
    else:
        answer = _json_answer(kind, status, text)
    return answer


def _json_answer(kind: WebhookKind, status: int, text: str) -> Answer:
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return Answer(False, False, f"HTTP {status}, not a JSON object: {text}")
    code = data.get("errcode", data.get("code", data.get("StatusCode")))
    message = data.get("errmsg", data.get("msg", data.get("StatusMessage", "")))
    if code == 0:
        return Answer(True, False, str(message or "ok"))
    retry = isinstance(code, int) and code in RETRY_CODES.get(kind, set())
    return Answer(False, retry, f"code {code}: {message}")


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
