"""With the AI 도우미 off (the default) no AI module is imported and no AI call is made (issue 20).

Checked in a fresh interpreter: the CLI runs grant-alerts' sample mode and ordinance-review on its
sample, then prints which ``core.ai`` modules ``sys.modules`` holds. A chat server stands ready on
127.0.0.1 with ai.base_url pointed at it (but ai.enabled left false): it must receive nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.chat_server import chat_server

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import io, sys
from core.cli import main
from tasks import registry
err = io.StringIO()
assert main(["sample", "ordinance-review", "--dir", sys.argv[1]], registry(), stdout=io.StringIO(), stderr=err) == 0, err.getvalue()
for args in (["run", "grant-alerts", "--param", "demo=true", "--output", sys.argv[2]],
             ["run", "ordinance-review", "--input", "texts=" + sys.argv[1] + "/texts", "--output", sys.argv[3]]):
    code = main(args, registry(), stdout=io.StringIO(), stderr=err)
    assert code == 0, err.getvalue()
print(sorted(m for m in sys.modules if m == "core.ai" or m.startswith("core.ai.") or "ai_text" in m))
"""


def test_ai_off_imports_nothing_and_calls_nothing(haengbot_home: Path, tmp_path: Path) -> None:
    with chat_server() as srv:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HAENGBOT_SETTING_AI")}
        env.update({"HAENGBOT_HOME": str(haengbot_home), "QT_QPA_PLATFORM": "offscreen"})
        env["HAENGBOT_SETTING_AI_BASE_URL"] = srv.url
        env["HAENGBOT_SETTING_AI_MODEL"] = "m"
        args = [sys.executable, "-c", SCRIPT, str(tmp_path / "s"), str(tmp_path / "g.xlsx"), str(tmp_path / "o.xlsx")]
        proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
    assert srv.bodies == []
    assert (tmp_path / "g.xlsx").exists() and (tmp_path / "o.xlsx").exists()
