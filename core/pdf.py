"""PDF documents without Qt: a title, paragraphs and tables, set in the bundled Korean font.

The public copy of a notice goes on the city's web board as PDF, and must look the same on every
PC, so the font travels inside the file: NanumSquare (OFL 1.1, ``resources/fonts/``), embedded as
a subset of the glyphs used. The engine is reportlab (BSD): ``benchmarks/pdf_engines.py`` measured
it against fpdf2 (LGPL-3.0) and typst (Apache-2.0) on this kind of document; the README's developer
part has the figures and the reasons.

    blocks = [Title("…"), Paragraph("…"), Table(["차량번호", "차명"], rows, widths=[2, 3]), PageBreak()]
    data = render_pdf(blocks, title="…")          # bytes; the same blocks give the same bytes

Text is plain (no markup): ``<`` and ``&`` print as themselves. Korean lines break between any two
syllables, as 한글 does, not only at spaces.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak as RlPageBreak
from reportlab.platypus import Paragraph as RlParagraph
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RlTable

from core.hwpx import OutlineParagraph, outline
from core.paths import resources_dir

REGULAR = "NanumSquare"
BOLD = "NanumSquare-Bold"
_ALIGN = {"LEFT": TA_LEFT, "CENTER": TA_CENTER, "RIGHT": TA_RIGHT, "JUSTIFY": TA_JUSTIFY}
MARGIN = 20 * mm


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    size: float = 11
    align: str = "LEFT"


@dataclass(frozen=True)
class Table:
    """A bordered table across the text width; the header row repeats on every page it spans."""

    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float] = field(default_factory=tuple)
    size: float = 9.5


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Title | Paragraph | Table | PageBreak


@cache
def register_fonts() -> tuple[str, str]:
    """Register the bundled fonts once per process; reportlab embeds the used glyphs as a subset."""
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "NanumSquareR.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "NanumSquareB.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return REGULAR, BOLD


def _style(*, bold: bool, size: float, align: str, space_after: float) -> ParagraphStyle:
    if align not in _ALIGN:
        raise ValueError(f"align must be one of {sorted(_ALIGN)}")
    return ParagraphStyle(
        name=f"{bold}-{size}-{align}",
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        leading=size * 1.5,
        alignment=_ALIGN[align],
        wordWrap="CJK",
        spaceAfter=space_after,
    )


def _text(value: object) -> str:
    return escape("" if value is None else str(value)).replace("\n", "<br/>")


def _table(block: Table, width: float) -> RlTable:
    columns = len(block.header)
    weights = list(block.widths) or [1.0] * columns
    if len(weights) != columns or any(len(row) != columns for row in block.rows):
        raise ValueError("every row and the widths need one value per header column")
    head = _style(bold=True, size=block.size, align="CENTER", space_after=0)
    body = _style(bold=False, size=block.size, align="CENTER", space_after=0)
    data = [[RlParagraph(_text(name), head) for name in block.header]]
    data += [[RlParagraph(_text(value), body) for value in row] for row in block.rows]
    table = RlTable(data, colWidths=[width * weight / sum(weights) for weight in weights], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # the cell default, else Helvetica is declared unembedded
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF7")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def render_pdf(blocks: Sequence[Block], *, title: str, author: str = "") -> bytes:
    """The blocks on A4 pages with page numbers; byte-for-byte the same for the same blocks."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        creator="HaengBot",
        invariant=True,
        # Else the canvas starts in Helvetica, which pdffonts lists as a font not embedded.
        initialFontName=REGULAR,
    )
    flowables: list[Any] = []
    for block in blocks:
        if isinstance(block, Title):
            flowables.append(RlParagraph(_text(block.text), _style(bold=True, size=18, align="CENTER", space_after=14)))
        elif isinstance(block, Paragraph):
            style = _style(bold=block.bold, size=block.size, align=block.align, space_after=block.size * 0.5)
            flowables.append(RlParagraph(_text(block.text), style) if block.text else Spacer(1, block.size))
        elif isinstance(block, Table):
            flowables.append(_table(block, document.width))
            flowables.append(Spacer(1, 8))
        else:
            flowables.append(RlPageBreak())
    document.build(flowables, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def _page_number(canvas: Any, document: Any) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 9)
    canvas.drawCentredString(A4[0] / 2, MARGIN / 2, f"- {document.page} -")
    canvas.restoreState()


def blocks_from_hwpx(data: bytes) -> list[Block]:
    """The same document as an HWPX file, in blocks: what a city's own template says, the PDF says too.

    Sizes, bold and alignment come from each paragraph's first run; a table's first row is its header.
    Rows shorter than the header (merged cells) are padded, so the table still draws.
    """
    blocks: list[Block] = []
    for item in outline(data):
        if isinstance(item, OutlineParagraph):
            if item.page_break and blocks:
                blocks.append(PageBreak())
            blocks.append(
                Paragraph(item.text, bold=item.bold, size=item.size, align=item.align if item.align in _ALIGN else "LEFT")
            )
        elif item.rows:
            columns = max(len(row) for row in item.rows)
            padded = [[*row, *[""] * (columns - len(row))] for row in item.rows]
            widths = [float(width) for width in item.widths] if len(item.widths) == columns and all(item.widths) else []
            blocks.append(Table(padded[0], padded[1:], widths=widths))
    return blocks
