"""Render the application icon (``resources/icons/haengbot.svg``) to PNG sizes and one Windows ICO.

    python installer/render_icons.py        # rewrites resources/icons/haengbot-<size>.png and haengbot.ico

Uses QtSvg from PySide6-Essentials, so the build needs nothing beyond the runtime requirements. The ICO
holds 32-bit images at 16–128 px and a PNG-compressed 256 px image, the usual Windows layout, which
PyInstaller and Inno Setup embed as they are. The outputs are committed; rerun this after changing the SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "haengbot.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> Any:
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
    return image.convertToFormat(QImage.Format.Format_ARGB32)  # straight alpha, BGRA in memory


def png_bytes(image: Any) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: Any) -> bytes:
    """A classic 32-bit icon image: BITMAPINFOHEADER (height doubled), BGRA rows bottom-up, then the AND mask."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = [bytes(image.constScanLine(y))[: size * 4] for y in range(size)]
    mask_row = b"\x00" * (((size + 31) // 32) * 4)  # all zero: the alpha channel decides transparency
    return header + b"".join(reversed(rows)) + mask_row * size


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per size + the images (a width/height byte of 0 means 256)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, payload = b"", b""
    for size, data in sorted(images.items()):
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(payload))
        payload += data
    return header + entries + payload


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = {size: render(SVG, size) for size in SIZES}
    for size, image in images.items():
        (ICONS / f"haengbot-{size}.png").write_bytes(png_bytes(image))
    # PNG inside the ICO only at 256 px, the classic layout every Windows tool reads; smaller sizes as 32-bit DIBs.
    ico = {size: png_bytes(image) if size >= 256 else dib_bytes(image) for size, image in images.items()}
    (ICONS / "haengbot.ico").write_bytes(ico_bytes(ico))
    print(f"{len(images)}개 크기({', '.join(map(str, SIZES))})와 haengbot.ico를 {ICONS}에 썼습니다.")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
