"""ELF for ``build.spec``: exported data symbols, and the libraries binaries need.

PyInstaller collects every library its dependency scan finds, including those only needed by
Qt plugins the spec then drops (the GTK stack behind the gtk3 platform theme, Kerberos behind
QtNetwork). Pruning the system libraries that no kept binary needs, by following DT_NEEDED,
keeps the bundle correct without a list of distribution-specific library names. NEEDED
entries are read by the app's own ELF reader (desktop/core/elf_deps.py, its preflight check).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from desktop.core.elf_deps import read_elf

_DYNAMIC_SYMBOLS = 11  # SHT_DYNSYM


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


def reachable_libraries(roots: Iterable[Path], libraries: Mapping[str, Path]) -> set[str]:
    """The names in ``libraries`` (soname -> file) that ``roots`` need, directly or not."""
    reached: set[str] = set()
    pending = list(roots)
    while pending:
        elf = read_elf(pending.pop())  # None for scripts and data shipped as binaries
        for name in elf.needed if elf is not None else ():
            if name in libraries and name not in reached:
                reached.add(name)
                pending.append(libraries[name])
    return reached
