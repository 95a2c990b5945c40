"""Minimal ELF shared objects written byte by byte: a dynamic section and its strings, no code.

Enough for the loader-style resolution in desktop/core/elf_deps.py, on any machine, without a
compiler.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path

X86_64 = 62
AARCH64 = 183
_SHT_STRTAB, _SHT_DYNAMIC = 3, 6
_DT_NEEDED, _DT_RUNPATH = 1, 29


def write_elf(
    path: Path, needed: Sequence[str] = (), runpath: str | None = None, machine: int = X86_64
) -> Path:
    """A 64-bit little-endian ELF at ``path`` needing ``needed``, with an optional RUNPATH."""
    strings = bytearray(b"\0")
    entries: list[tuple[int, int]] = []
    for tag, value in [(_DT_NEEDED, name) for name in needed] + (
        [(_DT_RUNPATH, runpath)] if runpath else []
    ):
        entries.append((tag, len(strings)))
        strings += value.encode() + b"\0"
    dynamic = b"".join(struct.pack("<qQ", tag, value) for tag, value in [*entries, (0, 0)])
    strtab_offset = 64
    dynamic_offset = strtab_offset + len(strings)
    shoff = dynamic_offset + len(dynamic)
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    header = ident + struct.pack(
        "<HHIQQQIHHHHHH", 3, machine, 1, 0, 0, shoff, 0, 64, 56, 0, 64, 3, 0
    )
    sections = [
        struct.pack("<IIQQQQIIQQ", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        struct.pack("<IIQQQQIIQQ", 0, _SHT_STRTAB, 0, 0, strtab_offset, len(strings), 0, 0, 1, 0),
        struct.pack(
            "<IIQQQQIIQQ", 0, _SHT_DYNAMIC, 0, 0, dynamic_offset, len(dynamic), 1, 0, 8, 16
        ),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + bytes(strings) + dynamic + b"".join(sections))
    return path
