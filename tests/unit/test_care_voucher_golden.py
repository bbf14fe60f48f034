"""care-voucher-audit on a hand-made month: every rule, both severities where a rule has two, and every near miss.

Payments CSV, Excel row = list position + 2 (row 1 is the header). Worked out by hand:
  R01 S01 died 09-01: row 3 (09-02) and row 4 (09-03); row 2 on the day of death is a near miss.
  R02 S02 입원 09-05~09-08: row 5 (입원일) 확인, row 6 (09-06) 주의, row 7 (퇴원일) 확인; row 8 (09-09) nothing.
  R03 S03 출국 09-10~ (no 입국일): row 9 (출국일) 확인, row 10 (09-15) 주의.
  R04 S04 수감 09-01~09-03 and 입소 09-20~09-25: row 11 (09-02) 주의, row 12 (09-03) 확인, row 13 (09-22) 주의.
  R05 H05 with S05 09:00–12:00 and S06 11:00–13:00: rows 14, 15 (60 minutes); row 16 (S06 13:00–15:00) touches
      row 15 (0 minutes): neither R05 (same 수급자) nor R12.
  R06 S07 활동보조 by H07 09:00–12:00 and H08 10:00–10:30: rows 17, 18; 방문목욕 by both 14:00–15:00 (rows 19, 20): nothing.
  R07 S09–H09 배우자 N: row 21; S10–H10 자녀 (empty): row 22; S11–H11 모 Y: row 23 nothing.
  R08 S12 limit 100,000: listed 09-04 10,000 (row 24), 09-01 40,000 (25), 09-02 40,000 (26), 09-03 30,000 (27):
      in time order 40k, 80k, 110k (crossing: row 27), 120k (row 24). S13 limit 80,000 spent exactly (rows 28, 29): nothing.
  R09 S14 20:00–08:00 past midnight = 12 hours: row 30; 08:00–19:59 (11h59m, row 31) nothing.
  R10 H15 09-07: 06:00–14:00 + 14:00–22:00 = 16 hours: rows 32, 33 (touching: no overlap).
      H16 09-08: 10:00–18:00 + 18:00–02:00 (counts for 09-08) = 16 hours: rows 34, 35; 09-09 06:00–07:00 (row 36) nothing.
  R11 H17: 10 payments, 3 수기 (30%): rows 37–39; H18: 9 payments, 5 수기 (under 10): nothing (rows 47–55).
  R12 H19/S20 09:00–12:00 and 11:59–13:00 (1 minute): rows 56, 57.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import key_values, run_cli, sheet_rows, write_csv

PAY_H = ["수급자번호", "수급자명", "활동지원사번호", "활동지원사명", "제공기관", "급여종류", "서비스일자", "시작시각", "종료시각"]
PAY_H += ["결제금액", "결제구분", "승인번호"]


def pay(
    s: str, h: str, day: int, start: str, end: str, amount: int = 50_000, kind: str = "활동보조", how: str = "단말"
) -> tuple[Any, ...]:
    return (
        s,
        f"수급자{s[1:]}",
        h,
        f"지원사{h[1:]}",
        "가나센터" if int(h[1:]) % 2 else "다라센터",
        kind,
        f"2026-09-{day:02d}",
        start,
        end,
        f"{amount:,}",
        how,
        f"A{s}{h}{day}",
    )


PAYMENTS = [
    pay("S01", "H01", 1, "09:00", "12:00"),  # 2
    pay("S01", "H01", 2, "09:00", "12:00"),  # 3
    pay("S01", "H01", 3, "09:00", "12:00"),  # 4
    pay("S02", "H02", 5, "09:00", "12:00"),  # 5
    pay("S02", "H02", 6, "09:00", "12:00"),  # 6
    pay("S02", "H02", 8, "09:00", "12:00"),  # 7
    pay("S02", "H02", 9, "09:00", "12:00"),  # 8
    pay("S03", "H03", 10, "09:00", "12:00"),  # 9
    pay("S03", "H03", 15, "09:00", "12:00"),  # 10
    pay("S04", "H04", 2, "09:00", "12:00"),  # 11
    pay("S04", "H04", 3, "09:00", "12:00"),  # 12
    pay("S04", "H04", 22, "09:00", "12:00"),  # 13
    pay("S05", "H05", 4, "09:00", "12:00"),  # 14
    pay("S06", "H05", 4, "11:00", "13:00"),  # 15
    pay("S06", "H05", 4, "13:00", "15:00"),  # 16
    pay("S07", "H07", 4, "09:00", "12:00"),  # 17
    pay("S07", "H08", 4, "10:00", "10:30"),  # 18
    pay("S07", "H07", 4, "14:00", "15:00", kind="방문목욕"),  # 19
    pay("S07", "H08", 4, "14:00", "15:00", kind="방문목욕"),  # 20
    pay("S09", "H09", 4, "09:00", "12:00"),  # 21
    pay("S10", "H10", 4, "09:00", "12:00"),  # 22
    pay("S11", "H11", 4, "09:00", "12:00"),  # 23
    pay("S12", "H12", 4, "09:00", "10:00", 10_000),  # 24
    pay("S12", "H12", 1, "09:00", "12:00", 40_000),  # 25
    pay("S12", "H12", 2, "09:00", "12:00", 40_000),  # 26
    pay("S12", "H12", 3, "09:00", "12:00", 30_000),  # 27
    pay("S13", "H13", 1, "09:00", "12:00", 40_000),  # 28
    pay("S13", "H13", 2, "09:00", "12:00", 40_000),  # 29
    pay("S14", "H14", 5, "20:00", "08:00"),  # 30
    pay("S14", "H14", 6, "08:00", "19:59"),  # 31
    pay("S15", "H15", 7, "06:00", "14:00"),  # 32
    pay("S16", "H15", 7, "14:00", "22:00"),  # 33
    pay("S17", "H16", 8, "10:00", "18:00"),  # 34
    pay("S17", "H16", 8, "18:00", "02:00"),  # 35
    pay("S17", "H16", 9, "06:00", "07:00"),  # 36
    *[pay("S18", "H17", d, "09:00", "10:00", how="수기") for d in (11, 12, 13)],  # 37-39
    *[pay("S18", "H17", d, "09:00", "10:00") for d in (14, 15, 16, 17, 18, 19, 20)],  # 40-46
    *[pay("S19", "H18", d, "09:00", "10:00", how="수기") for d in (11, 12, 13, 14, 15)],  # 47-51
    *[pay("S19", "H18", d, "09:00", "10:00") for d in (16, 17, 18, 19)],  # 52-55
    pay("S20", "H19", 10, "09:00", "12:00"),  # 56
    pay("S20", "H19", 10, "11:59", "13:00"),  # 57
]
EVENTS = [
    ("S01", "사망", "2026-09-01", ""),
    ("S02", "입원", "2026-09-05", "2026-09-08"),
    ("S03", "출국", "2026-09-10", ""),
    ("S04", "수감", "2026-09-01", "2026-09-03"),
    ("S04", "입소", "2026-09-20", "2026-09-25"),
]
LIMITS = [("S12", "2026-09", "100,000"), ("S13", "2026.09", "80000")]
RELATIONS = [("S09", "H09", "배우자", "N"), ("S10", "H10", "자녀", ""), ("S11", "H11", "모", "Y")]

EXPECTED = {
    ("R01", "주의", 3),
    ("R01", "주의", 4),
    ("R02", "확인", 5),
    ("R02", "주의", 6),
    ("R02", "확인", 7),
    ("R03", "확인", 9),
    ("R03", "주의", 10),
    ("R04", "주의", 11),
    ("R04", "확인", 12),
    ("R04", "주의", 13),
    ("R05", "주의", 14),
    ("R05", "주의", 15),
    ("R06", "확인", 17),
    ("R06", "확인", 18),
    ("R07", "주의", 21),
    ("R07", "주의", 22),
    ("R08", "주의", 27),
    ("R08", "주의", 24),
    ("R09", "확인", 30),
    ("R10", "확인", 32),
    ("R10", "확인", 33),
    ("R10", "확인", 34),
    ("R10", "확인", 35),
    ("R11", "확인", 37),
    ("R11", "확인", 38),
    ("R11", "확인", 39),
    ("R12", "주의", 56),
    ("R12", "주의", 57),
}


def _inputs(tmp: Path, *, events: bool = True, limits: bool = True, relations: bool = True) -> list[str]:
    args = ["--input", f"payments={write_csv(tmp / 'payments.csv', PAY_H, PAYMENTS, encoding='utf-8-sig')}"]
    if events:
        args += ["--input", f"events={write_csv(tmp / 'events.csv', ['수급자번호', '구분', '시작일', '종료일'], EVENTS)}"]
    if limits:
        args += ["--input", f"limits={write_csv(tmp / 'limits.csv', ['수급자번호', '연월', '월한도액'], LIMITS)}"]
    if relations:
        args += [
            "--input",
            f"relations={write_csv(tmp / 'relations.csv', ['수급자번호', '활동지원사번호', '관계', '예외승인'], RELATIONS)}",
        ]
    return args


def _run(tmp: Path, *extra: str, **given: bool) -> Path:
    out = tmp / "결과.xlsx"
    code, _, err = run_cli(
        "run", "care-voucher-audit", *_inputs(tmp, **given), "--param", "base_date=2026-10-31", *extra, "--output", str(out)
    )
    assert code == 0, err
    return out


def _found(out: Path) -> list[dict[str, Any]]:
    return sheet_rows(out, "의심결제")


def _keys(rows: list[dict[str, Any]]) -> set[tuple[str, str, int]]:
    out = set()
    for r in rows:
        file, row = r["원본 위치"].split(" / ")
        assert file == "payments.csv"  # a CSV has no sheet
        out.add((r["규칙"], r["심각도"], int(row.removesuffix("행"))))
    return out


def test_every_rule_both_severities_and_near_misses(tmp_path: Path) -> None:
    rows = _found(_run(tmp_path))
    assert _keys(rows) == EXPECTED
    assert len(rows) == len(EXPECTED)  # one row per (rule, payment)
    # 주의 before 확인, then the declared rule order.
    assert [r["심각도"] for r in rows] == sorted((r["심각도"] for r in rows), key=["주의", "확인"].index)


def test_reasons_word_for_word(tmp_path: Path) -> None:
    rows = {(r["규칙"], int(r["원본 위치"].split(" / ")[1].removesuffix("행"))): r for r in _found(_run(tmp_path))}
    assert rows["R01", 3]["사유"] == "사망일(2026-09-01) 이후 결제"
    assert rows["R02", 5]["사유"] == "입원일(2026-09-05) 당일 결제: 입원 전 제공인지 확인"
    assert rows["R02", 6]["사유"] == "입원 기간(2026-09-05~2026-09-08) 중 결제"
    assert rows["R02", 7]["사유"] == "퇴원일(2026-09-08) 당일 결제: 입원 끝난 뒤 제공인지 확인"
    assert rows["R03", 10]["사유"] == "출국(2026-09-10~, 끝나지 않음) 중 결제"
    assert rows["R04", 12]["사유"] == "출소일(2026-09-03) 당일 결제: 수감 끝난 뒤 제공인지 확인"
    assert rows["R05", 14]["사유"] == "다른 수급자(S06)의 결제(15행, 11:00~13:00)와 60분 겹침"
    assert rows["R06", 18]["사유"] == "다른 활동지원사(H07)의 활동보조 결제(17행, 09:00~12:00)와 30분 겹침"
    assert rows["R07", 22]["사유"] == "가족(자녀)이 제공, 예외승인 없음"
    assert rows["R08", 27]["사유"] == "2026-09 누계 110,000원 > 월한도액 100,000원 (처음 넘은 결제)"
    assert rows["R08", 24]["사유"] == "2026-09 누계 120,000원 > 월한도액 100,000원"
    assert rows["R09", 30]["사유"] == "한 번에 12시간 0분 결제 (기준 12시간 이상)"
    assert rows["R10", 35]["사유"] == "2026-09-08 하루 결제 합계 16시간 0분 (기준 16시간 이상)"
    assert rows["R11", 37]["사유"] == "2026-09 결제 10건 중 수기·소급 3건(30%) (기준 10건 이상·30% 이상)"
    assert rows["R12", 57]["사유"] == "같은 활동지원사·수급자의 다른 결제(56행, 09:00~12:00)와 1분 겹침"
    r30 = rows["R09", 30]
    assert (r30["시작시각"], r30["종료시각"], r30["결제금액"], r30["승인번호"]) == ("20:00", "08:00", 50_000, "AS14H145")
    assert (r30["수급자번호"], r30["수급자명"], r30["활동지원사번호"], r30["활동지원사명"], r30["제공기관"]) == (
        "S14",
        "수급자14",
        "H14",
        "지원사14",
        "다라센터",
    )


def test_rollups_rule_table_and_summary(tmp_path: Path) -> None:
    out = _run(tmp_path)
    by_recipient = {r["수급자번호"]: r for r in sheet_rows(out, "수급자별")}
    # S02: 주의 1 (3) + 확인 2 (2 each) = 7; three payments of 50,000원.
    s02 = by_recipient["S02"]
    assert (s02["건수"], s02["주의"], s02["확인"], s02["위험점수"], s02["규칙"], s02["관련 금액"]) == (3, 1, 2, 7, "R02", 150_000)
    # S12: the two R08 rows, 30,000 + 10,000.
    assert (by_recipient["S12"]["건수"], by_recipient["S12"]["관련 금액"]) == (2, 40_000)
    helpers = sheet_rows(out, "활동지원사별")
    assert {r["활동지원사번호"] for r in helpers} >= {"H05", "H15", "H16", "H17", "H19"}
    agencies = {r["제공기관"]: r for r in sheet_rows(out, "기관별")}
    assert sum(r["건수"] for r in agencies.values()) == len(EXPECTED)
    table = {r["규칙"]: r for r in sheet_rows(out, "규칙표")}
    assert table["R02"]["심각도"] == "주의; 확인" and table["R02"]["찾은 건수"] == 3
    assert table["R10"]["찾은 건수"] == 4 and table["R10"]["적용"] == "예"
    summary = key_values(out, "요약")
    assert summary["점검한 결제 건수"] == len(PAYMENTS)
    assert summary["의심결제(규칙·결제 쌍)"] == len(EXPECTED)
    assert summary["규칙 '주의' 찾은 건수"] == sum(1 for k in EXPECTED if k[1] == "주의")
    assert summary["R02 입원 중 결제"] == 1  # under 주의; the two 확인 rows are counted under 확인


@pytest.mark.parametrize(
    ("param", "gone"),
    [
        ("rule_R05=false", "R05"),
        ("rule_R12_overlap_minutes=2", "R12"),
        ("rule_R09_long_session_hours=13", "R09"),
        ("rule_R11_manual_ratio=0.31", "R11"),
    ],
)
def test_rules_turn_off_and_take_their_params(tmp_path: Path, param: str, gone: str) -> None:
    keys = _keys(_found(_run(tmp_path, "--param", param)))
    assert keys == {k for k in EXPECTED if k[0] != gone}


def test_missing_event_inputs_skip_their_rules_and_say_so(tmp_path: Path) -> None:
    out = _run(tmp_path, events=False, relations=False)
    assert _keys(_found(out)) == {k for k in EXPECTED if k[0] not in ("R01", "R02", "R03", "R04", "R07")}
    table = {r["규칙"]: r for r in sheet_rows(out, "규칙표")}
    assert table["R01"]["적용"] == "아니오(사건 자료(events) 없음)" and table["R01"]["찾은 건수"] is None
    assert table["R07"]["적용"] == "아니오(가족관계(relations) 없음)"
    info = key_values(out, "실행정보")
    assert info["R01 사망 후 결제"] == "확인하지 않음: 사건 자료(events) 없음"
    assert info["R07 가족 제공"] == "확인하지 않음: 가족관계(relations) 없음"
    assert "R08 월 한도 초과" not in info


def test_base_date_bounds_the_audit(tmp_path: Path) -> None:
    """Payments after 기준일 are left out and counted; the findings before it stay."""
    out = tmp_path / "o.xlsx"
    code, _, err = run_cli(
        "run", "care-voucher-audit", *_inputs(tmp_path), "--param", "base_date=2026-09-09", "--output", str(out)
    )
    assert code == 0, err
    summary = key_values(out, "요약")
    assert summary["기준일 뒤라 뺀 결제"] == 24  # rows 9, 10, 13, 37–55 (19), 56, 57: 09-10 and later
    assert _keys(_found(out)) == {k for k in EXPECTED if int(PAYMENTS[k[2] - 2][6][-2:]) <= 9}
