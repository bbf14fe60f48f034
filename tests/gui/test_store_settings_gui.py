"""Department mode in the 설정 and 인증 정보 windows (issue 18): a bad store.url is refused in Korean and
never saved; with store.url set, the two store credentials are listed beside the tasks' own."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.credentials import MemoryStore
from core.settings import Settings
from gui import dialogs
from gui.credentials_dialog import STORE_USERS, CredentialsDialog
from gui.settings_dialog import SettingsDialog
from tasks import registry


def test_settings_dialog_refuses_a_bad_store_url(qtbot, monkeypatch: pytest.MonkeyPatch, haengbot_home: Path) -> None:
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: told.append((title, text)))
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    before = (haengbot_home / "settings.toml").read_text(encoding="utf-8")
    for bad, reason in (
        (
            "postgresql://clerk:secret-pw@db.city.go.kr:5432/haengbot",
            "설정 store.url: 주소에 비밀번호를 넣지 마십시오. 비밀번호는 인증 정보 '공유 저장소 비밀번호'"
            "(HAENGBOT_SECRET_STORE_PASSWORD)에 저장합니다.",
        ),
        (
            "mysql://clerk@db.city.go.kr/haengbot",
            # InputError masks what looks like an e-mail address, the example's user@host included (core's text)
            "설정 store.url: 'postgresql://'로 시작해야 합니다. 예: postgresql://****@db.city.go.kr:5432/haengbot",
        ),
        (
            "postgresql://clerk@db.city.go.kr/haengbot?sslmode=require",
            "공유 저장소 주소의 sslmode=require는 서버 인증서를 확인하지 않습니다. sslmode를 지우거나 verify-full로 하십시오.",
        ),
    ):
        dialog.fields["store.url"].setText(bad)
        told.clear()
        dialog.save()
        assert told == [("저장하지 않았습니다", reason)]
        assert (haengbot_home / "settings.toml").read_text(encoding="utf-8") == before  # nothing written
        assert dialog.result() != dialog.DialogCode.Accepted
    dialog.fields["store.url"].setText("postgresql://clerk@db.city.go.kr:5432/haengbot")
    told.clear()
    dialog.save()
    assert told == [] and Settings().get("store.url") == "postgresql://clerk@db.city.go.kr:5432/haengbot"


def _rows(dialog: CredentialsDialog) -> dict[str, list[str]]:
    return {cred.id: users for cred, users in dialog.creds}


def test_credentials_window_lists_the_store_credentials_when_shared(qtbot, memory_credentials: MemoryStore) -> None:
    local = CredentialsDialog(registry())
    qtbot.addWidget(local)
    assert "store-password" not in _rows(local) and "store-hmac-key" not in _rows(local)

    settings = Settings()
    settings.set("store.url", "postgresql://clerk@db.city.go.kr:5432/haengbot")
    settings.save()
    shared = CredentialsDialog(registry())
    qtbot.addWidget(shared)
    rows = _rows(shared)
    assert list(rows)[:2] == ["store-password", "store-hmac-key"]
    assert rows["store-password"] == rows["store-hmac-key"] == [STORE_USERS]
    assert shared.status["store-password"].text() == "저장 안 됨"
    shared.edits["store-password"].setText("db-secret-1")
    shared.save("store-password")
    assert memory_credentials.get("store-password") == "db-secret-1"
    assert shared.status["store-password"].text() == "저장됨"
    assert set(rows) - {"store-password", "store-hmac-key"} == set(_rows(local))  # the tasks' own, unchanged
