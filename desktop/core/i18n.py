"""Translation for the Qt-free core: a hook the app points at Qt's translator.

Core code translates at the call site, with literal arguments so that ``pyside6-lupdate``
extracts them (it reads calls of a bare ``translate`` and of ``QT_TRANSLATE_NOOP``; a wrapper
function hides the text from it)::

    from desktop.core.i18n import translate

    raise ValueError(translate("Profiles", "no profile named {0}").format(name))
    translate("Queues", "%n messages", None, count)  # plural: %n is replaced by count

Until the app calls :func:`install` (desktop/ui/i18n.py passes ``QCoreApplication.translate``)
the text comes back as written, with ``%n`` replaced, so the core behaves the same in tests,
in sub-commands and in the bundle's helper processes, where Qt is never loaded.

Which language the user wants is decided here too (:func:`language_from_environment`), so
that the command line, which runs without Qt, follows the same rule as the window.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path

#: ``(context, text, disambiguation, n) -> translated text``, QCoreApplication.translate's shape.
Translator = Callable[[str, str, str | None, int], str]

#: The languages the app ships translations for, besides the source language English.
TRANSLATED = ("zh_CN",)

_translator: Translator | None = None

#: What the ``language`` setting may hold: ``system`` or a language code (``en``, ``zh_CN``).
#: Here rather than in settings_schema, which translates its messages through this module.
LANGUAGE_SETTING = re.compile(r"^(system|[a-z]{2,3}([_-][A-Za-z]{2,4})?)$")


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the user's language (``context`` groups it, as a class name does for tr)."""
    hook = _translator
    if hook is None:
        return untranslated(text, n)
    return hook(context, text, disambiguation, n)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for extraction where it is defined (a table of labels, a constant)
    and returns it unchanged; translate it where it is shown, with the same context."""
    return text


def untranslated(text: str, n: int = -1) -> str:
    """What Qt returns without a translation: the text, with ``%n`` and ``%Ln`` (the number
    in the locale's digits and grouping, here the C locale's) replaced when n >= 0."""
    return text.replace("%Ln", str(n)).replace("%n", str(n)) if n >= 0 else text


def install(hook: Translator | None) -> None:
    """Route :func:`translate` through ``hook``; None restores the untranslated text."""
    global _translator  # noqa: PLW0603 - one hook for the process, set once at start
    _translator = hook


def installed() -> Translator | None:
    return _translator


def normalized_language(code: str) -> str | None:
    """A locale name (``zh_CN.UTF-8``, ``zh-Hans-CN``, ``en_GB``) as one of our languages:
    ``"en"``, one of :data:`TRANSLATED`, or None when it names no language (``C``, ``POSIX``).

    Chinese in the traditional script (``zh_TW``, ``zh_HK``, ``zh-Hant``) is not simplified
    Chinese: those users get English until a ``zh_TW`` translation exists, as Qt would
    (QTranslator.load(QLocale) does not fall back from zh_TW to zh_CN either).
    """
    name = code.partition(".")[0].partition("@")[0].replace("-", "_").strip()
    parts = [part.lower() for part in name.split("_") if part]
    if not parts or parts[0] in ("c", "posix"):
        return None
    if parts[0] == "zh":
        traditional = "hant" in parts or any(part in ("tw", "hk", "mo") for part in parts)
        return "en" if traditional else "zh_CN"
    return "en"


def language_from_environment(environ: Mapping[str, str]) -> str:
    """The language POSIX programs use for messages: LANGUAGE's first entry, LC_ALL,
    LC_MESSAGES, then LANG (the order gettext reads them); English when none names one."""
    candidates = [environ.get("LANGUAGE", "").split(":")[0]]
    candidates += [environ.get(key, "") for key in ("LC_ALL", "LC_MESSAGES", "LANG")]
    for candidate in candidates:
        language = normalized_language(candidate) if candidate else None
        if language is not None:
            return language
    return "en"


def saved_setting(path: Path | None = None) -> str:
    """The ``language`` setting in settings.json, ``"system"`` when absent or unusable.

    Read before the app's settings store loads (the language comes first), and without its
    repairs: a broken file is left for that load to report and move aside.
    """
    from desktop.core import paths

    try:
        data = json.loads((path or paths.config_dir() / "settings.json").read_bytes())
    except (OSError, ValueError):  # unreadable, or not JSON
        return "system"
    value = data.get("language", "system") if isinstance(data, dict) else "system"
    return value if isinstance(value, str) and LANGUAGE_SETTING.match(value) else "system"


def resolve_language(setting: str, environ: Mapping[str, str]) -> str:
    """The language of the ``language`` setting (``"system"`` follows ``environ``)."""
    if setting == "system":
        return language_from_environment(environ)
    return normalized_language(setting) or "en"
