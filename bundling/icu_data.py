"""A trimmed ICU data library for the Linux bundle (used by ``build.spec``, never by the app).

PySide6's Qt links ICU, and ``libicudata.so.NN`` holds every ICU data item (31 MB): break
dictionaries, transliterators, unit/currency/language names for 800 locales, 200 legacy
codecs. Qt calls ICU only for collation (QCollator), legacy codecs (QStringConverter with a
non-Unicode name) and time-zone display names; Celery Desk uses none of them. The library
cannot simply be left out (libQt6Core needs it to load), so the bundle gets one with the same
soname and symbol whose package keeps the locale-independent items plus the root, English and
Chinese locales of the main, collation and time-zone trees. Anything else asked of ICU falls
back to root data, as ICU does for any locale it does not have.

The library is the ICU common data package ("CmnD" format: a header, a sorted table of
contents, then 16-byte aligned items) exported as the symbol ``icudt<major>_dat``.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bundling.elf import read_symbol

# Trees no Qt code path reaches: word-break dictionaries (Qt segments text itself),
# transliteration, and display names of units, currencies, languages and regions, and
# number spell-out rules.
DROPPED_TREES = frozenset({"brkitr", "translit", "unit", "curr", "lang", "region", "rbnf"})
# The app's languages (its own strings are English and Chinese).
KEPT_LANGUAGES = frozenset({"en", "zh"})
# Legacy codecs (*.cnv; UTF-8/16/32, Latin-1 and ASCII are built into ICU) and Unicode
# character names (u_charName) are never used by Qt for this app.
_DROPPED_SUFFIXES = (".cnv",)
_DROPPED_ITEMS = frozenset({"unames.icu"})
_LOCALE_ITEM = re.compile(r"^(?P<language>[a-z]{2,3})(_[A-Za-z0-9]+)*\.res$")
# Names in the locale pattern that are tables of the tree, not locales.
_TREE_TABLES = frozenset({"res_index.res"})
_ITEM_ALIGNMENT = 16
# What ICU's own packager (pkgdata) pads with, so an untrimmed package rebuilds byte for byte.
_PADDING = b"\xaa"


@dataclass(frozen=True)
class Package:
    """An ICU common data package: its header and its items, in table-of-contents order."""

    header: bytes
    items: dict[str, bytes]


def keep_item(name: str) -> bool:
    """Whether the trimmed package keeps the item ``name`` (``icudt73l/coll/zh.res``)."""
    parts = name.split("/")[1:]
    if len(parts) > 1 and parts[0] in DROPPED_TREES:
        return False
    leaf = parts[-1]
    if leaf in _DROPPED_ITEMS or leaf.endswith(_DROPPED_SUFFIXES):
        return False
    locale = _LOCALE_ITEM.match(leaf)
    if locale is None or leaf in _TREE_TABLES:
        return True
    return locale["language"] in KEPT_LANGUAGES


def parse_package(data: bytes) -> Package:
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package (little-endian CmnD)")
    count = struct.unpack_from("<I", data, header_size)[0]
    entries = [struct.unpack_from("<II", data, header_size + 4 + 8 * i) for i in range(count)]
    ends = [offset for _, offset in entries[1:]] + [len(data) - header_size]
    items: dict[str, bytes] = {}
    for (name_offset, data_offset), end in zip(entries, ends, strict=True):
        start = header_size + name_offset
        name = data[start : data.index(b"\0", start)].decode("ascii")
        items[name] = data[header_size + data_offset : header_size + end]
    return Package(header=data[:header_size], items=items)


def _pad(length: int) -> int:
    return -length % _ITEM_ALIGNMENT


def build_package(package: Package) -> bytes:
    """The package as bytes; ICU binary-searches the table, so names must stay sorted."""
    names = list(package.items)
    if names != sorted(names, key=lambda name: name.encode("ascii")):
        raise ValueError("ICU package items must be in byte order of their names")
    header = package.header
    table_size = 4 + 8 * len(names)
    name_block = b"".join(name.encode("ascii") + b"\0" for name in names)
    name_offsets = []
    offset = table_size
    for name in names:
        name_offsets.append(offset)
        offset += len(name) + 1
    # Items are 16-byte aligned from the start of the package, which starts aligned.
    offset += _pad(len(header) + offset)
    body = bytearray()
    data_offsets = []
    for name in names:
        item = package.items[name]
        data_offsets.append(offset + len(body))
        body += item + _PADDING * _pad(len(item))
    table = struct.pack("<I", len(names)) + b"".join(
        struct.pack("<II", name_offset, data_offset)
        for name_offset, data_offset in zip(name_offsets, data_offsets, strict=True)
    )
    padding = _PADDING * _pad(len(header) + table_size + len(name_block))
    return header + table + name_block + padding + bytes(body)


def trim_package(data: bytes, keep: Callable[[str], bool] = keep_item) -> bytes:
    package = parse_package(data)
    kept = {name: item for name, item in package.items.items() if keep(name)}
    return build_package(Package(header=package.header, items=kept))


def data_symbol(library: Path) -> str:
    """``icudt73_dat`` for ``libicudata.so.73``: ICU names the symbol after its major version."""
    major = library.name.rsplit(".so.", 1)[-1].split(".")[0]
    return f"icudt{major}_dat"


def build_library(package: bytes, soname: str, symbol: str, workdir: Path) -> Path | None:
    """A shared library exporting ``package`` as ``symbol``; None without a C compiler."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        return None
    workdir.mkdir(parents=True, exist_ok=True)
    blob = workdir / "icudata.bin"
    blob.write_bytes(package)
    source = workdir / "icudata.S"
    source.write_text(
        f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
        f'{symbol}:\n\t.incbin "{blob.name}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    output = workdir / soname
    command = [compiler, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(output)]
    subprocess.run([*command, source.name], cwd=workdir, check=True)
    return output


def trimmed_library(library: Path, workdir: Path) -> Path | None:
    """A trimmed copy of ``library`` (``libicudata.so.NN``) in ``workdir``; None if no compiler."""
    symbol = data_symbol(library)
    package = trim_package(read_symbol(library, symbol))
    return build_library(package, library.name, symbol, workdir)
