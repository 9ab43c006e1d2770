"""Draw the application icon for Windows (.ico) and macOS (.icns) from resources/icons/communique.svg.

    .venv/bin/python packaging/make_icons.py

Qt renders the SVG at each size (so the small sizes are drawn, not shrunk from a large bitmap)
and this script packs the PNGs into both containers; the results are committed beside the SVG,
so a build needs neither this script nor any image library. Run it again after editing the SVG.

Both containers hold PNG images: ICO has allowed PNG entries since Windows Vista, ICNS since
Mac OS X 10.7 (the ``ic07``…``ic14`` types).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
#: ICNS type codes and the pixel size each holds (an @2x type holds twice its point size).
ICNS_TYPES = (("ic11", 32), ("ic12", 64), ("ic07", 128), ("ic13", 256), ("ic08", 256),
              ("ic14", 512), ("ic09", 512), ("ic10", 1024))


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent ``size`` × ``size`` canvas, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter, Qt
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: Qt could not read the SVG {str(svg)!r}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file: ICONDIR, one ICONDIRENTRY per size, then the PNG data (all little-endian)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        # Width and height are one byte each; 0 stands for 256.
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: b"icns", the total length, then (type, length including this header, PNG) per entry."""
    body = b"".join(kind.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (QPainter on a QImage wants one for fonts)
    svg = ICONS / "communique.svg"
    pngs = {size: render_png(svg, size) for size in {*ICO_SIZES, *(size for _, size in ICNS_TYPES)}}
    (ICONS / "communique.ico").write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    (ICONS / "communique.icns").write_bytes(icns(pngs))
    for name in ("communique.ico", "communique.icns"):
        print(f"{ICONS / name}\t{(ICONS / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
