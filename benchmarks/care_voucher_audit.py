"""Benchmark: ``care-voucher-audit`` on a million voucher payments, against a naive pandas self-join.

    python benchmarks/care_voucher_audit.py [--rows 1000000] [--naive-rows 200000] [--dir DIR] [--skip-xlsx]

1. Generates a fictional month (cached in DIR): ``payments`` as CSV and as xlsx, plus events, limits and
   relations for the same people. Each helper works two sessions a day; about 0.5% of sessions are moved
   so that they overlap another, so every rule has findings.
2. Runs our CLI end to end (``python main.py run …``) on the CSV and on the xlsx, each as a child
   process under ``/usr/bin/time -v`` for its peak RSS.
3. In the same run: ``pandas.read_csv`` on the same million-row CSV (the floor for reading it), and at
   ``--naive-rows`` the naive R05 script (read_csv, a self-join on 활동지원사번호, a filter) against our
   sweep on the same rows; both must flag the same payments.

Not a test: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
PY = sys.executable
TIME = "/usr/bin/time"
COLUMNS = [
    "수급자번호",
    "수급자명",
    "활동지원사번호",
    "활동지원사명",
    "제공기관",
    "급여종류",
    "서비스일자",
    "시작시각",
    "종료시각",
]
COLUMNS += ["결제금액", "결제구분", "승인번호"]
PER_HELPER = 60  # about two sessions a day for a month


def make_payments(rows: int, seed: int = 7) -> pd.DataFrame:
    """*rows* payments in 2026-10: helper h serves recipients 2h and 2h+1, mornings and afternoons."""
    rng = np.random.default_rng(seed)
    i = np.arange(rows)
    helper = i // PER_HELPER
    slot = i % PER_HELPER
    day = slot // 2 + 1  # 1..30
    afternoon = slot % 2
    recipient = helper * 2 + afternoon
    start = np.where(afternoon == 1, 14 * 60, 9 * 60)
    length = np.where(afternoon == 1, 180, 180)
    # 0.5% of the sessions are moved by up to 5 hours: overlaps with the helper's other session (R05, R12 …).
    moved = rng.random(rows) < 0.005
    start = np.where(moved, start + rng.integers(-300, 300, rows), start)
    start = np.clip(start, 0, 23 * 60)
    end = (start + length) % (24 * 60)
    kind = np.where(rng.random(rows) < 0.05, "방문목욕", "활동보조")
    how = rng.choice(np.array(["단말", "앱", "수기", "소급"]), rows, p=[0.8, 0.12, 0.05, 0.03])
    agencies = np.array([f"제공기관{n:03d}" for n in range(300)], dtype=object)
    return pd.DataFrame(
        {
            "수급자번호": np.char.add("S", np.char.zfill(recipient.astype(str), 7)),
            "수급자명": np.char.add("수급자", recipient.astype(str)),
            "활동지원사번호": np.char.add("H", np.char.zfill(helper.astype(str), 7)),
            "활동지원사명": np.char.add("지원사", helper.astype(str)),
            "제공기관": agencies[helper % len(agencies)],
            "급여종류": kind,
            "서비스일자": np.char.add("2026-10-", np.char.zfill(day.astype(str), 2)),
            "시작시각": [f"{m // 60:02d}:{m % 60:02d}" for m in start],
            "종료시각": [f"{m // 60:02d}:{m % 60:02d}" for m in end],
            "결제금액": length * 277,
            "결제구분": how,
            "승인번호": np.char.add("A", i.astype(str)),
        }
    )


def make_side_inputs(pay: pd.DataFrame, directory: Path) -> dict[str, Path]:
    recipients = pay["수급자번호"].drop_duplicates().to_numpy()
    helpers = pay["활동지원사번호"].drop_duplicates().to_numpy()
    rng = np.random.default_rng(11)
    pick = recipients[rng.random(len(recipients)) < 0.02]
    kinds = rng.choice(np.array(["입원", "출국", "입소", "사망", "수감"]), len(pick))
    first = rng.integers(1, 28, len(pick))
    last = np.minimum(first + rng.integers(1, 10, len(pick)), 31)
    events = pd.DataFrame(
        {
            "수급자번호": pick,
            "구분": kinds,
            "시작일": [f"2026-10-{d:02d}" for d in first],
            "종료일": [("" if k == "사망" else f"2026-10-{d:02d}") for k, d in zip(kinds, last, strict=True)],
        }
    )
    limits = pd.DataFrame(
        {
            "수급자번호": recipients,
            "연월": "2026-10",
            "월한도액": np.where(rng.random(len(recipients)) < 0.03, 1_200_000, 3_000_000),
        }
    )
    pairs = pay[["수급자번호", "활동지원사번호"]].drop_duplicates()
    family = pairs[rng.random(len(pairs)) < 0.01]
    relations = family.assign(관계="자녀", 예외승인=np.where(rng.random(len(family)) < 0.5, "Y", ""))
    out = {}
    for name, df in (("events", events), ("limits", limits), ("relations", relations)):
        out[name] = directory / f"{name}.csv"
        df.to_csv(out[name], index=False, encoding="utf-8-sig")
    del helpers
    return out


def write_xlsx(df: pd.DataFrame, path: Path) -> None:
    """xlsxwriter in constant_memory mode, one header row, like a system export."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("결제내역")
    ws.write_row(0, 0, list(df.columns))
    for r, row in enumerate(df.itertuples(index=False), start=1):
        ws.write_row(r, 0, row)
    wb.close()


