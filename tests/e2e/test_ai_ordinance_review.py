"""ordinance-review with the AI 도우미 on (issue 20): each change of 영향조례 gets a plain-Korean
explanation for the owning department in the labelled column at the end; the prompt carries the
change and the department, and one question serves identical changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli, sheet_rows
from tests.support.chat_server import chat_server

EXPLANATION = "AI 설명 (AI 작성 · 검토 필요)"


def _answer(body: dict[str, Any]) -> str:
    user = body["messages"][1]["content"]
    department = user.splitlines()[0].removeprefix("담당부서: ")
    return f"{department} 담당자님, 인용한 조항이 바뀌었으니 조례를 확인하십시오."


def test_sample_with_ai_fills_the_labelled_column(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, _, err = run_cli("sample", "ordinance-review", "--dir", str(tmp_path / "예시"))
    assert code == 0, err
    out = tmp_path / "결과.xlsx"
    with chat_server(answer=_answer) as srv:
        monkeypatch.setenv("HAENGBOT_SETTING_AI_ENABLED", "true")
        monkeypatch.setenv("HAENGBOT_SETTING_AI_BASE_URL", srv.url)
        monkeypatch.setenv("HAENGBOT_SETTING_AI_MODEL", "loopback-model")
        code, _, err = run_cli("run", "ordinance-review", "--input", f"texts={tmp_path / '예시' / 'texts'}", "--output", str(out))
    assert code == 0, err
    rows = sheet_rows(out, "영향조례")
    assert rows and list(rows[0])[-1] == EXPLANATION
    assert list(rows[0])[-2] == "비고"  # the contract's columns come first, unchanged
    for row in rows:
        assert row[EXPLANATION] == f"{row['담당부서'] or '미상'} 담당자님, 인용한 조항이 바뀌었으니 조례를 확인하십시오."
    distinct = {(r["법령"], r["개정 전"], r["개정 후"], r["판정"], r["담당부서"]) for r in rows}
    assert len(srv.bodies) == len(distinct)
    first = srv.requests_json()[0]["messages"][1]["content"]
    assert "개정 전:" in first and "개정 후:" in first and "판정:" in first
    for sheet in ("인용색인", "신구대비"):
        assert not any(EXPLANATION in r or "담당자님, 인용한" in str(list(r.values())) for r in sheet_rows(out, sheet))


def test_ai_off_adds_no_column(tmp_path: Path) -> None:
    code, _, err = run_cli("sample", "ordinance-review", "--dir", str(tmp_path / "예시"))
    out = tmp_path / "결과.xlsx"
    code, _, err = run_cli("run", "ordinance-review", "--input", f"texts={tmp_path / '예시' / 'texts'}", "--output", str(out))
    assert code == 0, err
    assert EXPLANATION not in sheet_rows(out, "영향조례")[0]
