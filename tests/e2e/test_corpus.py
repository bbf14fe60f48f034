"""The corpus test: every real-world spreadsheet in tests/data/corpus, and every hostile file, through the real CLI.

Each file is the ``records`` input of ``main.py run overtime-pay`` in its own process, limited to
2 GiB of address space and 60 s: forked from a warm parent (tests/support/cli_fork_server.py, so
80 files fit the time budget), and the hostile ones once more as a plain ``python main.py`` each.
Whatever the file, the CLI must end with exit 0 (read and run)
or 2 (a Korean reason naming the file), never a traceback, exit 1 or 3, or death by a signal
(a negative return code: calamine's SIGABRT). Where the files come from and their licences:
tests/data/corpus/LICENSES.md. The hostile files are built here, at test time, by
tests/support/hostile_files.py (bombs are not committed to the tree).
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tasks.overtime_pay.sample import write_samples
from tests.support import hostile_files as H

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "corpus"
SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".txt"}
MEMORY_LIMIT = 2 << 30
TIME_LIMIT_S = 60
HANGUL = re.compile(r"[가-힣]")

HOSTILE: dict[str, Callable[[Path], Path]] = {
    "giant_dimension.xlsx": H.giant_dimension,
    "sparse_declared_huge.xlsx": H.sparse_declared_huge,
    "shared_strings_bomb.xlsx": H.shared_strings_bomb,
    "lying_size.xlsx": H.lying_size,
    "many_small_bombs.xlsx": H.many_small_bombs,
    "payments_with_footnote.xlsx": H.payments_with_footnote,
    "no_end_date.xlsx": H.no_end_date,
    "excel_errors.xlsx": H.excel_errors,
    "with_chart_sheet.xlsx": H.with_chart_sheet,
}


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _argv(path: Path, payments: Path, output: Path) -> list[str]:
    return ["run", "overtime-pay", "--input", f"records={path}", "--input", f"payments={payments}", "--output", str(output)]


def _run_fresh(path: Path, payments: Path, out_dir: Path) -> tuple[Path, int, str]:
    """One plain ``python main.py run …`` (a fresh interpreter), as a clerk's scheduler would start it."""
    try:
        done = subprocess.run(
            [sys.executable, "main.py", *_argv(path, payments, out_dir / f"fresh-{path.name}.xlsx")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TIME_LIMIT_S,
            preexec_fn=_limits,
        )
    except subprocess.TimeoutExpired:
        return path, -999, f"{TIME_LIMIT_S}초 안에 끝나지 않음"
    return path, done.returncode, done.stderr


def _run_forked(files: list[Path], payments: Path, out_dir: Path) -> list[tuple[Path, int, str]]:
    """Every file through the fork server: one warm parent, one limited child per file, three at a time."""
    requests = [
        {"id": i, "argv": _argv(p, payments, out_dir / f"{i}.xlsx"), "stderr": str(out_dir / f"{i}.err")}
        for i, p in enumerate(files)
    ]
    server = ROOT / "tests" / "support" / "cli_fork_server.py"
    done = subprocess.run(
        [sys.executable, str(server), str(MEMORY_LIMIT), str(TIME_LIMIT_S), "3"],
        input="".join(json.dumps(r) + "\n" for r in requests),
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    codes = {a["id"]: a["code"] for a in map(json.loads, done.stdout.splitlines())}
    assert sorted(codes) == list(range(len(files)))
    return [(p, codes[i], (out_dir / f"{i}.err").read_text(encoding="utf-8", errors="replace")) for i, p in enumerate(files)]


def test_corpus_has_forty_real_files_small_and_licensed() -> None:
    """The Done-when line: at least 40 real-world files, each < 200 KB, all < 5 MB, each listed with its licence."""
    files = corpus_files()
    assert len(files) >= 40
    assert all(p.stat().st_size < 200_000 for p in files)
    assert sum(p.stat().st_size for p in files) < 5_000_000
    listed = (CORPUS / "LICENSES.md").read_text(encoding="utf-8")
    missing = [str(p.relative_to(CORPUS)) for p in files if f"`{p.relative_to(CORPUS).as_posix()}`" not in listed]
    assert missing == []


@pytest.mark.timeout(240)
def test_every_corpus_and_hostile_file_ends_in_exit_0_or_2_with_korean_text(tmp_path: Path) -> None:
    """Guards the whole reader slice of issue 10 end to end: no traceback, no exit 1/3, no abort, no hang, no memory blow-up."""
    payments = Path(write_samples(tmp_path / "samples")["payments"])
    hostile_dir = tmp_path / "hostile"
    hostile_dir.mkdir()
    hostile = [build(hostile_dir / name) for name, build in HOSTILE.items()]
    fifo = hostile_dir / "pipe.csv"
    os.mkfifo(fifo)
    files = [*corpus_files(), *hostile, fifo, Path("/dev/zero")]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    fresh = [hostile_dir / "giant_dimension.xlsx", hostile_dir / "shared_strings_bomb.xlsx", fifo]
    with ThreadPoolExecutor(max_workers=1) as pool:
        fresh_results = pool.map(lambda p: _run_fresh(p, payments, out_dir), fresh)
        results = _run_forked(files, payments, out_dir)
        results += [(Path(f"fresh-{p.name}"), code, text.replace(p.name, f"fresh-{p.name}")) for p, code, text in fresh_results]
    bad = []
    for path, code, stderr in results:
        if code not in (0, 2) or "Traceback" in stderr or not HANGUL.search(stderr):
            bad.append(f"{path.name}: exit {code}: {stderr[-400:]}")
        elif code == 2 and path.name not in stderr:
            bad.append(f"{path.name}: exit 2 without naming the file: {stderr[-400:]}")
    assert bad == []
    codes = {path.name: code for path, code, _ in results}
    # The files the fixes are about end as decided, not merely "somehow 0 or 2".
    assert codes["insarang_overtime_utf8sig.csv"] == 0
    stderr = {path.name: text for path, _, text in results}
    assert "지나치게 넓어" in stderr["giant_dimension.xlsx"]
    assert "압축을 풀면 지나치게 커서" in stderr["shared_strings_bomb.xlsx"]
    assert "일반 파일이 아닙니다" in stderr["pipe.csv"] and "일반 파일이 아닙니다" in stderr["zero"]
