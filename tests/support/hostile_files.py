"""Hostile spreadsheets, built byte by byte: each one once crashed, hung or swamped the reader.

Used by the reader's unit tests and by the corpus test (``tests/e2e/test_corpus.py``), which
writes them beside the real-world files at test time instead of committing bombs to the tree.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{extra}</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>{extra}</Relationships>'
)
_SST_REL = (
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/>'
)
_SST_CT = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def _cell(ref: str, value: object) -> str:
    if value is None:
        return f'<c r="{ref}" s="0"/>'  # styled but empty, as Excel writes formatted blanks
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet_xml(cells: Iterable[tuple[str, object]], dimension: str | None = None) -> str:
    rows: dict[int, list[str]] = {}
    for ref, value in cells:
        row = int(re.sub(r"^[A-Z]+", "", ref))
        rows.setdefault(row, []).append(_cell(ref, value))
    body = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{body}</sheetData>'
        "</worksheet>"
    )


def raw_xlsx(path: Path, sheet: str, *, name: str = "Sheet1", shared_strings: bytes | None = None) -> Path:
    """A minimal but valid xlsx around one worksheet XML (and optionally a sharedStrings part)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CT.format(extra=_SST_CT if shared_strings is not None else ""))
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _BOOK.format(name=name))
        zf.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS.format(extra=_SST_REL if shared_strings is not None else ""))
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            with zf.open("xl/sharedStrings.xml", "w") as fh:
                fh.write(shared_strings)
    return path


def giant_dimension(path: Path) -> Path:
    """~1.5 KB: a header, one row, and one number at XFD1048576. calamine asks for 17 billion cells."""
    cells = [("A1", "성명"), ("B1", "금액"), ("A2", "홍길동"), ("B2", 1000), ("XFD1048576", 1)]
    return raw_xlsx(path, sheet_xml(cells, "A1:XFD1048576"))


def sparse_declared_huge(path: Path) -> Path:
    """Declares A1:XFD1048576 and holds a formatted empty cell there, but its real cells fit in A1:B3."""
    cells = [("A1", "성명"), ("B1", "금액"), ("A2", "홍길동"), ("B2", 1000), ("A3", "김철수"), ("B3", 2000)]
    return raw_xlsx(path, sheet_xml([*cells, ("XFD1048576", None)], "A1:XFD1048576"))


def shared_strings_bomb(path: Path, inflated_mb: int = 40) -> Path:
    """A sharedStrings part of *inflated_mb* MB of one repeated string: ~1000x compression."""
    piece = "<si><t>" + "가" * 1000 + "</t></si>"
    count = (inflated_mb << 20) // len(piece.encode())
    sst = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}">' + piece * count + "</sst>"
    ).encode()
    sheet = sheet_xml([("A1", "성명")]).replace(
        '<c r="A1" t="inlineStr"><is><t>성명</t></is></c>', '<c r="A1" t="s"><v>0</v></c>'
    )
    return raw_xlsx(path, sheet, shared_strings=sst)


def lying_size(path: Path) -> Path:
    """A 2 MB sharedStrings part whose zip headers claim it inflates to 1 KB."""
    shared_strings_bomb(path, 2)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/sharedStrings.xml")
    name = info.filename.encode()
    local = info.header_offset
    data[local + 22 : local + 26] = (1024).to_bytes(4, "little")
    central = data.index(b"PK\x01\x02")
    while True:
        name_len = int.from_bytes(data[central + 28 : central + 30], "little")
        if bytes(data[central + 46 : central + 46 + name_len]) == name:
            data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
            break
        central = data.index(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def payments_with_footnote(path: Path) -> Path:
    """A payments sheet whose last row is a "※ 본 자료는 …" note merged across every column."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "지급내역"
    ws.append(["공무원번호", "성명", "지급월", "실적시간", "지급액"])
    ws.append(["00123", "홍길동", "2026-03", 10, 123680])
    ws.append(["00124", "김철수", "2026-03", 5, 61840])
    ws.append(["※ 본 자료는 2026년 3월 31일 기준이며, 세부 내역은 인사팀(031-000-0000)에 문의하시기 바랍니다."])
    ws.merge_cells("A4:E4")
    wb.save(path)
    return path


def no_end_date(path: Path) -> Path:
    """A date column holding 9999-12-31 ("no end date") as a real Excel date."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["성명", "시작일", "종료일"])
    ws.append(["홍길동", dt.datetime(2026, 3, 2), dt.datetime(9999, 12, 31)])
    ws.append(["김철수", dt.datetime(2026, 3, 3), dt.datetime(2026, 12, 31)])
    wb.save(path)
    return path


def excel_errors(path: Path) -> Path:
    """Formulas whose cached results are #DIV/0! and #N/A (what Excel saves when a lookup fails)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("지급")
    ws.write_row(0, 0, ["성명", "지급액", "비고"])
    ws.write(1, 0, "홍길동")
    ws.write_formula(1, 1, "=1/0", None, "#DIV/0!")
    ws.write(2, 0, "김철수")
    ws.write_formula(2, 1, '=VLOOKUP("x",D1:E2,2,FALSE)', None, "#N/A")
    ws.write(3, 0, "이영희")
    ws.write(3, 1, 5000)
    ws.write_formula(3, 2, "=NA()", None, "#N/A")
    wb.close()
    return path


def with_chart_sheet(path: Path) -> Path:
    """A data sheet and a chart sheet (a sheet that holds a chart and no cells)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("지급")
    ws.write_row(0, 0, ["성명", "지급액"])
    ws.write_row(1, 0, ["홍길동", 1000])
    chart_sheet = wb.add_chartsheet("차트")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=지급!$B$2:$B$2"})
    chart_sheet.set_chart(chart)
    wb.close()
    return path


def abort_while_reading(progress) -> None:  # type: ignore[no-untyped-def]
    """A job that dies the way calamine died on the giant-dimension file: SIGABRT, no word sent back."""
    import os

    progress(0, 1, "파일을 여는 중")
    os.abort()


def many_small_bombs(path: Path, parts: int = 30) -> Path:
    """*parts* members of 1 MB each, every one under the per-part ratio floor, ~30 MB from ~30 KB together."""
    shared_strings_bomb(path, 1)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for i in range(parts):
            zf.writestr(f"customXml/item{i}.xml", "<a>" + "0" * (1 << 20) + "</a>")
    return path
