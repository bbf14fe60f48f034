"""HaengBot engine: everything that is not Qt. Never import PySide6 here (a test enforces it)."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "HaengBot"
APP_TITLE = "행봇"
