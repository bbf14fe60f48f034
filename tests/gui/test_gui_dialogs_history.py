"""Launcher, history, settings and credentials against the real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_steps import open_window, open_wizard
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from core.context import RunContext
from core.credentials import MemoryStore
from core.runner import execute
from core.settings import Settings
from core.spec import Credential, TaskSpec
from core.store import Store
from gui import dialogs
from gui.credentials_dialog import CredentialsDialog
from gui.settings_dialog import SettingsDialog
from gui.wizard.base import WizardPage
from gui.wizard.hooks import PAGE_KINDS, MissingHook, page_for
from tasks import registry
from tasks.overtime_pay.sample import write_samples


def test_launcher_shows_only_registered_tasks_grouped_with_needs_and_search(qtbot) -> None:
    window = open_window(qtbot)
    launcher = window.launcher
    assert sorted(c.task.id for c in launcher.cards) == sorted(t.id for t in registry())
    card = next(c for c in launcher.cards if c.task.id == "overtime-pay")
    chips = [w.text() for w in card.findChildren(QLabel) if w.objectName() == "chip"]
    assert "파일 2개 (선택 1개)" in chips and "인터넷 필요 없음" in chips
    headers = [h.text() for h, _ in launcher.groups]
    assert "인사·총무" in headers
    launcher.search.setText("초과근무")
    assert launcher.visible_tasks() == ["overtime-pay"]
    launcher.search.setText("없는작업이름")
    assert launcher.visible_tasks() == [] and not launcher.empty.isHidden()
    launcher.search.clear()
    assert len(launcher.visible_tasks()) == len(launcher.cards)


def _past_run(tmp_path: Path) -> str:
    files = write_samples(tmp_path / "s")
    task = registry().get("overtime-pay")
    outcome = execute(task, files, {}, tmp_path / "out" / "지난결과.xlsx", RunContext())
    assert outcome.status == "done"
    return outcome.run_id


def test_history_view_opens_a_past_run(qtbot, tmp_path: Path, no_modal_dialogs: list) -> None:
    run_id = _past_run(tmp_path)
    store = Store()
    cancelled = store.start_run("overtime-pay", {}, {})
    store.finish_run(cancelled, "cancelled", message="작업이 취소되었습니다.")
    window = open_window(qtbot)
    recent = window.launcher.recent
    assert recent.item(0).text() == "불러오는 중…"  # the cards paint first; the history list fills right after
    qtbot.waitUntil(lambda: recent.count() == 2, timeout=5000)
    assert "취소" in recent.item(0).text()
    window.show_history()
    history = window.history
    assert window.stack.currentWidget() is history
    table = history.table
    rows = {table.item(r, 2).text(): r for r in range(table.rowCount())}
    assert set(rows) == {"완료", "취소"}
    done = rows["완료"]
    assert "과다지급 2" in table.item(done, 3).text()
    assert table.item(done, 1).text() == registry().get("overtime-pay").title
    table.selectRow(done)
    qtbot.mouseClick(history.open_button, Qt.MouseButton.LeftButton)
    assert no_modal_dialogs[-1] == ("open", store.run(run_id).output_path)
    history.open_run(done, folder=True)
    assert no_modal_dialogs[-1] == ("open", str(Path(store.run(run_id).output_path).parent))

    told: list[str] = []
    table.selectRow(rows["취소"])
    pytest.MonkeyPatch().setattr(dialogs, "inform", lambda parent, title, text: told.append(text))
    assert not history.open_run(rows["취소"])
    assert told and "결과 파일" in told[0]


def _task_with_key() -> TaskSpec:
    return TaskSpec(
        id="demo-key",
        title="예시 작업",
        department="테스트",
        description="",
        basis="",
        inputs=(),
        params=(),
        run=lambda *a: None,
        credentials=(Credential("data-go-kr", "공공데이터포털 인증키", "data.go.kr 마이페이지"),),
    )


def test_credentials_dialog_stores_in_the_keyring_and_shows_only_whether_set(qtbot, memory_credentials: MemoryStore) -> None:
    dialog = CredentialsDialog([_task_with_key()])
    qtbot.addWidget(dialog)
    assert dialog.banner.isHidden()
    status = dialog.status["data-go-kr"]
    assert status.text() == "저장 안 됨"
    secret = "abc123-SECRET-VALUE"
    dialog.edits["data-go-kr"].setText(secret)
    dialog.save("data-go-kr")
    assert memory_credentials.get("data-go-kr") == secret
    assert status.text() == "저장됨"
    assert dialog.edits["data-go-kr"].text() == ""
    shown = " ".join(w.text() for w in dialog.findChildren(QLabel)) + " ".join(e.text() for e in dialog.findChildren(QLineEdit))
    assert secret not in shown
    dialog.delete("data-go-kr")
    assert memory_credentials.get("data-go-kr") is None and status.text() == "저장 안 됨"


class _NoKeyring(MemoryStore):
    def available(self) -> tuple[bool, str]:
        return False, "이 컴퓨터에서 비밀번호 저장소(키링)를 찾을 수 없습니다."


def test_credentials_dialog_explains_a_missing_keyring(qtbot) -> None:
    dialog = CredentialsDialog([_task_with_key()], store=_NoKeyring())
    qtbot.addWidget(dialog)
    assert not dialog.banner.isHidden() and "키링" in dialog.banner.text()
    assert not dialog.edits["data-go-kr"].isEnabled()


def test_settings_dialog_is_generated_and_saves(qtbot, tmp_path: Path) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    proxy = dialog.fields["network.proxy_mode"]
    assert isinstance(proxy, QComboBox) and proxy.itemText(0) == "시스템 설정 따름"
    dialog.fields["network.proxy_url"].setText("http://proxy.city.go.kr:8080")
    proxy.setCurrentIndex(proxy.findData("manual"))
    dialog.fields["network.timeout_seconds"].setValue(45)
    dialog.fields["general.output_dir"].setText(str(tmp_path / "결과"))
    dialog.save()
    saved = Settings()
    assert saved.get("network.proxy_mode") == "manual" and saved.get("network.timeout_seconds") == 45
    assert saved.get("network.proxy_url") == "http://proxy.city.go.kr:8080"
    assert saved.output_dir() == tmp_path / "결과"


class _ConfirmPage(WizardPage):
    step = "발송 확인"


def test_a_task_page_kind_adds_its_page_before_the_run(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PAGE_KINDS, "confirm-send-test", _ConfirmPage)
    base = registry().get("overtime-pay")
    task = TaskSpec(**{**base.__dict__, "id": "hooked", "pages": ("confirm-send-test",)})
    window = open_window(qtbot)
    window.tasks["hooked"] = task
    wizard = window.open_task("hooked")
    steps = [p.step for p in wizard.pages]
    assert steps.index("발송 확인") == steps.index("확인") + 1 == steps.index("실행") - 1


def test_every_declared_page_kind_is_drawn_and_an_unknown_one_is_said_in_korean() -> None:
    """The GUI's own table of page kinds covers every task's ``pages``; nothing registers by import."""
    assert {kind for task in registry() for kind in task.pages} <= set(PAGE_KINDS)
    assert page_for("confirm-send").__name__ == "ConfirmSendPage"
    with pytest.raises(MissingHook) as caught:
        page_for("sign-document")
    assert str(caught.value) == (
        "이 작업에 필요한 화면('sign-document')이 이 버전의 행봇에 없습니다. 행봇을 새 버전으로 바꿔 주십시오."
    )


def test_keyboard_next_and_back(qtbot) -> None:
    window = open_window(qtbot)
    wizard = open_wizard(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    wizard.intro.sample_button.setFocus()
    qtbot.keyClick(wizard.intro.sample_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert wizard.page is wizard.inputs
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.page is wizard.intro
