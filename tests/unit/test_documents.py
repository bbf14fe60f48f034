"""Document readers (core/documents.py, core/frontmatter.py): real statute files in, hostile files refused by name."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from core.documents import (
    Document,
    DocumentChoice,
    HwpxDocument,
    JsonDocument,
    MarkdownDocument,
    XmlDocument,
    gather,
    read_document,
    survey,
)
from core.errors import InputError
from core.frontmatter import FrontmatterError, parse_frontmatter
from core.spec import DocumentInput, DocumentKind
from tests.support.docs_task import hwpx_bytes

LAW_CASES = Path("/work/shared/data/law-cases")  # the whole set, where the machine has it
LAW_COPIES = Path(__file__).resolve().parents[1] / "data" / "law-cases"  # four of them, in the repository


def test_copies_are_the_shared_files() -> None:
    if not LAW_CASES.is_dir():
        pytest.skip("../shared/data/law-cases is not on this machine")
    pairs = {
        "law-new-법률.md": "C1-hometown-donation/law-new-법률.md",
        "law-new-시행령.md": "C1-hometown-donation/law-new-시행령.md",
        "ordinance-C1.md": "C1-hometown-donation/ordinance-1.md",
        "ordinance-C7.md": "C7-livestock-manure/ordinance-1.md",
    }
    for copy, shared in pairs.items():
        assert (LAW_COPIES / copy).read_bytes() == (LAW_CASES / shared).read_bytes()


@pytest.mark.parametrize("where", ["copies", "shared"])
def test_every_law_case_file_reads_with_its_frontmatter(where: str) -> None:
    if where == "shared" and not LAW_CASES.is_dir():
        pytest.skip("../shared/data/law-cases is not on this machine")
    files = sorted(LAW_COPIES.glob("*.md")) if where == "copies" else sorted(LAW_CASES.glob("*/*.md"))
    assert len(files) == (4 if where == "copies" else 38)
    for path in files:
        doc = read_document(path)
        assert isinstance(doc, MarkdownDocument), path
        assert ("제목" in doc.front) != ("자치법규명" in doc.front), path  # a law or an ordinance, never both
        assert "##### 제1조" in doc.body and not doc.body.startswith("---")
    law = read_document(LAW_COPIES / "law-new-시행령.md")
    assert isinstance(law, MarkdownDocument)
    assert law.front["법령ID"] == "014333"  # the leading zero YAML typing would lose
    assert law.front["공포일자"] == "2024-08-13"
    assert law.front["소관부처"] == ["행정안전부"]
    assert law.front["첨부파일"][1] == {
        "별표번호": "0000",
        "별표가지번호": "00",
        "별표구분": "서식",
        "제목": "고향사랑 기부금 기탁서",
        "파일링크": "https://www.law.go.kr/LSW/flDownload.do?flSeq=143480005",
        "PDF링크": "https://www.law.go.kr/LSW/flDownload.do?flSeq=143480007",
    }
    ordinance = read_document(LAW_COPIES / "ordinance-C1.md")
    assert isinstance(ordinance, MarkdownDocument)
    assert ordinance.front["지자체구분"] == {"광역": "경기도", "기초": "광주시"}
    assert ordinance.front["공포일자보정"] is False and ordinance.front["첨부파일"] == []
    nested = read_document(LAW_COPIES / "ordinance-C7.md")
    assert isinstance(nested, MarkdownDocument) and nested.front["첨부파일"][0]["파일형식"] == "hwp"


def test_frontmatter_subset() -> None:
    assert parse_frontmatter("a: 'it''s'\nb: \"x\\\"y\"\nc:\n  - 1\n  - '2'\nd:\n") == {
        "a": "it's",
        "b": 'x"y',
        "c": ["1", "2"],
        "d": None,
    }
    with pytest.raises(FrontmatterError) as err:
        parse_frontmatter("a: 1\n\tb: 2\n", first_line=2)
    assert (err.value.reason, err.value.line) == ("들여쓰기에 탭 문자가 있습니다(공백만 씁니다)", 3)
    with pytest.raises(FrontmatterError) as err:
        parse_frontmatter("a: |\n  text\n")
    assert err.value.reason == "읽을 수 없는 값 형식입니다: |"


def message(path: Path, **kwargs: int) -> str:
    with pytest.raises(InputError) as err:
        read_document(path, **kwargs)
    return str(err.value)


def test_markdown_problems_name_the_file(tmp_path: Path) -> None:
    unclosed = tmp_path / "열림.md"
    unclosed.write_text("---\n제목: 법\n\n# 법\n", encoding="utf-8")
    assert message(unclosed).startswith(
        "파일 '열림.md': 머리말(---) 1행을 읽을 수 없습니다: 여는 '---' 줄은 있지만 닫는 '---' 줄이 없습니다."
    )
    cp949 = tmp_path / "한글.md"
    cp949.write_bytes("# 제1조 목적\n".encode("cp949"))
    assert message(cp949) == (
        "파일 '한글.md': UTF-8 글자가 아닌 내용이 있습니다(2번째 바이트).\n"
        "  → 메모장 등에서 'UTF-8'로 다시 저장한 뒤 선택하십시오."
    )
    plain = tmp_path / "본문.md"
    plain.write_text("# 본문만\n", encoding="utf-8")
    doc = read_document(plain)
    assert isinstance(doc, MarkdownDocument) and doc.front == {} and doc.body == "# 본문만\n"


def test_xml_entities_and_doctype_are_refused(tmp_path: Path) -> None:
    laughs = tmp_path / "laughs.xml"
    laughs.write_text(
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>'
    )
    assert message(laughs) == (
        "파일 'laughs.xml': XML 안에 문서형 선언(DOCTYPE)이나 엔터티 선언이 있어 읽지 않았습니다(안전을 위해).\n"
        "  → 법령 정보 누리집에서 받은 원본 XML을 그대로 지정하십시오."
    )
    broken = tmp_path / "broken.xml"
    broken.write_text("<법령>\n<조문>제1조</법령>", encoding="utf-8")
    assert message(broken) == "파일 'broken.xml': XML 형식이 맞지 않습니다(2행 10번째 글자 부근)."
    good = tmp_path / "law.xml"
    good.write_text("<법령><기본정보><법령명_한글>주차장법</법령명_한글></기본정보></법령>", encoding="utf-8")
    doc = read_document(good)
    assert isinstance(doc, XmlDocument) and doc.root.findtext("기본정보/법령명_한글") == "주차장법"


def test_json_reads_and_reports_the_place(tmp_path: Path) -> None:
    good = tmp_path / "law.json"
    good.write_text(json.dumps({"법령": {"법령명": "주차장법"}}, ensure_ascii=False), encoding="utf-8")
    doc = read_document(good)
    assert isinstance(doc, JsonDocument) and doc.content["법령"]["법령명"] == "주차장법"
    bad = tmp_path / "bad.json"
    bad.write_text('{"법령":\n  [1, 2,]}', encoding="utf-8")
    assert message(bad) == "파일 'bad.json': JSON 형식이 맞지 않습니다(2행 9번째 글자)."


def test_hwpx_opens_lists_members_and_refuses_bombs(tmp_path: Path) -> None:
    good = tmp_path / "서식.hwpx"
    good.write_bytes(hwpx_bytes(["공고"]))
    doc = read_document(good)
    assert isinstance(doc, HwpxDocument) and doc.members[0] == "mimetype" and "Contents/section0.xml" in doc.members
    notzip = tmp_path / "가짜.hwpx"
    notzip.write_bytes(b"HWP Document File")
    assert message(notzip).startswith("파일 '가짜.hwpx': HWPX 파일이 아니거나 손상되었습니다(압축을 열 수 없음).")
    nomime = tmp_path / "엑셀.hwpx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    nomime.write_bytes(buffer.getvalue())
    assert message(nomime).startswith("파일 '엑셀.hwpx': HWPX 문서가 아닙니다(압축 안에 한글 문서 표시(mimetype)가 없습니다).")
    bomb = tmp_path / "폭탄.hwpx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")
        archive.writestr("Contents/section0.xml", b"\0" * (40 << 20))
    bomb.write_bytes(buffer.getvalue())
    assert message(bomb).startswith(
        "파일 '폭탄.hwpx': 파일 안의 'Contents/section0.xml' 부분이 압축을 풀면 지나치게 커서 읽지 않았습니다"
    )


def test_only_regular_files_of_a_sane_size(tmp_path: Path) -> None:
    big = tmp_path / "큰.md"
    big.write_text("# 법\n" * 100, encoding="utf-8")
    assert "파일이 너무 큽니다" in message(big, limit=100)
    folder = tmp_path / "법령"
    folder.mkdir()
    (folder / "01.md").write_text("# 법\n", encoding="utf-8")
    os.mkfifo(folder / "02-파이프.md")
    spec = DocumentInput("laws", "법령 문서", DocumentKind.FOLDER, (".md",))
    found = survey(spec, DocumentChoice((folder,)))
    assert [(p.name, reason) for p, reason in found.files] == [
        ("01.md", ""),
        ("02-파이프.md", "일반 파일이 아닙니다(장치·파이프 같은 특수 파일은 읽지 않습니다)."),
    ]
    assert not found.ok


def test_gather_by_kind(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.json"
    a.write_text("# a\n", encoding="utf-8")
    b.write_text("{}", encoding="utf-8")
    one = DocumentInput("law", "법령", DocumentKind.FILE, (".md",))
    with pytest.raises(InputError) as err:
        gather(one, DocumentChoice((a, a.with_name("c.md"))))
    assert str(err.value) == "'법령'(law)에는 파일을 하나만 지정하십시오. 받은 파일: 2개"
    with pytest.raises(InputError) as err:
        gather(one, DocumentChoice((b,)))
    assert str(err.value) == "파일 'b.json': '법령'에 넣을 수 없는 형식입니다(.json).\n  → 받는 형식: .md"
    many = DocumentInput("laws", "법령", DocumentKind.FILES, (".md", ".json"))
    assert gather(many, DocumentChoice((a, b, a))) == [a, b]
    (tmp_path / ".숨김.md").write_text("x", encoding="utf-8")
    (tmp_path / "~$잠금.md").write_text("x", encoding="utf-8")
    (tmp_path / "하위폴더.md").mkdir()  # a folder input reads its own files, not sub-folders
    folder = DocumentInput("laws", "법령", DocumentKind.FOLDER, (".md",))
    assert gather(folder, DocumentChoice((tmp_path,))) == [a]
    raw = DocumentInput("notes", "메모", DocumentKind.FILE, (".txt",))
    note = tmp_path / "n.txt"
    note.write_bytes(b"abc")
    doc = read_document(note)
    assert type(doc) is Document and doc.text == "abc" and doc.sha256.startswith("ba7816bf") and raw.accepts(note)


def test_size_limit_comes_from_settings(tmp_path: Path, haengbot_home: Path) -> None:
    from core.settings import Settings

    settings = Settings()
    settings.set("reader.max_file_mb", "1")
    settings.save()
    folder = tmp_path / "법령"
    folder.mkdir()
    (folder / "큰.md").write_bytes(b"#" * (1 << 20) + b"\n")
    (folder / "작은.md").write_text("# 법\n", encoding="utf-8")
    found = survey(DocumentInput("laws", "법령", DocumentKind.FOLDER, (".md",)), DocumentChoice((folder,)))
    assert [(p.name, reason) for p, reason in found.files] == [
        ("작은.md", ""),
        ("큰.md", "파일이 너무 큽니다(1MB). 읽을 수 있는 크기는 1MB까지입니다."),
    ]
