"""The baseline of benchmarks/startup.py: a bare PySide6 window, frozen exactly the way 행봇 is.

It starts like main.py: multiprocessing only in a process that multiprocessing started (main.multiprocessing_child,
installer/rth_multiprocessing.py), so neither program pays for it at start-up and the comparison stays even.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from gui.first_paint import arm, mark, watch  # the same probe 행봇 uses

    stamp = os.environ.get("HAENGBOT_FIRST_PAINT_FILE")
    app = arm(stamp) if stamp else QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.setCentralWidget(QLabel("행봇"))
    window.resize(1180, 780)  # the size of 행봇's main window
    watch(window)  # as gui/app.py does
    window.show()
    mark("shown")
    return app.exec()


if __name__ == "__main__":
    if (len(sys.argv) > 1 and sys.argv[1] == "--multiprocessing-fork") or "-c" in sys.argv[1:]:  # as main.py
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
