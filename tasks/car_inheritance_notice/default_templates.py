"""The default 공고문 and 안내문 HWPX templates in resources/templates/car_inheritance/, and how they were made.

A city that has its own layout gives it as the ``template`` input with the same placeholders; these are
the ones the task fills. Regenerate after changing the wording:

    .venv/bin/python -m tasks.car_inheritance_notice.default_templates

The legal wording follows the 부산시 차량등록 공시송달 공고 pattern (domain-rules.md section 11) [S/U].
"""

from __future__ import annotations

from pathlib import Path

from core.hwpx import HwpxDoc
from core.paths import resources_dir

NOTICE_FIELDS = (
    "기관명",
    "공고번호",
    "송달불능사유",
    "공고시작",
    "공고종료",
    "공고일수",
    "효력발생일",
    "대상건수",
    "부서",
    "전화",
    "공고일",
    "기관장",
)
NOTICE_ROW = ("연번", "차량번호", "차명", "피상속인", "신청기한", "상속인", "주소")
LETTER_FIELDS = ("상속인", "상속인주소", "차량번호", "차명", "피상속인", "신청기한", "부서", "전화", "발신일", "기관장", "기관명")

DOCUMENTS_TO_BRING = (
    "피상속인의 기본증명서(상세) 또는 제적등본, 가족관계증명서(상세), 상속인 신분증, "
    "상속포기서 또는 상속재산 분할협의서(해당 시), 자동차등록증, 책임보험 가입증명서"
)
FINE_TEXT = (
    "기한을 넘기면 「자동차관리법」 제80조·제84조에 따라 범칙금이 부과될 수 있습니다: "
    "기한 다음 날부터 10일까지 10만원, 11일째부터 하루 1만원씩 더해 최고 50만원."
)


def folder() -> Path:
    return resources_dir() / "templates" / "car_inheritance"


def notice_template() -> bytes:
    doc = HwpxDoc.blank()
    doc.add_paragraph("{{기관명}} 공고 {{공고번호}}", size=11)
    doc.add_title("자동차 상속 이전등록 안내 공시송달 공고")
    doc.add_paragraph(
        "자동차 소유자의 사망으로 상속이 개시된 자동차의 상속인에게 이전등록 안내문을 보냈으나 송달할 수 없어, "
        "「행정절차법」 제14조제4항에 따라 다음과 같이 공시송달합니다.",
        align="JUSTIFY",
    )
    doc.add_paragraph("1. 근거: 「자동차관리법」 제12조, 「자동차등록령」 제26조, 「행정절차법」 제14조제4항·제15조제3항")
    doc.add_paragraph("2. 송달하지 못한 사유: {{송달불능사유}}")
    doc.add_paragraph("3. 공고 기간: {{공고시작}} ~ {{공고종료}} ({{공고일수}}일간)")
    doc.add_paragraph("4. 효력 발생일: {{효력발생일}} (「행정절차법」 제15조제3항: 공고일부터 14일이 지난 때 효력이 발생합니다)")
    doc.add_paragraph("5. 대상: 붙임 목록의 자동차 {{대상건수}}대")
    doc.add_paragraph(
        "6. 신청 기한: 상속개시일(사망일)이 속하는 달의 말일부터 6개월 이내(「자동차등록령」 제26조제1항제3호). "
        "마지막 날이 토요일·공휴일이면 다음 근무일까지입니다. " + FINE_TEXT,
        align="JUSTIFY",
    )
    doc.add_paragraph("7. 구비서류: " + DOCUMENTS_TO_BRING, align="JUSTIFY")
    doc.add_paragraph("8. 문의: {{부서}} ({{전화}})")
    doc.add_paragraph("{{공고일}}", align="CENTER")
    doc.add_paragraph("{{기관장}}", bold=True, size=14, align="CENTER")
    doc.add_paragraph("붙임: 공시송달 대상 자동차 목록", bold=True)
    doc.add_table(
        ["연번", "차량번호", "차명", "피상속인", "신청기한", "상속인", "상속인 주소(일부)"],
        [["{{차량." + name + "}}" for name in NOTICE_ROW]],
        widths=(0.6, 1.3, 1.2, 1.0, 1.3, 1.0, 2.6),
        size=9,
    )
    return doc.to_bytes()


def letter_template() -> bytes:
    doc = HwpxDoc.blank()
    doc.add_paragraph("{{기관명}}", bold=True, size=13, align="CENTER")
    doc.add_title("자동차 상속 이전등록 안내")
    doc.add_paragraph("받는 분: {{상속인}} 님 ({{상속인주소}})")
    doc.add_paragraph(
        "삼가 고인의 명복을 빕니다. 아래 자동차의 소유자께서 돌아가셔서 상속이 개시되었습니다. "
        "상속인께서는 신청 기한까지 상속 이전등록(또는 말소등록)을 신청하여 주시기 바랍니다.",
        align="JUSTIFY",
    )
    doc.add_table(
        ["차량번호", "차명", "피상속인", "신청 기한"],
        [["{{차량번호}}", "{{차명}}", "{{피상속인}}", "{{신청기한}}"]],
        widths=(1.2, 1.2, 1.0, 1.4),
    )
    doc.add_paragraph(
        "신청 기한: 상속개시일(사망일)이 속하는 달의 말일부터 6개월 이내(「자동차등록령」 제26조제1항제3호). "
        "마지막 날이 토요일·공휴일이면 다음 근무일까지입니다.",
        align="JUSTIFY",
    )
    doc.add_paragraph(FINE_TEXT, align="JUSTIFY")
    doc.add_paragraph("구비서류: " + DOCUMENTS_TO_BRING, align="JUSTIFY")
    doc.add_paragraph("문의: {{부서}} ({{전화}})")
    doc.add_paragraph("{{발신일}}", align="CENTER")
    doc.add_paragraph("{{기관장}}", bold=True, size=14, align="CENTER")
    return doc.to_bytes()


def write_templates(target: Path | None = None) -> list[Path]:
    target = target or folder()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in (("공고문.hwpx", notice_template()), ("안내문.hwpx", letter_template())):
        (target / name).write_bytes(data)
        written.append(target / name)
    return written


if __name__ == "__main__":
    for path in write_templates():
        print(path)