def run_child(argv: list[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one child, under ``/usr/bin/time -v``.

    Not ``os.wait4``: a child's ru_maxrss counts the pages it shared with this (large) process between
    fork and exec, so the figure would be this script's size, not our CLI's.
    """
    started = time.perf_counter()
    done = subprocess.run([TIME, "-v", *argv], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - started
    err = done.stderr.decode("utf-8", "replace")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if done.returncode != 0:
        print(err[-2000:], file=sys.stderr)
    return seconds, (int(peak.group(1)) / 1024 if peak else float("nan")), done.returncode


def our_cli(payments: Path, side: dict[str, Path], out: Path) -> list[str]:
    argv = [PY, "main.py", "run", "care-voucher-audit", "--input", f"payments={payments}"]
    for name, path in side.items():
        argv += ["--input", f"{name}={path}"]
    return [*argv, "--param", "base_date=2026-10-31", "--output", str(out)]


def naive_r05(csv: Path) -> tuple[set[int], float, float]:
    """What a clerk's analyst would write: a self-join on 활동지원사번호, then a filter.
    Returns (승인번호 numbers, seconds reading and parsing, seconds joining and filtering)."""
    started = time.perf_counter()
    df = pd.read_csv(csv, dtype=str)
    day = pd.to_datetime(df["서비스일자"])
    start_hm = df["시작시각"].str.split(":", expand=True).astype(int)
    end_hm = df["종료시각"].str.split(":", expand=True).astype(int)
    start = start_hm[0] * 60 + start_hm[1]
    end = end_hm[0] * 60 + end_hm[1]
    end = end.where(end >= start, end + 1440)
    base = (day - pd.Timestamp("2026-01-01")).dt.days * 1440
    df = df.assign(s=base + start, e=base + end)[["승인번호", "수급자번호", "활동지원사번호", "s", "e"]]
    read = time.perf_counter() - started
    started = time.perf_counter()
    pairs = df.merge(df, on="활동지원사번호", suffixes=("", "_b"))
    hit = pairs[
        (pairs["수급자번호"] != pairs["수급자번호_b"])
        & ((pairs[["e", "e_b"]].min(axis=1) - pairs[["s", "s_b"]].max(axis=1)) >= 1)
    ]
    return {int(a[1:]) for a in hit["승인번호"]}, read, time.perf_counter() - started


def our_r05(csv: Path) -> tuple[set[int], float, float]:
    """Our R05 on the same rows, read by the project's reader: (승인번호 numbers, read seconds, sweep seconds)."""
    from core.reader import read_table
    from tasks.care_voucher_audit import PAYMENTS_INPUT
    from tasks.care_voucher_audit.checks import helper_overlap
    from tasks.care_voucher_audit.task import prepare_payments

    started = time.perf_counter()
    table = read_table(csv, PAYMENTS_INPUT)
    pay, _ = prepare_payments(table, pd.Timestamp("2026-10-31").date())
    read = time.perf_counter() - started
    started = time.perf_counter()
    reasons = helper_overlap({"payments": pay}, {"overlap_minutes": 1})
    sweep = time.perf_counter() - started
    return {int(a[1:]) for a in pay.loc[reasons.index, "승인번호"]}, read, sweep


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--naive-rows", type=int, default=200_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/haengbot-bench-care"))
    parser.add_argument("--skip-xlsx", action="store_true")
    args = parser.parse_args()
    d = args.dir
    d.mkdir(parents=True, exist_ok=True)
    big_csv, small_csv, big_xlsx = (
        d / f"payments_{args.rows}.csv",
        d / f"payments_{args.naive_rows}.csv",
        d / f"payments_{args.rows}.xlsx",
    )
    pay = make_payments(args.rows)
    if not big_csv.exists():
        pay.to_csv(big_csv, index=False, encoding="utf-8-sig")
    if not small_csv.exists():
        pay.head(args.naive_rows).to_csv(small_csv, index=False, encoding="utf-8-sig")
    side = make_side_inputs(pay, d)
    if not args.skip_xlsx and not big_xlsx.exists():
        write_xlsx(pay, big_xlsx)
    print(f"rows: {args.rows:,} payments; naive comparison at {args.naive_rows:,}")

    started = time.perf_counter()
    pd.read_csv(big_csv)
    read_csv = time.perf_counter() - started
    print(f"pandas.read_csv, {args.rows:,} rows: {read_csv:.1f} s")

    seconds, rss, code = run_child(our_cli(big_csv, side, d / "out_csv.xlsx"))
    print(f"our CLI end to end, CSV: {seconds:.1f} s ({seconds / read_csv:.1f}× read_csv), peak RSS {rss:,.0f} MB, exit {code}")
    if not args.skip_xlsx:
        seconds, rss, code = run_child(our_cli(big_xlsx, side, d / "out_xlsx.xlsx"))
        print(f"our CLI end to end, xlsx: {seconds:.1f} s, peak RSS {rss:,.0f} MB, exit {code}")

    naive, naive_read, naive_join = naive_r05(small_csv)
    naive_s = naive_read + naive_join
    ours, read_s, sweep_s = our_r05(small_csv)
    assert ours == naive, f"different findings: ours {len(ours)}, naive {len(naive)}"
    print(
        f"R05 at {args.naive_rows:,} rows ({len(naive):,} payments flagged by both): naive script {naive_s:.2f} s "
        f"(read {naive_read:.2f} s + self-join and filter {naive_join:.2f} s); ours: read {read_s:.2f} s + sweep "
        f"{sweep_s:.3f} s = {read_s + sweep_s:.2f} s ({naive_s / (read_s + sweep_s):.1f}× the whole script, "
        f"{naive_join / sweep_s:.0f}× sweep against self-join)"
    )
    seconds, rss, code = run_child(our_cli(small_csv, side, d / "out_small.xlsx"))
    print(
        f"our CLI end to end at {args.naive_rows:,} rows: {seconds:.1f} s ({naive_s / seconds:.1f}× the naive R05 script), peak RSS {rss:,.0f} MB"
    )


if __name__ == "__main__":
    main()
