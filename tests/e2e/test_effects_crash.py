"""Issue 11: a web-form effect killed between record and confirm is 확인 필요, a re-run does not repeat
it, and the clerk resolves it on the command line (exact output asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.store import Store
from tests.support.web_form_stub import WebFormStub, kill_child_mid_submission, run_child

ROOT = Path(__file__).resolve().parents[2]
HINT = (
    "확인필요 건은 상대 시스템(문자 업체 발송 내역, 해당 누리집)에서 처리되었는지 확인한 뒤 정리하십시오:\n"
    "  python main.py ledger resolve 번호 --as sent   # 처리된 것으로(다시 하지 않음)\n"
    "  python main.py ledger resolve 번호 --as retry  # 처리되지 않았음(다음 실행에서 다시 함)\n"
)


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HAENGBOT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "main.py", "ledger", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def when(home: Path, effect_id: int) -> str:
    row = Store(home / "haengbot.sqlite3").connect().execute("SELECT updated_at FROM effects WHERE id = ?", (effect_id,))
    return str(row.fetchone()[0])[:16].replace("T", " ")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_web_form_is_in_doubt_not_repeated_and_resolved_by_the_clerk(tmp_path: Path) -> None:
    assert kill_child_mid_submission(tmp_path) == ["K001", "K002"]  # K002 saved on the site, never confirmed

    with WebFormStub() as site:
        rerun = run_child(tmp_path, site.url)
        assert rerun.returncode == 0, rerun.stderr
        assert json.loads(rerun.stdout.splitlines()[-1]) == {"K001": "이미 처리됨", "K002": "확인 필요", "K003": "처리함"}
        assert site.received == ["K003"]  # K002 not submitted a second time

    listed = cli(tmp_path, "list", "--status", "확인필요")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == (
        "번호\t상태\t종류\t작업\t사례\t단계\t대상\t마지막 변경\t내용\t사유\n"
        f"2\t확인필요\t웹 입력\tweb-form-demo\tK002\t교육이수 입력\t010-****-0002\t{when(tmp_path, 2)}\t"
        "김*희 위생교육 이수 입력\t처리 도중 실행이 중단되어 결과가 기록되지 않았습니다\n"
        "확인필요 1건 · 실행중 0건 · 실패 0건 · 완료 0건\n" + HINT
    )
    as_json = json.loads(cli(tmp_path, "list", "--json").stdout)
    assert [(e["id"], e["case_key"], e["state"], e["target"]) for e in as_json] == [
        (2, "K002", "확인필요", "010-****-0002"),
        (1, "K001", "완료", "010-****-0001"),
        (3, "K003", "완료", "010-****-0003"),
    ]
    assert as_json[1]["reference"] == "접수번호 W-0001"

    resolved = cli(tmp_path, "resolve", "2", "--as", "sent")
    assert (resolved.returncode, resolved.stdout) == (
        0,
        "2번 웹 입력 · web-form-demo · 사례 K002 · 교육이수 입력 · 010-****-0002: 보낸 것으로 처리했습니다.\n",
    )
    twice = cli(tmp_path, "resolve", "2", "9", "--as", "retry")
    assert (twice.returncode, twice.stdout) == (
        2,
        "2번 웹 입력 · web-form-demo · 사례 K002 · 교육이수 입력 · 010-****-0002: "
        "확인 필요가 아니어서 그대로 두었습니다(지금: 완료).\n"
        "9번: 그런 번호의 기록이 없습니다.\n",
    )
    assert cli(tmp_path, "list", "--status", "확인필요").stdout == "조건에 맞는 외부 처리 기록이 없습니다.\n"

    with WebFormStub() as site:
        third = run_child(tmp_path, site.url)
        assert json.loads(third.stdout.splitlines()[-1]) == {"K001": "이미 처리됨", "K002": "이미 처리됨", "K003": "이미 처리됨"}
        assert site.received == []

    out = tmp_path / "기록.xlsx"
    exported = cli(tmp_path, "export", "--output", str(out))
    assert (exported.returncode, exported.stdout) == (0, f"내보냈습니다: {out} (3건, 확인필요 0건)\n")
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["요약", "외부처리기록", "실행정보"]
    rows = [tuple(r) for r in book["외부처리기록"].iter_rows(values_only=True)]
    header = rows.index(next(r for r in rows if r[0] == "번호"))
    table = {r[3]: r for r in rows[header + 1 :] if r[0] is not None}
    assert table["K002"][:9] == (
        2,
        "web-form-demo",
        "웹 입력",
        "K002",
        "교육이수 입력",
        "010-****-0002",
        "완료",
        "김*희 위생교육 이수 입력",
        "담당자가 상대 시스템에서 처리된 것을 확인함",
    )
    assert [table[k][5] for k in ("K001", "K002", "K003")] == ["010-****-0001", "010-****-0002", "010-****-0003"]
    flat = "\n".join(str(c) for r in rows for c in r if c is not None)
    assert "5555-0002" not in flat and "김영희" not in flat
