"""Golden person-months for overtime-pay. Every expected figure below was worked out by hand from
지방공무원 수당 등에 관한 규정 제15조 (domain-rules.md section 6), in the comment beside it:

day:   rows of a day added; < 60 min → 0; weekday (not Sat/Sun/공휴일) − 60; cap 240 after deduction
month: Σ day minutes, floor to hours, cap 57 (unless 예외구분)
money: (hours + 정액 10, or 정액시간 given) × unit price(year, grade), cut below 10원
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import key_values, run_json, sheet_rows, write_csv, write_xlsx

H = ["공무원번호", "성명", "소속", "직급", "근무일자", "시작시각", "종료시각", "근무구분", "예외구분"]

RECORDS = [
    # P1 1001 7급 2026-03, weekday deduction. Code written with leading zeros in records only.
    ("0001001", "가나다", "총무과", "7급", "2026-03-03", "18:00", "21:00", "", ""),  # Tue 180-60 = 120
    ("0001001", "가나다", "총무과", "7급", "2026-03-04", "18:00", "20:30", "", ""),  # Wed 150-60 = 90 → 210 = 3h
    # P2 1002 8급 2026-03, under-an-hour day.
    ("1002", "나다라", "총무과", "행정8급", "2026-03-05", "18:00", "18:50", "", ""),  # 50 < 60 → 0
    ("1002", "나다라", "총무과", "행정8급", "2026-03-06", "18:00", "19:59", "", ""),  # 119-60 = 59
    ("1002", "나다라", "총무과", "행정8급", "2026-03-09", "18:00", "20:01", "", ""),  # 121-60 = 61 → 120 = 2h
    # P3 1003 6급 2026-03, the 4-hour day cap.
    ("1003", "다라마", "세정과", "6급", "2026-03-10", "18:00", "23:30", "", ""),  # 330-60 = 270 → 240
    ("1003", "다라마", "세정과", "6급", "2026-03-11", "18:00", "22:00", "", ""),  # 240-60 = 180 → 420 = 7h
    # P5 1005 9급 2026-05, 어린이날 and a substitute holiday (부처님오신날 대체공휴일 5/25).
    ("1005", "마바사", "복지과", "9급", "2026-05-05", "10:00", "13:00", "", ""),  # holiday 180
    ("1005", "마바사", "복지과", "9급", "2026-05-25", "09:00", "11:30", "", ""),  # substitute 150
    ("1005", "마바사", "복지과", "9급", "2026-05-06", "18:00", "20:00", "", ""),  # Wed 120-60 = 60 → 390 = 6h
    # P6 1006 7급 2026-03, past midnight.
    ("1006", "바사아", "복지과", "주무관(7급)", "2026-03-12", "22:00", "02:00", "", ""),  # 240-60 = 180
    ("1006", "바사아", "복지과", "주무관(7급)", "2026-03-13", "23:30", "00:30", "", ""),  # 60-60 = 0 → 3h
    # P7 1007 지방행정주사 = 6급 2026-03, paid at the 7급 price.
    ("1007", "사아자", "건축과", "지방행정주사", "2026-03-16", "18:00", "21:30", "", ""),  # 150
    ("1007", "사아자", "건축과", "지방행정주사", "2026-03-17", "18:00", "21:30", "", ""),  # 150 → 5h
    # P8 1008 5급 2025-11, 2025 price; Saturday without deduction.
    ("1008", "아자차", "기획과", "지방행정사무관", "2025-11-03", "18:00", "22:00", "", ""),  # Mon 180
    ("1008", "아자차", "기획과", "지방행정사무관", "2025-11-08", "09:00", "12:00", "", ""),  # Sat 180 → 6h
    # P9 1009 8급 2025-12, the 10원 cut paid correctly.
    ("1009", "자차카", "기획과", "지방행정서기", "2025-12-01", "18:00", "21:00", "", ""),  # 120 → 2h
    # P10 1010 9급 2025-12, paid without the 10원 cut.
    ("1010", "차카타", "기획과", "지방행정서기보", "2025-12-02", "18:00", "20:10", "", ""),  # 70
    ("1010", "차카타", "기획과", "지방행정서기보", "2025-12-03", "18:00", "20:50", "", ""),  # 110 → 3h
    # P11 1011 7급 2026-03, underpaid.
    ("1011", "카타파", "세정과", "지방행정주사보", "2026-03-18", "18:00", "22:00", "", ""),  # 180
    ("1011", "카타파", "세정과", "지방행정주사보", "2026-03-19", "18:00", "22:00", "", ""),  # 180
    ("1011", "카타파", "세정과", "지방행정주사보", "2026-03-20", "18:00", "21:00", "", ""),  # 120 → 8h
    # P12 1012 6급 2026-03, no payment row.
    ("1012", "타파하", "세정과", "6급", "2026-03-23", "18:00", "21:00", "", ""),  # 120 → 2h
    # P14 1014 7급 2026-03, 정액시간 8 given on the payment row.
    ("1014", "파하가", "건축과", "7급", "2026-03-24", "18:00", "21:00", "", ""),  # 120 → 2h
    # P16 1016 7급 2026-03, 근무구분 says 휴일 on a Wednesday: no deduction.
    ("1016", "하가나", "건축과", "7급", "2026-03-25", "09:00", "12:00", "휴일", ""),  # 180 → 3h
    # P17 1017 7급 2026-03, two short rows on one day are added first.
    ("1017", "가가가", "건축과", "7급", "2026-03-26", "07:30", "08:20", "", ""),  # 50
    ("1017", "가가가", "건축과", "7급", "2026-03-26", "18:00", "18:40", "", ""),  # +40 = 90-60 = 30
    ("1017", "가가가", "건축과", "7급", "2026-03-27", "18:00", "20:00", "", ""),  # 60 → 90 = 1h
]

# P4 1004 7급 2026-04, the 57-hour cap: 8 weekend days × 240 + 7 weekdays × (300-60) = 3600 = 60h → 57.
for d in (4, 5, 11, 12, 18, 19, 25, 26):
    RECORDS.append(("1004", "나나나", "안전과", "7급", f"2026-04-{d:02d}", "09:00", "14:00", "", ""))  # 300 → cap 240
for d in (1, 2, 3, 6, 7, 8, 9):
    RECORDS.append(("1004", "나나나", "안전과", "7급", f"2026-04-{d:02d}", "18:00", "23:00", "", ""))  # 300-60 = 240
# P15 1015 7급 2026-06, 재난: no monthly cap, no daily cap. 14 × 240 + (540-60 = 480) = 3840 = 64h.
for d in (1, 4, 5, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 22):
    RECORDS.append(("1015", "다다다", "안전과", "7급", f"2026-06-{d:02d}", "18:00", "23:00", "", "재난"))
RECORDS.append(("1015", "다다다", "안전과", "7급", "2026-06-02", "14:00", "23:00", "", "재난"))

PAY_H = ["사번", "성명", "지급년월", "지급시간", "정액시간", "지급액"]
PAYMENTS = [
    ("1001", "가나다", "2026-03", 3, "", "160,780"),  # (3+10) × 12,368 = 160,784 → 160,780 정상
    ("1002", "나다라", "2026.03", 3, "", "157,460"),  # paid 3h > 2h 과다지급; expected 12 × 12,113 = 145,356 → 145,350
    ("1003", "다라마", "202603", 7, "", "232,760"),  # (7+10) × 13,692 = 232,764 → 232,760 정상
    ("1004", "나나나", "2026년 4월", 57, "", "828,650"),  # (57+10) × 12,368 = 828,656 → 828,650 정상, 월 한도 초과
    ("1005", "마바사", "2026-05", 6, "", "175,180"),  # (6+10) × 10,949 = 175,184 → 175,180 정상
    ("1006", "바사아", "2026-03", 3, "", "160,780"),  # 정상
    ("1007", "사아자", "2026-03", 5, "", "185,520"),  # 단가오류: (5+10) × 12,368 = 185,520 vs 13,692 → 205,380
    ("1008", "아자차", "2025-11", 6, "", "248,160"),  # (6+10) × 15,510 = 248,160 정상
    ("1009", "자차카", "2025-12", 2, "", "128,740"),  # (2+10) × 10,729 = 128,748 → 128,740 정상
    ("1010", "차카타", "2025-12", 3, "", "137,527"),  # (3+10) × 10,579 = 137,527 → expected 137,520: 단가오류 +7
    ("1011", "카타파", "2026-03", 6, "", "197,880"),  # 과소지급: 6 < 8; expected 18 × 12,368 = 222,624 → 222,620
    ("1013", "라라라", "2026-03", 5, "", "200,000"),  # no records: 근거없음
    ("1014", "파하가", "2026-03", 2, 8, "123,680"),  # (2+8) × 12,368 = 123,680 정상
    ("1015", "다다다", "2026-06", 64, "", "915,230"),  # (64+10) × 12,368 = 915,232 → 915,230 정상
    ("1016", "하가나", "2026-03", 3, "", "160,780"),  # 정상
    ("1017", "가가가", "2026-03", 1, "", "136,040"),  # (1+10) × 12,368 = 136,048 → 136,040 정상
]

# (code, month) -> (인정분합계, 인정시간, 한도적용시간, 정액시간, 단가, 산정액, 지급시간, 지급액, 판정)
EXPECTED = {
    ("0001001", "2026-03"): (210, 3, 3, 10, 12368, 160780, 3, 160780, "정상"),
    ("1002", "2026-03"): (120, 2, 2, 10, 12113, 145350, 3, 157460, "과다지급"),
    ("1003", "2026-03"): (420, 7, 7, 10, 13692, 232760, 7, 232760, "정상"),
    ("1004", "2026-04"): (3600, 60, 57, 10, 12368, 828650, 57, 828650, "정상"),
    ("1005", "2026-05"): (390, 6, 6, 10, 10949, 175180, 6, 175180, "정상"),
    ("1006", "2026-03"): (180, 3, 3, 10, 12368, 160780, 3, 160780, "정상"),
    ("1007", "2026-03"): (300, 5, 5, 10, 13692, 205380, 5, 185520, "단가오류"),
    ("1008", "2025-11"): (360, 6, 6, 10, 15510, 248160, 6, 248160, "정상"),
    ("1009", "2025-12"): (120, 2, 2, 10, 10729, 128740, 2, 128740, "정상"),
    ("1010", "2025-12"): (180, 3, 3, 10, 10579, 137520, 3, 137527, "단가오류"),
    ("1011", "2026-03"): (480, 8, 8, 10, 12368, 222620, 6, 197880, "과소지급"),
    ("1012", "2026-03"): (120, 2, 2, 10, 13692, 164300, None, None, "지급누락"),
    ("1013", "2026-03"): (None, None, None, 10, None, None, 5, 200000, "근거없음"),
    ("1014", "2026-03"): (120, 2, 2, 8, 12368, 123680, 2, 123680, "정상"),
    ("1015", "2026-06"): (3840, 64, 64, 10, 12368, 915230, 64, 915230, "정상"),
    ("1016", "2026-03"): (180, 3, 3, 10, 12368, 160780, 3, 160780, "정상"),
    ("1017", "2026-03"): (90, 1, 1, 10, 12368, 136040, 1, 136040, "정상"),
}
FIELDS = ("인정분합계", "인정시간", "한도적용시간", "정액시간", "단가", "산정액", "지급시간", "지급액", "판정")


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> dict:
    d = tmp_path_factory.mktemp("golden")
    records = write_xlsx(d / "초과근무.xlsx", H, RECORDS, title="2026년 초과근무 현황", text_columns=(0,))
    payments = write_csv(d / "지급.csv", PAY_H, PAYMENTS)
    out = d / "결과.xlsx"
    code, summary, err = run_json(
        "run", "overtime-pay", "--input", f"records={records}", "--input", f"payments={payments}", "--output", str(out)
    )
    assert code == 0, err
    rows = {(r["공무원번호"], r["근무월"]): r for r in sheet_rows(out, "대사결과")}
    return {"out": out, "rows": rows, "summary": summary, "daily": sheet_rows(out, "일별내역")}


def test_every_person_month_matches_hand_computation(golden: dict) -> None:
    rows = golden["rows"]
    assert set(rows) == set(EXPECTED)
    for key, expected in EXPECTED.items():
        got = tuple(rows[key][f] for f in FIELDS)
        assert got == expected, f"{key}: {dict(zip(FIELDS, got, strict=True))}"


def test_differences_and_reasons(golden: dict) -> None:
    rows = golden["rows"]
    over = rows[("1002", "2026-03")]
    assert (over["시간차이"], over["금액차이"]) == (1, 157460 - 145350)
    assert over["사유"] == "지급 3시간 > 산정 2시간"
    under = rows[("1011", "2026-03")]
    assert (under["시간차이"], under["금액차이"]) == (-2, 197880 - 222620)
    cut = rows[("1010", "2025-12")]
    assert cut["금액차이"] == 7
    assert cut["사유"] == "시간 일치, 지급액 137,527원 ≠ 산정액 137,520원 ((3+10)시간 × 10,579원, 10원 미만 버림)"
    assert rows[("1004", "2026-04")]["사유"] == "월 한도 초과(계산 60시간) → 57시간"
    assert rows[("1015", "2026-06")]["사유"] == "월 한도 초과(계산 64시간), 재난 예외로 한도 미적용"
    assert rows[("1012", "2026-03")]["사유"] == "인정 2시간인데 지급 내역 없음"
    assert rows[("1013", "2026-03")]["사유"] == "지급 내역은 있으나 초과근무 기록 없음"
    assert rows[("1007", "2026-03")]["직급"] == "6급"
    assert rows[("1006", "2026-03")]["직급"] == "7급"
    assert rows[("0001001", "2026-03")]["소속"] == "총무과"


def test_daily_breakdown_explains_each_day(golden: dict) -> None:
    daily = {(r["공무원번호"], r["근무일자"].date().isoformat()): r for r in golden["daily"]}
    day = daily[("1002", "2026-03-05")]
    assert (day["원시분"], day["공제분"], day["상한초과분"], day["인정분"], day["비고"]) == (50, 0, 0, 0, "60분 미만 불인정")
    day = daily[("1003", "2026-03-10")]
    assert (day["원시분"], day["공제분"], day["상한초과분"], day["인정분"]) == (330, 60, 30, 240)
    assert day["비고"] == "평일 60분 공제, 1일 4시간 상한"
    day = daily[("1005", "2026-05-25")]
    assert day["구분"].startswith("공휴일(") and "대체" in day["구분"]
    assert (day["공제분"], day["인정분"]) == (0, 150)
    day = daily[("1006", "2026-03-12")]
    assert (day["원시분"], day["인정분"]) == (240, 180)
    day = daily[("1016", "2026-03-25")]
    assert day["구분"] == "휴일(입력)" and day["인정분"] == 180
    day = daily[("1017", "2026-03-26")]
    assert (day["기록수"], day["원시분"], day["인정분"]) == (2, 90, 30)
    day = daily[("1015", "2026-06-02")]
    assert (day["원시분"], day["상한초과분"], day["인정분"]) == (540, 0, 480)
    assert "예외 근무" in day["비고"]


def test_summary_counts_and_sums(golden: dict) -> None:
    s = golden["summary"]["summary"]
    assert s["대상 인원·월"] == 17
    assert (s["정상"], s["과다지급"], s["과소지급"], s["단가오류"], s["지급누락"], s["근거없음"], s["확인필요"]) == (
        11,
        1,
        1,
        2,
        1,
        1,
        0,
    )
    expected_total = sum(v[5] for v in EXPECTED.values() if v[5] is not None)
    paid_total = sum(v[7] for v in EXPECTED.values() if v[7] is not None)
    assert s["산정액 합계(원)"] == expected_total
    assert s["지급액 합계(원)"] == paid_total
    assert s["과다지급액 합계(원)"] == 12110
    assert s["과소지급액 합계(원)"] == 24740
    assert s["월 57시간 한도 초과 인원·월"] == 2
    info = key_values(golden["out"], "요약")
    assert info["과다지급"] == 1


def test_daily_cap_for_exceptions_can_be_kept(tmp_path: Path) -> None:
    """With exception_lifts_daily_cap=false the 재난 long day is capped: 14 × 240 + 240 = 3600 = 60h."""
    rows = [r for r in RECORDS if r[0] == "1015"]
    records = write_xlsx(tmp_path / "r.xlsx", H, rows)
    payments = write_csv(tmp_path / "p.csv", PAY_H, [("1015", "다다다", "2026-06", 60, "", f"{(70 * 12368) // 10 * 10:,}")])
    out = tmp_path / "o.xlsx"
    code, _summary, err = run_json(
        "run",
        "overtime-pay",
        "--input",
        f"records={records}",
        "--input",
        f"payments={payments}",
        "--param",
        "exception_lifts_daily_cap=false",
        "--output",
        str(out),
    )
    assert code == 0, err
    row = sheet_rows(out, "대사결과")[0]
    assert (row["인정분합계"], row["한도적용시간"], row["산정액"], row["판정"]) == (3600, 60, 865760, "정상")


def test_extra_holiday_and_working_day_params(tmp_path: Path) -> None:
    """2026-03-03 (Tue) declared a holiday: 180 without deduction = 3h; 2026-03-02 (대체공휴일) worked as a weekday: 180-60."""
    rows = [
        ("1", "가", "", "7급", "2026-03-03", "18:00", "21:00", "", ""),
        ("1", "가", "", "7급", "2026-03-02", "18:00", "21:00", "", ""),
    ]
    records = write_xlsx(tmp_path / "r.xlsx", H, rows)
    payments = write_csv(tmp_path / "p.csv", PAY_H, [("1", "가", "2026-03", 5, "", "185,520")])
    out = tmp_path / "o.xlsx"
    code, _, err = run_json(
        "run",
        "overtime-pay",
        "--input",
        f"records={records}",
        "--input",
        f"payments={payments}",
        "--param",
        "extra_holidays=2026-03-03",
        "--param",
        "working_days=2026-03-02",
        "--output",
        str(out),
    )
    assert code == 0, err
    row = sheet_rows(out, "대사결과")[0]
    # 180 + 120 = 300 = 5h; (5+10) × 12,368 = 185,520
    assert (row["인정분합계"], row["한도적용시간"], row["산정액"], row["판정"]) == (300, 5, 185520, "정상")


def test_rates_input_overrides_builtin_price(tmp_path: Path) -> None:
    rows = [("1", "가", "", "7급", "2026-03-03", "18:00", "21:00", "", "")]  # 120 → 2h
    records = write_xlsx(tmp_path / "r.xlsx", H, rows)
    payments = write_csv(tmp_path / "p.csv", PAY_H, [("1", "가", "2026-03", 2, "", "120,000")])
    rates = write_xlsx(tmp_path / "rates.xlsx", ["연도", "직급", "단가"], [(2026, "7급", 12005)])
    out = tmp_path / "o.xlsx"
    code, _, err = run_json(
        "run",
        "overtime-pay",
        "--input",
        f"records={records}",
        "--input",
        f"payments={payments}",
        "--input",
        f"rates={rates}",
        "--output",
        str(out),
    )
    assert code == 0, err
    row = sheet_rows(out, "대사결과")[0]
    # (2+10) × 12,005 = 144,060
    assert (row["단가"], row["산정액"], row["판정"]) == (12005, 144060, "단가오류")


def test_rules_functions_directly() -> None:
    from core.money import truncate_10won
    from tasks.overtime_pay.rules import DayRule, month_hours, parse_grade, recognise_day

    assert [
        parse_grade(x)
        for x in ("7급", "행정7급", "지방행정주사보", "주무관(7급)", "사무관", "지방시설주사", "서기", "세무서기보")
    ] == ["7급", "7급", "7급", "7급", "5급", "6급", "8급", "9급"]
    with pytest.raises(ValueError):
        parse_grade("주무관")
    assert truncate_10won(Decimal("137527")) == 137520
    assert truncate_10won(9) == 0
    rule = DayRule()
    assert recognise_day(59, False, False, rule).recognised == 0
    assert recognise_day(60, False, False, rule).recognised == 0
    assert recognise_day(60, True, False, rule).recognised == 60
    assert recognise_day(301, False, False, rule).recognised == 240
    assert month_hours(3419, 57, False) == (56, 56, False)
    assert month_hours(3480, 57, False) == (58, 57, True)


def test_judge_branches_on_records_and_payments() -> None:
    """Each of _judge's cases: no price for the grade, records without pay, pay without records."""
    from tasks.overtime_pay.outcomes import CHECK, MISSING_PAY, NO_BASIS
    from tasks.overtime_pay.task import RESULT_COLUMNS, Paid, PersonMonth, _judge

    def judged(p: PersonMonth) -> dict[str, object]:
        return dict(zip(RESULT_COLUMNS, _judge(p, "2026-03", {}, 57, Decimal(10), 0), strict=True))

    paid = Paid(hours=Decimal(10), amount=100000, rows=1)
    no_price = judged(PersonMonth("1", "2026-03", grade="7급", has_records=True, minutes=600, paid=paid))
    assert (no_price["판정"], no_price["단가"], no_price["금액차이"], no_price["시간차이"]) == (CHECK, None, None, 0)
    assert no_price["사유"].startswith("단가를 알 수 없음")
    unpaid = judged(PersonMonth("2", "2026-03", grade="7급", has_records=True, minutes=125))
    assert (unpaid["판정"], unpaid["한도적용시간"], unpaid["지급시간"], unpaid["지급액"]) == (MISSING_PAY, 2, None, None)
    ghost = judged(PersonMonth("3", "2026-03", paid=paid))
    assert (ghost["판정"], ghost["한도적용시간"], ghost["정액시간"], ghost["지급액"]) == (NO_BASIS, None, Decimal(10), 100000)
