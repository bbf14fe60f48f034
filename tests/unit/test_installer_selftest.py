"""``main.py --self-test``: passes on a whole install, and names each failure in Korean with exit 1."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import selftest

ROOT = Path(__file__).resolve().parents[2]


def test_self_test_from_source_passes_and_writes_its_report(haengbot_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HAENGBOT_HOME": str(haengbot_home)}
    out = subprocess.run(
        [sys.executable, "main.py", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    for name in (
        "구성 요소 불러오기",
        "Qt 화면 플러그인",
        "백그라운드 실행(자식 프로세스)",
        "비밀번호 저장소(키링)",
        "데이터 폴더 쓰기",
        "엑셀 파일 쓰고 읽기",
        "표본 입력으로 'overtime-pay' 실행",
    ):
        assert any(line.startswith(("[통과] " + name, "[주의] " + name)) for line in lines), name
    assert "[실패]" not in out.stdout
    report = (haengbot_home / selftest.REPORT_NAME).read_text(encoding="utf-8")
    assert "자체 점검 통과" in report
    # The sample run used a private database: the clerk's history stays empty.
    assert not (haengbot_home / "haengbot.sqlite3").exists()


def test_a_missing_module_fails_in_korean_with_exit_1() -> None:
    out = io.StringIO()
    code = selftest.main(tasks_package="no_such_tasks_package", qt_module=None, out=out)
    text = out.getvalue()
    assert code == 1
    assert "[실패] 구성 요소 불러오기: 불러오지 못한 모듈: no_such_tasks_package" in text
    assert "자체 점검 실패" in text


def test_a_plaintext_keyring_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    class PlaintextKeyring:  # the shape of keyrings.alt's backend, which must never ship
        pass

    monkeypatch.setattr(keyring, "get_keyring", lambda: PlaintextKeyring())
    check = selftest.check_keyring()
    assert check.status == selftest.FAIL and "평문" in check.detail


def test_no_secret_service_on_linux_is_a_warning_not_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    check = selftest.check_keyring()
    assert check.status == selftest.WARN and "HAENGBOT_SECRET_" in check.detail


def test_an_unwritable_home_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("HAENGBOT_HOME", str(blocker / "home"))  # a path under a file cannot be created
    check = selftest.check_home()
    assert check.status == selftest.FAIL and check.detail.startswith("행봇 데이터 폴더에 쓸 수 없습니다")
