"""One month's list of deceased owners' cars: deadlines, estimated fines, 구분, letters and the 공시송달 공고.

Personal data: the workbook carries no name, address or number of a person (차량번호 and dates only);
the 공고문 and the letters carry names as ``홍*동`` and addresses cut to 읍·면·동. 주민등록번호 and
생년월일 columns are not read at all.

Letters are effects on the ledger (kind ``upload``: a row of a mail-merge file, as an SMS upload file's
row is), keyed by 차량번호 and 사망일: a car gets one letter per death, and a later run lists it as
already made. They are claimed last, after everything that could fail on bad input, and confirmed once
the letter file is staged; if staging fails they are marked failed, so the next run makes them again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.context import RunContext
from core.documents import DocumentSet
from core.effects import EffectKind
from core.effects_task import ALREADY_DONE, DRY_RUN, WOULD_DO, EffectClaim
from core.masking import mask_text
from core.org import require_org
from core.reader import Table
from core.result import DATE, FINDING, INT, MONEY, NOTE, OK, TEXT, WARNING, Result, ResultTable, SummaryItem
from core.values import clean_text
from tasks.car_inheritance_notice import outcomes, rules
from tasks.car_inheritance_notice.documents import Letter, NoticeCar, Office, head_of, letters_hwpx, notice_hwpx, notice_pdf
from tasks.car_inheritance_notice.post import Posting, board_recipe, notice_key, post_notice
from tasks.car_inheritance_notice.public import public_address, public_name

SHEET = "대상차량"
COLUMNS = ["차량번호", "사망일", "신청기한", "경과일수", "예상범칙금", "구분", "공고 포함", "사유"]
LETTER_STEP = "상속이전 안내문"
HIGHLIGHT = {
    outcomes.PUBLIC_NOTICE: FINDING,
    outcomes.OVERDUE: FINDING,
    outcomes.TO_GUIDE: WARNING,
    outcomes.GUIDED: OK,
    outcomes.TRANSFERRED: NOTE,
}


@dataclass
class Car:
    row: int
    plate: str
    model: str
    owner: str
    death: dt.date
    heir: str
    address: str
    deadline: rules.Deadline
    days: int
    fine: int
    decision: rules.Decision
    delivery: str = ""  # 송달결과
    note: str = ""

    @property
    def case_key(self) -> str:
        return f"{self.plate}|{self.death.isoformat()}"


def _date(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else clean_text(value)


def build_cars(table: Table, params: Mapping[str, Any]) -> list[Car]:
    base = params.get("base_date") or dt.date.today()
    roll = bool(params.get("roll_to_workday", True))
    cars: list[Car] = []
    for record in table.valid().to_dict("records"):
        death = _date(record["사망일"])
        if death is None:  # the reader sends a row without its required date to 오류행
            continue
        deadline = rules.deadline(death, roll_to_workday=roll)
        days = rules.days_late(deadline.day, base)
        address = _text(record.get("상속인 주소"))
        status = rules.Status(
            transferred_on=_date(record.get("이전등록일")),
            deregistered_on=_date(record.get("말소등록일")),
            guided_on=_date(record.get("안내일")),
            delivery=_text(record.get("송달결과")),
            heir_address_known=bool(address),
        )
        decision = rules.classify(status, deadline.day, base)
        counted = decision.category != outcomes.TRANSFERRED
        cars.append(
            Car(
                row=int(record["_row"]),
                plate=_text(record["차량번호"]),
                # free text that goes into the public 공고: an RRN or phone typed in the wrong column is masked here
                model=mask_text(_text(record.get("차명")) or _text(record.get("차종"))),
                owner=_text(record["소유자 성명"]),
                death=death,
                heir=_text(record.get("상속인 성명")),
                address=address,
                deadline=deadline,
                days=days if counted else 0,
                fine=rules.estimated_fine(days) if counted else 0,
                decision=decision,
                delivery=status.delivery,
            )
        )
    return cars


def _office(ctx: RunContext) -> Office:
    org = require_org(ctx.settings, "공고문·안내문의 기관 이름을 정할 수 없습니다")
    return Office(
        org_name=org.name,
        signer=str(ctx.settings.get("car_inheritance.signer") or "") or head_of(org.name),
        department=str(ctx.settings.get("car_inheritance.department") or ""),
        phone=str(ctx.settings.get("car_inheritance.phone") or ""),
    )


def _reasons(cars: list[Car]) -> str:
    """'반송 2건, 주소불명 1건, 상속인 주소 모름 1건': why the letters could not be delivered."""
    counts = Counter(car.delivery if car.delivery in rules.UNDELIVERED else "상속인 주소를 알 수 없음" for car in cars)
    return ", ".join(f"{label} {count}건" for label, count in counts.most_common())


def _claim_letters(ctx: RunContext, cars: list[Car]) -> tuple[list[Car], list[EffectClaim], int]:
    """Claim one letter per car and death: the cars whose letter is ours to make now, their claims,
    and how many were made by an earlier run."""
    making: list[Car] = []
    claims: list[EffectClaim] = []
    already = 0
    seen: set[str] = set()
    for car in cars:
        if car.case_key in seen:
            car.note = "같은 차량·사망일이 앞 행에 있어 안내문은 한 번만 만듭니다"
            continue
        seen.add(car.case_key)
        claim = ctx.effects.claim(
            EffectKind.UPLOAD_ROW,
            car.case_key,
            LETTER_STEP,
            car.plate,
            summary=f"{car.plate} 상속이전 안내문(상속인 {public_name(car.heir) or '미상'})",
            shown=car.plate,
            channel="안내문 HWPX",
        )
        if claim.state == DRY_RUN:
            making.append(car)
            car.note = "시험 실행: 안내문은 만들지만 기록하지 않습니다"
        elif claim.state == WOULD_DO:
            making.append(car)
            claims.append(claim)
            car.note = "안내문 작성"
        else:
            already += claim.state == ALREADY_DONE
            car.note = f"안내문 {claim.state}: {claim.reason}"
    return making, claims, already


def _letters(ctx: RunContext, cars: list[Car], office: Office, sent_on: dt.date) -> tuple[int, int]:
    """Write the mail-merged letters; (letters made, letters already made before)."""
    making, claims, already = _claim_letters(ctx, cars)
    if not making:
        return 0, already
    letters = [
        Letter(public_name(car.heir), public_address(car.address), car.plate, car.model, public_name(car.owner), car.deadline.day)
        for car in making
    ]
    try:
        ctx.artifact("상속이전안내문").write_bytes(letters_hwpx(letters, office, sent_on))
    except BaseException:
        for claim in claims:
            claim.refuse("안내문 파일을 쓰지 못했습니다")
        raise
    for claim in claims:
        claim.confirm()
    return len(making), already


def _sheet(cars: list[Car]) -> pd.DataFrame:
    rows = []
    for car in cars:
        reason = car.decision.reason
        if car.deadline.note:
            reason += f" / 신청기한: {car.deadline.note}"
        if car.note:
            reason += f" / {car.note}"
        rows.append(
            (
                car.plate,
                car.death,
                car.deadline.day,
                car.days,
                car.fine,
                car.decision.category,
                "Y" if car.decision.in_notice else "N",
                reason,
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def run(inputs: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext) -> Result:
    table: Table = inputs["vehicles"]
    base: dt.date = params.get("base_date") or dt.date.today()
    posted: dt.date = params.get("notice_date") or base
    dates = rules.notice_dates(posted, int(params.get("notice_days") or outcomes.MIN_NOTICE_DAYS))
    number = str(params.get("notice_number") or "").strip() or "제    호"
    # The board recipe is read first: a broken one stops the run (exit 2) before anything is made.
    recipe = board_recipe(params, ctx) if params.get("post") else None
    posting: Posting | None = None
    ctx.progress(0, 3, "신청기한과 범칙금 계산 중")
    cars = build_cars(table, params)
    office = _office(ctx)
    noticed = [car for car in cars if car.decision.in_notice]
    ctx.progress(1, 3, "공시송달 공고문 만드는 중")
    if noticed:
        template_set: DocumentSet | None = inputs.get("template")
        template = next(iter(template_set), None) if template_set else None
        notice_cars = [
            NoticeCar(
                car.plate, car.model, public_name(car.owner), car.deadline.day, public_name(car.heir), public_address(car.address)
            )
            for car in noticed
        ]
        notice = notice_hwpx(
            notice_cars,
            number,
            dates,
            _reasons(noticed),
            office,
            template=template.data if template else None,
            source=template.path if template else None,
        )
        pdf = notice_pdf(notice, office)
        ctx.check_cancelled()
        ctx.artifact("공시송달공고").write_bytes(notice)
        ctx.artifact("공시송달공고_게시용").write_bytes(pdf)
        if recipe is not None:
            ctx.progress(1, 3, "공고를 누리집 게시판에 올리는 중")
            posting = post_notice(
                ctx,
                recipe,
                notice_key(dates.posted.isoformat(), [(car.plate, car.death.isoformat()) for car in noticed]),
                f"자동차 상속이전 등록 안내 공시송달 공고({number.strip()})",
                _post_body(len(noticed), dates, office),
                [("자동차 상속이전 공시송달 공고.hwpx", notice), ("자동차 상속이전 공시송달 공고.pdf", pdf)],
                pace=_pace(params.get("post_pace")),
            )
    elif recipe is not None:
        posting = Posting("게시 안 함", "", "공시송달할 차량이 없어 게시하지 않았습니다.")
    ctx.progress(2, 3, "안내문 만드는 중")
    ctx.check_cancelled()
    made, already = _letters(ctx, [car for car in cars if car.decision.category == outcomes.TO_GUIDE], office, base)
    ctx.progress(3, 3, "완료")
    return _result(cars, dates, number, made, already, posting)


def _pace(value: Any) -> float:
    return 2.0 if value is None else float(value)


def _post_body(count: int, dates: rules.NoticeDates, office: Office) -> str:
    """The post's text: no name or address (those are in the attachments, already masked)."""
    contact = " ".join(part for part in (office.department, office.phone) if part)
    return (
        f"「행정절차법」 제14조제4항에 따라 상속이전 등록 안내문을 송달할 수 없는 자동차 {count}대에 대하여 공시송달 공고합니다.\n"
        f"공고 기간: {dates.posted.isoformat()} ~ {dates.ends.isoformat()} (효력 발생일 {dates.effective.isoformat()})\n"
        "자세한 내용은 첨부한 공고문(HWPX·PDF)을 보십시오." + (f"\n문의: {contact}" if contact else "")
    )


