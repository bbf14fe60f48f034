"""Typed rows: a completion and a licence as the task reads them from the typed tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from core.reader import Table
from core.table_set import ORIGIN
from core.values import clean_text
from tasks.hygiene_training.matching import Party


def text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    return clean_text(value)


def day(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value


@dataclass
class Completion:
    order: int
    origin: str  # "파일 시트 12행"
    trade: str
    name: str
    person: str
    address: str
    number: str
    date: dt.date
    kind: str  # 신규 / 정기
    hours: Decimal
    certificate: str
    institution: str

    @property
    def party(self) -> Party:
        return Party(self.number, self.name, self.person, self.address)


@dataclass
class Licence:
    row: int
    number: str
    name: str
    person: str
    address: str
    trade: str
    state: str  # 영업 / 휴업 / 폐업
    granted: dt.date
    closed_from: dt.date | None
    closed_to: dt.date | None
    licence_holder: str  # 조리사/영양사/위생사 면허
    phone: str = ""  # for the optional reminder SMS

    @property
    def party(self) -> Party:
        return Party(self.number, self.name, self.person, self.address)


def completions_of(table: Table) -> list[Completion]:
    out = []
    for i, r in enumerate(table.valid().to_dict("records")):
        when = day(r["교육일"])
        if when is None:  # a required date: the reader sent such rows to 오류행
            continue
        origin = text(r.get(ORIGIN)) or f"{table.file.name} {int(r['_row'])}행"
        out.append(
            Completion(
                i,
                origin,
                text(r["업종"]),
                text(r["업소명"]),
                text(r["대표자"]),
                text(r["소재지"]),
                text(r.get("영업신고번호")),
                when,
                text(r["교육구분"]),
                Decimal(str(r["교육시간"])),
                text(r.get("수료번호")),
                text(r.get("교육기관")),
            )
        )
    return out


def licences_of(table: Table) -> list[Licence]:
    out = []
    for r in table.valid().to_dict("records"):
        granted = day(r["인허가일"])
        if granted is None:
            continue
        out.append(
            Licence(
                int(r["_row"]),
                text(r["영업신고번호"]),
                text(r["업소명"]),
                text(r["대표자"]),
                text(r["소재지"]),
                text(r["업종"]),
                text(r["영업상태"]),
                granted,
                day(r.get("휴업시작")),
                day(r.get("휴업종료")),
                text(r.get("면허")),
                text(r.get("연락처")),
            )
        )
    return out


@dataclass(frozen=True)
class EntryRow:
    """One line of 입력결과: what the robot did with one 입력 대상 completion."""

    number: str
    status: str  # 입력 완료 / 이미 입력 / 실패 / 확인 필요
    check: str  # the read-back result
    certificate: str
    name: str
    detail: str = ""
