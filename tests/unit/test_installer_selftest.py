"""``main.py --self-test``: passes on a whole install, and names each failure in Korean with exit 1."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import selftest
from tasks import registry

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
    def broken_task_list() -> list[object]:
        import no_such_tasks_package  # noqa: F401

        return []

    out = io.StringIO()
    code = selftest.main(load_tasks=broken_task_list, out=out)
    text = out.getvalue()
    assert code == 1
    assert "[실패] 구성 요소 불러오기: 불러오지 못한 모듈: no_such_tasks_package (ModuleNotFoundError" in text
    assert "자체 점검 실패" in text


def test_the_core_self_test_names_no_task_and_imports_nothing_by_name() -> None:
    """Guards issue 11: core/selftest.py named 'overtime-pay' and imported 'tasks' and 'gui.selftest_qt' by string."""
    source = (ROOT / "core" / "selftest.py").read_text(encoding="utf-8")
    assert "importlib" not in source and "__import__" not in source
    assert not [task.id for task in registry() if task.id in source]
    assert '"tasks' not in source and '"gui' not in source


def test_the_application_passes_in_the_task_it_runs(haengbot_home: Path, tmp_path: Path) -> None:
    check = selftest.check_task_run(lambda: registry().get("local-income-tax"), tmp_path)
    assert check.status == selftest.PASS, check.detail
    assert check.name == "표본 입력으로 'local-income-tax' 실행"
    skipped = selftest.check_task_run(None, tmp_path)
    assert (skipped.status, skipped.detail) == (selftest.WARN, "실행해 볼 작업이 주어지지 않아 건너뛰었습니다.")


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
