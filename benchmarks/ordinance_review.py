"""Benchmark: ``ordinance-review`` on 200 ordinances and 54 law amendments made from the six real cases.

    .venv/bin/python benchmarks/ordinance_review.py [--cases DIR] [--dir DIR] [--sets 3] [--ordinances 200]

1. Generates a texts folder from ../shared/data/law-cases: every law of every case is copied under
   ``--sets`` variant names (``시험1 고향사랑 기부금에 관한 법률``…), each with its own 법령ID and 법령MST
   (versions shared by two pairs stay shared); the six ordinances are copied until there are
   ``--ordinances``, each with its own 자치법규ID and its 「…」 law names pointed at one variant set.
   One set holds 18 amendments (consecutive versions of one 법령ID), so three sets hold 54.
2. Baseline, in the same run: reading the folder (core.documents and the Markdown reader) without
   any analysis, in-process: the floor every analysis pays.
3. Ours: the CLI end to end, ``python main.py run ordinance-review --input texts=DIR --output X.xlsx``
   (process start, reading, citations, diffs, verdicts, the workbook).

Not a test: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.documents import DocumentChoice, read_documents  # noqa: E402
from tasks.ordinance_review import SPEC  # noqa: E402
from tasks.ordinance_review.citations import name_key  # noqa: E402
from tasks.ordinance_review.texts import load_folder  # noqa: E402

CASES = Path("/work/shared/data/law-cases")
_FIELD = re.compile(r"^(법령ID|법령MST|제목|자치법규ID|자치법규일련번호|자치법규명): ?'?([^'\n]*)'?$", re.M)
_BRACKET = re.compile(r"「([^」]+)」")


def _law_variant(text: str, k: int) -> str:
    def field(m: re.Match[str]) -> str:
        key, value = m.group(1), m.group(2)
        if key == "법령ID":
            return f"법령ID: '{value}{k}'"
        if key == "법령MST":
            return f"법령MST: {int(value) + k * 10_000_000}"
        return f"제목: 시험{k} {value}"

    return _FIELD.sub(field, text)


def _ordinance_variant(text: str, j: int, k: int, laws: set[str]) -> str:
    def field(m: re.Match[str]) -> str:
        key, value = m.group(1), m.group(2)
        if key in ("자치법규ID", "자치법규일련번호"):
            return f"{key}: '{value}{j:03d}'"
        return f"{key}: '{value} (시험 {j})'" if key == "자치법규명" else m.group(0)

    text = _FIELD.sub(field, text)
    return _BRACKET.sub(lambda m: f"「시험{k} {m.group(1)}」" if name_key(m.group(1)) in laws else m.group(0), text)


def generate(cases: Path, target: Path, sets: int, ordinances: int) -> None:
    target.mkdir(parents=True, exist_ok=True)
    folders = sorted(p for p in cases.iterdir() if p.is_dir())
    bases: list[tuple[str, set[str]]] = []
    for folder in folders:
        names: set[str] = set()
        for law in sorted(folder.glob("law-*.md")):
            text = law.read_text(encoding="utf-8")
            title = re.search(r"^제목: (.*)$", text, re.M)
            assert title is not None
            names.add(name_key(title.group(1)))
            for k in range(1, sets + 1):
                (target / f"{folder.name[:2]}-{law.stem}-v{k}.md").write_text(_law_variant(text, k), encoding="utf-8")
        bases.append(((folder / "ordinance-1.md").read_text(encoding="utf-8"), names))
    for j in range(ordinances):
        text, names = bases[j % len(bases)]
        k = 1 + (j // len(bases)) % sets
        (target / f"ordinance-{j:03d}.md").write_text(_ordinance_variant(text, j, k, names), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--sets", type=int, default=3)
    parser.add_argument("--ordinances", type=int, default=200)
    args = parser.parse_args()
    if not args.cases.is_dir():
        print(f"사례 폴더가 없습니다: {args.cases}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="haengbot-bench-") as scratch:
        folder = args.dir or Path(scratch) / "texts"
        generate(args.cases, folder, args.sets, args.ordinances)
        files = sorted(folder.glob("*.md"))
        size = sum(p.stat().st_size for p in files)

        start, cpu = time.perf_counter(), time.process_time()
        texts = load_folder(read_documents(SPEC, {"texts": DocumentChoice((folder,))})["texts"])
        baseline, baseline_cpu = time.perf_counter() - start, time.process_time() - cpu

        out = Path(scratch) / "out.xlsx"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "main.py", "run", "ordinance-review", "--input", f"texts={folder}", "--output", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        ours = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            print(proc.stdout + proc.stderr, file=sys.stderr)
            return 1
        summary = [line.strip() for line in (proc.stdout + proc.stderr).splitlines() if line.startswith("    ")]
        print(
            f"texts: {len(files)} files, {size / 1e6:.1f} MB; {len(texts.ordinances)} ordinances, "
            f"{len(texts.laws)} laws, {texts.amendments()} amendments, {len(texts.duplicates)} files repeating a version"
        )
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"baseline (read and parse the folder, in-process): {baseline:6.1f} s wall, {baseline_cpu:6.1f} s CPU")
        print(f"ordinance-review CLI end to end:                   {ours:6.1f} s wall, {ours_cpu:6.1f} s CPU")
        print("verdicts: " + "; ".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
