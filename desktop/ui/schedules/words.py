"""Schedule descriptions in the UI's language.

The core describes every schedule in English and in Chinese
(:class:`desktop.core.schedules.describe.Description`); the UI shows the one of the language
it was built in and keeps the other at hand, in a tooltip.
"""

from __future__ import annotations

from desktop.core.schedules.describe import Description
from desktop.ui.i18n import active_language

CHINESE = "zh_CN"


def in_ui_language(words: Description) -> str:
    """The description in the UI's language (English unless the UI is Chinese)."""
    return words.zh if active_language() == CHINESE else words.en


def both_languages(words: Description) -> str:
    """Both descriptions, the UI's language first: a tooltip's text."""
    first, second = (words.zh, words.en) if active_language() == CHINESE else (words.en, words.zh)
    return first if first == second else f"{first}\n{second}"
