"""hygiene-training matching, golden: normalisation and scores worked out by hand.

Score = 0.5·업소명 + 0.3·소재지 + 0.2·대표자, each a rapidfuzz ``ratio`` = 2·LCS / (len a + len b) · 100 on the
normalised text (tasks/hygiene_training/normalise.py); a field the completion lacks drops out.
"""

from __future__ import annotations

import pytest

from tasks.hygiene_training.matching import AUTO, REVIEW, UNMATCHED, Party, Thresholds, match_all
from tasks.hygiene_training.normalise import business_name, license_digits, road_address

LIMITS = Thresholds(auto=90, review=70, gap=8)
G = "광주광역시"
SANGMU = Party("2018-3290000-00101", "맛나김밥 상무점", "김민수", f"{G} 서구 상무중앙로 110, 1층")
CHEOMDAN = Party("2019-3290000-00102", "맛나김밥 첨단점", "김민수", f"{G} 광산구 첨단중앙로 152")
GUKBAP = Party("2015-3290000-00105", "빛고을 국밥", "최동욱", f"{G} 동구 금남로5가길 3")
GUKBAP_HOUSE = Party("2016-3290000-00106", "빛고을국밥집", "정하나", f"{G} 북구 우치로 77 (일곡동)")
BAKERY = Party("2018-3290000-00126", "고소한 빵집", "서지우", f"{G} 북구 용봉로 21")
CHUNGJANG = Party("2021-3290000-00130", "사랑떡볶이 충장점", "송민호", f"{G} 동구 충장로 45")
GEUMNAM = Party("2022-3290000-00131", "사랑떡볶이 금남점", "송민호", f"{G} 동구 충장로 54")
LICENCES = [SANGMU, CHEOMDAN, GUKBAP, GUKBAP_HOUSE, BAKERY, CHUNGJANG, GEUMNAM]


@pytest.mark.parametrize(
    ("written", "bare"),
    [
        ("(주)맛나푸드 상무점", "맛나푸드"),
        ("맛나푸드 주식회사", "맛나푸드"),
        ("㈜ 한결 식품", "한결식품"),
        ("행복김밥(첨단점)", "행복김밥"),
        ("소문난 국밥 본점", "소문난국밥"),
        ("카페 2호점", "카페"),
        ("맛나제과점", "맛나제과점"),  # 점 inside the name stays
        ("우리 제과점", "우리제과점"),  # a shop-kind word is no branch
    ],
)
def test_business_name_drops_company_forms_and_branch_words(written: str, bare: str) -> None:
    assert business_name(written) == bare


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("광주광역시 서구 상무중앙로 110, 2층 (치평동)", "상무중앙로110"),
        ("서구 상무중앙로110", "상무중앙로110"),
        ("광주광역시 북구 첨단과기로 208번길 43-22", "첨단과기로208번길43-22"),
        ("광주 동구 금남로5가길 3 1층", "금남로5가길3"),
        ("광주 동구 충장로", "충장로"),  # no building number: the road alone
        ("광주광역시 남구 봉선동 123-4", "봉선동123-4"),  # 지번: without 시·구 and spaces
    ],
)
def test_road_address_keeps_road_and_building_number(written: str, key: str) -> None:
    assert road_address(written) == key


def test_license_number_compares_digits_only() -> None:
    assert license_digits("2018-3290000-00101") == license_digits("2018329000000101") == "2018329000000101"


def test_number_match_wins_even_with_another_spelling() -> None:
    [found] = match_all([Party("2018329000000101", "맛나김밥", "김민수", "")], LICENCES, LIMITS)
    assert (found.kind, found.licence, found.score, found.method) == (AUTO, 0, 100.0, "영업신고번호")


def test_number_with_an_unrelated_name_goes_to_review() -> None:
    # 업소명 "무지개횟집" vs "맛나김밥": no common character, ratio 0 < 40.
    [found] = match_all([Party("2018-3290000-00101", "무지개 횟집", "어부왕", "")], LICENCES, LIMITS)
    assert (found.kind, found.licence) == (REVIEW, 0)
    assert found.reason == "영업신고번호는 같지만 업소명이 많이 다릅니다(업소명 유사도 0)."


