"""What two spellings of one business share: the 영업신고번호's digits, the bare 업소명, road + building number.

교육기관 type 업소명 as the owner says it ("(주)맛나푸드 상무점"), the 인허가 대장 as registered
("맛나푸드 주식회사"); addresses come with or without 시·구, floors and 동 in brackets. These functions
strip what differs and keep what identifies, so the fuzzy scores compare like with like.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\D")
_COMPANY = re.compile(
    r"\(주\)|\(유\)|\(사\)|\(재\)|㈜|㈔|주식회사|유한회사|유한책임회사|사단법인|재단법인|농업회사법인|영농조합법인"
)
_BRANCH_BRACKET = re.compile(r"[(\[][^)\]]*(?:점|지점|본점|분점|센터)[)\]]")
_BRANCH_WORD = re.compile(r"\s+\S*(?:본점|지점|분점|직영점|\d+호점|[가-힣]{1,6}점)$")
# Words ending in 점 that say what the shop is, not which branch: "우리 제과점" keeps its 제과점.
_KIND_WORDS = frozenset(
    {"제과점", "음식점", "정육점", "판매점", "전문점", "편의점", "대리점", "할인점", "백화점", "상점", "매점", "잡화점", "반찬점"}
)
_PUNCT = re.compile(r"[\s\-_.,·ㆍ'\"&()\[\]]")
_ADDRESS_BRACKET = re.compile(r"\([^)]*\)")
_ROAD = re.compile(r"([가-힣A-Za-z0-9.·]+(?:로|길)(?:\s*\d+(?:번)?(?:가)?(?:안)?길)?)\s*(?:지하\s*)?(\d+(?:-\d+)?)")
_REGION = re.compile(
    r"^(?:(?:\S+(?:특별시|광역시|특별자치시|특별자치도|도)|서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주)\s+)?"
    r"(?:\S+(?:시|군|구)\s+)*"
)


def license_digits(text: str) -> str:
    """``2019-4000123-45`` and ``2019400012345`` are one number."""
    return _DIGITS.sub("", text or "")


def business_name(text: str) -> str:
    """``(주)맛나푸드 상무점`` -> ``맛나푸드``: company forms, branch words and punctuation dropped.

    A branch word is a trailing separate word ending in 점 (``상무점``, ``2호점``, ``본점``) or one in
    brackets; ``맛나제과점`` keeps its 점, which is part of the name.
    """
    name = _COMPANY.sub(" ", text or "")
    name = _BRANCH_BRACKET.sub(" ", name).strip()
    previous = None
    while previous != name and name.split()[-1:] != [] and name.split()[-1] not in _KIND_WORDS:
        previous, name = name, _BRANCH_WORD.sub("", name).strip()
    return _PUNCT.sub("", name).lower()


def person(text: str) -> str:
    return _PUNCT.sub("", text or "")


def road_address(text: str) -> str:
    """``광주광역시 서구 상무중앙로 110, 2층 (치평동)`` -> ``상무중앙로110``; else the address without 시·구 and spaces."""
    bare = _ADDRESS_BRACKET.sub(" ", text or "")
    found = _ROAD.search(bare)
    if found:
        return re.sub(r"\s", "", found.group(1)) + found.group(2)
    return re.sub(r"\s", "", _REGION.sub("", bare.strip()))
