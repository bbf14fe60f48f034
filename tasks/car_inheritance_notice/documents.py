"""The 공시송달 공고문 (HWPX and PDF) and the mail-merged 상속이전 안내문, filled from their templates.

Only masked data reaches them (tasks/car_inheritance_notice/public.py): names ``홍*동``, addresses to
읍·면·동. The PDF is drawn from the filled HWPX (core.pdf.blocks_from_hwpx), so a city's own template
shapes both files and they never say different things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError
from core.hwpx import HwpxDoc, HwpxTemplateError
from core.pdf import blocks_from_hwpx, render_pdf
from tasks.car_inheritance_notice.default_templates import folder
from tasks.car_inheritance_notice.rules import NoticeDates

NOTICE_TITLE = "자동차 상속 이전등록 안내 공시송달 공고"
# What a city's own 공고문 must hold, so that the posted notice states its number and its cars.
REQUIRED_PLACEHOLDERS = ("공고번호", "차량.차량번호")


def korean_date(day: dt.date) -> str:
    """공문서 date style: '2026. 12. 1.'"""
    return f"{day.year}. {day.month}. {day.day}."


def head_of(org_name: str) -> str:
    """'광주시' → '광주시장', '중구' → '중구청장', '양평군' → '양평군수', '경기도' → '경기도지사'."""
    if org_name.endswith("구"):
        return org_name + "청장"
    if org_name.endswith("군"):
        return org_name + "수"
    if org_name.endswith("도"):
        return org_name + "지사"
    return org_name + "장"


@dataclass(frozen=True)
class NoticeCar:
    plate: str
    model: str
    deceased: str  # masked
    deadline: dt.date
    heir: str  # masked
    address: str  # cut to 읍·면·동


@dataclass(frozen=True)
class Office:
    org_name: str
    signer: str
    department: str
    phone: str


def _open_template(data: bytes | None, default_name: str, source: Path | None) -> HwpxDoc:
    try:
        return HwpxDoc.open(data if data is not None else (folder() / default_name).read_bytes())
    except HwpxTemplateError as error:
        raise InputError(f"{source or default_name}: {error}") from error


def notice_hwpx(
    cars: Sequence[NoticeCar],
    number: str,
    dates: NoticeDates,
    reasons: str,
    office: Office,
    *,
    template: bytes | None = None,
    source: Path | None = None,
) -> bytes:
    doc = _open_template(template, "공고문.hwpx", source)
    found = doc.placeholders()
    lacking = [name for name in REQUIRED_PLACEHOLDERS if name not in found]
    if lacking:
        raise InputError(
            f"{source or '공고문 서식'}: 공고문 서식에 "
            + ", ".join("{{" + name + "}}" for name in lacking)
            + " 자리표시가 없습니다.",
            hint="기본 서식(resources/templates/car_inheritance/공고문.hwpx)의 자리표시를 참고해 서식을 고쳐 주십시오.",
        )
    values: Mapping[str, object] = {
        "기관명": office.org_name,
        "공고번호": number,
        "송달불능사유": reasons,
        "공고시작": korean_date(dates.posted),
        "공고종료": korean_date(dates.ends),
        "공고일수": dates.days,
        "효력발생일": korean_date(dates.effective),
        "대상건수": len(cars),
        "부서": office.department,
        "전화": office.phone,
        "공고일": korean_date(dates.posted),
        "기관장": office.signer,
    }
    rows = [
        {
            "연번": index,
            "차량번호": car.plate,
            "차명": car.model,
            "피상속인": car.deceased,
            "신청기한": korean_date(car.deadline),
            "상속인": car.heir,
            "주소": car.address,
        }
        for index, car in enumerate(cars, start=1)
    ]
    try:
        doc.fill(values)
        doc.fill_rows("차량", rows)
    except HwpxTemplateError as error:
        raise InputError(f"{source or '공고문 서식'}: {error}") from error
    return doc.to_bytes()


def notice_pdf(notice: bytes, office: Office) -> bytes:
    return render_pdf(blocks_from_hwpx(notice), title=NOTICE_TITLE, author=office.org_name)


@dataclass(frozen=True)
class Letter:
    heir: str  # masked
    address: str  # cut to 읍·면·동
    plate: str
    model: str
    deceased: str  # masked
    deadline: dt.date


def letters_hwpx(letters: Sequence[Letter], office: Office, sent_on: dt.date) -> bytes:
    """One page per letter, from the default 안내문 template."""
    doc = _open_template(None, "안내문.hwpx", None)
    common = {
        "부서": office.department,
        "전화": office.phone,
        "발신일": korean_date(sent_on),
        "기관장": office.signer,
        "기관명": office.org_name,
    }
    records = [
        {
            **common,
            "상속인": letter.heir or "상속인",
            "상속인주소": letter.address,
            "차량번호": letter.plate,
            "차명": letter.model,
            "피상속인": letter.deceased,
            "신청기한": korean_date(letter.deadline),
        }
        for letter in letters
    ]
    doc.merge_pages(records)
    return doc.to_bytes()
