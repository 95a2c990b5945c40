"""Render ``resources/icons/celery-desk.svg`` into the macOS app icon ``bundling/celery-desk.icns``.

``python -m bundling.make_icns`` (from the repository root, with the dev virtualenv). The .icns
is committed because the macOS build machine then needs nothing beyond the spec; run this
again after changing the SVG. An .icns file is a list of typed PNG images, one per size and
pixel density (Apple's ``iconutil`` writes the same types).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "celery-desk.svg"
TARGET = ROOT / "bundling" / "celery-desk.icns"

# ICNS element type -> pixel size of its PNG (the @2x types hold the next size up).
ICON_TYPES = {
    b"icp4": 16,
    b"icp5": 32,
    b"ic11": 32,  # 16 @2x
    b"icp6": 64,
    b"ic12": 64,  # 32 @2x
    b"ic07": 128,
    b"ic08": 256,
    b"ic13": 256,  # 128 @2x
    b"ic09": 512,
    b"ic14": 512,  # 256 @2x
    b"ic10": 1024,  # 512 @2x
}


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise RuntimeError(f"could not encode the {size} px icon: {writer.errorString()}")
    return bytes(data.data())


def icns(images: dict[bytes, bytes]) -> bytes:
    """An .icns file: ``icns`` and the total length, then each element as type, length, data."""
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in images.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    pngs = {size: render_png(SOURCE, size) for size in sorted(set(ICON_TYPES.values()))}
    TARGET.write_bytes(icns({kind: pngs[size] for kind, size in ICON_TYPES.items()}))
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size:,} bytes)")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
