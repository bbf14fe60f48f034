"""DRF body reader: the fixtures (real C1/C4 texts in the documented JSON and XML shapes) read back to
the same articles and lines as the Markdown originals; each quirk on its own."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from core.documents import MarkdownDocument, read_document
from core.errors import InputError
from core.frontmatter import parse_frontmatter, split_frontmatter
from tasks.ordinance_review import drf
from tasks.ordinance_review.markdown import read_markdown
from tasks.ordinance_review.model import LawVersion, Ordinance

CASES = Path("/work/shared/data/law-cases")  # the real texts the fixtures were built from, where the machine has them
COPIES = Path(__file__).resolve().parents[1] / "data" / "law-cases"  # three of them, in the repository
_IN_REPO = {
    ("C1-hometown-donation", "law-new-법률.md"): "law-new-법률.md",
    ("C1-hometown-donation", "law-new-시행령.md"): "law-new-시행령.md",
    ("C1-hometown-donation", "ordinance-1.md"): "ordinance-C1.md",
}
DRF = Path(__file__).resolve().parents[1] / "data" / "drf"


def _source(case: str, name: str) -> Path:
    shared = CASES / case / name
    return shared if shared.exists() or (case, name) not in _IN_REPO else COPIES / _IN_REPO[(case, name)]


SOURCES = [
    _source(case, name)
    for case in ("C1-hometown-donation", "C4-personal-info")
    for name in ("law-old-법률.md", "law-new-법률.md", "law-old-시행령.md", "law-new-시행령.md", "ordinance-1.md")
]


def fixture_of(path: Path, ext: str) -> Path:
    header, _, _ = split_frontmatter(path.read_text(encoding="utf-8"))
    front = parse_frontmatter(header or "")
    if "법령MST" in front:
        return DRF / "law" / f"{front['법령MST']}.{ext}"
    return DRF / "ordin" / f"{front['자치법규일련번호']}.{ext}"


def _fields(text: LawVersion | Ordinance) -> dict[str, object]:
    values = dict(vars(text))
    values.pop("source")
    return values


@pytest.mark.parametrize("ext", ["json", "xml"])
@pytest.mark.parametrize(
    "source", SOURCES, ids=lambda p: f"{p.parent.name[:2]}-{p.stem}" if p.parent.name != "law-cases" else p.stem
)
def test_drf_body_reads_to_what_the_markdown_reader_gives(source: Path, ext: str) -> None:
    """The strongest check of the reader: the same real text read from its Markdown original (ordr's
    reader) and from the DRF body built from it gives the same record, articles, lines and addenda."""
    if not source.exists():
        pytest.skip("../shared/data/law-cases is not on this machine")
    doc = read_document(source)
    assert isinstance(doc, MarkdownDocument)
    want = read_markdown(doc)
    got = drf.read_text_document(read_document(fixture_of(source, ext)))
    assert want is not None and got is not None and type(got) is type(want)
    assert [(a.number, a.title, a.lines) for a in got.articles] == [(a.number, a.title, a.lines) for a in want.articles]
    # An ordinance's Markdown 부칙 may have no '부칙 <…>' line; the DRF body always says when and which.
    filled = tuple(
        replace(w, promulgated=g.promulgated, number=g.number) if (w.promulgated, w.number) == (None, "") else w
        for w, g in zip(want.addenda, got.addenda, strict=False)
    )
    assert got.addenda == filled and len(got.addenda) == len(want.addenda)
    assert _fields(got) == {**_fields(want), "addenda": filled}


def test_c1_law_versions_carry_the_moved_paragraph_and_the_addendum_dates() -> None:
    old = drf.read_body((DRF / "law" / "251529.json").read_bytes(), "old")
    new = drf.read_body((DRF / "law" / "260449.xml").read_bytes(), "new")
    assert isinstance(old, LawVersion) and isinstance(new, LawVersion)
    assert (new.law_id, new.mst, new.name, new.kind, new.ministries) == (
        "014170",
        "260449",
        "고향사랑 기부금에 관한 법률",
        "법률",
        ("행정안전부",),
    )
    assert (new.promulgated, new.promulgation_no, new.effective) == (dt.date(2024, 2, 20), "20314", dt.date(2024, 2, 20))
    art11_old = next(a for a in old.articles if a.number == "11")
    art11_new = next(a for a in new.articles if a.number == "11")
    assert art11_old.lines[7].startswith("④ 제1항 및 제2항에 따른 고향사랑기금의 관리ㆍ운용")
    assert art11_new.lines[7] == (
        "④ 지방자치단체는 대통령령으로 정하는 한도를 초과하지 아니하는 범위에서 고향사랑기금의 일부를 "
        "제9조에 따른 답례품 제공에 필요한 비용에 충당할 수 있다. <신설 2024.2.20>"
    )
    assert art11_new.lines[8].startswith("⑤ 제1항 및 제2항에 따른")
    last = new.addenda[-1]
    assert (last.promulgated, last.number) == (dt.date(2024, 2, 20), "20314")
    assert [(a.number, a.title) for a in last.articles] == [
        ("1", "시행일"),
        ("2", "고향사랑 기부금 모금 방법에 관한 경과조치"),
        ("3", "고향사랑 기부금 상한액에 관한 적용례"),
    ]
    assert (
        last.articles[0].lines[1]
        == "1. 제7조제1항, 제11조제2항 각 호 외의 부분 본문 및 같은 조 제4항의 개정규정은 공포 후 6개월이 경과한 날부터 시행한다."
    )


def test_ordinance_body_decodes_kind_department_and_addendum() -> None:
    text = drf.read_body((DRF / "ordin" / "1774613.xml").read_bytes(), "x")
    assert isinstance(text, Ordinance)
    assert (text.ordinance_id, text.serial, text.kind, text.org, text.department) == (
        "2226211",
        "1774613",
        "조례",
        "경기도 광주시",
        "자치협력과",
    )
    assert text.articles[9].number == "10" and text.articles[9].lines[0].startswith("① 시장은 법 제11조제4항에 따라")
    assert [a.number for a in text.addenda[0].articles] == ["1", "2", "3", "4"]
    assert text.addenda[0].articles[0].lines == ("이 조례는 공포한 날부터 시행한다.",)


# ------------------------------------------------------------------------------ quirks, one by one
def _law(units: object, **info: str) -> bytes:
    base = {"법령ID": "000001", "공포일자": "20240101", "공포번호": "1", "법령명_한글": "시험법", "법종구분": "법률"}
    return json.dumps({"법령": {"기본정보": {**base, **info}, "조문": {"조문단위": units}}}, ensure_ascii=False).encode()


def test_mok_beside_its_ho_goes_under_the_ho_that_announces_them() -> None:
    unit = {
        "조문번호": "3",
        "조문여부": "조문",
        "조문제목": "정의",
        "조문내용": "제3조(정의)",
        "항": {  # a single 항 sent as an object
            "항번호": "①",
            "항내용": ["① 다음과 같다.", "다만, 예외가 있다."],  # content as a list of strings
            "호": [
                {"호번호": "1.", "호내용": "  1. 처음"},
                {"호번호": "2.", "호내용": "  2. 다음 각 목의 것"},
                {"호번호": "3.", "호내용": "  3. 끝"},
            ],
            "목": [{"목번호": "가.", "목내용": "가. 하나\n  1) 세부"}, {"목번호": "나.", "목내용": "나. 둘"}],
        },
    }
    heading = {"조문번호": "1", "조문여부": "전문", "조문내용": "제1장 총칙"}
    text = drf.read_body(_law([heading, unit]), "t")
    assert isinstance(text, LawVersion)
    assert [(a.number, a.title, a.lines) for a in text.articles] == [
        (
            "3",
            "정의",
            ("① 다음과 같다. 다만, 예외가 있다.", "1. 처음", "2. 다음 각 목의 것", "가. 하나", "1) 세부", "나. 둘", "3. 끝"),
        )
    ]


def test_article_numbers_from_six_digits_and_branches() -> None:
    assert drf.article_number_from_jo("001002") == "10의2"
    assert drf.article_number_from_jo("000100") == "1"
    unit = {"조문번호": "10", "조문가지번호": "2", "조문여부": "조문", "조문내용": "제10조의2(특례) 본문이다."}
    text = drf.read_body(_law(unit), "t")
    assert isinstance(text, LawVersion)
    assert [(a.number, a.title, a.lines) for a in text.articles] == [("10의2", "특례", ("본문이다.",))]
    ordin = {
        "LawService": {
            "자치법규기본정보": {"자치법규ID": "9", "자치법규명": "시험 조례", "공포일자": "20240101", "자치법규종류": "C0002"},
            "조문": {
                "조": [
                    {"조문번호": "000300", "조문여부": "Y", "조내용": "제3조(위원회) ① 둔다.\n1. 하나"},
                    {"조문번호": "001002", "조문여부": "Y", "조내용": "삭제"},
                ]
            },
        }
    }
    text = drf.read_body(json.dumps(ordin, ensure_ascii=False).encode(), "t")
    assert isinstance(text, Ordinance) and text.kind == "규칙"
    assert [(a.number, a.title, a.lines) for a in text.articles] == [
        ("3", "위원회", ("① 둔다.", "1. 하나")),
        ("10의2", "", ("삭제",)),
    ]


def test_xml_entities_and_stray_ampersands_are_repaired() -> None:
    assert drf.fix_xml_entities("a&middot;b &amp; c & d &#12; &lt;") == "a·b &amp; c &amp; d &#12; &lt;"
    xml = (
        "<LawSearch><키워드>고향&middot;기부</키워드><totalCnt>1</totalCnt>"
        "<law id='1'><법령ID>014170</법령ID><법령상세링크>/DRF/lawService.do?OC=x&target=law&MST=1</법령상세링크></law></LawSearch>"
    )
    value = drf.decode(xml.encode())
    assert value["LawSearch"]["키워드"] == "고향·기부"
    assert [i["법령상세링크"] for i in drf.iter_items(value, "LawSearch", "law")] == ["/DRF/lawService.do?OC=x&target=law&MST=1"]
    assert drf.total_count(value, "LawSearch") == 1


def test_one_hit_as_object_and_no_hit_as_absent_key() -> None:
    one = {"LawSearch": {"totalCnt": "1", "law": {"법령ID": "1"}}}
    none = {"LawSearch": {"target": "law", "totalCnt": "0"}}
    assert list(drf.iter_items(one, "LawSearch", "law")) == [{"법령ID": "1"}]
    assert list(drf.iter_items(none, "LawSearch", "law")) == []


@pytest.mark.parametrize(
    ("body", "message", "miss", "page"),
    [
        (
            '{"result":"사용자 정보 검증에 실패하였습니다.","msg":"IP주소를 등록해 주세요."}',
            "법제처 Open API가 오류로 답했습니다: 사용자 정보 검증에 실패하였습니다. IP주소를 등록해 주세요.",
            False,
            False,
        ),
        (
            "<Response><result>필수입력요소 검증에 실패하였습니다.</result><msg>OC</msg></Response>",
            "법제처 Open API가 오류로 답했습니다: 필수입력요소 검증에 실패하였습니다. OC",
            False,
            False,
        ),
        (
            '{"Law":"일치하는 법령이 없습니다. 확인하여 주십시오."}',
            "법제처에 그 자료가 없습니다: 일치하는 법령이 없습니다. 확인하여 주십시오.",
            True,
            False,
        ),
        (
            "<!DOCTYPE html><html><script>location.assign('/x')</script></html>",
            "법제처 서버가 자료 대신 웹 페이지(HTML)를 보냈습니다. 점검 중이거나, 자동 접속 차단 화면일 수 있습니다. "
            "잠시 뒤 다시 시도하고, 계속되면 open.law.go.kr에 등록한 IP 주소를 확인하십시오.",
            False,
            True,
        ),
    ],
)
def test_error_shapes_sent_with_200(body: str, message: str, miss: bool, page: bool) -> None:
    with pytest.raises(drf.DrfError) as caught:
        drf.decode(body.encode())
    assert (caught.value.message, caught.value.miss, caught.value.html_page) == (message, miss, page)


def test_xml_with_a_doctype_is_refused() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><법령>&a;</법령>'
    with pytest.raises(drf.DrfError, match="문서형 선언"):
        drf.decode(bomb.encode())


def test_text_documents_are_recognised_by_content_not_name(tmp_path: Path) -> None:
    law = tmp_path / "아무이름.xml"
    law.write_bytes((DRF / "law" / "264861.xml").read_bytes())
    md = tmp_path / "law.md"
    md.write_text("---\n제목: x\n---\n본문\n", encoding="utf-8")
    listing = tmp_path / "list.json"
    listing.write_text('{"LawSearch":{"totalCnt":"0"}}', encoding="utf-8")
    text = drf.read_text_document(read_document(law))
    assert isinstance(text, LawVersion) and text.mst == "264861" and text.source == str(law)
    assert drf.read_text_document(read_document(md)) is None
    assert drf.read_text_document(read_document(listing)) is None
    saved_error = tmp_path / "오류.json"
    saved_error.write_text('{"result":"사용자 정보 검증에 실패하였습니다.","msg":"등록해 주세요."}', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        drf.read_text_document(read_document(saved_error))
    assert caught.value.render() == (
        "파일 '오류.json': 법제처 본문이 아니라 오류 응답이 저장된 파일입니다. "
        "법제처 Open API가 오류로 답했습니다: 사용자 정보 검증에 실패하였습니다. 등록해 주세요."
        "\n  → 법제처에서 본문을 다시 받아 저장하십시오."
    )
