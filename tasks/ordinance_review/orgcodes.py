"""행정표준기관코드 of the 기관 whose ordinances are collected (DRF ``ordin``: ``org`` 광역, ``sborg`` 기초).

The 기관 itself comes from the app's settings (``org.sido`` / ``org.sigungu``, core/org.py); its
7-digit codes come from the small table below, and the clerk can override both with the settings
``ordinance.drf_org`` / ``ordinance.drf_sborg`` (a city not in the table, or a code that changed).
Only codes with a source are listed; sources are in shared/reference/external-apis.md §1.4.
"""

from __future__ import annotations

from core import org as orgs
from core.errors import InputError
from core.org import SettingsLike

SIDO_CODES = {
    "서울특별시": "6110000",  # [S] official guide example (org=6110000)
    "경기도": "6410000",  # [S] official guide (경기도 6410000)
}
SIGUNGU_CODES = {
    ("서울특별시", "구로구"): "3160000",  # [S] official guide example (sborg=3160000)
    # [U] from a public LOCALDATA 개방자치단체코드 mapping (one source): confirm once live with
    # target=ordin&org=6410000&sborg=5540000 (지자체기관명 must read '경기도 광주시'); the setting overrides it.
    ("경기도", "광주시"): "5540000",
    ("경기도", "군포시"): "4020000",  # [U] used by one working public tool
}
HINT = (
    "설정의 '자치법규 기관코드(광역)'(ordinance.drf_org)와 '자치법규 기관코드(기초)'(ordinance.drf_sborg)에 "
    "행정표준기관코드 7자리를 적으십시오(예: 경기도 6410000, 경기도 광주시 5540000)."
)


def _code(value: object) -> str:
    text = str(value or "").strip()
    if text and (len(text) != 7 or not text.isdigit()):
        raise InputError(f"기관코드는 7자리 숫자입니다: '{text}'.", hint=HINT)
    return text


def org_codes(settings: SettingsLike) -> tuple[str, str]:
    """(org, sborg): the settings' codes when given, else the table's for the configured 기관.

    sborg is "" for a 시·도 itself (세종, or a 광역 collecting its own ordinances).
    """
    org_code = _code(settings.get("ordinance.drf_org"))
    sborg_code = _code(settings.get("ordinance.drf_sborg"))
    if org_code and sborg_code:
        return org_code, sborg_code
    where = orgs.from_settings(settings)
    if where is None:
        if org_code:
            return org_code, ""
        raise InputError("자치법규를 받을 기관이 정해져 있지 않습니다.", hint=f"{orgs.HOWTO} 또는 {HINT}")
    org_code = org_code or SIDO_CODES.get(where.sido, "")
    if where.sigungu and not sborg_code:
        sborg_code = SIGUNGU_CODES.get((where.sido, where.sigungu), "")
        if not sborg_code:
            raise InputError(f"{where.full}의 행정표준기관코드를 행봇이 알지 못합니다.", hint=HINT)
    if not org_code:
        raise InputError(f"{where.sido}의 행정표준기관코드를 행봇이 알지 못합니다.", hint=HINT)
    return org_code, sborg_code
