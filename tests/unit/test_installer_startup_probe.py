"""The start-up hook benchmarks/startup.py relies on: both programs paint a window, write the time, and exit 0."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script", ["main.py", "benchmarks/bare_window.py"])
def test_first_paint_is_stamped_and_the_program_quits(script: str, tmp_path: Path, haengbot_home: Path) -> None:
    if script == "main.py" and not (ROOT / "gui" / "app.py").exists():
        pytest.skip("the desktop window (gui/app.py) is not in this checkout yet")
    stamp = tmp_path / "paint"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HAENGBOT_HOME": str(haengbot_home),
        "HAENGBOT_FIRST_PAINT_FILE": str(stamp),
        "PYTHONPATH": str(ROOT),
    }
    started = time.time()
    out = subprocess.run([sys.executable, script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    painted = float(stamp.read_text())
    assert started < painted < time.time()
