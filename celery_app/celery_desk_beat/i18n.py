"""Translation hook for the scheduler's messages shown in Celery Desk's window.

The same messages (validation errors, rejection reasons) are logged by a user's beat, where
this package runs on its own with Celery only: there nothing installs a hook and they stay
English, as a server's log should. Inside Celery Desk the app installs Qt's translator here
(desktop/ui/i18n.py), so the forms show them in the user's language.

Call sites pass literal text so that ``pyside6-lupdate`` extracts it::

    from celery_desk_beat.i18n import translate

    translate("ScheduleValidation", "minute must be 0-59, not {0}").format(value)
"""

from __future__ import annotations

from collections.abc import Callable

# ``(context, text, disambiguation, n) -> text``: QCoreApplication.translate's shape.
Translator = Callable[[str, str, str | None, int], str]

_translator: Translator | None = None


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` translated when the app installed a hook; else as written (``%n`` replaced)."""
    hook = _translator
    if hook is None:
        return text.replace("%n", str(n)) if n >= 0 else text
    return hook(context, text, disambiguation, n)


def install(hook: Translator | None) -> None:
    """Route :func:`translate` through ``hook``; None restores the untranslated text."""
    global _translator  # noqa: PLW0603 - one hook for the process, set by the app at start
    _translator = hook
