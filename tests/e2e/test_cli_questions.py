"""A clerk in the loop, on the command line (issue 11): a task asks one question.

``--yes`` takes the declared default; a terminal asks (typed on a real pty); a run with nobody at
the keyboard stops with exit 3 and says which question and how to answer; Ctrl+C while the question
waits ends the run with 130. Every ending closes the "browser" the task opened (``ctx.on_close``).
"""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from core.cli import main
from core.procs import pid_alive
from core.registry import Registry
from tests.support import asking_task
from tests.support.asking_task import SPEC, pid_file

SCRIPT = Path(asking_task.__file__)
UNATTENDED = (
    "실패: 실행 중에 확인할 질문이 있어 멈췄습니다: '열린 브라우저 창에서 로그인한 뒤 [계속]을 누르십시오.' (질문 login). "
    "답할 사람이 없는 실행입니다. --yes로 기본값('계속')을 쓰거나 창에서 실행하십시오.\n"
)


def answer_in(workbook: Path) -> str:
    rows = openpyxl.load_workbook(workbook, read_only=True)["요약"].iter_rows(values_only=True)
    return next(str(row[1]) for row in rows if row and str(row[0] or "").strip() == "답")


def gone(pid: int) -> bool:
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not pid_alive(pid)


def test_yes_takes_the_declared_default(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["run", "ask-test", "--output", str(tmp_path / "r.xlsx"), "--yes"], Registry([SPEC]), stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert (
        "질문: 열린 브라우저 창에서 로그인한 뒤 [계속]을 누르십시오.\n  → --yes: 기본값 '계속'으로 답했습니다.\n"
        in err.getvalue()
    )
    assert answer_in(tmp_path / "r.xlsx") == "계속"
    assert gone(int(pid_file().read_text()))


def test_unattended_run_stops_with_exit_3_and_says_how_to_answer(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "run", "ask-test", "--output", str(tmp_path / "r.xlsx")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr.endswith(UNATTENDED), done.stderr
    assert not (tmp_path / "r.xlsx").exists()
    assert gone(int(pid_file().read_text()))  # closed on failure too


def run_on_pty(tmp_path: Path, keys: bytes) -> tuple[int, str]:
    """The CLI on a real terminal: wait for the question, type *keys*, read to the end."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session leader with the pty as its controlling terminal (Ctrl+C → SIGINT)
        os.execv(sys.executable, [sys.executable, str(SCRIPT), "run", "ask-test", "--output", str(tmp_path / "r.xlsx")])
    seen, typed = b"", False
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:  # EIO: the child has closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
            if not typed and "번호를 입력".encode() in seen:
                os.write(fd, keys)
                typed = True
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pty is POSIX")
def test_question_answered_by_typing_on_a_terminal(tmp_path: Path) -> None:
    code, screen = run_on_pty(tmp_path, b"2\r")
    assert code == 0, screen
    assert "1) 계속 (기본)  2) 중단" in screen
    assert answer_in(tmp_path / "r.xlsx") == "중단"
    assert gone(int(pid_file().read_text()))


@pytest.mark.skipif(sys.platform == "win32", reason="pty is POSIX")
def test_ctrl_c_while_the_question_waits_cancels_with_130(tmp_path: Path) -> None:
    code, screen = run_on_pty(tmp_path, b"\x03")
    assert code == 130, screen
    assert screen.replace("\r\n", "\n").endswith(
        "취소 요청을 받았습니다. 안전하게 멈추는 중입니다… (한 번 더 누르면 즉시 종료)\n취소됨: 작업이 취소되었습니다.\n"
    )
    assert not (tmp_path / "r.xlsx").exists()
    assert gone(int(pid_file().read_text()))
