"""The one masking function and the places that call it: error texts, the result workbook, the
database, the log, stderr and ``column_mappings.json`` (issue 10, "Personal data that leaks")."""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from core.errors import HaengBotError, InputError, Location, RunFailed
from core.logs import get_logger, log_path
from core.masking import _mask_numbers, mask_data, mask_text, mask_texts, mask_url
from core.result import INT, MONEY, Result, ResultTable
from core.runner import ERROR_SHEET
from core.store import Store
from core.writer import InfoRow, write_workbook
from gui import mappings
from tests.helpers import run_cli, write_csv

FORMS = [
    # 13 digits, the way the reader accepts them (parse_rrn strips spaces and hyphens)
    ("850315-1234561", "850315-1******"),
    ("8503151234561", "850315-1******"),
    ("850315 1234561", "850315-1******"),
    ("850315 - 1234561", "850315-1******"),
    ("0101013234564", "010101-3******"),
    # 12 digits: an RRN stored as a number lost its leading zero (010101-3234564)
    ("101013234564", "010101-3******"),
    ("10101-3234564", "010101-3******"),
    # 10 and 11 digits written out as text: born in 2000, three or two zeros lost
    ("10013234564", "001001-3******"),
    ("3154234561", "000315-4******"),
    # mobiles: 11 and 10 digits, +82, brackets, dots, a lost leading zero
    ("010-1234-5678", "010-****-5678"),
    ("01012345678", "010-****-5678"),
    ("010 1234 5678", "010-****-5678"),
    ("010.1234.5678", "010-****-5678"),
    ("(010)1234-5678", "010-****-5678"),
    ("011-234-5678", "011-****-5678"),
    ("0162345678", "016-****-5678"),
    ("019 234 5678", "019-****-5678"),
    ("010-234-5678", "010-****-5678"),
    ("+82 10-1234-5678", "010-****-5678"),
    ("+821012345678", "010-****-5678"),
    ("821012345678", "010-****-5678"),
    ("1024813301", "010-****-3301"),
]


@pytest.mark.parametrize(("raw", "masked"), FORMS)
def test_every_form_the_reader_accepts_is_masked_in_text(raw: str, masked: str) -> None:
    """Guards the forms the old scrub let through: 12-digit RRNs, 10/11-digit text RRNs, +82, zero-lost mobiles."""
    assert mask_text(f"찾은 열: 2025, {raw}, 최영번") == f"찾은 열: 2025, {masked}, 최영번"
    assert mask_text(raw) == masked


@pytest.mark.parametrize(
    "text",
    [
        "문의 복지정책과 031-760-2451",  # the office's number in every drafted message
        "02-123-4567",
        "2026-03-02 18:30",
        "2026.03.02",
        "202603021830",  # yyyymmddHHMM: not a birth-date shape once padded
        "합계 644,404,060원",
        "644404060",
        "신청번호 2026-01001",
        "김정상 경기도 광주시 오포읍 신현리 123",
        "850315-1******",  # already masked
        "https://www.bizinfo.go.kr/view.do?pblancId=PBLN_000000000106589",
        "사업규모 1000000000원",  # 10억 without commas: not a 010 number that lost its zero
        "총 1013234564 원",  # an amount, not a 2000s RRN
        "1000000000",
    ],
)
def test_what_is_not_personal_is_left_alone(text: str) -> None:
    assert mask_text(text) == text


def test_url_credentials_are_masked_in_any_text() -> None:
    """Guards the 소스상태 sheet: a relay URL written with user:pass@ showed its password."""
    assert mask_url("http://relay:s3cr%40t@relay.city.go.kr:8080/feed?x=1") == "http://****@relay.city.go.kr:8080/feed?x=1"
    assert mask_text("연결 실패: https://token@feeds.example/rss") == "연결 실패: https://****@feeds.example/rss"
    assert mask_url("문의 someone@city.go.kr") == "문의 someone@city.go.kr"


