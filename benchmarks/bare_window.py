"""The baseline of benchmarks/startup.py: a bare PySide6 window, frozen exactly the way 행봇 is."""

from __future__ import annotations

import multiprocessing
import os
import sys


def main() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    stamp = os.environ.get("HAENGBOT_FIRST_PAINT_FILE")
    if stamp:
        from gui.first_paint import arm  # the same probe 행봇 uses

        app = arm(stamp)
    else:
        app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.setCentralWidget(QLabel("행봇"))
    window.resize(1180, 780)  # the size of 행봇's main window
    window.show()
    return app.exec()


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
