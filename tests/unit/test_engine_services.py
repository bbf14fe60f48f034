"""Store migrations and history, settings, credentials, masking, atomic writes, logging."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from core import credentials
from core.logs import get_logger, log_path
from core.masking import SECRETS, mask_name, mask_phone, mask_rrn, scrub
from core.result import MONEY, Result, ResultTable, SummaryItem
from core.settings import Settings
from core.store import Store, migrations
from core.writer import InfoRow, write_workbook
from tests.helpers import key_values, sheet_rows


def test_store_migrates_once_and_records_runs(haengbot_home: Path) -> None:
    store = Store()
    assert store.schema_version() == max(n for n, _, _ in migrations())
    run_id = store.start_run("overtime-pay", {"월 한도": "57"}, {"records": "a.xlsx"})
    store.finish_run(run_id, "done", summary={"과다지급": 2}, output_path="/x/결과.xlsx", duration_s=1.5)
    again = Store()  # a second open applies nothing twice
    record = again.runs()[0]
    assert (record.task, record.status, record.summary, record.output_path) == (
        "overtime-pay",
        "done",
        {"과다지급": 2},
        "/x/결과.xlsx",
    )
    assert again.connect().execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_masks_personal_data_in_messages(haengbot_home: Path) -> None:
    store = Store()
    run_id = store.start_run("t", {}, {})
    store.finish_run(run_id, "bad_input", message="900101-1234567 행 오류, 연락처 010-1234-5678")
    assert store.run(run_id).message == "900101-1****** 행 오류, 연락처 010-****-5678"


def test_settings_defaults_roundtrip(haengbot_home: Path) -> None:
    settings = Settings()
    assert settings.get("network.timeout_seconds") == 30
    settings.set("network.proxy_url", "http://proxy.city.go.kr:8080")
    settings.save()
    assert Settings().get("network.proxy_url") == "http://proxy.city.go.kr:8080"
    assert "[network]" in (haengbot_home / "settings.toml").read_text(encoding="utf-8")


def test_credentials_env_first_then_store(monkeypatch: pytest.MonkeyPatch) -> None:
    store = credentials.MemoryStore({"solapi-key": "from-keyring-123"})
    assert credentials.lookup(store, "solapi-key") == "from-keyring-123"
    monkeypatch.setenv("HAENGBOT_SECRET_SOLAPI_KEY", "from-env-456")
    assert credentials.lookup(store, "solapi-key") == "from-env-456"
    assert "from-env-456" not in scrub("key=from-env-456")


def test_keyring_store_without_backend_explains_in_korean(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    ok, why = credentials.KeyringStore().available()
    assert not ok and "비밀번호 저장소(키링)를 찾을 수 없습니다" in why
    with pytest.raises(credentials.NoKeyringError):
        credentials.KeyringStore().set("x", "secret-value")


def test_masking() -> None:
    assert mask_rrn("9001011234567") == "900101-1******"
    assert mask_phone("01012345678") == "010-****-5678"
    assert mask_phone("0212345678") == "02-****-5678"
    assert [mask_name(n) for n in ("홍길동", "김철", "남궁민수")] == ["홍*동", "김*", "남**수"]
    SECRETS.add("sk-very-secret")
    assert scrub("주민 900101 1234567, 키 sk-very-secret") == "주민 900101-1******, 키 ********"


def test_log_is_masked(haengbot_home: Path) -> None:
    logger = get_logger("t")
    assert not log_path().exists()  # armed only: the file opens with the first record
    logger.info("번호 900101-1234567 / 010-9876-5432")
    for handler in logging.getLogger("haengbot").handlers:
        handler.flush()
    text = log_path().read_text(encoding="utf-8")
    assert "900101-1******" in text and "010-****-5432" in text and "1234567" not in text


def _result() -> Result:
    df = pd.DataFrame({"이름": ["가", "나"], "금액": [1000, 2500], "판정": ["정상", "과다"]})
    return Result(
        [ResultTable("결과", df, {"금액": MONEY}, "판정", {"과다": "finding"})],
        [SummaryItem("건수", 2, note="두 사람")],
        headline="시험",
    )


def test_workbook_layout_and_formats(tmp_path: Path) -> None:
    out = write_workbook(tmp_path / "o.xlsx", _result(), error_table=None, info=[InfoRow("작업", "시험")])
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["요약", "결과", "실행정보"]
    ws = wb["결과"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:C3"
    assert ws["B2"].number_format == "#,##0"
    assert ws["A3"].fill.fgColor.rgb.endswith("FDE2E1") and ws["A2"].fill.fgColor.rgb in ("00000000", None)
    assert sheet_rows(out, "결과") == [{"이름": "가", "금액": 1000, "판정": "정상"}, {"이름": "나", "금액": 2500, "판정": "과다"}]
    assert key_values(out, "요약")["건수"] == 2
    from openpyxl import load_workbook as _lw

    assert _lw(out)["요약"]["C3"].value == "두 사람"


def test_crash_while_writing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.writer as writer

    out = tmp_path / "o.xlsx"
    out.write_bytes(b"previous good file")

    def boom(self: object, *a: object, **k: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(writer._Book, "close", boom)
    with pytest.raises(OSError):
        write_workbook(out, _result(), error_table=None, info=[])
    assert out.read_bytes() == b"previous good file"  # the old file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.xlsx"]  # no temporary left behind
