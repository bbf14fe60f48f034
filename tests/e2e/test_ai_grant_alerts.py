"""grant-alerts with the AI 도우미 on (issue 20): the sample mode from the command line fills the
labelled columns from the loopback chat server; with the server failing the run still succeeds,
without the AI text and with the Korean reason; with AI off nothing changes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from core.ai.audit import AuditLog
from core.store import Store
from tests.helpers import run_cli, sheet_rows
from tests.support.chat_server import chat_server

SUMMARY = "AI 요약 (AI 작성 · 검토 필요)"
FIT = "AI 적합 이유 (AI 작성 · 검토 필요)"


def _answer(body: dict[str, Any]) -> str:
    user = body["messages"][1]["content"]
    title = re.search(r"공고명: (.+)", user)
    name = title[1] if title else "?"
    if "[부서 관심 분야]" in user:
        return f"{name[:10]}은 부서 관심 분야와 맞습니다."
    return f"1. {name[:10]} 지원\n2. 지자체 신청\n3. 마감 확인"


def _enable(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("HAENGBOT_SETTING_AI_ENABLED", "true")
    monkeypatch.setenv("HAENGBOT_SETTING_AI_BASE_URL", url)
    monkeypatch.setenv("HAENGBOT_SETTING_AI_MODEL", "loopback-model")


def test_demo_run_fills_labelled_columns(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    with chat_server(answer=_answer) as srv:
        _enable(monkeypatch, srv.url)
        code, _, err = run_cli("run", "grant-alerts", "--param", "demo=true", "--output", str(out))
    assert code == 0, err
    rows = sheet_rows(out, "신규공모")
    header = list(rows[0])
    assert header[-2:] == [SUMMARY, FIT]  # at the end, after the contract's columns
    assert header[:-2] == ["예시", "구분", "해당 프로필", "출처", "공고명", "소관기관", "수행기관", "공고일", "접수시작",
                           "접수마감", "D-day", "지원대상", "사업규모", "원문 URL", "첨부 이름", "이전 마감"]  # fmt: skip
    assert rows
    for row in rows:
        assert row[SUMMARY] == f"{row['공고명'][:10]} 지원\n지자체 신청\n마감 확인"
        assert row[FIT] == f"{row['공고명'][:10]}은 부서 관심 분야와 맞습니다."
    assert len(srv.bodies) == 2 * len(rows)
    # AI text only in labelled columns: no other sheet carries it, except the digest preview under its label.
    for sheet in ("마감임박", "전체", "소스상태"):
        for r in sheet_rows(out, sheet):
            assert not any(isinstance(v, str) and "부서 관심 분야와 맞습니다" in v for v in r.values()), sheet
    preview = sheet_rows(out, "요약메일")
    assert any("[AI 작성 · 검토 필요]" in str(r["본문"]) and "적합 이유:" in str(r["본문"]) for r in preview)
    # Every exchange is in the real store's audit log, under the run, masked.
    entries = AuditLog(Store()).entries()
    assert len(entries) == len(srv.bodies)
    assert {e.task for e in entries} == {"grant-alerts"} and {e.model for e in entries} == {"loopback-model"}
    assert all(e.run_id for e in entries)


def test_failing_server_never_fails_the_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    with chat_server(mode="500") as srv:
        _enable(monkeypatch, srv.url)
        code, stdout, err = run_cli("run", "grant-alerts", "--param", "demo=true", "--output", str(out), "--json")
    assert code == 0, err
    assert len(srv.bodies) == 1  # the first failure stops the asking for the rest of the run
    rows = sheet_rows(out, "신규공모")
    assert rows and all(r[SUMMARY] in (None, "") and r[FIT] in (None, "") for r in rows)
    reason = "AI 글을 넣지 못했습니다: AI 서버에 오류가 났습니다(HTTP 500)."
    summary = json.loads(stdout)
    assert any(w.startswith(reason) for w in summary["warnings"])


def test_ai_off_keeps_the_contract_columns(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    code, _, err = run_cli("run", "grant-alerts", "--param", "demo=true", "--output", str(out))
    assert code == 0, err
    header = list(sheet_rows(out, "신규공모")[0])
    assert not any("AI" in h for h in header)
