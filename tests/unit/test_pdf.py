"""core.pdf: Korean text in the embedded bundled font, read back by poppler's tools."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from core.pdf import PageBreak, Paragraph, Table, Title, render_pdf


def poppler(tool: str, path: Path, *args: str) -> str:
    return subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def fonts(path: Path) -> list[tuple[str, str]]:
    """(name, emb) for each font pdffonts lists."""
    lines = poppler("pdffonts", path).splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines]


def pages(path: Path) -> int:
    info = poppler("pdfinfo", path)
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_korean_text_embedded_fonts_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    blocks = [
        Title("자동차 상속이전등록 공시송달 공고"),
        Paragraph("행정절차법 제14조제4항에 따라 <공시송달> & 공고합니다.", align="JUSTIFY"),
        Paragraph("문의: 차량등록과", bold=True),
        Table(["차량번호", "차명"], [["12가3456", "쏘나타"], ["34나5678", "모닝"]], widths=[1, 2]),
    ]
    path.write_bytes(render_pdf(blocks, title="공고"))
    listed = fonts(path)
    assert {name.split("+", 1)[1] for name, _ in listed} == {"NanumSquareR", "NanumSquareB"}
    assert all(emb == "yes" and "+" in name for name, emb in listed)  # embedded, as a subset
    text = poppler("pdftotext", path, "-layout")
    for fact in (
        "자동차 상속이전등록 공시송달 공고",
        "<공시송달> & 공고합니다.",
        "문의: 차량등록과",
        "12가3456",
        "쏘나타",
        "34나5678",
        "-1-",
    ):
        assert fact in text
    assert pages(path) == 1


def test_same_blocks_same_bytes_and_page_breaks(tmp_path: Path) -> None:
    blocks = [Title("가"), PageBreak(), Paragraph("나")]
    first = render_pdf(blocks, title="t")
    assert first == render_pdf(blocks, title="t")
    assert b"/Count 2" in first


def test_long_table_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    rows = [[f"{n}가{1000 + n}", "차"] for n in range(120)]
    path.write_bytes(render_pdf([Table(["차량번호", "차명"], rows)], title="t"))
    count = pages(path)
    assert count >= 3
    assert poppler("pdftotext", path).count("차량번호") == count
    assert "119가1119" in poppler("pdftotext", path)


def test_rows_must_match_the_header() -> None:
    with pytest.raises(ValueError, match="one value per header column"):
        render_pdf([Table(["a", "b"], [["1"]])], title="t")
