"""hygiene-training rules, golden: the hours for every 업종 row of resources/hygiene/hours.toml, 중복 수료,
and the year-end 미이수 list with each exclusion (and the case just outside it).

Hours, by hand from 식품위생법 시행규칙 제52조 and 공중위생관리법 시행규칙 제23조 [L]:
정기 3h (유흥종사자 2h); 신규 8h 제조·가공/첨가물/공유주방, 4h 운반/소분·판매/보존/용기·포장, 6h 즉석판매·
식품접객, 6h 집단급식소; 공중위생 3h.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tasks.hygiene_training.hours import HoursTable
from tasks.hygiene_training.judge import (
    X_CLOSED,
    X_EXEMPT_TRADE,
    X_FOOD_CLOSED_YEAR,
    X_LICENCE_HOLDER,
    X_NEW_PRETRAINED,
    X_PUBLIC_CLOSED,
    judge,
    year_end,
)
from tasks.hygiene_training.matching import AUTO, REVIEW, Match
from tasks.hygiene_training.outcomes import CHECK_COMPLETION, DUPLICATE, EXCLUDED, NOT_TRAINED, SHORT, TO_ENTER
from tasks.hygiene_training.records import Completion, Licence

TABLE = HoursTable.load()
# (업종 as a 대장 writes it, table row, 신규 hours, 정기 hours)
HOURS = [
    ("식품제조·가공업", "식품제조·가공업", "8", "3"),
    ("즉석판매제조·가공업", "즉석판매제조·가공업", "6", "3"),
    ("식품첨가물제조업", "식품첨가물제조업", "8", "3"),
    ("식품운반업", "식품운반업", "4", "3"),
    ("식품소분·판매업", "식품소분·판매업", "4", "3"),
    ("식품보존업", "식품보존업", "4", "3"),
    ("용기·포장류제조업", "용기·포장류제조업", "4", "3"),
    ("일반음식점영업", "식품접객업", "6", "3"),
    ("휴게음식점", "식품접객업", "6", "3"),
    ("유흥주점영업", "식품접객업", "6", "3"),
    ("유흥종사자", "유흥종사자", "2", "2"),
    ("공유주방 운영업", "공유주방 운영업", "8", "3"),
    ("집단급식소", "집단급식소", "6", "3"),
    ("숙박업", "숙박업", "3", "3"),
    ("목욕장업", "목욕장업", "3", "3"),
    ("이용업", "이용업", "3", "3"),
    ("미용업(일반)", "미용업", "3", "3"),
    ("세탁업", "세탁업", "3", "3"),
    ("건물위생관리업", "건물위생관리업", "3", "3"),
]
EXEMPT = ["식용얼음판매업", "식품자동판매기영업"]


def licence(
    number: str = "L1", trade: str = "일반음식점", state: str = "영업", granted: str = "2020-01-01", **kw: object
) -> Licence:
    return Licence(
        1,
        number,
        f"업소{number}",
        "홍길동",
        "광주광역시 서구 상무중앙로 1",
        trade,
        state,
        dt.date.fromisoformat(granted),
        kw.get("closed_from"),  # type: ignore[arg-type]
        kw.get("closed_to"),  # type: ignore[arg-type]
        str(kw.get("holder", "")),
    )


def completion(order: int, trade: str, kind: str, hours: str, date: str = "2026-05-01", person: str = "홍길동") -> Completion:
    return Completion(
        order,
        f"명단.xlsx {order + 2}행",
        trade,
        "업소",
        person,
        "",
        "",
        dt.date.fromisoformat(date),
        kind,
        Decimal(hours),
        f"C{order}",
        "",
    )


def auto(index: int = 0) -> Match:
    return Match(AUTO, index, 100.0, "영업신고번호", "영업신고번호 일치", [(index, 100.0)])


def test_every_table_row_is_covered_here() -> None:
    """A new row in hours.toml needs its golden line above."""
    assert {t.name for t in TABLE.trades} == {row for _, row, _, _ in HOURS} | set(EXEMPT)


@pytest.mark.parametrize(("written", "row", "new", "annual"), HOURS)
@pytest.mark.parametrize("kind", ["신규", "정기"])
def test_hours_for_every_trade(written: str, row: str, new: str, annual: str, kind: str) -> None:
    need = Decimal(new if kind == "신규" else annual)
    lic = licence(trade=written)
    comps = [completion(0, written, kind, str(need)), completion(1, written, kind, str(need - Decimal("0.5")), "2027-01-02")]
    enough, short = judge(comps, [auto(), auto()], [lic], TABLE)
    assert (enough.trade and enough.trade.name, enough.required, enough.outcome) == (row, need, TO_ENTER)
    assert (short.outcome, short.required) == (SHORT, need)
    assert short.reason.startswith(f"{kind} {need - Decimal('0.5')}시간 < 필요 {need}시간(")


@pytest.mark.parametrize("trade", EXEMPT)
def test_exempt_trades_are_not_entered(trade: str) -> None:
    [verdict] = judge([completion(0, trade, "정기", "3")], [auto()], [licence(trade=trade)], TABLE)
    assert verdict.outcome == EXCLUDED
    assert verdict.reason.endswith("은 매년 교육 대상이 아닙니다(식품위생법 시행규칙 제52조(매년 교육 대상에서 제외)).")


def test_the_later_of_two_in_one_year_is_a_duplicate_and_next_year_is_not() -> None:
    comps = [
        completion(0, "일반음식점", "정기", "3", "2026-09-01"),
        completion(1, "일반음식점", "정기", "3", "2026-03-10"),
        completion(2, "일반음식점", "정기", "3", "2027-03-10"),
        completion(3, "일반음식점", "정기", "2", "2026-01-05"),  # short: does not count as the first
    ]
    verdicts = judge(comps, [auto()] * 4, [licence()], TABLE)
    assert [v.outcome for v in verdicts] == [DUPLICATE, TO_ENTER, TO_ENTER, SHORT]
    assert verdicts[0].reason == "같은 해 2026-03-10 수료(수료번호 C1)가 먼저 있습니다."


def test_employees_train_each_for_themselves() -> None:
    comps = [completion(0, "유흥종사자", "정기", "2", person="조은별"), completion(1, "유흥종사자", "정기", "2", person="강별이")]
    verdicts = judge(comps, [auto(), auto()], [licence(trade="유흥주점영업")], TABLE)
    assert [v.outcome for v in verdicts] == [TO_ENTER, TO_ENTER]
    end = year_end([licence(trade="유흥주점영업")], verdicts, TABLE, 2026)
    assert [(m.licence.number, m.reason) for m in end.missing] == [("L1", NOT_TRAINED)]  # the 영업자 still owes 3h


def _missing(
    lic: Licence, comps: list[Completion] | None = None, matches: list[Match] | None = None
) -> tuple[list[str], dict[str, int]]:
    comps = comps or []
    verdicts = judge(comps, matches or [auto()] * len(comps), [lic], TABLE)
    end = year_end([lic], verdicts, TABLE, 2026)
    return [f"{m.reason}/{m.required}" for m in end.missing], end.excluded


def test_no_completion_is_missing_with_the_annual_hours() -> None:
    assert _missing(licence()) == (["미이수/3"], {})


def test_closed_business_is_excluded() -> None:
    assert _missing(licence(state="폐업")) == ([], {X_CLOSED: 1})


def test_exempt_trade_is_excluded() -> None:
    assert _missing(licence(trade="식품자동판매기영업")) == ([], {X_EXEMPT_TRADE: 1})


def test_food_closure_covering_the_whole_year_is_excluded_but_not_part_of_it() -> None:
    whole = licence(state="휴업", closed_from=dt.date(2025, 11, 1), closed_to=dt.date(2027, 3, 1))
    assert _missing(whole) == ([], {X_FOOD_CLOSED_YEAR: 1})
    open_ended = licence(state="휴업", closed_from=dt.date(2026, 1, 1))
    assert _missing(open_ended) == ([], {X_FOOD_CLOSED_YEAR: 1})
    part = licence(state="휴업", closed_from=dt.date(2026, 1, 2))
    assert _missing(part) == (["미이수/3"], {})


def test_public_health_closure_defers_training() -> None:
    assert _missing(licence(trade="미용업", state="휴업", closed_from=dt.date(2026, 6, 1))) == ([], {X_PUBLIC_CLOSED: 1})
    assert _missing(licence(trade="미용업")) == (["미이수/3"], {})


def test_new_licence_with_pre_training_is_excluded_and_without_owes_the_new_hours() -> None:
    new = licence(trade="휴게음식점", granted="2026-01-05")
    assert _missing(new, [completion(0, "휴게음식점", "신규", "6", "2025-12-15")]) == ([], {X_NEW_PRETRAINED: 1})
    assert _missing(new) == (["미이수/6"], {})
    after = [completion(0, "휴게음식점", "신규", "6", "2025-12-15")]
    assert _missing(licence(trade="휴게음식점", granted="2025-06-01"), after) == (["미이수/3"], {})  # not new in 2026


def test_licence_holder_opening_a_restaurant_is_excluded_but_not_a_food_factory() -> None:
    assert _missing(licence(granted="2026-04-01", holder="조리사")) == ([], {X_LICENCE_HOLDER: 1})
    assert _missing(licence(trade="식품제조·가공업", granted="2026-04-01", holder="영양사")) == (["미이수/8"], {})
    assert _missing(licence(granted="2025-04-01", holder="조리사")) == (["미이수/3"], {})


def test_sufficient_completion_that_year_is_trained() -> None:
    lic = licence()
    verdicts = judge([completion(0, "일반음식점", "정기", "3")], [auto()], [lic], TABLE)
    end = year_end([lic], verdicts, TABLE, 2026)
    assert (end.missing, end.trained) == ([], 1)


def test_only_completion_in_review_needs_checking() -> None:
    review = Match(REVIEW, 0, 88.4, "유사도", "점수 88.4: 자동 기준(90) 미만입니다.", [(0, 88.4)])
    assert _missing(licence(), [completion(0, "일반음식점", "정기", "3")], [review]) == ([f"{CHECK_COMPLETION}/3"], {})


def test_short_completion_is_missing_with_its_hours_said() -> None:
    assert _missing(licence(), [completion(0, "일반음식점", "정기", "2")]) == (["미이수: 수료 2시간이 모자랍니다/3"], {})
