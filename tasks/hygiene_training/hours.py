"""The hours table (resources/hygiene/hours.toml): how many hours each 업종 needs, by 교육구분.

식품위생법 시행규칙 제52조 and 공중위생관리법 시행규칙 제23조 [L]; the table cites them row by row and
the result's 사유 column carries the row's basis, so a clerk can see why 2 hours were not enough.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from core.errors import InputError, Location
from core.paths import resources_dir

NEW = "신규"
ANNUAL = "정기"
FOOD = "식품"
SERVICE = "식품접객"  # 식품접객업: 면허 holders skip its 신규 교육 (식품위생법 제41조④)
PUBLIC = "공중위생"
EMPLOYEE = "유흥종사자"  # trained as an employee of a 유흥주점, not as the 영업자
_PAREN = re.compile(r"\([^)]*\)|\[[^]]*\]")
_NOISE = re.compile(r"[\s·ㆍ.,/\-_]")


def trade_key(text: str) -> str:
    """``일반음식점영업`` and ``일반 음식점`` are one 업종: no spaces, dots, brackets or trailing 영업/업."""
    key = _NOISE.sub("", _PAREN.sub("", text))
    for suffix in ("영업", "업"):
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            key = key[: -len(suffix)]
            break
    return key


@dataclass(frozen=True)
class Trade:
    """One row of the hours table."""

    name: str
    group: str  # 식품 / 식품접객 / 공중위생
    new_hours: Decimal | None
    annual_hours: Decimal | None
    basis: str
    exempt: bool = False

    @property
    def public_health(self) -> bool:
        return self.group == PUBLIC

    def required(self, kind: str) -> Decimal | None:
        return self.new_hours if kind == NEW else self.annual_hours


class HoursTable:
    """업종 name (any spelling the table lists) -> its row."""

    def __init__(self, trades: list[Trade], aliases: dict[str, Trade]):
        self.trades = trades
        self._by_key = aliases

    @classmethod
    def load(cls, path: Path | None = None) -> HoursTable:
        path = path or resources_dir() / "hygiene" / "hours.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"교육시간표를 읽을 수 없습니다({type(exc).__name__}).", Location(str(path))) from None
        trades: list[Trade] = []
        by_key: dict[str, Trade] = {}
        for i, row in enumerate(data.get("trade", []), start=1):
            try:
                trade = Trade(
                    name=str(row["name"]),
                    group=str(row["group"]),
                    new_hours=_hours(row.get("new")),
                    annual_hours=_hours(row.get("annual")),
                    basis=str(row.get("basis", "")),
                    exempt=bool(row.get("exempt", False)),
                )
            except (KeyError, ValueError, ArithmeticError):
                raise InputError(f"교육시간표 {i}번째 업종의 name·group·시간이 맞지 않습니다.", Location(str(path))) from None
            trades.append(trade)
            for name in (trade.name, *row.get("aliases", [])):
                by_key[trade_key(str(name))] = trade
        return cls(trades, by_key)

    def find(self, text: str) -> Trade | None:
        """The row for an 업종 as written in a file; a longer 업종 name may contain a listed one (``일반음식점(한식)``)."""
        key = trade_key(text)
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        for known in sorted(self._by_key, key=len, reverse=True):
            if len(known) >= 2 and known in key:
                return self._by_key[known]
        return None


def _hours(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def hours_text(value: Decimal | None) -> str:
    """``Decimal('3')`` -> ``3시간``, ``Decimal('2.5')`` -> ``2.5시간``."""
    if value is None:
        return ""
    return f"{value.normalize():f}시간"