def test_branch_store_is_decided_by_the_address() -> None:
    # 첨단점: 100 on all three. 상무점: name 100, owner 100, address 첨단중앙로152 vs 상무중앙로110:
    # LCS "중앙로1" = 4 of 8+8 -> 50; 0.5·100 + 0.3·50 + 0.2·100 = 85. Gap 15 >= 8: automatic.
    [found] = match_all([Party("", "맛나김밥", "김민수", "광주 광산구 첨단중앙로 152")], LICENCES, LIMITS)
    assert (found.kind, found.licence, found.score) == (AUTO, 1, 100.0)
    [other] = match_all([Party("", "맛나김밥", "김민수", "광주 광산구 첨단중앙로 152")], [SANGMU], LIMITS)
    assert (other.kind, other.score) == (REVIEW, 85.0)  # the right branch missing: the wrong one is not taken


def test_near_duplicate_name_of_another_owner_is_no_candidate() -> None:
    # 빛고을국밥 vs 빛고을국밥집: 2·5/11 = 90.9; owner 최동욱/정하나 0; address 금남로5가길3 (7) vs 우치로77 (5):
    # LCS "로" -> 2·1/12 = 16.7. 0.5·90.9 + 0.3·16.7 + 0 = 45.5 + 5.0 = 50.5 (the right licence scores 100).
    [found] = match_all([Party("", "빛고을 국밥", "최동욱", "광주광역시 동구 금남로5가길 3")], LICENCES, LIMITS)
    assert (found.kind, found.licence, found.score) == (AUTO, 2, 100.0)
    [alone] = match_all([Party("", "빛고을 국밥", "최동욱", "광주광역시 동구 금남로5가길 3")], [GUKBAP_HOUSE], LIMITS)
    assert (alone.kind, alone.score) == (UNMATCHED, 50.5)


def test_typo_in_name_and_number_goes_to_review() -> None:
    # 고소한빵 vs 고소한빵집: 2·4/9 = 88.9; 용봉로12 vs 용봉로21: 2·4/10 = 80; owner 100.
    # 0.5·88.9 + 0.3·80 + 0.2·100 = 88.4 < 90.
    [found] = match_all([Party("", "고소한 빵", "서지우", "광주광역시 북구 용봉로 12")], LICENCES, LIMITS)
    assert (found.kind, found.licence, found.score) == (REVIEW, 4, 88.4)
    assert found.candidates == [(4, 88.4)]
    assert found.reason == "점수 88.4: 자동 기준(90) 미만입니다."


def test_two_close_candidates_go_to_review_even_above_auto() -> None:
    # 사랑떡볶이 on both; 충장로 vs 충장로45 / 충장로54: 2·3/8 = 75; owner 100: 50 + 22.5 + 20 = 92.5 each.
    [found] = match_all([Party("", "사랑떡볶이", "송민호", "광주 동구 충장로")], LICENCES, LIMITS)
    assert found.kind == REVIEW
    assert sorted(found.candidates) == [(5, 92.5), (6, 92.5)]
    assert found.reason == "비슷한 후보가 2곳입니다(점수 차 0.0 < 8)."


def test_missing_address_drops_out_of_the_weights() -> None:
    # 업소명 100 and 대표자 100 with no 소재지: (0.5·100 + 0.2·100) / 0.7 = 100.
    [found] = match_all([Party("", "고소한 빵집", "서지우", "")], LICENCES, LIMITS)
    assert (found.kind, found.licence, found.score) == (AUTO, 4, 100.0)


def test_unknown_business_is_unmatched() -> None:
    [found] = match_all([Party("", "무지개 횟집", "어부왕", "광주 남구 진월로 55")], LICENCES, LIMITS)
    assert (found.kind, found.licence) == (UNMATCHED, None)
    assert found.reason.startswith("가장 비슷한 업소의 점수(")
