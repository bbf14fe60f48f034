"""행봇's desktop window. Everything Qt lives here; ``core`` and ``tasks`` never import it."""

from gui.none_guard import guard_none

guard_none()  # before any Qt call: PySide6 6.12.0 loses a reference to None per void call (gui/none_guard.py)
