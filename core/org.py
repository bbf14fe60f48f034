"""The 기관 (시·도 and 시·군·구) the clerk works for, checked against the built-in list of all of them.

No city is built into the code: a task that needs to know "our 시·군" (local-income-tax's 납세지
check, the "[기관명]" header of a citizen text) asks :func:`require_org`, which reads the settings
``org.sido`` / ``org.sigungu`` (file or ``HAENGBOT_SETTING_ORG_*``) and stops the run with exit 2
and a Korean how-to when they are unset. The list (``resources/org/regions.json``) follows
행정안전부's 행정구역 as of its ``as_of`` date; 세종특별자치시 has no 시·군·구, so its 기관 is the
시·도 itself, and 제주's 행정시 (제주시, 서귀포시) are listed because their clerks need them.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from core.errors import InputError
from core.korean import particle
from core.paths import resources_dir

REGIONS_FILE = ("org", "regions.json")
HOWTO = (
    "행봇 창의 [설정] > [기관] 탭에서 고르거나, 명령줄에서 'python main.py settings set org.sigungu 광주시'처럼 "
    "정하십시오(같은 이름이 여러 시·도에 있으면 '서울특별시 중구'처럼 시·도와 함께 적습니다)."
)


class SettingsLike(Protocol):
    def get(self, key: str) -> Any: ...


@dataclass(frozen=True)
class Org:
    sido: str
    sigungu: str  # "" for 세종특별자치시, which has none

    @property
    def name(self) -> str:
        """What citizens know the 기관 by: '광주시', '중구', '세종특별자치시'."""
        return self.sigungu or self.sido

    @property
    def full(self) -> str:
        """'경기도 광주시': unambiguous, and what local-income-tax's ``city`` param takes."""
        return f"{self.sido} {self.sigungu}".strip()


@dataclass(frozen=True)
class _Former:
    sido: str
    name: str
    now: tuple[str, ...]
    now_sido: str
    since: str


@dataclass(frozen=True)
class Regions:
    as_of: str
    sigungu: dict[str, tuple[str, ...]]  # 시·도 -> its 시·군·구, in the official order
    aliases: dict[str, str]  # '경기', '강원도', '전라북도' -> the official 시·도 name
    former: tuple[_Former, ...]


@lru_cache(maxsize=1)
def regions() -> Regions:
    raw = json.loads(resources_dir().joinpath(*REGIONS_FILE).read_text(encoding="utf-8"))
    sigungu = {s["name"]: tuple(s["sigungu"]) for s in raw["sido"]}
    aliases = {s["name"]: s["name"] for s in raw["sido"]}
    for s in raw["sido"]:
        for alias in s.get("aliases", ()):
            aliases[alias] = s["name"]
    former = tuple(
        _Former(f["sido"], f["name"], tuple(f["now"]), f.get("now_sido", f["sido"]), f["since"]) for f in raw.get("former", ())
    )
    return Regions(raw["as_of"], sigungu, aliases, former)


def sido_names() -> list[str]:
    return list(regions().sigungu)


def sigungu_names(sido: str) -> list[str]:
    return list(regions().sigungu.get(normalize_sido(sido) or "", ()))


def normalize_sido(text: str) -> str | None:
    """'경기', '경기도', '강원도'(before 2023) → the official name; None when it is no 시·도."""
    return regions().aliases.get(text.strip().replace(" ", ""))


def _near(text: str, names: list[str], limit: int = 5) -> list[str]:
    def stem(name: str) -> str:  # '수원시' -> '수원': clerks often drop the 시·군·구 ending
        return name[:-1] if name[-1:] in ("시", "군", "구", "도") else name

    starts = [n for n in names if n.startswith(text) or (len(stem(n)) >= 2 and text.startswith(stem(n)))]
    close = difflib.get_close_matches(text, names, n=limit, cutoff=0.6)
    return list(dict.fromkeys([*starts, *close]))[:limit]


