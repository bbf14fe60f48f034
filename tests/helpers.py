"""Small builders for test inputs and a way to read result workbooks back."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from core.cli import main as cli_main
from tasks import registry


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    sheet: str = "Sheet1",
    text_columns: Sequence[int] = (),
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    r = 1
    if title:
        ws.cell(row=1, column=1, value=title)
        r = 3
    for c, name in enumerate(header, start=1):
        ws.cell(row=r, column=c, value=name)
    for row in rows:
        r += 1
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if c - 1 in text_columns:
                cell.number_format = "@"
    wb.save(path)
    return path


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]], encoding: str = "cp949") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(list(argv), registry(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def run_json(*argv: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run_cli(*argv, "--json")
    return code, (json.loads(out) if out.strip() else {}), err


def sheet_rows(path: Path, sheet: str) -> list[dict[str, Any]]:
    """A result sheet as dicts keyed by its header row."""
    wb = load_workbook(path, read_only=True, data_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def key_values(path: Path, sheet: str) -> dict[str, Any]:
    wb = load_workbook(path, read_only=True, data_only=True)
    out = {}
    for row in wb[sheet].iter_rows(values_only=True):
        if row and row[0] is not None:
            out.setdefault(str(row[0]).strip(), row[1] if len(row) > 1 else None)
    wb.close()
    return out


ROOT = Path(__file__).resolve().parents[1]


def start_cli_run_reading(tmp: Path, home: Path, rows: int = 60_000) -> tuple[subprocess.Popen[str], Path]:
    """A real `main.py run overtime-pay` on *rows* daily rows, returned once it is reading its input."""
    from benchmarks.overtime_pay import make_inputs

    records, payments = make_inputs(tmp, rows)
    output = tmp / "o.xlsx"
    env = {**os.environ, "HAENGBOT_HOME": str(home)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "main.py",
            "run",
            "overtime-pay",
            "--input",
            f"records={records}",
            "--input",
            f"payments={payments}",
            "--output",
            str(output),
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        encoding="utf-8",
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if "읽는 중" in line:
            break
    time.sleep(0.2)
    return proc, output