def _result(
    cars: list[Car], dates: rules.NoticeDates, number: str, made: int, already: int, posting: Posting | None = None
) -> Result:
    counts = Counter(car.decision.category for car in cars)
    overdue_fines = sum(car.fine for car in cars if car.decision.category != outcomes.TRANSFERRED)
    noticed = counts[outcomes.PUBLIC_NOTICE]
    summary = [
        SummaryItem("대상 차량", len(cars)),
        *[
            SummaryItem(f"  {category}", counts[category], HIGHLIGHT[category] if counts[category] else "")
            for category in outcomes.CATEGORIES
        ],
        SummaryItem("공고 포함", noticed, FINDING if noticed else ""),
        SummaryItem("안내문 작성", made, note="이번 실행에서 만든 안내문(차량마다 1쪽)"),
        SummaryItem("안내문 이미 작성됨", already, note="지난 실행에서 만든 안내문: 다시 만들지 않음"),
        SummaryItem("예상 범칙금 합계", overdue_fines, fmt=MONEY, note="기준일 현재 추정액(범칙금은 통고할 때 정해짐)"),
    ]
    if noticed:
        summary += [
            SummaryItem("공고 번호", number, fmt=TEXT),
            SummaryItem("공고 기간", f"{dates.posted.isoformat()} ~ {dates.ends.isoformat()}", fmt=TEXT),
            SummaryItem("효력 발생일", dates.effective.isoformat(), fmt=TEXT, note=rules.NOTICE_BASIS),
        ]
    if posting is not None:
        summary += [
            SummaryItem("게시판 게시", posting.status, fmt=TEXT, note=posting.detail),
            SummaryItem("게시 확인", posting.check or "-", fmt=TEXT, note="게시판 목록에서 제목과 첨부 파일을 다시 읽은 결과"),
        ]
    sheet = ResultTable(
        SHEET,
        _sheet(cars),
        {"사망일": DATE, "신청기한": DATE, "경과일수": INT, "예상범칙금": MONEY},
        highlight_by="구분",
        highlight=HIGHLIGHT,
        note="예상범칙금은 기준일 현재의 추정액입니다. " + rules.DEADLINE_BASIS + "; " + rules.FINE_BASIS,
    )
    result = Result(tables=[sheet], summary=summary, headline="자동차 상속이전 안내 공고")
    if posting is not None and posting.status in ("실패", "확인 필요"):
        result.warnings.append(f"공고 게시: {posting.status}. {posting.detail}")
    return result
