"""Render the 예약 view, the start-up banner and the result page's buttons into docs/screenshots/schedule/.

Runs the real window under Xvfb (xcb) with a Korean font, in a throw-away application home: three
profiles are saved and scheduled (only in the profiles; the OS scheduler is not touched), two of
them run the way the scheduler runs them (one finds no file: a failure), then the window opens.
Needs `bash scripts/system-deps.sh screenshots` once.

    python scripts/screenshots_schedule.py   # re-runs itself under xvfb-run when there is no display
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots" / "schedule"
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
    os.environ["HAENGBOT_OUTPUT_DIR"] = str(home / "행봇 결과")
    (home / "settings.toml").write_text('[org]\nsido = "경기도"\nsigungu = "광주시"\n', encoding="utf-8")

    from PySide6.QtWidgets import QApplication, QWidget

    from core.credentials import MemoryStore, set_default_store
    from core.profile_run import run_profile
    from core.profiles import InputSource, Profile, Profiles
    from core.schedules import Kind, ScheduleDef
    from gui.app import create_app
    from gui.main_window import MainWindow
    from tasks import registry

    set_default_store(MemoryStore())
    drop, empty = home / "인사랑 내려받기", home / "빈 폴더"
    empty.mkdir()
    registry().get("overtime-pay").write_samples(drop)  # type: ignore[misc]
    profiles = [
        Profile("초과근무대사", "overtime-pay", {"records": InputSource(folder=drop, pattern="records*.xlsx"),
                "payments": InputSource(path=drop / "payments.csv")}, schedule=ScheduleDef(Kind.WEEKDAYS, 7, 0)),
        Profile("월초대사", "overtime-pay", {"records": InputSource(folder=empty, pattern="*.xlsx"),
                "payments": InputSource(path=drop / "payments.csv")}, schedule=ScheduleDef(Kind.MONTHLY, 7, 0, 1)),
        Profile("공모알림", "grant-alerts", schedule=ScheduleDef(Kind.DAILY, 7, 30), paused=True),
    ]  # fmt: skip
    for profile in profiles:
        profile.output_dir = home / "행봇 결과"
        Profiles().save(profile)
    for profile in profiles[:2]:
        run_profile(profile, registry(), io.StringIO(), scheduled=True, now=dt.datetime.now())

    app = create_app([])
    OUT.mkdir(parents=True, exist_ok=True)

    def settle(seconds: float = 0.5) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
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
    settle(1.0)
    shoot(window, "01-banner")
    window.show_schedules()
    shoot(window, "02-schedule-view")
    window.schedule_banner.acknowledge()
    wizard = window.open_task("overtime-pay")
    assert wizard is not None
    wizard.load_samples()
    end = time.monotonic() + 120
    while wizard.page is not wizard.result and time.monotonic() < end:
        if wizard.page is not wizard.run and not wizard.page.busy():
            wizard.go_next()
        settle(0.2)
    settle(1.0)
    shoot(window, "03-result-buttons")
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
