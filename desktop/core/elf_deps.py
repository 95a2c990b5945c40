"""Which shared libraries an ELF object needs, and which of them the dynamic loader would not find.

Reads ``DT_NEEDED``, ``DT_RPATH`` and ``DT_RUNPATH`` from the file itself (no ``ldd``, which
runs the loader) and resolves each name the way glibc's loader does: the requester's RPATH
(when it has no RUNPATH), ``LD_LIBRARY_PATH``, its RUNPATH, then the directories the loader
cache is built from (``/etc/ld.so.conf``) and the default ones. A candidate of another word
size or machine is skipped, as the loader skips it. Resolution is transitive: a library found
is read in turn, so a library missing two levels down is reported too.
"""

from __future__ import annotations

import glob
import os
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
SHT_DYNAMIC = 6
DT_NULL, DT_NEEDED, DT_RPATH, DT_RUNPATH = 0, 1, 15, 29
DEFAULT_DIRS = ("/lib64", "/usr/lib64", "/lib", "/usr/lib")
LD_SO_CONF = Path("/etc/ld.so.conf")


@dataclass(frozen=True)
class ElfObject:
    """What the loader reads from one shared object."""

    path: Path
    kind: tuple[int, int, int]  # word size, byte order, machine: must match the requester's
    needed: tuple[str, ...]
    rpath: tuple[str, ...]
    runpath: tuple[str, ...]


def read_elf(path: Path) -> ElfObject | None:
    """The dynamic section of ``path``; None when it is not an ELF file this can read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < 64 or data[:4] != ELF_MAGIC or data[4] not in (1, 2) or data[5] not in (1, 2):
        return None
    wide, order = data[4] == 2, "<" if data[5] == 1 else ">"
    try:
        return _parse(path, data, wide, order)
    except (struct.error, IndexError, UnicodeDecodeError):
        return None


def _parse(path: Path, data: bytes, wide: bool, order: str) -> ElfObject | None:
    header = order + ("HHIQQQIHHHHHH" if wide else "HHIIIIIHHHHHH")
    fields = struct.unpack_from(header, data, 16)
    machine, shoff, shentsize, shnum = fields[1], fields[5], fields[10], fields[11]
    section = order + ("IIQQQQIIQQ" if wide else "IIIIIIIIII")
    sections = [struct.unpack_from(section, data, shoff + i * shentsize) for i in range(shnum)]
    kind = (data[4], data[5], machine)
    dynamic = next((s for s in sections if s[1] == SHT_DYNAMIC), None)
    if dynamic is None:  # a static object needs nothing
        return ElfObject(path, kind, (), (), ())
    strtab = sections[dynamic[6]]
    strings = data[strtab[4] : strtab[4] + strtab[5]]
    entry = order + ("qQ" if wide else "iI")
    size = struct.calcsize(entry)
    found: dict[int, list[str]] = {DT_NEEDED: [], DT_RPATH: [], DT_RUNPATH: []}
    for offset in range(dynamic[4], dynamic[4] + dynamic[5], size):
        tag, value = struct.unpack_from(entry, data, offset)
        if tag == DT_NULL:
            break
        if tag in found:
            found[tag].append(strings[value : strings.index(b"\0", value)].decode())

    def paths(tag: int) -> tuple[str, ...]:
        return tuple(p for item in found[tag] for p in item.split(":") if p)

    return ElfObject(path, kind, tuple(found[DT_NEEDED]), paths(DT_RPATH), paths(DT_RUNPATH))


def ld_so_conf_dirs(conf: Path = LD_SO_CONF, seen: set[Path] | None = None) -> list[str]:
    """The directories listed in ld.so.conf and the files it includes, in order."""
    seen = set() if seen is None else seen
    if conf in seen:
        return []
    seen.add(conf)
    try:
        lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    dirs: list[str] = []
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("include"):
            for pattern in line.split()[1:]:
                absolute = pattern if os.path.isabs(pattern) else str(conf.parent / pattern)
                for included in sorted(glob.glob(absolute)):
                    dirs += ld_so_conf_dirs(Path(included), seen)
        elif line and not line.startswith("hwcap"):
            dirs.append(line)
    return dirs


def system_library_dirs() -> list[str]:
    """Where the loader looks after the object's own paths: its cache's sources, the defaults."""
    return [*ld_so_conf_dirs(), *DEFAULT_DIRS]


def _expand(entry: str, origin: Path) -> str:
    return entry.replace("${ORIGIN}", str(origin)).replace("$ORIGIN", str(origin))


def _search_dirs(
    requester: ElfObject, env: Mapping[str, str], system_dirs: Sequence[str]
) -> list[str]:
    origin = requester.path.parent
    from_env = [d for d in env.get("LD_LIBRARY_PATH", "").split(":") if d]
    rpath = [] if requester.runpath else [_expand(d, origin) for d in requester.rpath]
    runpath = [_expand(d, origin) for d in requester.runpath]
    return [*rpath, *from_env, *runpath, *system_dirs]


def resolve(
    soname: str, requester: ElfObject, env: Mapping[str, str], system_dirs: Sequence[str]
) -> ElfObject | None:
    """The library the loader would map for ``soname`` needed by ``requester``, if any."""
    candidates = (
        [Path(soname)]
        if "/" in soname
        else [Path(d) / soname for d in _search_dirs(requester, env, system_dirs)]
    )
    for candidate in candidates:
        if candidate.is_file():
            found = read_elf(candidate)
            if found is not None and found.kind == requester.kind:
                return found
    return None


def resolved_libraries(
    root: Path,
    *,
    also_needed: Iterable[str] = (),
    env: Mapping[str, str] | None = None,
    system_dirs: Sequence[str] | None = None,
) -> dict[str, Path | None]:
    """Every soname ``root`` needs, directly or through what it needs, and the file the loader
    would map for it (None: not found). ``also_needed`` are names ``root`` loads at run time
    (``dlopen``), checked the same way. An unreadable ``root`` yields nothing.
    """
    environ = os.environ if env is None else env
    dirs = system_library_dirs() if system_dirs is None else system_dirs
    first = read_elf(root)
    if first is None:
        return {}
    resolved: dict[str, Path | None] = {}
    pending: list[tuple[str, ElfObject]] = [(name, first) for name in first.needed]
    pending += [(name, first) for name in also_needed]
    while pending:
        soname, requester = pending.pop(0)
        if soname in resolved:
            continue
        found = resolve(soname, requester, environ, dirs)
        resolved[soname] = None if found is None else found.path
        if found is not None:
            pending += [(name, found) for name in found.needed]
    return resolved


def missing_libraries(
    root: Path,
    *,
    also_needed: Iterable[str] = (),
    env: Mapping[str, str] | None = None,
    system_dirs: Sequence[str] | None = None,
) -> list[str]:
    """The sonames of ``resolved_libraries`` the loader would not find, in the order met."""
    found = resolved_libraries(root, also_needed=also_needed, env=env, system_dirs=system_dirs)
    return [soname for soname, path in found.items() if path is None]
