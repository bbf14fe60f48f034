"""영업상태 from the 지방행정 인허가 open data (행정안전부 1741000 APIs), matched on 관리번호.

external-apis.md section 3: ``{base}/{slug}/info`` per 업종 (체력단련장업 ``fitness_centers`` …), the
data.go.kr envelope (``resultCode`` "0" on success, the list sometimes directly in ``body.items``),
``numOfRows`` at most 100, filter ``cond[OPN_ATMY_GRP_CD::EQ]`` (개방자치단체코드, 7 digits). 영업상태
``SALS_STTS_CD``: 01 영업, 02 휴업, 03 폐업, 04 취소·말소·만료·정지, 05 제외·삭제·전출, 06 기타.
The key is a credential; it never appears in a message (core.datagokr scrubs it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import requests

from core import datagokr as gw

SOURCE = "지방행정 인허가 데이터(행정안전부)"
PAGE_SIZE = 100  # the API's maximum
MAX_PAGES = 200
# 업종 as the registry writes it → the dataset's slug
SLUGS = {
    "체력단련장업": "fitness_centers",
    "체육도장업": "martial_arts_dojo",
    "종합체육시설업": "comprehensive_sports_facilities",
    "수영장업": "swimming_pools",
    "당구장업": "billiard_halls",
}
CLOSED_CODES = {"02": "휴업", "03": "폐업", "04": "취소·말소"}  # the codes that stop notices


@dataclass(frozen=True)
class LicenceStatus:
    number: str  # MNG_NO (관리번호)
    code: str  # SALS_STTS_CD
    name: str  # SALS_STTS_NM as the data writes it
    closed_on: str  # CLSBIZ_YMD
    slug: str

    @property
    def closed(self) -> str:
        """'폐업', '휴업', '취소·말소' or '' while in business."""
        return CLOSED_CODES.get(self.code, "")


def slug_for(business: str) -> str | None:
    key = "".join(business.split())
    return SLUGS.get(key) or SLUGS.get(key + "업")


def fetch_statuses(
    session: requests.Session,
    base_url: str,
    key: str,
    org_code: str,
    slugs: Iterable[str],
    check: Callable[[], None] = lambda: None,
) -> dict[str, LicenceStatus]:
    """Every licence of the 개방자치단체 in the given 업종, by 관리번호. Raises ``SourceError`` (Korean)."""
    gw.register_secret(key)
    found: dict[str, LicenceStatus] = {}
    for slug in sorted(set(slugs)):
        url = f"{base_url.rstrip('/')}/{slug}/info"
        seen = 0
        for page in range(1, MAX_PAGES + 1):
            check()
            params: dict[str, Any] = {
                "serviceKey": gw.service_key(key),
                "pageNo": page,
                "numOfRows": PAGE_SIZE,
                "returnType": "json",
                "cond[OPN_ATMY_GRP_CD::EQ]": org_code,
            }
            resp = gw.fetch(session, url, params, SOURCE)
            items, total = gw.envelope_items(gw.parse_json(resp, SOURCE), SOURCE)
            for item in items:
                number = gw.clean(item.get("MNG_NO"))
                if number:
                    found[number] = LicenceStatus(
                        number,
                        gw.clean(item.get("SALS_STTS_CD")).zfill(2),
                        gw.clean(item.get("SALS_STTS_NM")),
                        gw.clean(item.get("CLSBIZ_YMD")),
                        slug,
                    )
            seen += len(items)
            if not items or (total is not None and seen >= total) or len(items) < PAGE_SIZE:
                break
    return found
