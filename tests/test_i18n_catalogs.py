"""The translation sources are complete: what the code says is in them, translated.

lupdate runs here on the code as it is, into a copy of each committed ``.ts``, and must give
the same file (a new or changed string not extracted fails, so does one left behind); every
entry is translated unless its area's pending list names it, and a translation keeps the
placeholders, tags and shortcut of its source. docs/translating.md says how to fix each.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from desktop.core.i18n import TRANSLATED
from desktop.i18n_areas import AREAS, NOT_TRANSLATED, ROOT, pending_file, sources, ts_file
from desktop.i18n_tools import Message, lupdate, read_pending, read_ts, untranslated

CATALOGS = [(area, language) for area in AREAS for language in TRANSLATED]
IDS = [f"{area}_{language}" for area, language in CATALOGS]

#: Calls whose text is not a literal, so lupdate extracts nothing from them and they stay
#: English: each area's helper rewrites them (a literal at the call site, or the texts marked
#: with QT_TRANSLATE_NOOP where they are defined) and removes them here.
KNOWN_UNEXTRACTED: dict[str, set[str]] = {}
#: Contexts that lupdate took from a variable (``dialog.tr(...)``: context "dialog") while
#: Qt looks the text up under the object's classes, so it is never found. Same owners.
KNOWN_WRONG_CONTEXTS: dict[str, set[str]] = {}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each committed .ts, updated by lupdate from the code as it is now (in a copy)."""
    folder = tmp_path_factory.mktemp("extracted")
    fresh = {}
    for area, language in CATALOGS:
        copy = folder / ts_file(area, language).name
        shutil.copyfile(ts_file(area, language), copy)
        lupdate(area, language, copy)
        fresh[area, language] = copy
    return fresh


@pytest.mark.parametrize(("area", "language"), CATALOGS, ids=IDS)
def test_the_ts_file_holds_exactly_the_strings_of_the_code(
    area: str, language: str, extracted: dict[tuple[str, str], Path]
) -> None:
    committed = ts_file(area, language)
    fresh = extracted[area, language]
    if fresh.read_bytes() == committed.read_bytes():
        return
    before = {m.key for m in read_ts(committed)}
    after = {m.key for m in read_ts(fresh)}
    pytest.fail(
        f"{committed.relative_to(ROOT)} is not what lupdate extracts from the code: run "
        f"`make translations-update`, translate what it adds.\n"
        f"  not extracted yet: {sorted(after - before)}\n"
        f"  gone from the code: {sorted(before - after)}"
    )


@pytest.mark.parametrize(("area", "language"), CATALOGS, ids=IDS)
def test_every_string_is_translated_or_listed_as_pending(area: str, language: str) -> None:
    open_ = untranslated(read_ts(ts_file(area, language)))
    pending = read_pending(pending_file(area, language))
    assert not sorted(open_ - pending), (
        f"untranslated in {area}_{language}.ts (translate them): {sorted(open_ - pending)}"
    )
    assert not sorted(pending - open_), (
        f"{pending_file(area, language).name} lists strings that are translated or gone "
        f"(`make translations-update` removes them): {sorted(pending - open_)}"
    )


def test_a_new_string_is_extracted_as_unfinished_and_a_removed_one_leaves(tmp_path: Path) -> None:
    # The machinery the tests above rely on, on a tree of one file.
    page = tmp_path / "desktop" / "ui" / "page.py"
    page.parent.mkdir(parents=True)
    page.write_text(
        "class Page(QWidget):\n"
        "    def build(self):\n"
        "        self.tr('Purge {0}').format(queue)\n"
        "        translate('Queues', '%n messages', None, count)\n",
        encoding="utf-8",
    )
    ts = tmp_path / "app_zh_CN.ts"
    lupdate("app", "zh_CN", ts, root=tmp_path)
    messages = read_ts(ts)
    assert untranslated(messages) == {("Page", "Purge {0}", ""), ("Queues", "%n messages", "")}
    assert [m.plural for m in messages] == [False, True]
    page.write_text("class Page(QWidget):\n    pass\n", encoding="utf-8")
    lupdate("app", "zh_CN", ts, root=tmp_path)
    assert read_ts(ts) == []


