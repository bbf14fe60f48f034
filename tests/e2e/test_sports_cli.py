"""sports-facility-check through the command line: the sample covers every case at today's 기준일, a re-run
sends nothing new, and on_bad_rows=stop ends with exit 2 and a Korean message naming file, row and column."""

from __future__ import annotations

import json
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


def setup(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.toml").write_text(
        f'[general]\noutput_dir = "{(tmp_path / "out").as_posix()}"\n[org]\nsigungu = "광주시"\n', encoding="utf-8"
    )
    return home


def test_sample_run_rerun_and_stop(tmp_path: Path) -> None:
    home = setup(tmp_path)
    done = cli("sample", "sports-facility-check", "--dir", str(tmp_path / "in"), home=home)
    assert done.returncode == 0, done.stderr
    registry = f"facilities={tmp_path / 'in' / 'facilities.xlsx'}"
    first = cli("run", "sports-facility-check", "--input", registry, "--output", str(tmp_path / "a.xlsx"), "--json", home=home)
    assert first.returncode == 0, first.stderr
    targets = rows(tmp_path / "a.xlsx", "알림대상")
    notices = {(t["이름"], t["알림"]) for t in targets}
    assert {
        ("오포스포츠", "조치기한 임박"),
        ("곤지암체육관", "조치기한 경과"),
        ("초월수영장", "보험 만기 임박"),
        ("퇴촌클라이밍", "보험 만료"),
        ("광주휘트니스", "정기점검 예정"),
        ("경안짐", "정기점검 예정"),
    } == notices  # 태전헬스 (D-15) and 도척볼링 (D-31) are one day outside their windows
    assert {e["이름"]: e["사유"] for e in rows(tmp_path / "a.xlsx", "제외")} == {
        "남한산성도장": "휴업(대장의 영업상태)",
        "쌍령당구장": "폐업(대장의 영업상태)",
    }
    assert [e["열"] for e in rows(tmp_path / "a.xlsx", "오류행")] == ["영업상태", "최근점검일"]
    assert set(load_workbook(tmp_path / "a.xlsx", read_only=True).sheetnames) >= {
        "요약",
        "알림대상",
        "제외",
        "발송결과",
        "오류행",
        "실행정보",
    }
    uploads = list((tmp_path / "out").glob("체육시설_안내업로드_*.xlsx"))
    assert len(uploads) == 1

    again = cli("run", "sports-facility-check", "--input", registry, "--output", str(tmp_path / "b.xlsx"), home=home)
    assert again.returncode == 0, again.stderr
    sent_before = {t["발송"] for t in rows(tmp_path / "b.xlsx", "알림대상")}
    assert "발송" not in sent_before and "이미 발송" in sent_before

    stop = cli(
        "run",
        "sports-facility-check",
        "--input",
        registry,
        "--param",
        "on_bad_rows=stop",
        "--output",
        str(tmp_path / "c.xlsx"),
        home=home,
    )
    assert stop.returncode == 2
    assert "facilities.xlsx" in stop.stderr and "14행" in stop.stderr and "영업상태" in stop.stderr
    assert "Traceback" not in stop.stderr and not (tmp_path / "c.xlsx").exists()
    assert json.loads(first.stdout)["summary"]
