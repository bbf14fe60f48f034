"""What the clerk reads in welfare-sms's sheets: names masked in the subject too, Korean words only."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.paths import resources_dir
from core.runner import execute
from tasks.welfare_sms import SPEC
from tests.support.notify_helpers import notify_ctx
from tests.support.notify_stubs import GatewayStub
from tests.unit.test_welfare_sms import BASE, ROWS, sheet, write_cases

ENGLISH = {"upload", "solapi", "nhn", "email", "file", "skip", "stop", "retry", "in_doubt", "error", "not_sent"}


def template_with_name_in_subject(tmp_path: Path) -> Path:
    bundled = (resources_dir() / "templates" / "welfare_sms.toml").read_text(encoding="utf-8")
    edited = bundled.replace('"제목" = "{급여종류} 신청 접수"', '"제목" = "{성명}님 {급여종류} 신청 접수"')
    assert edited != bundled
    path = tmp_path / "문구.toml"
    path.write_text(edited, encoding="utf-8")
    return path


def test_a_name_in_the_subject_is_masked_in_the_target_sheet(tmp_path: Path) -> None:
    """Guards the leak: a template with {성명} in 제목 put the full name in the 발송대상 sheet."""
    with GatewayStub() as stub:
        ctx = notify_ctx(tmp_path / "home", stub, run_id="s")
        out = tmp_path / "s.xlsx"
        outcome = execute(
            SPEC,
            {"cases": write_cases(tmp_path / "cases.xlsx", ROWS)},
            {"base_date": BASE, "channel": "solapi", "template_file": str(template_with_name_in_subject(tmp_path))},
            out,
            ctx,
            record=False,
        )
        assert outcome.status == "done", outcome.error
        sent_subjects = {r.get("subject") for r in stub.received if r.get("subject")}
    targets = {r["신청번호"]: r for r in sheet(out, "발송대상")}
    assert targets["G8"]["제목"] == "윤*울님 한부모가족 아동양육비 신청 접수"
    assert "윤겨울님 한부모가족 아동양육비 신청 접수" in sent_subjects  # the citizen still gets the full name
    full_names = {r[1] for r in ROWS}
    assert not [t["제목"] for t in targets.values() if any(n in (t["제목"] or "") for n in full_names)]


@pytest.mark.parametrize(("channel", "word"), [("upload", "업로드 파일"), ("solapi", "솔라피")])
def test_the_result_sheet_speaks_korean(tmp_path: Path, channel: str, word: str) -> None:
    """Guards `upload`/`file` and friends in 발송결과: the channel and our own codes are shown in Korean."""
    with GatewayStub() as stub:
        ctx = notify_ctx(tmp_path / "home", stub, run_id="k", **{"notify.upload_dir": str(tmp_path / "up")})
        out = tmp_path / "k.xlsx"
        outcome = execute(
            SPEC,
            {"cases": write_cases(tmp_path / "cases.xlsx", ROWS)},
            {"base_date": BASE, "channel": channel},
            out,
            ctx,
            record=False,
        )
        assert outcome.status == "done", outcome.error
    results = sheet(out, "발송결과")
    assert results and {r["발송방법"] for r in results} == {word}
    shown = {str(v) for r in results for v in r.values() if v is not None}
    assert not shown & ENGLISH


def test_our_own_failure_codes_are_shown_in_korean() -> None:
    from core.notify.labels import code_word

    assert code_word("retry") == "재시도 초과" and code_word("in_doubt") == "응답 없음"
    assert code_word("1062") == "1062" and code_word("-2019") == "-2019"  # a provider's code stays
