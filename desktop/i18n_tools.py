"""Extract, compile and check the translations, with PySide6's own tools.

    python -m desktop.i18n_tools update    # make translations-update: lupdate per area
    python -m desktop.i18n_tools release   # lrelease per area (make translations: compile)
    python -m desktop.i18n_tools compile TS QM   # one file, for make's pattern rule

``update`` runs ``pyside6-lupdate`` over each area's sources (desktop/i18n_areas.py) into its
``.ts`` with ``-no-obsolete`` (a string removed from the code leaves the file) and
``-locations none``: with line numbers, every edit above a string would rewrite the ``.ts``
(a merge conflict between translators, and a completeness test failing on unrelated edits);
the context (the class, or the context named in ``translate``) tells a translator where the
string is shown. Then it prunes the pending lists: strings translated or gone leave them,
nothing joins them (a new string is translated when it is added).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.i18n_areas import AREAS, ROOT, all_ts_files, pending_file, qm_name, sources

_EXTRA_COMMENT = re.compile(r"\n[ \t]*<extracomment>.*?</extracomment>", re.DOTALL)
LUPDATE_OPTIONS = ("-silent", "-no-obsolete", "-locations", "none", "-source-language", "en")


def tool(name: str) -> str:
    """``pyside6-<name>`` next to this interpreter (the virtualenv's, from PySide6-Essentials)."""
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def lupdate(area: str, language: str, ts: Path, root: Path = ROOT) -> None:
    """Merge ``area``'s strings under ``root`` into ``ts`` (created when missing)."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    files = [str(path) for path in sources(area, root)]
    command = [tool("lupdate"), *LUPDATE_OPTIONS, "-target-language", language, *files]
    subprocess.run([*command, "-ts", str(ts)], check=True, cwd=root, timeout=120)
    # lupdate takes every ``#:`` comment before a tr() call as a note for translators; here
    # they are attribute docs (Sphinx style), and would tie the .ts to unrelated comments.
    text = ts.read_text(encoding="utf-8")
    ts.write_text(_EXTRA_COMMENT.sub("", text), encoding="utf-8")


def lrelease(ts: Path, qm: Path) -> None:
    """Compile ``ts``; unfinished entries are left out, so they show in English."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    command = [tool("lrelease"), "-silent", "-nounfinished", str(ts), "-qm", str(qm)]
    subprocess.run(command, check=True, timeout=120)


@dataclass(frozen=True)
class Message:
    """One entry of a ``.ts`` file."""

    context: str
    source: str
    comment: str
    translations: tuple[str, ...]  # one, or one per plural form (Chinese has one)
    unfinished: bool
    plural: bool

    @property
    def key(self) -> tuple[str, str, str]:
        return self.context, self.source, self.comment


def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [] if translation is None else list(translation.iter("numerusform"))
            texts = [f.text or "" for f in forms] if forms else [_text(translation)]
            kind = "" if translation is None else translation.get("type", "")
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source") or "",
                    comment=message.findtext("comment") or "",
                    translations=tuple(texts),
                    unfinished=kind == "unfinished",
                    plural=message.get("numerus") == "yes",
                )
            )
    return messages


def _text(element: ET.Element | None) -> str:
    return "" if element is None else element.text or ""


def untranslated(messages: Iterable[Message]) -> set[tuple[str, str, str]]:
    """Keys of the entries a user would see in English: unfinished or empty."""
    return {m.key for m in messages if m.unfinished or not all(t.strip() for t in m.translations)}


def read_pending(path: Path) -> set[tuple[str, str, str]]:
    """A pending list: JSON ``[[context, source], ...]`` (a third item: the disambiguation)."""
    if not path.is_file():
        return set()
    entries = json.loads(path.read_text(encoding="utf-8"))
    return {(e[0], e[1], e[2] if len(e) > 2 else "") for e in entries}


def write_pending(path: Path, keys: set[tuple[str, str, str]]) -> None:
    """One entry per line, sorted, so that each translated string is a one-line deletion."""
    if not keys:
        path.unlink(missing_ok=True)
        return
    lines = [json.dumps([c, s, d] if d else [c, s], ensure_ascii=False) for c, s, d in sorted(keys)]
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")


def update(root: Path = ROOT) -> None:
    for area, language, ts in all_ts_files(root):
        lupdate(area, language, ts, root)
        pending = pending_file(area, language, root)
        still = read_pending(pending) & untranslated(read_ts(ts))
        write_pending(pending, still)
        print(f"{ts.relative_to(root)}: {len(read_ts(ts))} strings, {len(still)} pending")


def release(root: Path = ROOT, out: Path | None = None) -> list[Path]:
    """Compile every ``.ts`` into ``out`` (default: beside it); the ``.qm`` files written."""
    written = []
    for area, language, ts in all_ts_files(root):
        qm = (out or ts.parent) / qm_name(area, language)
        lrelease(ts, qm)
        written.append(qm)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["update"]:
        update()
        return 0
    if args == ["release"]:
        release()
        return 0
    if len(args) == 3 and args[0] == "compile":
        lrelease(Path(args[1]), Path(args[2]))
        return 0
    if args == ["areas"]:
        print(" ".join(AREAS))
        return 0
    print(
        "usage: python -m desktop.i18n_tools update | release | compile TS QM | areas",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