def test_column_masking_matches_cell_masking_and_keeps_numbers() -> None:
    values = ["김정상", 101013234564, None, "850315-1234561", 12.5, "경기도 010-2481-3301 방문", "", "a" * 50, "9001011234567"]
    assert mask_texts(values) == [v if not isinstance(v, str) else mask_text(v) for v in values]
    assert mask_texts(values)[1] == 101013234564  # a typed number is not text: never masked
    assert mask_data({"합계": 1013234564, "메모": ["850315-1234561"], "9001011234567": 1}) == {
        "합계": 1013234564,
        "메모": ["850315-1******"],
        "900101-1******": 1,
    }


def test_error_texts_are_masked_wherever_they_are_read() -> None:
    """Guards '찾은 열: 2025, 101013234564, …' and '→ 값: 850315-1234561' reaching stderr, the GUI and the database."""
    err = InputError(
        "필수 열을 찾을 수 없습니다. 찾은 열: 2025, 101013234564, 최영번",
        Location("nts_850315-1234561.csv", "Sheet1", 5, "신고일"),
        "값: '850315-1234561'",
    )
    text = str(err)
    assert "101013234564" not in text and "1234561" not in text
    assert "010101-3******" in text and "값: '850315-1******'" in text
    assert "1234561" not in err.message + (err.hint or "") + repr(err.args)
    assert str(RunFailed("수신 010-1234-5678 실패")) == "수신 010-****-5678 실패"
    assert str(HaengBotError("값 9001011234567")) == "값 900101-1******"


def test_result_workbook_masks_text_cells_but_not_numbers(tmp_path: Path) -> None:
    """Guards the 오류행 sheet's raw values, a name or address column holding an RRN, and the
    실행정보 '열 연결' row of a header-less file; money columns keep their digits."""
    people = pd.DataFrame(
        {
            "성명": ["850315-1234561", "김정상"],
            "주소": ["경기도 광주시 010-2481-3301", "경기도 광주시 오포읍"],
            "지급액": [101013234564, 1024813301],
            "원문 URL": ["http://u:pw@relay.local/a/1024813301", "https://x.go.kr/1"],
        }
    )
    result = Result(
        tables=[ResultTable("대사결과", people, {"지급액": MONEY}, links=("원문 URL",))],
        warnings=["확인: 101013234564"],
        headline="요약",
    )
    errors = ResultTable(
        ERROR_SHEET,
        pd.DataFrame([("nts", "국세", "nts.csv", "", 7, "신고일", "850315-1234561", "날짜 형식이 아닙니다")]).set_axis(
            ["입력", "입력 설명", "파일", "시트", "행", "열", "값", "사유"], axis=1
        ),
        {"행": INT},
    )
    out = write_workbook(
        tmp_path / "결과.xlsx",
        result,
        error_table=errors,
        info=[InfoRow("    열 연결", "귀속연도←2025, 주민등록번호←9001011234567, 성명←01024813301")],
    )
    book = load_workbook(out)
    cells = {ws.title: [c for row in ws.iter_rows(values_only=True) for c in row if c is not None] for ws in book}
    assert "850315-1******" in cells["대사결과"] and "경기도 광주시 010-****-3301" in cells["대사결과"]
    assert 101013234564 in cells["대사결과"] and 1024813301 in cells["대사결과"]  # numbers as numbers
    assert "http://****@relay.local/a/1024813301" in cells["대사결과"]  # a link keeps its digits, not its password
    assert "850315-1******" in cells[ERROR_SHEET]
    assert "귀속연도←2025, 주민등록번호←900101-1******, 성명←010-****-3301" in cells["실행정보"]
    assert "확인: 010101-3******" in cells["요약"]
    text = " ".join(str(c) for values in cells.values() for c in values if isinstance(c, str))
    assert "1234561" not in text and "2481-3301" not in text and "pw@" not in text


