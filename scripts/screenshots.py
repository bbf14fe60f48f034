"""Render each page of the overtime-pay wizard, with its sample data, into docs/screenshots/*.png.

Runs the real window under Xvfb (xcb) with a Korean font, in a throw-away application home.
Needs `bash scripts/system-deps.sh screenshots` once (Xvfb, xcb libraries, fonts-nanum).

    python scripts/screenshots.py            # re-runs itself under xvfb-run when there is no display
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SIZE = (1180, 780)


def _under_xvfb() -> int | None:
    if os.environ.get("DISPLAY") or os.environ.get("HAENGBOT_SCREENSHOTS_CHILD"):
        return None
    xvfb = shutil.which("xvfb-run")
    if not xvfb:
        sys.stderr.write("xvfb-run이 없습니다. 'bash scripts/system-deps.sh screenshots'로 설치하십시오.\n")
        return 2
    env = {**os.environ, "HAENGBOT_SCREENSHOTS_CHILD": "1", "QT_QPA_PLATFORM": "xcb"}
    return subprocess.call([xvfb, "-a", "-s", "-screen 0 1400x1000x24 -dpi 96", sys.executable, __file__, *sys.argv[1:]], env=env)


def main() -> int:
    code = _under_xvfb()
    if code is not None:
        return code
    sys.path.insert(0, str(ROOT))
    home = Path(tempfile.mkdtemp(prefix="haengbot-screens-"))
    os.environ["HAENGBOT_HOME"] = str(home)

    from PySide6.QtWidgets import QApplication, QWidget

    from core.credentials import MemoryStore, set_default_store
    from core.settings import Settings
    from gui.app import create_app
    from gui.credentials_dialog import CredentialsDialog
    from gui.main_window import MainWindow
    from gui.settings_dialog import SettingsDialog
    from tasks import registry

    set_default_store(MemoryStore())
    settings = Settings()
    settings.set("general.output_dir", str(home / "행봇 결과"))
    settings.save()
    app = create_app([])
    OUT.mkdir(
        parents=True, exist_ok=True
    )  # each shot overwrites its own file; other scripts' shots in OUT (11-, 12-, hygiene-) stay

    def settle(seconds: float = 0.4) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def wait(predicate, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
        end = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > end:
                raise TimeoutError("화면이 준비되지 않았습니다")
            app.processEvents()
            time.sleep(0.01)

    def shoot(widget: QWidget, name: str) -> None:
        settle()
        path = OUT / f"{name}.png"
        widget.grab().save(str(path))
        print(path.relative_to(ROOT))

    window = MainWindow(registry())
    window.resize(*SIZE)
    window.show()
    wait(window.isVisible)
    shoot(window, "01-launcher")

    wizard = window.open_task("overtime-pay")
    shoot(window, "02-intro")
    wizard.load_samples()
    wait(wizard.inputs.ready)
    shoot(window, "03-inputs")
    wizard.go_next()
    shoot(window, "04-params")
    wizard.go_next()
    wait(lambda: not wizard.check.runner.busy())
    shoot(window, "05-check")
    wizard.go_next()
    wait(lambda: wizard.run.step_label.text() not in ("", "준비하는 중…") or wizard.page is wizard.result)
    if wizard.page is wizard.run:
        shoot(window, "06-run")
    wait(lambda: wizard.page is wizard.result)
    wait(wizard.result.loaded)
    shoot(window, "07-result")

    window.show_launcher()
    window.show_history()
    shoot(window, "08-history")

    dialog = SettingsDialog(window)
    dialog.show()
    shoot(dialog, "09-settings")
    dialog.close()
    keyed = [t for t in registry() if t.credentials]
    creds = CredentialsDialog(keyed or list(registry()), window)
    creds.show()
    shoot(creds, "10-credentials")
    creds.close()
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
