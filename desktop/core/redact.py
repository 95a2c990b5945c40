"""Keeping broker passwords out of logs: a logging filter that masks URLs in every record.

Installed on the app's handlers (see ``logging_config``), it rewrites a record's message once
(``msg % args``) with every ``scheme://user:password@...`` shown as ``scheme://user:****@...``.
Records from third-party libraries (kombu, celery, redis-py) pass through it too.
"""

from __future__ import annotations

import logging
import re

from desktop.core.broker.url_password import mask_url

# Anything that looks like a URL with a scheme, up to whitespace or a quote/bracket that
# ends it in prose or in a repr(). A raw '@' or ':' in a password stays inside the match.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s'\"<>()\[\]{}]+")
_FORMATTER = logging.Formatter()


def redact_text(text: str) -> str:
    """``text`` with the password of every URL in it masked."""
    if "://" not in text:
        return text
    return _URL.sub(lambda match: mask_url(match.group(0)), text)


class SecretRedactingFilter(logging.Filter):
    """Masks passwords in URLs found in a record's message and arguments; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: let the handler report it as usual
            return True
        redacted = redact_text(message)
        if redacted != message or record.args:
            # Freeze the formatted, masked text: later handlers must not re-apply the args.
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            # Formatters reuse a cached exc_text: fill it in, masked, before any of them.
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return True


def install_redaction(logger: logging.Logger | None = None) -> SecretRedactingFilter:
    """Add the filter to every handler of ``logger`` (the root logger by default).

    Handler filters see records from child loggers too (logger filters do not), so this is
    where it must go. Returns the filter so a caller can add it to handlers made later.
    """
    target = logger if logger is not None else logging.getLogger()
    redacting = SecretRedactingFilter()
    for handler in target.handlers:
        if not any(isinstance(f, SecretRedactingFilter) for f in handler.filters):
            handler.addFilter(redacting)
    return redacting
