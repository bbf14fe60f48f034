"""The Qt part of ``--self-test``: the platform plugin loads, a window can be drawn, Korean text has a font.

Kept apart from ``core.selftest`` so that ``core`` stays free of Qt; ``main.py`` names this module.
A missing platform plugin makes Qt abort the process, so the plugin file is looked for first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from core.korean import particle
from core.selftest import FAIL, PASS, WARN

DEFAULT_PLATFORM = {"win32": "windows", "darwin": "cocoa"}
_app: object = None  # kept alive until exit: destroying a QApplication mid-run crashes Qt


def _platform() -> tuple[str, str]:
    """The platform Qt will use, and a note when the check had to choose one itself."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if chosen:
        return chosen, ""
    if sys.platform in DEFAULT_PLATFORM:
        return DEFAULT_PLATFORM[sys.platform], ""
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return "wayland", ""
    if os.environ.get("DISPLAY"):
        return "xcb", ""
    return "offscreen", " (화면이 없어 offscreen으로 점검)"


def check() -> tuple[str, str]:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QLibraryInfo

    name, note = _platform()
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = sorted(p.name for p in plugins.glob("*")) if plugins.is_dir() else []
    if not any(Path(f).stem.removeprefix("lib") == f"q{name}" for f in found):
        return (
            FAIL,
            f"Qt 화면 플러그인 '{name}'{particle(str(name), '이/가')} 없습니다. 찾은 곳: {plugins} (있는 것: {', '.join(found) or '없음'})",
        )

    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication, QLabel

    global _app
    _app = QApplication.instance() or QApplication([sys.argv[0], "-platform", name])
    label = QLabel("행봇 자체 점검")
    label.resize(200, 40)
    image = label.grab().toImage()
    painted = not image.isNull() and len({image.pixel(x, y) for x in range(0, 200, 4) for y in range(0, 40, 4)}) > 1
    label.deleteLater()
    app = _app
    platform_name = app.platformName()  # type: ignore[union-attr]
    detail = f"{platform_name}{note}, PySide6 {pyside_version}"
    if not painted or platform_name != name:
        return FAIL, f"Qt 창을 그리지 못했습니다({detail})."
    if not QFontDatabase.families(QFontDatabase.WritingSystem.Korean):
        return WARN, f"{detail}; 한글 글꼴을 찾지 못했습니다(글자가 네모로 보일 수 있습니다)."
    return PASS, detail
