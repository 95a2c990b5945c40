"""Broker URLs: parse and check them with messages a user understands, and keep passwords apart.

Understood forms (the ones Celery's Redis transport and redis-py accept)::

    redis://[user][:password]@host[:port][/db]
    rediss://...?ssl_cert_reqs=required&ssl_ca_certs=/path/ca.pem     TLS
    redis+socket://[:password@]/path/to/redis.sock[?virtual_host=db]   Unix socket (kombu)
    unix://[:password@]/path/to/redis.sock[?db=N]                      Unix socket (redis-py)

Any other kombu transport (``amqp://``, ``sqs://``...) is passed through as an "other
transport": its host and port are checked, the rest is left to kombu.

Passwords travel percent-encoded (``@`` as ``%40``, ``/`` as ``%2F``...), so any password
round-trips through :func:`join_password` and :func:`parse_broker_url`. A raw ``@`` or ``:``
in a password is tolerated (Python's own parser takes the last ``@``); a raw ``/``, ``?`` or
``#`` cannot be told apart from the rest of the URL and gets a message saying to encode it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode

from desktop.core.broker.url_password import (
    MASK,
    find_userinfo,
    join_password,
    mask_url,
    split_password,
)
from desktop.core.i18n import translate

__all__ = [
    "DEFAULT_REDIS_PORT",
    "MASK",
    "MAX_DB",
    "BrokerUrl",
    "BrokerUrlError",
    "join_password",
    "mask_url",
    "parse_broker_url",
    "split_password",
]

DEFAULT_REDIS_PORT = 6379
# Redis has 16 databases unless its config says otherwise; a bigger number is nearly
# always a typo, and a server configured with more is rare enough to ask for a code change.
MAX_DB = 15

REDIS_TCP_SCHEMES = ("redis", "rediss")
REDIS_SOCKET_SCHEMES = ("redis+socket", "unix")
# kombu's transport aliases (kombu.transport.TRANSPORT_ALIASES), kept here so parsing a URL
# does not import kombu.
OTHER_TRANSPORTS = (
    "amqp", "amqps", "pyamqp", "librabbitmq", "confluentkafka", "kafka", "memory", "sqs",
    "mongodb", "zookeeper", "sqlalchemy", "sqla", "slmq", "filesystem", "qpid", "sentinel",
    "consul", "etcd", "azurestoragequeues", "azureservicebus", "pyro", "gcpubsub", "pgmq",
)  # fmt: skip
TLS_SCHEMES = ("rediss", "amqps")
_CERT_REQS = ("required", "optional", "none", "cert_required", "cert_optional", "cert_none")
_BOOLS = ("true", "false", "yes", "no", "1", "0", "on", "off")
_EXAMPLE = "redis://host:6379/0"


class BrokerUrlError(ValueError):
    """The URL cannot be used; ``str(exc)`` is a message for the user (without the password)."""


@dataclass(frozen=True)
class BrokerUrl:
    """A parsed broker URL. ``password`` is decoded; never log or display it."""

    scheme: str
    host: str = ""
    port: int | None = None
    db: int | None = None
    username: str | None = None
    password: str | None = None
    tls: bool = False
    socket_path: str | None = None
    query: tuple[tuple[str, str], ...] = ()
    path: str = ""  # other transports only: kombu's virtual host, kept as written

    @property
    def is_redis(self) -> bool:
        return self.scheme in REDIS_TCP_SCHEMES or self.scheme in REDIS_SOCKET_SCHEMES

    @property
    def is_socket(self) -> bool:
        return self.socket_path is not None

    @property
    def query_params(self) -> dict[str, str]:
        return dict(self.query)

    @property
    def address(self) -> str:
        """Where it connects, for messages: ``host:port`` or the socket path."""
        if self.socket_path is not None:
            return self.socket_path
        host = self.host or "localhost"
        if ":" in host:
            host = f"[{host}]"
        port = self.port if self.port is not None else DEFAULT_REDIS_PORT if self.is_redis else None
        return f"{host}:{port}" if port is not None else host

    def to_url(self, *, with_password: bool = True) -> str:
        """The canonical URL (password percent-encoded, or left out)."""
        userinfo = ""
        if self.username or (self.password and with_password):
            userinfo = quote(self.username or "", safe="")
            if self.password and with_password:
                userinfo += ":" + quote(self.password, safe="")
            userinfo += "@"
        query = f"?{urlencode(self.query)}" if self.query else ""
        if self.socket_path is not None:
            return f"{self.scheme}://{userinfo}{self.socket_path}{query}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = f":{self.port}" if self.port is not None else ""
        path = f"/{self.db}" if self.is_redis else self.path
        return f"{self.scheme}://{userinfo}{host}{port}{path}{query}"

    def masked(self) -> str:
        return mask_url(self.to_url())


def parse_broker_url(url: str) -> BrokerUrl:
    """Parse and check ``url``; raise :class:`BrokerUrlError` with a plain-language message."""
    text = url.strip()
    if not text:
        message = translate("BrokerUrl", "the broker URL is empty; it looks like {0}")
        raise BrokerUrlError(message.format(_EXAMPLE))
    if any(ch.isspace() for ch in text):
        raise BrokerUrlError(
            translate(
                "BrokerUrl", "the broker URL contains a space; remove it (or percent-encode it)"
            )
        )
    if ";" in text:
        raise BrokerUrlError(
            translate(
                "BrokerUrl",
                "several URLs separated by ';' (failover) are not supported here; give one URL",
            )
        )
    scheme, sep, rest = text.partition("://")
    scheme = scheme.lower()
    if not sep or not scheme:
        message = translate(
            "BrokerUrl",
            "the URL needs a scheme, like {0} (or rediss:// for TLS, amqp:// for RabbitMQ)",
        )
        raise BrokerUrlError(message.format(_EXAMPLE))
    _check_scheme(scheme)
    if "#" in rest:
        raise BrokerUrlError(
            translate(
                "BrokerUrl",
                "the URL contains '#'; if it is part of the password, percent-encode it as {0}",
            ).format("%23")
        )
    _check_raw_password(text)
    if scheme in REDIS_SOCKET_SCHEMES:
        return _parse_socket(scheme, rest)
    authority, path, query = _split_rest(rest)
    username, password, hostport = _split_userinfo(authority)
    host, port = _split_hostport(hostport)
    pairs = _parse_query(query)
    if scheme in REDIS_TCP_SCHEMES:
        _check_tls_options(scheme, pairs)
        return BrokerUrl(
            scheme=scheme,
            host=host,
            port=port,
            db=_parse_db_path(path),
            username=username,
            password=password,
            tls=scheme == "rediss",
            query=pairs,
        )
    return BrokerUrl(
        scheme=scheme,
        host=host,
        port=port,
        username=username,
        password=password,
        tls=scheme in TLS_SCHEMES,
        query=pairs,
        path=path,
    )


# -- parsing steps -----------------------------------------------------------------------------


def _check_scheme(scheme: str) -> None:
    known = (*REDIS_TCP_SCHEMES, *REDIS_SOCKET_SCHEMES)
    if scheme in known or scheme.split("+", 1)[0] in OTHER_TRANSPORTS:
        return
    close = difflib.get_close_matches(scheme, [*known, *OTHER_TRANSPORTS], n=1, cutoff=0.6)
    if close:
        message = translate("BrokerUrl", "unknown scheme '{0}' — did you mean {1}://?")
        raise BrokerUrlError(message.format(scheme, close[0]))
    message = translate("BrokerUrl", "unknown scheme '{0}' — a broker URL starts with redis://")
    raise BrokerUrlError(message.format(scheme))


def _check_raw_password(text: str) -> None:
    """A raw '/' or '?' in a password would silently shift the host: say so instead."""
    found = find_userinfo(text)
    if found is None:
        return
    userinfo = text[found[0] : found[1]]
    if "/" in userinfo or "?" in userinfo:
        raise BrokerUrlError(
            translate(
                "BrokerUrl",
                "the password seems to contain '/' or '?'; percent-encode them (/ as {0}, ? as "
                "{1}) or type the password in the separate password field",
            ).format("%2F", "%3F")
        )


def _split_rest(rest: str) -> tuple[str, str, str]:
    """``authority``, ``path``, ``query`` of what follows ``scheme://``."""
    end = len(rest)
    for mark in ("/", "?"):
        index = rest.find(mark)
        if 0 <= index < end:
            end = index
    authority, tail = rest[:end], rest[end:]
    path, _, query = tail.partition("?")
    return authority, path, query


