"""The command line speaks Korean all through, and its --json keys are clean (issue 10, smaller points).

Guards: ``--help`` printed argparse's English ("usage:", "positional arguments", "show this help
message and exit") and its errors ("the following arguments are required"); ``--json`` summary
keys kept the indent of nested 요약 lines ("  무신고 금액 합계(원)"); errors sent the clerk to
"설정 > 인증 정보", a menu that does not exist (인증 정보 is its own button beside 설정).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.context import RunContext
from core.credentials import MemoryStore
from core.errors import RunFailed
from tests.helpers import run_cli, run_json

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = re.compile(r"usage|positional arguments|options:|show this help|show program|arguments are required|invalid choice")


@pytest.mark.parametrize(
    "argv",
    [("--help",), ("run", "--help"), ("describe", "-h"), ("sample", "--help"), ("settings", "--help"), ("settings", "set", "-h")],
)
def test_help_is_korean(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run_cli(*argv)
    out = capsys.readouterr().out  # argparse prints help on sys.stdout itself
    assert code == 0
    assert out.startswith("사용법: python main.py")
    assert not ENGLISH.search(out), out
    assert "-h, --help" in out and "이 도움말을 보고 끝냅니다" in out


def test_top_help_lists_commands_under_a_korean_title(capsys: pytest.CaptureFixture[str]) -> None:
    run_cli("--help")
    out = capsys.readouterr().out
    assert "\n명령:\n  list " in out and "\n옵션:\n" in out and "  settings    설정 보기·바꾸기" in out
    assert "--version   프로그램 버전을 보고 끝냅니다" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("run", "overtime-pay"), "명령을 이해하지 못했습니다: 꼭 적어야 하는 인자가 빠졌습니다: --output\n"),
        (
            ("settings", "remove"),
            "명령을 이해하지 못했습니다: 인자 명령: 없는 명령입니다: 'remove' (고를 수 있는 것: 'list', 'get', 'set')\n",
        ),
        (("list", "--jsn"), "명령을 이해하지 못했습니다: 알 수 없는 인자입니다: --jsn\n"),
        (("sample", "overtime-pay", "--dir"), "명령을 이해하지 못했습니다: 인자 --dir: 값을 하나 적어야 합니다\n"),
    ],
)
def test_argument_errors_are_korean(argv: tuple[str, ...], message: str) -> None:
    code, out, err = run_cli(*argv)
    assert (code, out) == (2, "")
    assert err.startswith("사용법: python main.py")
    assert message in err
    assert not ENGLISH.search(err), err


def test_json_summary_keys_have_no_leading_spaces(tmp_path: Path) -> None:
    assert run_cli("sample", "local-income-tax", "--dir", str(tmp_path))[0] == 0
    code, result, err = run_json(
        "run", "local-income-tax", "--input", f"nts={tmp_path / 'nts.csv'}", "--input", f"local={tmp_path / 'local.xlsx'}",
        "--output", str(tmp_path / "o.xlsx"),
    )  # fmt: skip
    assert code == 0, err
    keys = list(result["summary"])
    assert "무신고 금액 합계(원)" in keys  # shown indented under 무신고 건수 on the 요약 sheet
    assert [k for k in keys if k != k.strip()] == []


def test_missing_secret_points_at_the_real_menu() -> None:
    ctx = RunContext(credentials=MemoryStore({}))
    with pytest.raises(RunFailed) as caught:
        ctx.secret("solapi-api-key", "솔라피 API 키")
    assert str(caught.value).startswith("'솔라피 API 키' 값이 저장되어 있지 않습니다. 창 위쪽의 [인증 정보]에서 입력하거나")


def test_no_message_names_a_menu_path_that_does_not_exist() -> None:
    """The window's toolbar is 작업 목록 · 실행 기록 · 설정 · 인증 정보; 설정's tabs are its sections."""
    wrong = re.compile(r"설정 > (인증 정보|알림)")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("core", "tasks", "gui")
        for path in (ROOT / folder).rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if wrong.search(line)
    ]
    assert found == []


def test_output_cut_short_by_a_pipe_is_not_a_file_error() -> None:
    """`main.py settings list | head -1` said '파일을 읽거나 쓰지 못했습니다' and exited 1: the pipe closing is not a failure."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, str(root / "main.py"), "settings", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=root,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written, as `… | head -0` would be
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 0, err
    assert err == ""
