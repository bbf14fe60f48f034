"""grant-alerts' sample mode from the command line (issue 10): no keys, no network, everything marked 예시.

Before: without keys the run failed with a wall of red naming environment variables, and there was
no way to see what the task does.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import tomli_w
from openpyxl import load_workbook

from tests.support.grant_servers import GrantServer

ROOT = Path(__file__).resolve().parents[2]


def test_demo_runs_offline_without_keys_and_marks_every_sheet(haengbot_home: Path, tmp_path: Path) -> None:
    server = GrantServer().start()  # the configured sources: the demo must not ask them anything
    try:
        settings = server.settings()
        settings["network"] = {"proxy_mode": "manual", "proxy_url": "http://127.0.0.1:9"}  # a proxy that refuses
        (haengbot_home / "settings.toml").write_bytes(tomli_w.dumps(settings).encode("utf-8"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("HAENGBOT_SECRET_")}
        env.update({"HAENGBOT_HOME": str(haengbot_home), "QT_QPA_PLATFORM": "offscreen"})
        env.update({"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"})
        out = tmp_path / "out.xlsx"
        args = [sys.executable, "main.py", "run", "grant-alerts", "--param", "demo=true", "--output", str(out)]
        proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert server.requests == []
        assert "HAENGBOT_SECRET" not in proc.stdout + proc.stderr
        assert "예시 실행: 내장된 예시 응답으로 실행했습니다." in proc.stderr  # the CLI reports on stderr
    finally:
        server.stop()

    wb = load_workbook(out, read_only=True)
    sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    wb.close()
    assert list(sheets) == ["요약", "신규공모", "마감임박", "전체", "소스상태", "요약메일", "실행정보"]
    assert sheets["요약"][0][0] == "[예시] 공모사업 알림 2026-11-25"
    for name in ("신규공모", "마감임박", "전체", "소스상태", "요약메일"):
        rows = sheets[name]
        assert rows[0][0] == "예시" and len(rows) > 1, name
        assert {r[0] for r in rows[1:]} == {"예시 자료(실제 공고 아님)"}, name
    assert ("  예시 자료로 실행 (demo)", "예") in sheets["실행정보"]
    status = {r[1]: r[3] for r in sheets["소스상태"][1:]}
    assert set(status.values()) == {"정상"} and len(status) == 4
    mails = sheets["요약메일"][1:]
    assert mails and all(str(r[3]).startswith("[예시] [행봇] 공모사업 알림 2026-11-25") for r in mails)
    new = {r[4] for r in sheets["신규공모"][1:]}
    assert "2026년 지역 문화예술 특성화 지원사업 공모" in new  # read through the real adapters: 미정 deadline kept
    everything = {r[5]: r for r in sheets["전체"][1:]}
    assert everything["2026년 지역 문화예술 특성화 지원사업 공모"][11] == "미정"

    conn = sqlite3.connect(haengbot_home / "haengbot.sqlite3")
    try:  # the real store: the run is in its history, but no seen item, cursor or message came from the demo
        assert conn.execute("SELECT COUNT(*) FROM grant_seen").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM grant_cursor").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM runs WHERE task = 'grant-alerts'").fetchone()[0] == 1
    finally:
        conn.close()
