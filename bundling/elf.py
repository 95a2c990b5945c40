"""Just enough ELF reading for ``build.spec``: exported data symbols and NEEDED entries.

PyInstaller collects every library its dependency scan finds, including those only needed by
Qt plugins the spec then drops (the GTK stack behind the gtk3 platform theme, Kerberos behind
QtNetwork). Pruning the system libraries that no kept binary needs, by following DT_NEEDED,
keeps the bundle correct without a list of distribution-specific library names.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

_DYNAMIC_SYMBOLS = 11  # SHT_DYNSYM
_DYNAMIC = 6  # SHT_DYNAMIC
_NEEDED = 1  # DT_NEEDED


@dataclass(frozen=True)
class _Section:
    kind: int
    address: int
    offset: int
    size: int
    link: int


def _sections(elf: bytes, path: Path) -> list[_Section]:
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError(f"{path} is not a 64-bit little-endian ELF file")
    (table,) = struct.unpack_from("<Q", elf, 0x28)
    entry_size, count = struct.unpack_from("<HH", elf, 0x3A)
    return [
        _Section(*struct.unpack_from("<4xI8xQQQI", elf, table + i * entry_size))
        for i in range(count)
    ]


def _string(elf: bytes, start: int) -> bytes:
    return elf[start : elf.index(b"\0", start)]


def read_symbol(library: Path, symbol: str) -> bytes:
    """The bytes of a data symbol exported by an ELF64 little-endian shared library."""
    elf = library.read_bytes()
    sections = _sections(elf, library)
    for table in sections:
        if table.kind != _DYNAMIC_SYMBOLS:
            continue
        strings = sections[table.link].offset
        for position in range(table.offset, table.offset + table.size, 24):
            name, index, value, length = struct.unpack_from("<I2xHQQ", elf, position)
            if _string(elf, strings + name) != symbol.encode("ascii"):
                continue
            home = sections[index]
            start = home.offset + value - home.address
            return elf[start : start + length]
    raise ValueError(f"{library} exports no symbol {symbol}")


def needed_libraries(binary: Path) -> list[str]:
    """The sonames ``binary`` asks the dynamic loader for (its DT_NEEDED entries)."""
    elf = binary.read_bytes()
    if elf[:4] != b"\x7fELF":
        return []  # scripts and data shipped as binaries need nothing
    sections = _sections(elf, binary)
    needed = []
    for dynamic in sections:
        if dynamic.kind != _DYNAMIC:
            continue
        strings = sections[dynamic.link].offset
        for position in range(dynamic.offset, dynamic.offset + dynamic.size, 16):
            tag, value = struct.unpack_from("<qQ", elf, position)
            if tag == _NEEDED:
                needed.append(_string(elf, strings + value).decode())
    return needed


def reachable_libraries(roots: Iterable[Path], libraries: Mapping[str, Path]) -> set[str]:
    """The names in ``libraries`` (soname -> file) that ``roots`` need, directly or not."""
    reached: set[str] = set()
    pending = list(roots)
    while pending:
        for name in needed_libraries(pending.pop()):
            if name in libraries and name not in reached:
                reached.add(name)
                pending.append(libraries[name])
    return reached
