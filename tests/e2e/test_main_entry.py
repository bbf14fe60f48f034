"""main.py without a display: a Korean message and the CLI alternative, never a Qt crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_says_so_in_korean(haengbot_home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["HAENGBOT_HOME"] = str(haengbot_home)
    proc = subprocess.run(
        [sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(
        "화면(디스플레이)이 없는 환경이라 행봇 창을 열 수 없습니다.\n명령줄로 같은 작업을 할 수 있습니다:\n"
    )
    assert "python main.py run overtime-pay --input records=" in proc.stderr
    assert "Traceback" not in proc.stderr
