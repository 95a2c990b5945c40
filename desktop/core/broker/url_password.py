"""The password inside a URL: find it, hide it, take it out, put it back.

Kept apart from the parser: all of this must work on garbage too (a half-typed URL, a log
line), so nothing here raises, and masking hides more rather than less when in doubt.
Passwords are put back percent-encoded, so any password round-trips through the parser.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

MASK = "****"

# Query options that carry a secret in some transports (e.g. sqs, azure, pgmq).
_SECRET_QUERY = re.compile(
    r"(?P<key>[?&][^=&#\s]*(?:password|passwd|secret|token|key_id|access_key)[^=&#\s]*=)"
    r"(?P<value>[^&#\s]*)",
    re.IGNORECASE,
)


def find_userinfo(url: str) -> tuple[int, int] | None:
    """``(start, end)`` of the ``user:password`` part of ``url`` (``url[end]`` is ``@``).

    Follows Python's ``urlsplit`` (the last ``@`` before the first ``/`` or ``?``), and also
    finds a password typed with a raw ``/`` or ``?`` in it (``redis://:pa/ss@host``), which
    ``urlsplit`` would read as a path: those must still be masked.
    """
    marker = url.find("://")
    if marker < 0:
        return None
    start = marker + 3
    rest = url[start:]
    cut = len(rest)
    for mark in ("/", "?"):
        index = rest.find(mark)
        if 0 <= index < cut:
            cut = index
    at = rest.rfind("@", 0, cut)
    if at >= 0:
        return start, start + at
    at = rest.rfind("@")
    # '@' past the authority: a raw password only if the authority looks like "user:pass"
    # and no query option (key=value) comes before the '@' (a CA path may contain '@').
    if at > cut and ":" in rest[:cut] and "=" not in rest[cut:at]:
        return start, start + at
    return None


def mask_url(url: str) -> str:
    """``url`` with its password shown as ``****``; never raises, also on garbage."""
    try:
        masked = ";".join(_mask_one(segment) for segment in url.split(";"))
        return _SECRET_QUERY.sub(lambda m: m.group("key") + MASK, masked)
    except Exception:  # masking must never be the thing that fails
        scheme = url.partition("://")[0] if "://" in url else ""
        return f"{scheme}://{MASK}" if scheme.isalnum() else MASK


def _mask_one(url: str) -> str:
    found = find_userinfo(url)
    if found is None:
        return url
    start, end = found
    user, colon, password = url[start:end].partition(":")
    if not colon or not password:
        return url
    return f"{url[:start]}{user}:{MASK}{url[end:]}"


def split_password(url: str) -> tuple[str, str | None]:
    """``(url without its password, decoded password or None)``; never raises."""
    found = find_userinfo(url)
    if found is None:
        return url, None
    start, end = found
    username, colon, password = url[start:end].partition(":")
    if not colon:
        return url, None
    prefix = f"{username}@" if username else ""
    return url[:start] + prefix + url[end + 1 :], unquote(password) or None


def join_password(url: str, password: str | None) -> str:
    """``url`` with ``password`` (percent-encoded) in place of any it had; never raises."""
    bare, _ = split_password(url)
    if not password:
        return bare
    found = find_userinfo(bare)
    encoded = quote(password, safe="")
    if found is not None:
        start, end = found
        return f"{bare[:start]}{bare[start:end]}:{encoded}{bare[end:]}"
    scheme, sep, rest = bare.partition("://")
    if not sep:
        return bare
    return f"{scheme}{sep}:{encoded}@{rest}"
