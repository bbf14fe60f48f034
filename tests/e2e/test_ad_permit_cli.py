"""ad-permit-expiry through the command line: the sample puts a permit on each side of every window edge
at today's 기준일 (d = 61, 60, 31, 30, −30, −31), each excluded kind and bad rows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HAENGBOT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT
    )


def rows(path: Path, sheet: str) -> list[dict]:
    data = list(load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(data[0], r, strict=True)) for r in data[1:] if any(v is not None for v in r)]


def test_sample_covers_every_edge(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.toml").write_text(
        f'[general]\noutput_dir = "{(tmp_path / "out").as_posix()}"\n[org]\nsigungu = "광주시"\n', encoding="utf-8"
    )
    assert cli("sample", "ad-permit-expiry", "--dir", str(tmp_path / "in"), home=home).returncode == 0
    done = cli(
        "run",
        "ad-permit-expiry",
        "--input",
        f"permits={tmp_path / 'in' / 'permits.xlsx'}",
        "--output",
        str(tmp_path / "a.xlsx"),
        home=home,
    )
    assert done.returncode == 0, done.stderr
    got = {t["관리번호"]: (t["알림"], t["D-day"], t["발송"]) for t in rows(tmp_path / "a.xlsx", "알림대상")}
    assert got == {
        "2023-옥외-02": ("만료 사전안내", 60, "발송"),
        "2023-옥외-03": ("만료 사전안내", 31, "발송"),
        "2023-옥외-04": ("연장신청 기간", 30, "발송"),
        "2023-옥외-05": ("연장신청 기간", -30, "발송"),
        "2023-옥외-06": ("기간 경과", -31, "발송 안 함"),
        "2023-옥외-07": ("연장신청 기간", 10, "발송 안 함"),  # no phone
        "2023-옥외-08": ("만료 사전안내", 45, "발송 안 함"),  # a landline
    }
    assert sorted(e["관리번호"] for e in rows(tmp_path / "a.xlsx", "제외")) == ["2023-옥외-09", "2023-옥외-10", "2023-옥외-11"]
    assert [e["열"] for e in rows(tmp_path / "a.xlsx", "오류행")] == ["표시기간만료", "최근안전점검일", "상태"]
    results = {r["관리번호"]: r["사유"] for r in rows(tmp_path / "a.xlsx", "발송결과")}
    assert results["2023-옥외-08"].startswith("번호 오류")