_BRACES = re.compile(r"\{[^{}]*\}")
_PERCENT = re.compile(r"%L?(?:n|\d+)")
_TAG = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
# A shortcut marker: "&F" but neither "&&" nor an entity such as "&amp;".
_ACCELERATOR = re.compile(r"&(?!&|#?\w+;)(?=\S)")


def markers(text: str) -> Counter[str]:
    """What a translation must keep of its source: {0}/{name}, %n/%1, tags, a shortcut."""
    found: Counter[str] = Counter()
    found.update(_BRACES.findall(text))
    found.update(_PERCENT.findall(text))
    found.update(f"<{tag.lower()}>" for tag in _TAG.findall(text))
    found.update("&shortcut" for _ in _ACCELERATOR.findall(text))
    return found


def _finished(messages: list[Message]) -> list[Message]:
    return [m for m in messages if not m.unfinished and all(t.strip() for t in m.translations)]


@pytest.mark.parametrize(("area", "language"), CATALOGS, ids=IDS)
def test_translations_keep_the_placeholders_tags_and_shortcuts(area: str, language: str) -> None:
    wrong = []
    for message in _finished(read_ts(ts_file(area, language))):
        expected = markers(message.source)
        for translation in message.translations:
            if markers(translation) != expected:
                wrong.append(f"{message.context}: {message.source!r} -> {translation!r}")
    assert not wrong, "placeholders, tags or & shortcuts differ:\n" + "\n".join(wrong)


def test_markers_are_found() -> None:
    # the comparison above is only as good as this
    source = "<b>{0}</b> has %n tasks on &Queue %1"
    assert markers(source) == markers("队列(&Q) %1 上的 <b>{0}</b> 有 %n 个任务")
    assert markers(source) != markers("队列 %1 上的 {0} 有 %n 个任务")
    assert markers("Save &as") == Counter({"&shortcut": 1})
    assert markers("Tom &amp; Jerry && co") == Counter()
    assert markers("{0} of {total}") == Counter({"{0}": 1, "{total}": 1})
    assert markers("<br>x<br/>") == Counter({"<br>": 2})


def test_every_python_file_is_in_exactly_one_area() -> None:
    code = {
        path
        for top in ("desktop", "celery_app")
        for path in (ROOT / top).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    skipped = {path for pattern in NOT_TRANSLATED for path in ROOT.glob(pattern)}
    owners: dict[Path, list[str]] = {}
    for area in AREAS:
        for path in sources(area):
            owners.setdefault(path, []).append(area)
    twice = {str(p.relative_to(ROOT)): a for p, a in owners.items() if len(a) > 1}
    nowhere = sorted(str(p.relative_to(ROOT)) for p in code - skipped - set(owners))
    assert not twice, f"in two areas (desktop/i18n_areas.py): {twice}"
    assert not nowhere, f"in no area (add them to desktop/i18n_areas.py): {nowhere}"


def _calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_translated_texts_are_literals_that_lupdate_can_extract() -> None:
    found: dict[str, set[str]] = {}
    for area in AREAS:
        for path in sources(area):
            for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
                name, args = _name(call), call.args
                text = args[0] if name == "tr" and args else None
                if name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2:
                    text = args[1] if _literal(args[0]) else args[0]
                if text is not None and not _literal(text):
                    found.setdefault(str(path.relative_to(ROOT)), set()).add(ast.unparse(call))
    assert found == KNOWN_UNEXTRACTED, (
        "a translated text must be a literal at the call site, or lupdate never sees it "
        "(docs/translating.md); fixed ones leave KNOWN_UNEXTRACTED"
    )


def test_every_context_is_one_qt_looks_up() -> None:
    """A context is a class of the area (what self.tr uses) or a literal context of a
    translate()/QT_TRANSLATE_NOOP call; anything else is never found at run time."""
    wrong: dict[str, set[str]] = {}
    for area in AREAS:
        known: set[str] = set()
        for path in sources(area):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            known |= {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
            for call in _calls(tree):
                if _name(call) in ("translate", "QT_TRANSLATE_NOOP") and call.args:
                    first = call.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        known.add(first.value)
        contexts = {m.context for m in read_ts(ts_file(area, TRANSLATED[0]))}
        if contexts - known:
            wrong[area] = contexts - known
    assert wrong == KNOWN_WRONG_CONTEXTS
