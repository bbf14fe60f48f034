"""ordinance-review end to end through ``python main.py run``, collect phase included.

A live analysis (no inputs: collect from the loopback DRF server + analyse in one run) and the
analysis of the bundle it left beside the workbook give the same contract sheets, cell by cell.
``--input bundle=`` and ``--input texts=`` (a folder of DRF XML/JSON) run with the network off: the
DRF address points at a closed port, and the loopback server sees no call.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.helpers import sheet_rows
from tests.support.drf_server import FIXTURES, OC, DrfServer

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_SHEETS = ("요약", "인용색인", "영향조례", "신구대비")
FEB_2024 = ("period_from=2024-02-01", "period_to=2024-02-29")
C1_MARKDOWN = Path("/work/shared/data/law-cases/C1-hometown-donation")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def server() -> Iterator[DrfServer]:
    srv = DrfServer().start()
    yield srv
    srv.stop()


def run(home: Path, base_url: str, out: Path, *args: str, oc: str = OC) -> tuple[int, str]:
    env = {
        **os.environ,
        "HAENGBOT_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "HAENGBOT_SECRET_LAW_OC": oc,
        "HAENGBOT_SETTING_ORG_SIDO": "경기도",
        "HAENGBOT_SETTING_ORG_SIGUNGU": "광주시",
        "HAENGBOT_SETTING_ORDINANCE_DRF_BASE_URL": base_url,
        "HAENGBOT_SETTING_ORDINANCE_DRF_BACKOFF_SECONDS": "0.01",
        "HAENGBOT_SETTING_NETWORK_PROXY_MODE": "none",
    }
    cmd = [sys.executable, "main.py", "run", "ordinance-review", "--output", str(out), *args]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def cells(path: Path, sheet: str) -> list[list[Any]]:
    wb = load_workbook(path, read_only=True, data_only=True)
    rows = [list(row) for row in wb[sheet].iter_rows(values_only=True)]
    wb.close()
    return rows


def assert_same_contract_sheets(a: Path, b: Path) -> None:
    for sheet in CONTRACT_SHEETS:
        assert cells(a, sheet) == cells(b, sheet), sheet


def test_live_analysis_and_the_analysis_of_its_bundle_give_the_same_workbook(
    haengbot_home: Path, tmp_path: Path, server: DrfServer
) -> None:
    live = tmp_path / "live.xlsx"
    code, log = run(haengbot_home, server.url, live, *[a for p in FEB_2024 for a in ("--param", p)])
    assert code == 0, log
    bundle = tmp_path / "live_bundle.zip"
    assert bundle.exists() and OC.encode() not in bundle.read_bytes() and OC not in log
    flagged = [r for r in sheet_rows(live, "인용색인") if r["판정"] == "정비 필요"]
    assert [(r["조례 조문"], r["인용"], r["권고 인용"]) for r in flagged] == [
        ("제2조5", "제32조제1항", "제32조제2항"),  # C4 시행령 제32조 renumbering
        ("제7조①", "영 제32조제2항제1호", "영 제32조제3항제1호"),
        ("제10조①", "법 제11조제4항", "법 제11조제5항"),  # C1: 제11조④ became ⑤
    ]
    calls = len(server.calls)
    offline = f"http://127.0.0.1:{_closed_port()}/DRF"  # the network is off: nothing answers there
    again = tmp_path / "from_bundle.xlsx"
    code, log = run(haengbot_home, offline, again, "--input", f"bundle={bundle}")
    assert code == 0, log
    assert_same_contract_sheets(live, again)
    assert len(server.calls) == calls


def test_collect_only_leaves_just_the_bundle_and_it_analyses_offline(
    haengbot_home: Path, tmp_path: Path, server: DrfServer
) -> None:
    out = tmp_path / "수집.xlsx"
    code, log = run(
        haengbot_home, server.url, out, "--param", "collect_only=true", *[a for p in FEB_2024 for a in ("--param", p)]
    )
    assert code == 0, log
    bundle = tmp_path / "수집_bundle.zip"
    assert bundle.exists()
    offline = f"http://127.0.0.1:{_closed_port()}/DRF"
    code, log = run(haengbot_home, offline, tmp_path / "분석.xlsx", "--input", f"bundle={bundle}")
    assert code == 0, log
    assert "제10조①" in {r["조례 조문"] for r in sheet_rows(tmp_path / "분석.xlsx", "영향조례")}


def test_a_folder_of_drf_xml_and_json_gives_the_markdown_folder_s_workbook_offline(haengbot_home: Path, tmp_path: Path) -> None:
    if not C1_MARKDOWN.is_dir():
        pytest.skip("../shared/data/law-cases is not on this machine")
    drf_dir = tmp_path / "drf"
    drf_dir.mkdir()
    # the C1 case as law.go.kr sends it, formats mixed, names meaningless: the files say what they are
    for i, (folder, name) in enumerate(
        [("law", "251529.json"), ("law", "260449.xml"), ("law", "252087.xml"), ("law", "264861.json"), ("ordin", "1774613.xml")]
    ):
        shutil.copyfile(FIXTURES / folder / name, drf_dir / f"받은파일{i}{Path(name).suffix}")
    md_dir = tmp_path / "md"
    md_dir.mkdir()
    for path in C1_MARKDOWN.glob("*.md"):
        shutil.copyfile(path, md_dir / path.name)
    offline = f"http://127.0.0.1:{_closed_port()}/DRF"
    code, log = run(haengbot_home, offline, tmp_path / "drf.xlsx", "--input", f"texts={drf_dir}")
    assert code == 0, log
    code, log = run(haengbot_home, offline, tmp_path / "md.xlsx", "--input", f"texts={md_dir}")
    assert code == 0, log
    assert_same_contract_sheets(tmp_path / "drf.xlsx", tmp_path / "md.xlsx")
    row = next(r for r in sheet_rows(tmp_path / "drf.xlsx", "인용색인") if r["인용"] == "법 제11조제4항")
    assert (row["조례 조문"], row["판정"], row["권고 인용"]) == ("제10조①", "정비 필요", "법 제11조제5항")


def test_a_wrong_oc_stops_in_korean_and_a_saved_error_page_is_named(
    haengbot_home: Path, tmp_path: Path, server: DrfServer
) -> None:
    code, log = run(
        haengbot_home, server.url, tmp_path / "x.xlsx", *[a for p in FEB_2024 for a in ("--param", p)], oc="wrong-oc-1234"
    )
    assert code == 3, log
    assert "법제처 Open API가 오류로 답했습니다: 사용자 정보 검증에 실패하였습니다." in log
    assert "wrong-oc-1234" not in log and "Traceback" not in log
    folder = tmp_path / "texts"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "ordin" / "1774613.json", folder / "조례.json")
    shutil.copyfile(FIXTURES / "errors" / "oc.xml", folder / "법률.xml")
    code, log = run(haengbot_home, server.url, tmp_path / "y.xlsx", "--input", f"texts={folder}")
    assert code == 2, log
    assert "법률.xml" in log and "법제처 본문이 아니라 오류 응답이 저장된 파일입니다." in log and "Traceback" not in log