def _split_userinfo(authority: str) -> tuple[str | None, str | None, str]:
    userinfo, at, hostport = authority.rpartition("@")
    if not at:
        return None, None, authority
    user, _, password = userinfo.partition(":")
    return unquote(user) or None, unquote(password) or None, hostport


def _split_hostport(hostport: str) -> tuple[str, int | None]:
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0:
            raise BrokerUrlError(
                translate("BrokerUrl", "an IPv6 address needs a closing ']', e.g. {0}").format(
                    "redis://[::1]:6379/0"
                )
            )
        host, after = hostport[1:close], hostport[close + 1 :]
        if after and not after.startswith(":"):
            message = translate("BrokerUrl", "unexpected '{0}' after the IPv6 address")
            raise BrokerUrlError(message.format(after))
        port_text = after[1:] if after else None
    else:
        if hostport.count(":") > 1:
            raise BrokerUrlError(
                translate("BrokerUrl", "an IPv6 address must be in brackets, e.g. {0}").format(
                    "redis://[::1]:6379/0"
                )
            )
        host, colon, port_text_raw = hostport.partition(":")
        port_text = port_text_raw if colon else None
    return unquote(host).lower(), _parse_port(port_text)


def _parse_port(text: str | None) -> int | None:
    if text is None:
        return None
    if not text:
        raise BrokerUrlError(
            translate(
                "BrokerUrl", "the port is empty after ':'; write it like host:6379 or leave ':' out"
            )
        )
    if not text.isdigit():
        raise BrokerUrlError(
            translate("BrokerUrl", "port must be a number (got '{0}')").format(text)
        )
    port = int(text)
    if not 1 <= port <= 65535:
        message = translate("BrokerUrl", "port must be between 1 and 65535 (got {0})")
        raise BrokerUrlError(message.format(port))
    return port