def find_sido(text: str) -> str:
    found = normalize_sido(text)
    if found:
        return found
    near = _near(text.strip(), sido_names())
    hint = f"비슷한 이름: {', '.join(near)}" if near else f"시·도: {', '.join(sido_names())}"
    raise InputError(f"'{text}'{particle(text, '은/는')} 시·도 목록에 없습니다.", hint=hint)


def find(sigungu: str, sido: str | None = None, *, strict: bool = False) -> Org:
    """The 기관 named by *sigungu* ('광주시', '경기도 광주시', '경기 광주시', '세종').

    A name found in one 시·도 only needs no 시·도 ('광주시' is 경기도's); '중구' needs one. *sido*
    is a hint (the 시·도 already set): a name that is not there but in exactly one other 시·도 moves
    there, unless *strict* (the clerk wrote the 시·도 with the name). A name that is not in the list
    raises a Korean ``InputError`` listing near matches.
    """
    text = " ".join(sigungu.split())
    if " " in text:
        head, _, tail = text.partition(" ")
        return find(tail, find_sido(head), strict=True)
    table = regions().sigungu
    want_sido = find_sido(sido) if sido else None
    if normalize_sido(text) and not table[normalize_sido(text) or ""]:  # 세종: the 시·도 is the 기관
        return Org(normalize_sido(text) or "", "")
    if want_sido and text in table[want_sido]:
        return Org(want_sido, text)
    for old in regions().former:
        if want_sido == old.sido and old.name == text:
            now = ", ".join(f"{old.now_sido} {n}" for n in old.now)
            raise InputError(
                f"{old.sido} {old.name}{particle(old.name, '은/는')} {old.since}부터 {now}{particle(now, '으로/로')} 바뀌었습니다.",
                hint=HOWTO,
            )
    homes = [s for s, names in table.items() if text in names and not (strict and s != want_sido)]
    if len(homes) == 1:
        return Org(homes[0], text)
    if len(homes) > 1:
        where = f"{want_sido}에는 '{text}'{particle(text, '이/가')} 없고, " if want_sido else ""
        raise InputError(
            f"{where}'{text}'{particle(text, '은/는')} 여러 시·도에 있습니다: {', '.join(f'{s} {text}' for s in homes)}.",
            hint=f"'{homes[0]} {text}'처럼 시·도와 함께 적으십시오.",
        )
    pool = [f"{s} {n}" for s, names in table.items() for n in names if not want_sido or s == want_sido]
    near = [p for p in pool if p.split(" ", 1)[1] in _near(text, [q.split(" ", 1)[1] for q in pool])]
    near = [f"{s} {text}" for s, names in table.items() if text in names] + near  # the same name, another 시·도
    inside = f"{want_sido}의 " if want_sido else ""
    hint = (
        f"비슷한 이름: {', '.join(near[:6])}" if near else "시·군·구 이름을 행정구역 이름 그대로 적으십시오(예: 수원시, 강남구)."
    )
    raise InputError(f"'{text}'{particle(text, '은/는')} {inside}시·군·구 목록에 없습니다.", hint=hint)


def from_settings(settings: SettingsLike) -> Org | None:
    """The configured 기관, checked against the list; None when it is not set."""
    sido = str(settings.get("org.sido") or "").strip()
    sigungu = str(settings.get("org.sigungu") or "").strip()
    if sigungu:
        return find(sigungu, sido or None)
    if sido and not regions().sigungu.get(find_sido(sido)):
        return Org(find_sido(sido), "")  # 세종특별자치시
    return None


def require_org(settings: SettingsLike, purpose: str) -> Org:
    """The 기관, or exit 2 with how to set it. *purpose* says what the task needs it for."""
    org = from_settings(settings)
    if org is None:
        raise InputError(f"기관(시·도, 시·군·구)이 정해져 있지 않아 {purpose}.", hint=HOWTO)
    return org
