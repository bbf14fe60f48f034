"""The CLI contract (ARCHITECTURE section 4) on the overtime-pay task, through the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.store import Store
from tasks.overtime_pay.sample import PLANTED
from tests.helpers import key_values, run_cli, run_json, sheet_rows, start_cli_run_reading

ROOT = Path(__file__).resolve().parents[2]


def test_list_json_through_main_py(haengbot_home: Path) -> None:
    env = {**os.environ, "HAENGBOT_HOME": str(haengbot_home)}
    proc = subprocess.run(
        [sys.executable, "main.py", "list", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    tasks = json.loads(proc.stdout)
    assert {"id": "overtime-pay", "title": "초과근무 ↔ 시간외근무수당 대사", "department": "인사·총무"} in tasks


def test_list_keeps_a_gap_after_the_longest_id() -> None:
    """Guards the column width: 'car-inheritance-notice' (22 characters) ran into its title."""
    code, out, _ = run_cli("list")
    assert code == 0
    lines = out.splitlines()
    assert "car-inheritance-notice  자동차 상속이전 안내 공고  (차량등록)" in lines
    assert len({line.index(line.split()[1]) for line in lines}) == 1  # every title starts in the same column


def test_describe_lists_inputs_columns_params() -> None:
    code, out, _ = run_cli("describe", "overtime-pay", "--json")
    assert code == 0
    spec = json.loads(out)
    records = next(i for i in spec["inputs"] if i["name"] == "records")
    date_col = next(c for c in records["columns"] if c["name"] == "근무일자")
    assert date_col == {
        "name": "근무일자",
        "type": "date",
        "synonyms": ["일자", "근무일", "초과근무일자"],
        "required": True,
        "help": "",
    }
    params = {p["name"]: p for p in spec["params"]}
    assert params["monthly_cap_hours"]["default"] == 57
    assert params["on_bad_rows"]["choices"] == ["skip", "stop"]
    code, text, _ = run_cli("describe", "overtime-pay")
    assert code == 0 and "입력 records: 초과근무 내역" in text and "- monthly_cap_hours: 월 한도(시간), 기본값 57" in text


def test_sample_then_run_finds_exactly_the_planted_findings(tmp_path: Path) -> None:
    code, out, _ = run_cli("sample", "overtime-pay", "--dir", str(tmp_path / "예시"))
    assert code == 0
    files = dict(line.split("\t") for line in out.strip().splitlines())
    assert set(files) == {"records", "payments"}
    raw = Path(files["payments"]).read_bytes()
    assert "김똠순".encode("cp949") in raw  # CP949, with a syllable EUC-KR cannot carry
    result = tmp_path / "결과.xlsx"
    code, summary, err = run_json(
        "run",
        "overtime-pay",
        "--input",
        f"records={files['records']}",
        "--input",
        f"payments={files['payments']}",
        "--output",
        str(result),
    )
    assert code == 0, err
    assert summary["status"] == "done" and summary["output"] == str(result) and summary["error_rows"] == 1
    rows = sheet_rows(result, "대사결과")
    findings = {r["공무원번호"]: r["판정"] for r in rows if r["판정"] != "정상"}
    assert findings == PLANTED
    by_code = {r["공무원번호"]: r for r in rows}
    assert by_code["02010011"]["사유"].startswith("월 한도 초과(계산 ")
    assert by_code["02010010"]["판정"] == "정상" and "재난 예외로 한도 미적용" in by_code["02010010"]["사유"]
    assert [s for s in _sheet_names(result)] == ["요약", "대사결과", "일별내역", "오류행", "실행정보"]
    info = key_values(result, "실행정보")
    assert info["작업"] == "초과근무 ↔ 시간외근무수당 대사 (overtime-pay)"
    assert info["시트 / 머리글 행"] == "초과근무현황 / 5행"  # two-row merged header, title rows above
    history = Store().runs()
    assert history[0].status == "done" and history[0].output_path == str(result)
    assert history[0].summary["과다지급"] == 2


def test_progress_goes_to_stderr_and_summary_to_stdout(tmp_path: Path) -> None:
    _, _out, _ = run_cli("sample", "overtime-pay", "--dir", str(tmp_path))
    code, stdout, stderr = run_cli(
        "run",
        "overtime-pay",
        "--input",
        f"records={tmp_path / 'records.xlsx'}",
        "--input",
        f"payments={tmp_path / 'payments.csv'}",
        "--output",
        str(tmp_path / "o.xlsx"),
        "--json",
    )
    assert code == 0
    assert len(stdout.strip().splitlines()) == 1 and json.loads(stdout)["task"] == "overtime-pay"
    assert "'초과근무 내역' 파일 읽는 중" in stderr and "완료:" in stderr


def test_cancel_exits_130_and_is_recorded(tmp_path: Path) -> None:
    import threading

    from core.context import RunContext
    from core.runner import execute
    from tasks import registry

    run_cli("sample", "overtime-pay", "--dir", str(tmp_path))
    cancel = threading.Event()

    def progress(done: int, total: int, message: str) -> None:
        if message.startswith("일별"):
            cancel.set()

    ctx = RunContext(progress=progress, cancel_event=cancel)
    outcome = execute(
        registry().get("overtime-pay"),
        {"records": tmp_path / "records.xlsx", "payments": tmp_path / "payments.csv"},
        {},
        tmp_path / "o.xlsx",
        ctx,
    )
    assert outcome.status == "cancelled"
    assert not (tmp_path / "o.xlsx").exists()
    assert Store().runs()[0].status == "cancelled"


def test_sigint_cancels_a_cli_run(tmp_path: Path, haengbot_home: Path) -> None:
    """A real Ctrl+C (SIGINT) in the middle of a run: exit 130, no workbook, history says cancelled."""
    import signal

    proc, output = start_cli_run_reading(tmp_path, haengbot_home)
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    assert proc.wait(timeout=120) == 130, rest
    assert "취소됨: 작업이 취소되었습니다." in rest
    assert not output.exists()
    assert Store(haengbot_home / "haengbot.sqlite3").runs()[0].status == "cancelled"


def _sheet_names(path: Path) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    names = wb.sheetnames
    wb.close()
    return names
