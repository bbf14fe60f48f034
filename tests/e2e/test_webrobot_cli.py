"""The web robot through the real CLI (tests/support/robot_task.py is main.py with a robot task added):
a broken recipe exits 2 before any browser starts; a login cannot be answered by --yes (exit 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.paths import resources_dir
from tests.support.replica_hygiene import Replica
from tests.support.robot_helpers import chromium, xvfb

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "tests" / "support" / "robot_task.py"
RECORDS = "영업신고번호,업소명,대표자,업종,교육구분,교육일,교육시간,수료번호,교육기관\n2026-3000001,행복식당,김민준,일반음식점,정기,2026-03-15,3,,\n"
PROGRESS = "[  0%] '입력할 기록' 파일 읽는 중: records.csv\n[  0%] '입력할 기록' 행 읽는 중 (0/1)\n[  0%] 계산하는 중\n"


def run_cli(tmp_path: Path, *args: str, browser: str, display: str = "", stdin: str = "") -> subprocess.CompletedProcess[str]:
    records = tmp_path / "records.csv"
    records.write_text(RECORDS, encoding="utf-8")
    env = {**os.environ, "HAENGBOT_BROWSER": browser, "DISPLAY": display}
    return subprocess.run(
        [
            sys.executable,
            str(CLI),
            "run",
            "robot-demo",
            "--input",
            f"records={records}",
            "--output",
            str(tmp_path / "out.xlsx"),
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        input=stdin,
    )


def fake_browser(tmp_path: Path) -> tuple[str, Path]:
    """An 'executable' that only leaves a mark: if the mark is there, something tried to start a browser."""
    mark = tmp_path / "browser-started"
    exe = tmp_path / "fake-browser"
    exe.write_text(f"#!/bin/sh\ntouch '{mark}'\nexit 1\n", encoding="utf-8")
    exe.chmod(0o755)
    return str(exe), mark


@pytest.mark.parametrize(
    ("recipe_text", "message"),
    [
        (
            'name = "x"\n[site]\nbase_url = "http://127.0.0.1:1"\nstart = "/"\nlogged_in = { css = "#u" }\n[form\n',
            "입력 오류: 웹 입력 레시피 'broken.toml'의 형식이 잘못되었습니다: 6행 6번째 글자 근처\n"
            '  → TOML 형식(이름 = "값")과 따옴표·대괄호 짝을 확인하십시오. = 왼쪽의 한글 이름은 "교육일"처럼 따옴표로 감싸야 합니다.\n',
        ),
        (
            'name = "x"\n[site]\nbase_url = "http://127.0.0.1:1"\nstart = "/"\nlogged_in = { css = "#u" }\n',
            "입력 오류: 웹 입력 레시피 'broken.toml'의 [form]: 이 부분이 없거나 표 형식이 아닙니다.\n",
        ),
    ],
)
def test_a_broken_recipe_exits_2_before_the_browser(tmp_path: Path, recipe_text: str, message: str) -> None:
    recipe = tmp_path / "broken.toml"
    recipe.write_text(recipe_text, encoding="utf-8")
    browser, mark = fake_browser(tmp_path)
    done = run_cli(tmp_path, "--param", f"recipe={recipe}", browser=browser)
    assert done.returncode == 2
    assert done.stderr == PROGRESS + message + "결과 파일은 만들지 않았습니다.\n"
    assert not mark.exists()
    assert not (tmp_path / "out.xlsx").exists()


def test_a_recipe_naming_a_column_the_task_lacks_exits_2(tmp_path: Path) -> None:
    text = (resources_dir() / "recipes" / "hygiene-training.toml").read_text(encoding="utf-8")
    recipe = tmp_path / "city.toml"
    recipe.write_text(text.replace('column = "대표자"', 'column = "대표자 주민등록번호"'), encoding="utf-8")
    browser, mark = fake_browser(tmp_path)
    done = run_cli(tmp_path, "--param", f"recipe={recipe}", browser=browser)
    assert done.returncode == 2
    assert done.stderr == (
        PROGRESS
        + "입력 오류: 웹 입력 레시피 'city.toml'의 입력 칸 '대표자 주민등록번호': 작업에 없는 열 '대표자 주민등록번호'를 씁니다.\n"
        "  → 이 작업의 열: 교육구분, 교육기관, 교육시간, 교육일, 대표자, 수료번호, 업소명, 업종, 영업신고번호\n"
        "결과 파일은 만들지 않았습니다.\n"
    )
    assert not mark.exists()


@pytest.mark.slow
def test_yes_cannot_answer_a_login_exit_3(tmp_path: Path) -> None:
    with xvfb() as display, Replica() as site:
        done = run_cli(tmp_path, "--yes", "--param", f"site_url={site.url}", browser=chromium(), display=display)
        assert site.logins == 0 and site.posts == {}
    assert done.returncode == 3, done.stderr
    assert done.stderr.endswith(
        "질문: 열린 브라우저 창에서 '위생 교육실적 시스템'에 로그인하십시오(공동인증서·GPKI·간편인증). 로그인을 마친 뒤 [로그인 완료]를 누르십시오.\n"
        "  → --yes: 기본값 '중단'으로 답했습니다.\n"
        "실패: '위생 교육실적 시스템'에 로그인하지 않아 웹 입력을 멈췄습니다. 로그인은 담당자가 직접 해야 하므로 "
        "--yes나 예약 실행으로는 답할 수 없습니다.\n"
    ), done.stderr
    assert not (tmp_path / "out.xlsx").exists()
