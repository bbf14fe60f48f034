"""A table input made of several files (``TableInput.multiple``): a folder, or ``--input NAME=FILE`` repeated.

Each 교육기관 sends its own list in its own layout; the clerk gives them all as one input. Every file is
read on its own (its own sheet and header detection, the same declared columns), then the rows are
concatenated. Each row keeps where it came from: ``_file`` (the path, for task-level checks that mark a
row bad) and ``원본 위치`` ("파일명 시트 12행", for the clerk). A folder stands for every table file
directly inside it, in name order; hidden files and Office lock files (``~$…``) are left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from core.errors import InputError, Location
from core.reader import Table
from core.spec import TableInput

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
ORIGIN = "원본 위치"  # the column every row of a multi-file table carries
FILE_COLUMN = "_file"


def table_files(spec: TableInput, paths: Sequence[Path]) -> list[Path]:
    """The files the given paths stand for (a folder expands to its table files); Korean errors name the path."""
    if not spec.multiple and len(paths) > 1:
        raise InputError(
            f"'{spec.title}'({spec.name})에는 파일을 하나만 지정하십시오. 받은 파일: {len(paths)}개",
            hint="이 입력은 파일 1개만 받습니다. 쓸 파일 하나만 남기십시오.",
        )
    files: list[Path] = []
    for path in dict.fromkeys(paths):
        if path.is_dir():
            try:
                inside = sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith((".", "~$")) and p.is_file()
                )
            except OSError as exc:
                raise InputError(f"폴더를 읽을 수 없습니다({exc.strerror or type(exc).__name__}).", Location(str(path))) from None
            if not inside:
                raise InputError(f"폴더에 읽을 표 파일({', '.join(TABLE_SUFFIXES)})이 없습니다.", Location(str(path)))
            files.extend(inside)
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def origin_of(table: Table, row: int) -> str:
    sheet = f" {table.sheet}" if table.sheet else ""
    return f"{table.file.name}{sheet} {row}행"


def concatenate(spec: TableInput, parts: Sequence[Table], source: Path) -> Table:
    """One table from several read ones; *source* (the folder or the first file) names it in 실행정보."""
    frames = []
    for part in parts:
        df = part.df.copy()
        df[FILE_COLUMN] = str(part.file)
        df[ORIGIN] = [origin_of(part, int(r)) for r in df["_row"]]
        frames.append(df)
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    first = parts[0]
    digest = hashlib.sha256("".join(p.sha256 for p in parts).encode()).hexdigest() if len(parts) > 1 else first.sha256
    columns: dict[str, str] = {}
    for part in parts:
        for name, label in part.columns.items():
            columns.setdefault(name, label)
    skipped: dict[str, int] = {}
    for part in parts:
        for reason, count in part.skipped_rows.items():
            skipped[reason] = skipped.get(reason, 0) + count
    return Table(
        name=spec.name,
        spec=spec,
        file=source,
        sheet=first.sheet if len(parts) == 1 else None,
        df=df,
        issues=[it for part in parts for it in part.issues],
        header_row=first.header_row,
        columns=columns,
        skipped_rows=skipped,
        sha256=digest,
        encoding=first.encoding,
        column_index=dict(first.column_index),
        parts=tuple(parts),
    )


def read_several(spec: TableInput, paths: Sequence[Path], read_one: Callable[[Path], Table], source: Path | None = None) -> Table:
    """Read every file of a multiple input with *read_one* and concatenate them."""
    files = table_files(spec, paths)
    parts = []
    empty: Table | None = None
    for path in files:
        part = read_one(path)
        if not part.df.empty:
            parts.append(part)
        elif empty is None:
            empty = part
    if not parts:
        where = Location(str(empty.file), empty.sheet, empty.header_row) if empty is not None else Location(str(files[0]))
        raise InputError("머리글 아래에 데이터 행이 없습니다.", where)
    return concatenate(spec, parts, source or paths[0])