def test_run_history_masks_strings_and_keeps_sums_as_numbers(haengbot_home: Path) -> None:
    """Guards JSON in the database: masking the JSON text would have turned a 10-digit sum into a broken mask."""
    store = Store()
    run_id = store.start_run("t", {"기준": "850315-1234561"}, {"nts": "/in/101013234564.csv"})
    store.finish_run(run_id, "done", summary={"합계(원)": 1024813301, "메모": "010-1234-5678"}, message="값 01024813301")
    record = store.run(run_id)
    assert record is not None
    assert record.params == {"기준": "850315-1******"} and record.inputs == {"nts": "/in/010101-3******.csv"}
    assert record.summary == {"합계(원)": 1024813301, "메모": "010-****-5678"} and record.message == "값 010-****-3301"


def test_log_masks_the_new_forms_and_tracebacks(haengbot_home: Path) -> None:
    logger = get_logger("t")
    try:
        raise ValueError("bad value 101013234564")
    except ValueError:
        logger.exception("row 0111234567 and +82 10 9876 5432")
    for handler in logging.getLogger("haengbot").handlers:
        handler.flush()
    text = log_path().read_text(encoding="utf-8")
    assert "010101-3******" in text and "011-****-4567" in text and "010-****-5432" in text
    assert "101013234564" not in text and "1234567" not in text and "9876" not in text


def test_cli_stderr_of_a_header_less_file_is_masked(tmp_path: Path) -> None:
    """Guards the reported leak: the first data row of a file without its header row, printed in full."""
    nts = write_csv(
        tmp_path / "nts.csv", ["2025", "850315-1234561", "김정상", "주소"], [["2025", "101013234564", "최영번", "주소"]]
    )
    local = write_csv(tmp_path / "local.csv", ["2025", "8803152345672", "이오차", "주소"], [])
    code, _out, err = run_cli(
        "run", "local-income-tax", "--input", f"nts={nts}", "--input", f"local={local}", "--output", str(tmp_path / "o.xlsx")
    )
    assert code == 2
    assert "찾은 열: 2025, 850315-1******, 김정상" in err
    assert "1234561" not in err and "101013234564" not in err


def test_column_mappings_never_store_a_data_row_as_a_header(haengbot_home: Path) -> None:
    """Guards column_mappings.json: a header-less file offers its first row (an RRN) as a column label."""
    path = haengbot_home / mappings.FILE_NAME
    path.write_text(json.dumps({"old/nts/1": {"성명": "010-1234-5678", "귀속연도": "연도"}}), encoding="utf-8")
    mappings.remember("local-income-tax/nts/abc", {"주민등록번호": "850315-1234561", "성명": "납세자", "주소": mappings.NONE})
    text = path.read_text(encoding="utf-8")
    assert "1234561" not in text and "5678" not in text
    assert mappings.remembered("local-income-tax/nts/abc") == {"성명": "납세자", "주소": mappings.NONE}
    assert mappings.remembered("old/nts/1") == {"귀속연도": "연도"}  # an old file is cleaned on the next save


def test_the_quick_prefilter_never_skips_text_the_patterns_would_mask() -> None:
    """mask_text and mask_texts skip text that has no candidate run; random text built from digits,
    separators and letters must come out exactly as the full patterns alone would leave it."""
    rng = random.Random(10)
    digits = ["0", "1", "2", "3", "5", "8", "9", "01", "10", "82", "1234", "5678", "0315", "3234"]
    pieces = [*digits * 3, "+", "-", " ", "  ", ".", "(", ")", "원", "가", "a", "://", "@"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(4000)]
    texts += ["850315 - 1234561", "+82 (0)10 - 1234 - 5678", "(010) 1234-5678", "10101 - 3234564", "010-1234-5678"]
    for text in texts:
        assert mask_text(text) == mask_url(_mask_numbers(text)), text
    assert mask_texts(texts) == [mask_text(t) for t in texts]
    assert sum(mask_text(t) != t for t in texts) > 100  # the random text does hold maskable runs


def test_a_bracket_around_a_mobile_number_stays() -> None:
    """'문의(010-1234-5678)' lost its opening bracket: the pattern took it for an area code's '(010)'."""
    assert mask_text("문의(010-1234-5678)") == "문의(010-****-5678)"
    assert mask_text("(010)1234-5678") == "010-****-5678"
