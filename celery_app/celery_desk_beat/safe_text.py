"""Text about untrusted values that is short, never raises and always encodes.

Messages name what a schedule file holds, and a file may hold anything: a number of 5,000
digits (whose ``repr`` raises on Python 3.11+), a list nested thousands deep, a lone
surrogate that no log file or Redis reply can encode. Every message goes through here.
"""

from __future__ import annotations

import math
import reprlib

from celery_desk_beat.i18n import translate

_REPR = reprlib.Repr()
_REPR.maxstring = 80
_REPR.maxother = 80
_REPR.maxlevel = 3
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxdict = 6
_BIG_NUMBER_BITS = 200


def printable(text: str) -> str:
    """``text`` with lone surrogates written as ``\\udXXX``, so it encodes as UTF-8."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def shown(value: object) -> str:
    """A short ``repr`` of ``value`` for a message, whatever it is."""
    if isinstance(value, int) and value.bit_length() > _BIG_NUMBER_BITS:
        digits = math.floor(value.bit_length() * math.log10(2)) + 1
        return translate("SafeText", "a number of about {0} digits").format(digits)
    try:
        return printable(_REPR.repr(value))
    except Exception:  # a user object whose repr fails, a number too long to print...
        return translate("SafeText", "a {0}").format(type(value).__name__)


def brief(text: str, limit: int = 200) -> str:
    """``text`` (an exception's, say) on one line, at most ``limit`` characters, encodable."""
    line = " ".join(printable(text).split())
    return line if len(line) <= limit else f"{line[: limit - 3]}..."