def _parse_db(text: str, where: str) -> int:
    if not text.isdigit():
        message = translate("BrokerUrl", "db must be a number 0..{0} ({1}, got '{2}')")
        raise BrokerUrlError(message.format(MAX_DB, where, text))
    db = int(text)
    if db > MAX_DB:
        message = translate("BrokerUrl", "db must be 0..{0} (got {1}; Redis has 16 databases)")
        raise BrokerUrlError(message.format(MAX_DB, db))
    return db


def _parse_db_path(path: str) -> int:
    text = path.strip("/")
    if not text:
        return 0
    if "/" in text:
        message = translate(
            "BrokerUrl", "db must be a single number after the host, like /0 (got '{0}')"
        )
        raise BrokerUrlError(message.format(path))
    return _parse_db(text, translate("BrokerUrl", "the path after the host, e.g. /0"))


def _parse_query(query: str) -> tuple[tuple[str, str], ...]:
    return tuple(parse_qsl(query, keep_blank_values=True))


def _check_tls_options(scheme: str, pairs: tuple[tuple[str, str], ...]) -> None:
    for key, value in pairs:
        if not key.startswith("ssl_"):
            continue
        if scheme != "rediss":
            message = translate(
                "BrokerUrl", "TLS option '{0}' needs a TLS URL: change redis:// to rediss://"
            )
            raise BrokerUrlError(message.format(key))
        if key == "ssl_cert_reqs" and value.lower() not in _CERT_REQS:
            message = translate(
                "BrokerUrl", "ssl_cert_reqs must be required, optional or none (got '{0}')"
            )
            raise BrokerUrlError(message.format(value))
        if key == "ssl_check_hostname" and value.lower() not in _BOOLS:
            message = translate("BrokerUrl", "ssl_check_hostname must be true or false (got '{0}')")
            raise BrokerUrlError(message.format(value))


def _parse_socket(scheme: str, rest: str) -> BrokerUrl:
    authority, path, query = _split_rest(rest)
    username, password, host = _split_userinfo(authority)
    example = f"{scheme}:///path/to/redis.sock"
    if host:
        message = translate(
            "BrokerUrl", "a socket URL has no host; use three slashes before the path, like {0}"
        )
        raise BrokerUrlError(message.format(example))
    if not path or path == "/":
        message = translate("BrokerUrl", "the socket path is missing, like {0}")
        raise BrokerUrlError(message.format(example))
    pairs = _parse_query(query)
    params = dict(pairs)
    db_text = params.get("virtual_host", params.get("db"))
    db = _parse_db(db_text.strip("/"), translate("BrokerUrl", "the db= option")) if db_text else 0
    return BrokerUrl(
        scheme=scheme,
        db=db,
        username=username,
        password=password,
        socket_path=unquote(path),
        query=pairs,
    )
