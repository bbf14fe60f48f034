"""The look: one style sheet, the application icon, the platform's Korean UI font."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from core.paths import resources_dir

# 맑은 고딕 on Windows; on Linux the Nanum or Noto CJK fonts (scripts/system-deps.sh installs Nanum).
KOREAN_FONTS = (
    "Malgun Gothic",
    "맑은 고딕",
    "Apple SD Gothic Neo",
    "NanumBarunGothic",
    "NanumGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Source Han Sans K",
    "UnDotum",
)
FONT_POINTS = 10


def korean_family() -> str | None:
    available = set(QFontDatabase.families())
    for family in KOREAN_FONTS:
        if family in available:
            return family
    for family in sorted(available):  # any family that can draw Hangul
        if QFontDatabase.WritingSystem.Korean in QFontDatabase.writingSystems(family):
            return family
    return None


_ICON: QIcon | None = None


def app_icon() -> QIcon:
    """From the PNG sizes rendered out of haengbot.svg (installer/render_icons): loading them needs no SVG
    plugin, which would otherwise load before the first paint. The SVG itself is the fallback."""
    global _ICON
    if _ICON is None:
        folder = resources_dir() / "icons"
        pngs = sorted(folder.glob("haengbot-*.png"))
        _ICON = QIcon()
        for png in pngs:
            _ICON.addFile(str(png))
        if not pngs:
            _ICON = QIcon(str(folder / "haengbot.svg"))
    return _ICON


def style_sheet() -> str:
    try:
        text = (resources_dir() / "style.qss").read_text(encoding="utf-8")
    except OSError:
        return ""
    # Style sheet URLs resolve against the working directory: point them at our icons instead.
    return text.replace("@ICONS@", (resources_dir() / "icons").as_posix())


def apply(app: QApplication) -> None:
    family = korean_family()
    font = QFont(family) if family else QFont()
    font.setPointSize(FONT_POINTS)
    if sys.platform != "win32":
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setWindowIcon(app_icon())
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())
