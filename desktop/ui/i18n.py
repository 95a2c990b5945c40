"""The UI language: chosen once at start, before any widget is built.

The ``language`` setting is ``"system"`` (follow the system locale, the default), ``"en"`` or
``"zh_CN"``. For Chinese this installs a QTranslator per area (``<area>_zh_CN.qm`` from
resources/translations, compiled by ``make translations``) and Qt's own ``qtbase_zh_CN.qm``
(standard buttons, file and message dialogs), makes Chinese the default QLocale (numbers and
dates), and points the Qt-free translation hooks (desktop.core.i18n, celery_desk_beat.i18n)
at ``QCoreApplication.translate``. Changing the setting applies at the next start: widgets
translate their texts when they are built (Preferences offers to restart at once).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import celery_desk_beat.i18n as beat_i18n
from desktop.core import i18n as core_i18n
from desktop.i18n_areas import AREAS, qm_name
from desktop.ui.resources import translations_dir

log = logging.getLogger("celery_desk.i18n")

#: Qt's own catalogs to load with ours: qtbase has the standard buttons and dialogs.
QT_CATALOGS = ("qtbase",)
ENGLISH = "en"


@dataclass
class ActiveLanguage:
    """What :func:`install_language` installed: the language and where its texts came from."""

    setting: str
    code: str
    loaded: list[str] = field(default_factory=list)  # catalogs found, e.g. "app_zh_CN.qm"
    missing: list[str] = field(default_factory=list)  # catalogs not found: shown in English
    translators: list[QTranslator] = field(default_factory=list)
    # Catalogs loaded from memory: Qt reads them in place, so they live as long as this does.
    data: list[bytes] = field(default_factory=list)

    @property
    def is_translated(self) -> bool:
        return self.code != ENGLISH


_active: ActiveLanguage | None = None


def active_language() -> str:
    """The language the UI was built in (English before :func:`install_language`)."""
    return _active.code if _active is not None else ENGLISH


def system_language(locale: QLocale | None = None) -> str:
    """The system locale's UI language as ours: ``"zh_CN"`` for simplified Chinese, else
    ``"en"`` (QLocale reads LANGUAGE, LC_ALL, LC_MESSAGES and LANG, or the OS's setting)."""
    languages = (locale or QLocale.system()).uiLanguages()
    return (core_i18n.normalized_language(languages[0]) if languages else None) or ENGLISH


def choose_language(setting: str, locale: QLocale | None = None) -> str:
    if setting == "system":
        return system_language(locale)
    return core_i18n.normalized_language(setting) or ENGLISH


def install_language(
    setting: str | None = None,
    *,
    directory: Path | None = None,
    system: QLocale | None = None,
) -> ActiveLanguage:
    """Install the language of ``setting`` (default: the saved setting) for the whole app.

    ``directory`` holds the area ``.qm`` files (default: the shipped resources/translations);
    ``system`` stands for the system locale (tests). Calling it again replaces what an
    earlier call installed.
    """
    uninstall_language()
    if setting is None:
        setting = core_i18n.saved_setting()
    code = choose_language(setting, system)
    active = ActiveLanguage(setting=setting, code=code)
    # Numbers and dates: the system's conventions when they are those of a speaker of the
    # language (en_GB for English), or when the UI just follows the system; else the
    # language's own (English chosen on a German system writes 1,234.5, not 1.234,5).
    system_locale = system or QLocale.system()
    native = system_locale.language() == QLocale(code).language()
    QLocale.setDefault(system_locale if native or setting == "system" else QLocale(code))
    if active.is_translated:
        for area in AREAS:
            _load(active, qm_name(area, code), _app_catalog(area, code, directory))
        for catalog in QT_CATALOGS:
            name = f"{catalog}_{code}.qm"
            _load(active, name, _qt_catalog(name))
    core_i18n.install(QCoreApplication.translate)
    beat_i18n.install(QCoreApplication.translate)
    if active.missing:
        log.warning(
            "Language %s: %s not found, those texts stay English (make translations builds ours)",
            code,
            ", ".join(active.missing),
        )
    global _active  # noqa: PLW0603 - the process has one UI language
    _active = active
    return active


def uninstall_language() -> None:
    """Back to English and the system locale, as before :func:`install_language`."""
    global _active  # noqa: PLW0603
    if _active is not None:
        for translator in _active.translators:
            QCoreApplication.removeTranslator(translator)
        _active = None
    core_i18n.install(None)
    beat_i18n.install(None)
    QLocale.setDefault(QLocale.system())


def _load(active: ActiveLanguage, name: str, source: Path | bytes | None) -> None:
    translator = QTranslator(QCoreApplication.instance())
    if isinstance(source, Path):
        ok = translator.load(str(source))
    elif source is not None:
        ok = translator.load(source)
        active.data.append(source)
    else:
        ok = False
    if ok and QCoreApplication.installTranslator(translator):
        active.loaded.append(name)
        active.translators.append(translator)
    else:
        active.missing.append(name)


def _app_catalog(area: str, code: str, directory: Path | None) -> Path | bytes | None:
    if directory is not None:
        path = directory / qm_name(area, code)
        return path if path.is_file() else None
    entry = translations_dir().joinpath(qm_name(area, code))
    if not entry.is_file():
        return None
    # A real file Qt maps itself; inside an archive (a zipped install) only its bytes exist.
    return entry if isinstance(entry, Path) else entry.read_bytes()


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own ``.qm`` files are: Qt's configured path, then PySide6's package (the
    frozen bundle keeps them there, build.spec)."""
    import PySide6

    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    dirs.append(Path(PySide6.__file__).parent / "Qt" / "translations")
    return dirs


def _qt_catalog(name: str) -> Path | None:
    return next((d / name for d in qt_translation_dirs() if (d / name).is_file()), None)
