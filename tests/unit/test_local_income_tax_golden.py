"""Golden tests for ``local-income-tax``: every number here was worked out by hand from the rules.

지방소득세 산정액 = 국세 결정세액 × 10%, 10원 미만 버림 (지방세법 제92조, 지방세기본법 제59조):
  1,234,567원 × 10% = 123,456.7원 → 123,450원.
허용 오차 10원: 신고 123,440 (−10) 정상, 123,439 (−11) 과소신고, 123,441 (−9) 정상,
                123,460 (+10) 정상, 123,461 (+11) 과다신고, 123,459 (+9) 정상.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from core.context import RunContext
from core.money import truncate_10won, truncate_10won_array
from core.params import resolve_params
from core.runner import apply_validation, enforce_policy, load_inputs
from tasks import registry
from tasks.local_income_tax.outcomes import OUTCOMES
from tasks.local_income_tax.rules import (
    expected_local_tax,
    expected_local_tax_array,
    filing_deadline,
    in_city,
    late_payment_penalty,
    non_filing_penalty,
    parse_city,
    sigungu_of,
    under_reporting_penalty,
)
from tasks.local_income_tax.sample import PLANTED, write_samples
from tests.helpers import write_csv, write_xlsx

NTS_H = ["귀속연도", "주민등록번호", "성명", "주소", "신고구분", "신고일", "결정세액"]
LOCAL_H = ["귀속연도", "주민등록번호", "성명", "신고일", "지방소득세 신고세액", "납부세액"]
CITY = "경기도 광주시 오포읍 신현리 1"


def _task():
    return registry().get("local-income-tax")


def _run(nts: Path, local: Path, **params: str):
    task = _task()
    resolved = resolve_params(task, params)
    tables = load_inputs(task, {"nts": nts, "local": local})
    apply_validation(task, tables, resolved)
    enforce_policy(tables, resolved["on_bad_rows"])
    return task.run(tables, resolved, RunContext())


def _by_name(result, sheet: str = "대사결과") -> dict[str, dict]:
    df = result.table(sheet).df
    return {row["성명"]: row for row in df.to_dict("records")}


# ----------------------------------------------------------------------------- the rule functions
@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        (1_234_567, 123_450),  # 123,456.7 → 123,450
        (0, 0),
        (99, 0),  # 9.9 → 0
        (100, 10),
        (109, 10),  # 10.9 → 10
        (199, 10),
        (200, 20),
        (3_456_789, 345_670),  # 345,678.9 → 345,670
        (2_345_678, 234_560),  # 234,567.8 → 234,560
        (50_000_000, 5_000_000),
    ],
)
def test_expected_local_tax_cuts_below_10_won(decided: int, expected: int) -> None:
    assert expected_local_tax(decided) == expected
    assert expected_local_tax_array(np.array([decided]))[0] == expected


def test_vector_rule_equals_scalar_rule() -> None:
    values = np.concatenate([np.arange(0, 5000), np.random.default_rng(1).integers(0, 10**10, 5000)])
    scalar = [expected_local_tax(int(v)) for v in values]
    assert expected_local_tax_array(values).tolist() == scalar
    signed = np.arange(-2000, 2000)
    assert truncate_10won_array(signed).tolist() == [truncate_10won(int(v)) for v in signed]


def test_penalties_by_hand() -> None:
    assert non_filing_penalty(345_670) == 69_130  # 69,134 → 69,130
    assert non_filing_penalty(0) == 0
    assert under_reporting_penalty(20_000) == 2_000
    assert under_reporting_penalty(155) == 10  # 15.5 → 10
    assert under_reporting_penalty(12) == 0  # 1.2 → 0
    # 2025년 귀속: 2026-05-31 is a Sunday → 2026-06-01; to 2026-09-30 is 29+31+31+30 = 121 days.
    deadline = filing_deadline(2025)
    assert deadline == dt.date(2026, 6, 1)
    assert filing_deadline(2023) == dt.date(2024, 5, 31)  # a Friday
    # 345,670 × 0.00022 × 121 = 9,201.7 → 9,200
    assert late_payment_penalty(345_670, deadline, dt.date(2026, 9, 30)) == (9_200, 121)
    assert late_payment_penalty(345_670, deadline, dt.date(2026, 6, 1)) == (0, 0)
    # 10,000 × 0.00022 × 5,000 days = 11,000 > cap 75% = 7,500
    assert late_payment_penalty(10_000, deadline, deadline + dt.timedelta(days=5000)) == (7_500, 5000)


@pytest.mark.parametrize(
    ("address", "inside"),
    [
        ("경기도 광주시 오포읍 신현리 123", True),
        ("경기 광주시 초월읍 지월리 5", True),
        ("광주시 곤지암읍 곤지암리 1", True),  # no 시·도 written: 광주시 with an 읍 is 경기도 광주시
        ("광주광역시 북구 용봉동 45", False),
        ("광주 북구 용봉동 45", False),
        ("광주시 광산구 수완동 3", False),  # 광주광역시's 구 gives it away
        ("서울특별시 송파구 잠실동 12", False),
        ("경기도 성남시 분당구 정자동 1", False),
        ("", None),
        ("오포읍 신현리", None),
    ],
)
def test_city_check_tells_the_two_gwangju_apart(address: str, inside: bool | None) -> None:
    assert in_city(address, parse_city("경기도 광주시")) is inside


def test_sigungu_of() -> None:
    assert sigungu_of("광주광역시 서구 치평동") == ("광주광역시", "서구")
    assert sigungu_of("세종특별자치시 한누리대로 2130") == ("세종특별자치시", "세종특별자치시")
    assert sigungu_of("강원도 춘천시 중앙로 1") == ("강원특별자치도", "춘천시")


# ----------------------------------------------------------------------------- the tolerance edge, end to end
def test_tolerance_edge_plus_minus_one_won(tmp_path: Path) -> None:
    people = [
        ("가정상", 123_450),
        ("나마십", 123_440),
        ("다마십일", 123_439),
        ("라마구", 123_441),
        ("마플십", 123_460),
        ("바플십일", 123_461),
        ("사플구", 123_459),
    ]
    nts = [(2025, f"80010{i}-1{i:06d}", n, CITY, "정기", "2026-05-20", "1,234,567") for i, (n, _) in enumerate(people)]
    local = [(2025, f"80010{i}-1{i:06d}", n, "2026-05-21", f"{amt:,}", f"{amt:,}") for i, (n, amt) in enumerate(people)]
    result = _run(
        write_csv(tmp_path / "nts.csv", NTS_H, nts), write_xlsx(tmp_path / "local.xlsx", LOCAL_H, local), include_normal="true"
    )
    found = _by_name(result)
    normal = _by_name(result, "정상")
    assert set(normal) == {"가정상", "나마십", "라마구", "마플십", "사플구"}
    assert found["다마십일"]["판정"] == "과소신고"
    assert found["다마십일"]["차액"] == -11
    assert found["다마십일"]["지방소득세 산정액"] == 123_450
    assert found["다마십일"]["예상가산세"] == 0  # 11 × 10% = 1.1 → 0
    assert found["바플십일"]["판정"] == "과다신고"
    assert found["바플십일"]["차액"] == 11
    assert normal["나마십"]["차액"] == -10
    assert normal["마플십"]["차액"] == 10


def test_tolerance_parameter_moves_the_edge(tmp_path: Path) -> None:
    nts = [(2025, "800101-1000001", "가", CITY, "정기", "2026-05-20", 1_234_567)]
    local = [(2025, "800101-1000001", "가", "2026-05-21", 123_449, 123_449)]  # 1원 적게
    paths = write_csv(tmp_path / "nts.csv", NTS_H, nts), write_csv(tmp_path / "local.csv", LOCAL_H, local)
    assert _by_name(_run(*paths, tolerance="0"))["가"]["판정"] == "과소신고"
    assert "가" not in _by_name(_run(*paths, tolerance="1"))


# ----------------------------------------------------------------------------- every outcome, from the sample
def test_sample_plants_every_outcome(tmp_path: Path) -> None:
    files = write_samples(tmp_path)
    result = _run(files["nts"], files["local"], include_normal="true")
    found, normal = _by_name(result), _by_name(result, "정상")
    for p in PLANTED:
        got = found.get(p.name) or normal.get(p.name)
        assert got is not None, p.name
        assert got["판정"] == p.outcome, (p.name, got["사유"])
    outcomes = set(result.table("대사결과").df["판정"]) | {"정상"}
    assert outcomes == set(_task().outcomes)
    # 대사결과 is sorted by outcome (the declared order), then by amount, largest first.
    df = result.table("대사결과").df
    order = [_task().outcomes.index(o) for o in df["판정"]]
    assert order == sorted(order)
    under = df[df["판정"] == "과소신고"]
    assert under["성명"].tolist() == ["윤과소", "조과소"]  # 20,000원 before 12원


def test_sample_numbers_by_hand(tmp_path: Path) -> None:
    files = write_samples(tmp_path)
    found = _by_name(_run(files["nts"], files["local"], late_reference_date="2026-09-30"))
    # 무신고: 3,456,789 → 345,670; 20% = 69,134 → 69,130; 지연 345,670 × 0.022% × 121일 = 9,201.7 → 9,200.
    assert found["강무신"]["지방소득세 산정액"] == 345_670
    assert found["강무신"]["예상가산세"] == 69_130 + 9_200
    # 과소신고: 500,000 − 480,000 = 20,000; 10% = 2,000; 지연 20,000 × 0.022% × 121 = 532.4 → 530.
    assert found["윤과소"]["차액"] == -20_000
    assert found["윤과소"]["예상가산세"] == 2_000 + 530
    # 국세 수정 미반영: 수정 2026-08-14 > 지방 2026-05-25; 400,000 − 350,000 = 50,000 → 5,000 + 1,330 (1,331.0).
    assert found["오수정"]["판정"] == "국세 수정 미반영"
    assert found["오수정"]["예상가산세"] == 5_000 + 1_330
    # 일부납부: 150,000 − 100,000 = 50,000 미납; 지연 50,000 × 0.022% × 121 = 1,331 → 1,330.
    assert found["한일부"]["예상가산세"] == 1_330
    assert "일부납부" in found["한일부"]["사유"]
    assert "미납" in found["임미납"]["사유"]
    assert found["서광역"]["판정"] == "납세지 확인"  # 광주광역시, not 경기도 광주시
    assert found["권지방"]["지방 신고세액"] == 45_000
    assert found["권지방"]["국세 결정세액"] is None or str(found["권지방"]["국세 결정세액"]) == "<NA>"


def test_no_city_means_no_domicile_check(tmp_path: Path) -> None:
    files = write_samples(tmp_path)
    result = _run(files["nts"], files["local"], city="")
    assert "납세지 확인" not in set(result.table("대사결과").df["판정"])
    assert any("납세지 확인은 하지 않았습니다" in w for w in result.warnings)


# ----------------------------------------------------------------------------- fallback and mixed RRN layouts
def test_masked_local_number_falls_back_to_name_and_birth_date(tmp_path: Path) -> None:
    nts = [
        (2025, "770707-1456785", "정가림", CITY, "정기", "2026-05-20", 2_000_000),
        (2025, "770707-2456786", "정다른", CITY, "정기", "2026-05-20", 2_000_000),
        (2025, "660606-1000001", "김쌍둥", CITY, "정기", "2026-05-20", 1_000_000),
        (2025, "660606-1000002", "김쌍둥", CITY, "정기", "2026-05-20", 1_000_000),
    ]
    local = [
        (2025, "770707-1******", "정가림", "2026-05-21", 200_000, 200_000),
        (2025, "770707-1******", "정다른", "2026-05-21", 200_000, 200_000),  # 7th digit 1 ≠ 2: no match
        (2025, "660606-*******", "김쌍둥", "2026-05-21", 100_000, 100_000),
    ]  # two candidates: no match
    result = _run(
        write_csv(tmp_path / "nts.csv", NTS_H, nts), write_csv(tmp_path / "local.csv", LOCAL_H, local), include_normal="true"
    )
    normal = _by_name(result, "정상")
    assert normal["정가림"]["연결"] == "성명+생년월일(약)"
    assert normal["정가림"]["주민등록번호"] == "770707-1******"
    assert "약한 연결" in normal["정가림"]["사유"]
    df = result.table("대사결과").df
    assert sorted(df.loc[df["성명"] == "정다른", "판정"]) == ["무신고", "지방만 존재"]
    twins = df[df["성명"] == "김쌍둥"]
    assert sorted(twins["판정"]) == ["무신고", "무신고", "지방만 존재"]
    assert twins["사유"].str.contains("후보가 2건").all()
    assert result.summary_dict()["성명·생년월일로 연결(약)"] == 1


def test_mixed_rrn_layouts_are_normalised_and_matched(tmp_path: Path) -> None:
    nts = [
        (2025, "900101-1234563", "가하이픈", CITY, "정기", "2026-05-20", 800_000),
        (2025, "9001021234564", "나붙임", CITY, "정기", "2026-05-20", 800_000),
        (2025, "010101-3234564", "다영번", CITY, "정기", "2026-05-20", 500_000),
        (2025, "0202024234565", "라영번", CITY, "정기", "2026-05-20", 500_000),
    ]
    local = [
        (2025, "9001011234563", "가하이픈", "2026-05-21", 80_000, 80_000),  # no hyphen
        (2025, "900102-1234564", "나붙임", "2026-05-21", 80_000, 80_000),  # hyphen
        (2025, 101013234564, "다영번", "2026-05-21", 50_000, 50_000),  # a number: leading zero lost
        (2025, "020202-4******", "라영번", "2026-05-21", 50_000, 50_000),
    ]  # masked
    result = _run(
        write_csv(tmp_path / "nts.csv", NTS_H, nts), write_xlsx(tmp_path / "local.xlsx", LOCAL_H, local), include_normal="true"
    )
    assert result.table("대사결과").df.empty
    normal = _by_name(result, "정상")
    assert set(normal) == {"가하이픈", "나붙임", "다영번", "라영번"}
    assert normal["다영번"]["주민등록번호"] == "010101-3******"
    assert normal["다영번"]["연결"] == "주민등록번호"
    assert normal["라영번"]["연결"] == "성명+생년월일(약)"
    assert normal["라영번"]["주민등록번호"] == "020202-4******"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("900101-1234563", "9001011234563"),
        ("9001011234563", "9001011234563"),
        (" 900101 - 1234563 ", "9001011234563"),
        (101013234564, "0101013234564"),  # a number: born 2001, one zero lost
        ("101013234564", "0101013234564"),  # the same number written out by a CSV export
        (1013234564, "0001013234564"),  # born 2000-01-01: three zeros lost
        ("1013234564", "0001013234564"),
        ("10123456789", "0010123456789"),  # born 2000-10-12: two zeros lost
        ("900101-1******", "9001011******"),  # masked: kept, in the compact form
    ],
)
def test_rrn_layouts_normalise(raw: object, expected: str) -> None:
    from core.values import parse_rrn

    assert parse_rrn(raw) == expected


@pytest.mark.parametrize("raw", ["90010112345", "1013134564x", "1012345678", "900101-12345678"])
def test_rrn_that_cannot_be_mended_is_an_error(raw: str) -> None:
    from core.values import parse_rrn

    with pytest.raises(ValueError, match="주민등록번호"):
        parse_rrn(raw)


def test_weak_links_judged_normal_are_on_a_sheet(tmp_path: Path) -> None:
    """Guards issue 10: the result page said "동일인인지 확인하십시오" for a weak pair judged 정상 that no sheet held.

    Every row the summary asks the clerk to check must be findable in the workbook: each weak pair is on
    '동일인 확인', each counted finding on '대사결과', and the warning names the sheet.
    """
    files = write_samples(tmp_path)
    result = _run(files["nts"], files["local"])  # include_normal off: the default
    summary = result.summary_dict()
    weak = result.table("동일인 확인").df
    assert len(weak) == summary["성명·생년월일로 연결(약)"] == 1
    row = weak.iloc[0]
    assert (row["성명"], row["판정"], row["연결"]) == ("정가림", "정상", "성명+생년월일(약)")
    assert row["주민등록번호"] == "770707-1******" and "동일인인지 확인" in row["사유"]
    assert any("'동일인 확인' 시트에서 동일인인지 확인하십시오" in w for w in result.warnings)
    found = result.table("대사결과").df["판정"].value_counts()
    for outcome in OUTCOMES:
        if outcome != "정상":
            assert int(found.get(outcome, 0)) == summary[f"{outcome} 건수"], outcome


def test_no_weak_links_no_sheet(tmp_path: Path) -> None:
    """An empty '동일인 확인' sheet would only be noise: it exists only when a weak pair does."""
    nts = [(2025, "800101-1000001", "가나다", CITY, "정기", "2026-05-20", 1_000_000)]
    local = [(2025, "800101-1000001", "가나다", "2026-05-21", 100_000, 100_000)]
    result = _run(write_csv(tmp_path / "nts.csv", NTS_H, nts), write_csv(tmp_path / "local.csv", LOCAL_H, local))
    assert [t.name for t in result.tables] == ["대사결과"]
