"""What of a person may appear in a public notice, a letter or the workbook: names ``홍*동``, addresses cut short.

ARCHITECTURE.md (Personal data) and domain-rules.md section 2: a 공고 never carries a 주민등록번호, a
birth date, a full name or a full address. An address keeps its 시·도, 시·군·구 and 읍·면·동 and
drops everything that finds a house (번지, 도로명 and 건물번호, 동·호수, 건물 이름).
"""

from __future__ import annotations

import re

from core.masking import mask_name

_SIDO = re.compile(r"^[가-힣]+(특별시|광역시|특별자치시|특별자치도|도)$")
_SIGUNGU = re.compile(r"^[가-힣]+(시|군|구)$")
# A 읍·면·동 (행정동 names may carry a number: 역삼1동, 종로1·2·3·4가동); never a building's '101동'.
_EUPMYEONDONG = re.compile(r"^[가-힣]+[0-9·]*[가-힣]*(읍|면|동|가)$")


def public_name(name: str) -> str:
    return mask_name(name)


def public_address(address: str) -> str:
    """'경기도 광주시 경안동 123-4 행복빌라 101호' → '경기도 광주시 경안동';
    '경기도 광주시 파발로 12, 101동 1203호 (경안동, 행복아파트)' → '경기도 광주시 경안동'.

    Road-name addresses carry the 동 only in the parenthesis at the end; with none, the 시·군·구 stays alone.
    """
    tokens = [token.strip("(),") for token in address.split()]
    tokens = [token for token in tokens if token]
    kept: list[str] = []
    index = 0
    if tokens and _SIDO.match(tokens[0]):
        kept.append(tokens[0])
        index = 1
    while index < len(tokens) and _SIGUNGU.match(tokens[index]) and len(kept) < 3:
        kept.append(tokens[index])
        index += 1
    has_sigungu = len(kept) > (1 if kept and _SIDO.match(kept[0]) else 0) or (kept and kept[0].endswith("특별자치시"))
    if not has_sigungu:  # no 시·군·구 (세종특별자치시 has none and needs none): nothing safe beyond the 시·도
        return kept[0] if kept else ""
    for token in tokens[index:]:
        for part in token.split(","):
            if _EUPMYEONDONG.match(part) and not part[0].isdigit():
                return " ".join([*kept, part])
    return " ".join(kept)
