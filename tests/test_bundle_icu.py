"""The bundle's trimmed ICU data library (bundling/icu_data.py), against PySide6's own ICU."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from bundling.elf import read_symbol
from bundling.icu_data import (
    Package,
    build_package,
    data_symbol,
    keep_item,
    parse_package,
    trim_package,
    trimmed_library,
)

QT_LIB = Path(PySide6.__file__).parent / "Qt" / "lib"
ICU_DATA = sorted(QT_LIB.glob("libicudata.so.*"))
pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or not ICU_DATA, reason="PySide6 bundles ICU only on Linux"
)

# Runs in a child process: the test process may already have PySide6's full ICU loaded, and
# the dynamic loader would hand that one out again for the same soname.
PROBE = """
import ctypes, sys
directory, major = sys.argv[1], sys.argv[2]
i18n = ctypes.CDLL(f"{directory}/libicui18n.so.{major}")
ucol_open = getattr(i18n, f"ucol_open_{major}")
ucol_open.restype = ctypes.c_void_p
strcoll = getattr(i18n, f"ucol_strcoll_{major}")
text, length = ctypes.c_wchar_p, ctypes.c_int32
strcoll.argtypes = [ctypes.c_void_p, text, length, text, length]
for locale in ("zh_CN", "de_DE"):
    status = ctypes.c_int(0)
    collator = ucol_open(locale.encode(), ctypes.byref(status))
    order = strcoll(collator, "\\u963f", -1, "\\u4e2d", -1) if collator else None
    print(locale, status.value, order)
"""
U_USING_DEFAULT_WARNING = -127  # ICU found no data for the locale and used root's


@pytest.fixture(scope="module")
def full_package() -> bytes:
    library = ICU_DATA[0]
    return read_symbol(library, data_symbol(library))


def _offsets(data: bytes) -> list[int]:
    header_size = struct.unpack_from("<H", data, 0)[0]
    count = struct.unpack_from("<I", data, header_size)[0]
    return [
        header_size + struct.unpack_from("<II", data, header_size + 4 + 8 * i)[1]
        for i in range(count)
    ]


def test_the_package_rebuilds_byte_for_byte(full_package: bytes) -> None:
    package = parse_package(full_package)
    assert len(package.items) > 1000
    assert build_package(package) == full_package


def test_trimming_keeps_the_app_languages_and_drops_the_rest(full_package: bytes) -> None:
    full = parse_package(full_package)
    prefix = next(iter(full.items)).split("/")[0]  # icudt73l
    trimmed_bytes = trim_package(full_package)
    trimmed = parse_package(trimmed_bytes)
    names = set(trimmed.items)
    for kept in ("coll/zh.res", "coll/root.res", "coll/ucadata.icu", "zone/zh.res", "en.res",
                 "zh_Hans_CN.res", "root.res", "res_index.res", "cnvalias.icu",
                 "likelySubtags.res"):  # fmt: skip
        assert f"{prefix}/{kept}" in names, kept
    for dropped in ("coll/de.res", "zone/fr.res", "de.res", "brkitr/cjdict.dict",
                    "unames.icu", "gb18030.cnv", "curr/zh.res"):  # fmt: skip
        assert f"{prefix}/{dropped}" in full.items, dropped
        assert f"{prefix}/{dropped}" not in names, dropped
    assert all(trimmed.items[name] == full.items[name] for name in names)
    assert all(offset % 16 == 0 for offset in _offsets(trimmed_bytes))
    assert len(trimmed_bytes) < len(full_package) / 5


def test_item_rules() -> None:
    assert keep_item("icudt73l/zh_Hant_TW.res")
    assert keep_item("icudt73l/coll/res_index.res")
    assert keep_item("icudt73l/supplementalData.res")
    assert keep_item("icudt73l/nfkc.nrm")
    assert not keep_item("icudt73l/sr_Latn_BA.res")
    assert not keep_item("icudt73l/translit/root.res")
    assert not keep_item("icudt73l/ibm-943_P15A-2003.cnv")


def test_items_must_stay_in_name_order() -> None:
    package = Package(header=b"", items={"icudt73l/b.res": b"", "icudt73l/a.res": b""})
    with pytest.raises(ValueError, match="byte order"):
        build_package(package)


@pytest.mark.skipif(shutil.which("cc") is None, reason="building the library needs cc")
def test_icu_serves_chinese_collation_from_the_trimmed_library(tmp_path: Path) -> None:
    library = ICU_DATA[0]
    major = library.name.rsplit(".", 1)[-1]
    trimmed = trimmed_library(library, tmp_path)
    assert trimmed is not None
    assert trimmed.stat().st_size < library.stat().st_size / 5
    for name in (f"libicuuc.so.{major}", f"libicui18n.so.{major}"):
        shutil.copy(QT_LIB / name, tmp_path / name)  # their RUNPATH $ORIGIN finds the trim
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path), major],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    # Pinyin order puts 阿 (a) before 中 (zhong); code point order, root's, the other way.
    assert lines["zh_CN"].split()[1] == "-1"
    # German was trimmed: ICU says it used root's data instead.
    assert lines["de_DE"] == f"{U_USING_DEFAULT_WARNING} 1"
