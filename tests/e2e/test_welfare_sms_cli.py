"""welfare-sms through the command line: sample, dry run, a real run to the upload file, a re-run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tasks.welfare_sms.sample import PLANTED

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HAENGBOT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT
    )


def rows(path: Path, sheet: str) -> list[dict]:
    ws = load_workbook(path, read_only=True)[sheet]
    data = list(ws.iter_rows(values_only=True))
    return [dict(zip(data[0], r, strict=True)) for r in data[1:] if any(v is not None for v in r)]


def test_sample_dry_run_send_and_rerun(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home).mkdir()
    (home / "settings.toml").write_text(
        f'[general]\noutput_dir = "{(tmp_path / "out").as_posix()}"\n[org]\nsigungu = "광주시"\n', encoding="utf-8"
    )
    done = cli("sample", "welfare-sms", "--dir", str(tmp_path / "in"), home=home)
    assert done.returncode == 0, done.stderr
    cases = str(tmp_path / "in" / "cases.xlsx")

    dry = cli(
        "run",
        "welfare-sms",
        "--input",
        f"cases={cases}",
        "--output",
        str(tmp_path / "dry.xlsx"),
        "--dry-run",
        "--json",
        home=home,
    )
    assert dry.returncode == 0, dry.stderr
    summary = json.loads(dry.stdout)["summary"]
    assert summary["발송 대상"] == 13 and summary["시험 실행(보내지 않음)"] == 13
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*문자업로드*.xlsx"))

    real = cli("run", "welfare-sms", "--input", f"cases={cases}", "--output", str(tmp_path / "r1.xlsx"), "--json", home=home)
    assert real.returncode == 0, real.stderr
    out = tmp_path / "r1.xlsx"
    assert load_workbook(out, read_only=True).sheetnames[:4] == ["요약", "발송대상", "발송결과", "제외"]
    targets = rows(out, "발송대상")
    assert {r["처리단계"] for r in targets} == {"접수", "보완요청", "기한연장", "결정", "급여개시"}
    assert all(r["유형"] in ("SMS", "LMS") and r["바이트"] > 0 for r in targets)
    excluded = rows(out, "제외")
    reasons = {r["제외사유"] for r in excluded}
    assert {"번호 오류", "이미 발송", "글자 초과", "보낼 수 없는 문자", "단계 미해당"} <= reasons
    for r in excluded:
        if r["제외사유"] != "중복":
            assert PLANTED[r["신청번호"]] == r["제외사유"], r
    assert {r["신청번호"] for r in targets} == {k for k, v in PLANTED.items() if v == "접수"}
    assert {r["결과"] for r in rows(out, "발송결과")} == {"접수"}
    [upload] = list((tmp_path / "out").glob("사회보장급여_문자업로드_*.xlsx"))
    sent = rows(upload, "문자발송")
    assert len(sent) == 13 and all(r["수신번호"].startswith("010") and len(r["수신번호"]) == 11 for r in sent)
    assert "업로드 파일에는 전체 전화번호" in real.stderr

    again = cli("run", "welfare-sms", "--input", f"cases={cases}", "--output", str(tmp_path / "r2.xlsx"), home=home)
    assert again.returncode == 0, again.stderr
    assert rows(tmp_path / "r2.xlsx", "발송대상") == []
    assert sum(r["제외사유"] == "이미 발송" for r in rows(tmp_path / "r2.xlsx", "제외")) == 14
    assert len(list((tmp_path / "out").glob("사회보장급여_문자업로드_*.xlsx"))) == 1


def test_solapi_channel_without_keys_fails_cleanly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.toml").write_text(
        '[notify]\nchannel = "solapi"\nsender_number = "031-760-1234"\nsolapi_base_url = "http://127.0.0.1:9"\n'
        '[org]\nsigungu = "광주시"\n',
        encoding="utf-8",
    )
    assert cli("sample", "welfare-sms", "--dir", str(tmp_path), home=home).returncode == 0
    done = cli(
        "run", "welfare-sms", "--input", f"cases={tmp_path / 'cases.xlsx'}", "--output", str(tmp_path / "o.xlsx"), home=home
    )
    assert done.returncode == 3
    assert "솔라피 API 키" in done.stderr and "HAENGBOT_SECRET_SOLAPI_API_KEY" in done.stderr
    assert not (tmp_path / "o.xlsx").exists()
