"""core.hwpx: templates filled, rows repeated, pages merged, documents built; every archive passes the validators."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from core.hwpx import HP, HwpxDoc, HwpxTemplateError, build_document, page_count, paragraph_text, problems, text_of

BIN = Path(sys.executable).parent


def validate_with_cli(data: bytes, tmp_path: Path) -> None:
    """The two python-hwpx command-line validators, as a person would run them on the file."""
    path = tmp_path / "doc.hwpx"
    path.write_bytes(data)
    for tool in ("hwpx-validate", "hwpx-validate-package"):
        done = subprocess.run([str(BIN / tool), str(path)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (tool, done.stdout, done.stderr)


def section_root(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("Contents/section0.xml"))


def template() -> bytes:
    doc = HwpxDoc.blank()
    doc.add_title("자동차 공고 {{공고번호}}")
    doc.add_paragraph("담당: {{부서}} ({{전화}})")
    doc.add_table(["차량번호", "차명"], [["{{차량.차량번호}}", "{{차량.차명}}"]], widths=[1, 2])
    doc.add_paragraph("끝.")
    return doc.to_bytes()


def test_built_document_is_sound_and_reads_back(tmp_path: Path) -> None:
    data = build_document("제목입니다", ["첫 문단", "둘째 문단"], ["가", "나"], [["1", "2"], ["3", "4"]])
    assert problems(data) == []
    validate_with_cli(data, tmp_path)
    assert text_of(data).split("\n") == ["제목입니다", "첫 문단", "둘째 문단", "", "가", "나", "1", "2", "3", "4"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    root = section_root(data)
    assert root.find(f".//{HP}linesegarray") is None
    heights = {cell.find(f"{HP}cellSz").get("height") for cell in root.iter(f"{HP}tc")}
    assert heights == {"1900"}
    table = root.find(f".//{HP}tbl")
    assert table.get("rowCnt") == "3"
    assert table.find(f"{HP}sz").get("height") == str(3 * 1900)
    widths = [int(cell.find(f"{HP}cellSz").get("width")) for cell in table.find(f"{HP}tr").iterfind(f"{HP}tc")]
    assert widths[0] == widths[1] == sum(widths) // 2


def test_fill_and_rows(tmp_path: Path) -> None:
    doc = HwpxDoc.open(template())
    assert doc.placeholders() == {"공고번호", "부서", "전화", "차량.차량번호", "차량.차명"}
    doc.fill({"공고번호": "제2026-17호", "부서": "차량등록과", "전화": "031-760-0000"})
    assert doc.fill_rows("차량", [{"차량번호": "12가3456", "차명": "쏘나타"}, {"차량번호": "34나5678", "차명": "모닝"}]) == 2
    data = doc.to_bytes()
    assert problems(data) == []
    validate_with_cli(data, tmp_path)
    lines = text_of(data).split("\n")
    assert lines[:2] == ["자동차 공고 제2026-17호", "담당: 차량등록과 (031-760-0000)"]
    assert lines[3:9] == ["차량번호", "차명", "12가3456", "쏘나타", "34나5678", "모닝"]
    table = section_root(data).find(f".//{HP}tbl")
    assert table.get("rowCnt") == "3"
    assert [row.find(f"{HP}tc/{HP}cellAddr").get("rowAddr") for row in table.iterfind(f"{HP}tr")] == ["0", "1", "2"]
    assert table.find(f"{HP}pos").get("treatAsChar") == "0"  # it grows with the records: it must break across pages
    assert table.find(f"{HP}sz").get("height") == str(3 * 1900)


def test_no_records_removes_the_row_and_keeps_the_header() -> None:
    doc = HwpxDoc.open(template())
    doc.fill({"공고번호": "1", "부서": "2", "전화": "3"})
    assert doc.fill_rows("차량", []) == 0
    data = doc.to_bytes()
    table = section_root(data).find(f".//{HP}tbl")
    assert table.get("rowCnt") == "1"
    assert problems(data) == []


def test_missing_value_is_a_korean_error_and_row_fields_wait_for_fill_rows() -> None:
    doc = HwpxDoc.open(template())
    with pytest.raises(HwpxTemplateError, match=r"값이 없습니다: \{\{전화\}\}"):
        doc.fill({"공고번호": "1", "부서": "2"})
    with pytest.raises(HwpxTemplateError, match=r"\{\{없음\.…\}\} 자리표시가 있는 표 행이 없습니다"):
        HwpxDoc.open(template()).fill_rows("없음", [])
    with pytest.raises(ValueError, match="one line"):
        HwpxDoc.open(template()).fill({"공고번호": "a\nb", "부서": "", "전화": ""})


def test_placeholder_split_over_runs_is_found_and_takes_the_first_runs_format() -> None:
    doc = HwpxDoc.blank()
    doc.add_paragraph("앞 {{이름}} 뒤")
    data = doc.to_bytes()
    # Split the placeholder the way 한글 does after retyping: "앞 {{이" | "름}} 뒤", the second run bold.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    section = parts["Contents/section0.xml"].decode()
    section = section.replace(
        "<hp:t>앞 {{이름}} 뒤</hp:t></hp:run>",
        '<hp:t>앞 {{이</hp:t></hp:run><hp:run charPrIDRef="0"><hp:t>름}} 뒤</hp:t></hp:run>',
    )
    parts["Contents/section0.xml"] = section.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, payload in parts.items():
            archive.writestr(name, payload, compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    split = HwpxDoc.open(buffer.getvalue())
    assert split.placeholders() == {"이름"}
    split.fill({"이름": "홍*동"})
    paragraph = section_root(split.to_bytes()).find(f"{HP}p")
    assert [t.text for t in paragraph.iter(f"{HP}t")] == ["앞 홍*동", " 뒤"]
    assert paragraph_text(paragraph) == "앞 홍*동 뒤"


def test_merge_pages_one_page_per_record(tmp_path: Path) -> None:
    doc = HwpxDoc.open(template())
    records = [
        {"공고번호": f"제{n}호", "부서": "과", "전화": "1", "차량.차량번호": f"{n}가0000", "차량.차명": "차"} for n in (1, 2, 3)
    ]
    assert doc.merge_pages(records) == 3
    data = doc.to_bytes()
    assert problems(data) == []
    validate_with_cli(data, tmp_path)
    assert page_count(data) == 3
    text = text_of(data)
    assert [line for line in text.split("\n") if line.startswith("자동차 공고")] == [
        "자동차 공고 제1호",
        "자동차 공고 제2호",
        "자동차 공고 제3호",
    ]
    root = section_root(data)
    assert len(root.findall(f".//{HP}secPr")) == 1
    table_ids = [table.get("id") for table in root.iter(f"{HP}tbl")]
    assert len(table_ids) == 3 == len(set(table_ids))


def test_problems_catches_each_trap() -> None:
    data = build_document("t", ["p"], ["a"], [["b"]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    section = parts["Contents/section0.xml"].decode()
    broken = (
        section.replace('charPrIDRef="', 'charPrIDRef="9', 1)
        .replace(
            "<hp:t>p</hp:t></hp:run>",
            '<hp:t>p</hp:t></hp:run><hp:linesegarray><hp:lineseg textpos="0" vertpos="0" vertsize="1000" textheight="1000" baseline="850" spacing="600" horzpos="0" horzsize="42520" flags="393216"/></hp:linesegarray>',
        )
        .replace('height="1900"/>', 'height="0"/>', 1)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # mimetype deflated and not first
        for name, payload in reversed(list(parts.items())):
            archive.writestr(
                name, broken.encode() if name == "Contents/section0.xml" else payload, compress_type=zipfile.ZIP_DEFLATED
            )
    found = problems(buffer.getvalue())
    assert "mimetype is not the first entry, stored" in found
    assert any("resolves to no charPr" in line for line in found)
    assert "Contents/section0.xml: a paragraph carries linesegarray" in found
    assert "Contents/section0.xml: a table cell without an explicit height" in found


def test_not_an_hwpx_is_a_korean_error() -> None:
    with pytest.raises(HwpxTemplateError, match="HWPX 파일을 열 수 없습니다"):
        HwpxDoc.open(b"not a zip")


def test_saving_drops_a_templates_layout_cache() -> None:
    doc = HwpxDoc.open(template())
    section = doc._document.sections[0].element
    first = section.find(f"{HP}p")
    cache = etree.SubElement(first, f"{HP}linesegarray")
    etree.SubElement(cache, f"{HP}lineseg", textpos="0")
    doc.fill({"공고번호": "1", "부서": "2", "전화": "3"})
    assert section_root(doc.to_bytes()).find(f".//{HP}linesegarray") is None
