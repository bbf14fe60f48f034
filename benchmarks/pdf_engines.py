"""Which PDF engine for core/pdf.py: fpdf2, reportlab and typst on the same 공고문 (Korean text, a long table).

Each engine sets the same document (a title, eight paragraphs, a 5-column table of N cars that runs
over several pages with its header repeated) in the bundled NanumSquare, and we report the median
wall time of 5 runs, the file size, the pages, and whether the font is embedded as a subset
(``pdffonts``: emb=yes, a ``ABCDEF+`` subset prefix). reportlab is the engine core/pdf.py uses.

    .venv/bin/python benchmarks/pdf_engines.py [N]

fpdf2 and typst are dev-only packages (requirements-dev.txt); nothing ships them.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import pdf
from core.paths import resources_dir

FONTS = resources_dir() / "fonts"
HEADER = ["차량번호", "차명", "피상속인", "신청기한", "상속인 주소"]
PARAGRAPHS = [
    "자동차관리법 제12조 및 자동차등록령 제26조에 따라 상속으로 인한 자동차 이전등록을 안내하였으나, "
    "주소불명·수취인불명 등으로 송달할 수 없어 행정절차법 제14조제4항에 따라 공시송달합니다."
] * 8


def rows(count: int) -> list[list[str]]:
    return [[f"{12 + n % 80}가{1000 + n}", "쏘나타", "홍*동", "2027-03-02", "경기도 광주시 경안동"] for n in range(count)]


def with_reportlab(count: int, out: Path) -> None:
    blocks: list[pdf.Block] = [pdf.Title("자동차 상속이전등록 공시송달 공고")]
    blocks += [pdf.Paragraph(text) for text in PARAGRAPHS]
    blocks.append(pdf.Table(HEADER, rows(count), widths=[2, 2, 1.5, 2, 4]))
    out.write_bytes(pdf.render_pdf(blocks, title="bench"))


def with_fpdf2(count: int, out: Path) -> None:
    from fpdf import FPDF

    document = FPDF(format="A4")
    document.set_margins(20, 20, 20)
    document.add_font("Nanum", "", str(FONTS / "NanumSquareR.ttf"))
    document.add_font("Nanum", "B", str(FONTS / "NanumSquareB.ttf"))
    document.add_page()
    document.set_font("Nanum", "B", 18)
    document.cell(0, 12, "자동차 상속이전등록 공시송달 공고", align="C", new_x="LMARGIN", new_y="NEXT")
    document.set_font("Nanum", "", 11)
    for text in PARAGRAPHS:
        document.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    document.set_font("Nanum", "", 9.5)
    with document.table(col_widths=(2, 2, 1.5, 2, 4), text_align="CENTER", repeat_headings=1) as table:
        for values in [HEADER, *rows(count)]:
            row = table.row()
            for value in values:
                row.cell(value)
    document.output(str(out))


def with_typst(count: int, out: Path) -> None:
    import typst

    def quoted(text: str) -> str:
        return "[" + "".join("\\" + char if char in "\\[]#*_$@<`~" else char for char in text) + "]"

    cells = ", ".join(quoted(value) for values in rows(count) for value in values)
    source = (
        '#set page(paper: "a4", margin: 20mm)\n#set text(font: "NanumSquare", size: 11pt, lang: "ko")\n'
        '#align(center, text(size: 18pt, weight: "bold")[자동차 상속이전등록 공시송달 공고])\n'
        + "\n\n".join(PARAGRAPHS)
        + "\n\n#set text(size: 9.5pt)\n#table(columns: (2fr, 2fr, 1.5fr, 2fr, 4fr), align: center,\n"
        + "table.header("
        + ", ".join(f"[*{name}*]" for name in HEADER)
        + "),\n"
        + cells
        + ")\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        main = Path(folder) / "main.typ"
        main.write_text(source, encoding="utf-8")
        out.write_bytes(typst.compile(str(main), font_paths=[str(FONTS)], ignore_system_fonts=True))


def pdffonts(path: Path) -> str:
    done = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return " / ".join(" ".join(line.split()[:1] + line.split()[-5:-4]) for line in done.stdout.splitlines()[2:])


def pages(path: Path) -> int:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in done.stdout.splitlines() if line.startswith("Pages:")))


def measure(name: str, engine: Callable[[int, Path], None], count: int, folder: Path) -> None:
    out = folder / f"{name}.pdf"
    times = []
    for _ in range(5):
        start = time.perf_counter()
        engine(count, out)
        times.append(time.perf_counter() - start)
    print(
        f"{name:10} {statistics.median(times) * 1000:8.0f} ms {out.stat().st_size / 1024:8.0f} KiB {pages(out):3d} pages  fonts: {pdffonts(out)}"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    print(f"공고문: title, {len(PARAGRAPHS)} paragraphs, a table of {count} cars; median of 5 runs")
    with tempfile.TemporaryDirectory() as folder:
        for name, engine in (("reportlab", with_reportlab), ("fpdf2", with_fpdf2), ("typst", with_typst)):
            measure(name, engine, count, Path(folder))


if __name__ == "__main__":
    main()
