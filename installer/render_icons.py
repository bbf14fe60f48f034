"""Render the application icon (``resources/icons/haengbot.svg``) to PNG sizes and one Windows ICO.

    python installer/render_icons.py        # rewrites resources/icons/haengbot-<size>.png and haengbot.ico

Uses QtSvg from PySide6-Essentials, so the build needs nothing beyond the runtime requirements. The ICO
holds PNG-compressed images (valid for Windows Vista and later, which is what PyInstaller and Inno
Setup embed as they are). The outputs are committed; rerun this after changing the SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "haengbot.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"SVG를 읽지 못했습니다: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per size + the PNG payloads (a width/height byte of 0 means 256)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, payload = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(payload))
        payload += png
    return header + entries + payload


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    pngs = {size: render_png(SVG, size) for size in SIZES}
    for size, png in pngs.items():
        (ICONS / f"haengbot-{size}.png").write_bytes(png)
    (ICONS / "haengbot.ico").write_bytes(ico_bytes(pngs))
    print(f"{len(pngs)}개 크기({', '.join(map(str, SIZES))})와 haengbot.ico를 {ICONS}에 썼습니다.")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
