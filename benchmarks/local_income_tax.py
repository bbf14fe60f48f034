"""Benchmark: ``local-income-tax`` at a million rows a side, against a naive pandas + openpyxl script.

    python benchmarks/local_income_tax.py [--rows 1000000] [--dir DIR] [--skip-naive] [--profile]

1. Generates fictional inputs (cached in DIR): ``nts`` and ``local`` as xlsx and as CSV (nts CP949,
   local UTF-8), about 3% findings, mixed 주민등록번호 layouts (hyphen, none, a number that lost its
   leading zero, a few masked).
2. Runs our CLI end to end (``python main.py run …``) on the xlsx files and on the CSV files, each
   under ``/usr/bin/time -v`` for the peak memory, and records when each progress line arrived.
3. Runs the naive script (``read_excel`` ×2 with openpyxl, ``merge``, ``to_excel``) on the same xlsx
   files, the same way.
4. With ``--profile``, profiles our pipeline in-process and prints where the time goes.

Not a test: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TIME = "/usr/bin/time"

NTS_COLS = ["귀속연도", "주민등록번호", "성명", "주소", "신고구분", "신고일자", "과세표준", "산출세액", "결정세액"]
LOCAL_COLS = ["귀속년도", "주민번호", "성명", "주소", "신고일자", "지방소득세 신고세액", "고지세액", "납부세액", "납부일자"]
SURNAMES = list("김이박최정강조윤장임한오서신권황안송류홍")
GIVEN = [
    "민준",
    "서연",
    "지호",
    "하은",
    "도윤",
    "서준",
    "예린",
    "시우",
    "하준",
    "지우",
    "유진",
    "건우",
    "나연",
    "도현",
    "수아",
    "재원",
    "태오",
    "은서",
    "지민",
    "현우",
    "서윤",
    "지안",
    "하린",
    "준우",
    "예준",
    "주원",
    "채원",
    "다은",
]
TOWNS = [
    "오포읍 신현리",
    "오포읍 능평리",
    "초월읍 지월리",
    "곤지암읍 곤지암리",
    "퇴촌면 광동리",
    "경안동",
    "송정동",
    "쌍령동",
    "탄벌동",
    "목현동",
    "남한산성면 산성리",
    "도척면 진우리",
    "광남동",
    "역동",
]
ELSEWHERE = [
    "광주광역시 북구 용봉동",
    "광주광역시 광산구 수완동",
    "서울특별시 송파구 잠실동",
    "경기도 성남시 분당구 정자동",
    "경기도 용인시 수지구 풍덕천동",
    "경기도 하남시 망월동",
]

NAIVE = r"""
import sys, pandas as pd
nts = pd.read_excel(sys.argv[1], engine="openpyxl")
local = pd.read_excel(sys.argv[2], engine="openpyxl")
local = local.rename(columns={"귀속년도": "귀속연도", "주민번호": "주민등록번호"})
for df in (nts, local):  # the least a script must do: one layout of 주민등록번호 on both sides
    df["주민등록번호"] = df["주민등록번호"].astype(str).str.replace("-", "")
merged = nts.merge(local, on=["귀속연도", "주민등록번호"], how="outer", suffixes=("_국세", "_지방"), indicator=True)
merged["차액"] = merged["지방소득세 신고세액"] - (merged["결정세액"] // 10 // 10 * 10)
merged.to_excel(sys.argv[3], index=False)
"""

# The floor (issue 19): python-calamine alone parsing the two files, one after the other, in a child
# process like ours. "to_python" = load workbook + get sheet + to_python (the rows as Python lists);
# "iter_rows" = the same with the rows pulled one by one. Nothing typed, nothing matched, nothing written.
FLOOR = r"""
import sys, python_calamine as pc
for path in sys.argv[2:]:
    sheet = pc.CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    if sys.argv[1] == "to_python":
        rows = sheet.to_python(skip_empty_area=False)
    else:
        rows = sum(1 for _ in sheet.iter_rows())
    del rows, sheet
"""
FLOOR_WAYS = ("to_python", "iter_rows")
TARGET_OVER_FLOOR = 1.6
CITY = "경기도 광주시"  # the generated addresses' city: both our runs (CLI and --profile) check 납세지 against it


# ----------------------------------------------------------------------------- data
def generate(rows: int, seed: int = 20250531) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """Fictional person-years; returns (nts, local, planted counts)."""
    rng = np.random.default_rng(seed)
    n = rows
    born_2000s = rng.random(n) < 0.08
    yy = np.where(born_2000s, rng.integers(0, 6, n), rng.integers(45, 100, n))
    mm, dd = rng.integers(1, 13, n), rng.integers(1, 29, n)
    male = rng.random(n) < 0.5
    sex = np.where(born_2000s, np.where(male, 3, 4), np.where(male, 1, 2))
    serial = (np.arange(n) * 7919 + 13) % 1_000_000  # unique within a million rows
    birth = pd.Series(yy * 10000 + mm * 100 + dd).astype(str).str.zfill(6)
    back = pd.Series(sex * 1_000_000 + serial).astype(str).str.zfill(7)
    rrn = birth + "-" + back
    name = pd.Series(np.array(SURNAMES)[rng.integers(0, len(SURNAMES), n)]) + pd.Series(
        np.array(GIVEN)[rng.integers(0, len(GIVEN), n)]
    )
    town = pd.Series(np.array(TOWNS)[rng.integers(0, len(TOWNS), n)])
    address = CITY + " " + town + " " + pd.Series(rng.integers(1, 999, n)).astype(str)
    decided = (np.exp(rng.normal(13.2, 1.3, n))).astype("int64").clip(0, 3_000_000_000)
    expected = decided // 10 // 10 * 10

    u = rng.random(n)
    kind = np.select(
        [u < 0.010, u < 0.015, u < 0.018, u < 0.023, u < 0.025, u < 0.028],
        ["무신고", "과소", "과다", "미납", "수정", "납세지"],
        "정상",
    )
    nts = pd.DataFrame(
        {
            "귀속연도": np.where(rng.random(n) < 0.1, 2024, 2025),
            "주민등록번호": rrn,
            "성명": name,
            "주소": address.where(
                kind != "납세지",
                pd.Series(np.array(ELSEWHERE)[rng.integers(0, len(ELSEWHERE), n)])
                + " "
                + pd.Series(rng.integers(1, 99, n)).astype(str),
            ),
            "신고구분": np.where(kind == "수정", "수정", np.where(rng.random(n) < 0.03, "기한후", "정기")),
            "신고일자": pd.Series(pd.to_datetime("2026-05-01") + pd.to_timedelta(rng.integers(0, 31, n), unit="D")),
            "과세표준": decided * 6 + rng.integers(0, 1000, n),
            "산출세액": decided + rng.integers(0, 100_000, n),
            "결정세액": decided,
        }
    )
    nts.loc[kind == "수정", "신고일자"] = pd.Timestamp("2026-08-14")
    filed = expected.copy()
    noise = rng.integers(-10, 11, n)  # within tolerance
    filed = np.where(kind == "정상", np.maximum(expected + noise * (rng.random(n) < 0.05), 0), filed)
    filed = np.where(kind == "과소", np.maximum(expected - rng.integers(11, 200_000, n), 0), filed)
    filed = np.where(kind == "과다", expected + rng.integers(11, 200_000, n), filed)
    filed = np.where(kind == "수정", (expected * 0.8).astype("int64") // 10 * 10, filed)
    paid = np.where(kind == "미납", np.where(rng.random(n) < 0.5, 0, filed // 2), filed)

    # Local layout of the same numbers: hyphen, none, a number (lost zero), a few masked.
    r = rng.random(n)
    plain = rrn.str.replace("-", "", regex=False)
    local_rrn = rrn.where(r < 0.5, plain)
    local_rrn = local_rrn.where(~(born_2000s & (r > 0.75)), plain.str.lstrip("0"))
    masked = (r > 0.997) & (kind == "정상")
    local_rrn = local_rrn.where(~masked, rrn.str.slice(0, 8) + "******")
    local = pd.DataFrame(
        {
            "귀속년도": nts["귀속연도"],
            "주민번호": local_rrn,
            "성명": name,
            "주소": nts["주소"],
            "신고일자": nts["신고일자"].where(kind != "수정", pd.Timestamp("2026-05-25")) + pd.Timedelta(days=1),
            "지방소득세 신고세액": filed,
            "고지세액": pd.array([None] * n, dtype="Int64"),
            "납부세액": paid,
            "납부일자": pd.Series(pd.Timestamp("2026-06-01"), index=range(n)).where(paid > 0),
        }
    )
    local = local[kind != "무신고"]
    extra = max(1, n // 500)  # 지방만 존재: 0.2%
    only = local.sample(extra, random_state=1).copy()
    only["주민번호"] = (
        "99" + pd.Series(range(extra)).astype(str).str.zfill(4) + "-1" + pd.Series(range(extra)).astype(str).str.zfill(6)
    ).to_numpy()
    local = pd.concat([local, only]).sample(frac=1.0, random_state=2).reset_index(drop=True)
    counts = {k: int((kind == k).sum()) for k in ("무신고", "과소", "과다", "미납", "수정", "납세지")}
    counts["지방만 존재"] = extra
    counts["masked"] = int(masked.sum())
    return nts, local, counts


def write_xlsx(df: pd.DataFrame, path: Path) -> None:
    """Our own row loop with xlsxwriter constant_memory: like a system export (one header row)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Sheet1")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money = wb.add_format({"num_format": "#,##0"})
    ws.write_row(0, 0, list(df.columns))
    cols = []
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            cols.append(("d", [None if pd.isna(v) else v.to_pydatetime() for v in s]))
        elif c in ("주민등록번호", "주민번호"):
            vals = s.tolist()
            cols.append(("s", [int(v) if v.isdigit() and len(v) < 13 else v for v in vals]))  # lost zeros
        else:
            cols.append(
                (
                    "m" if pd.api.types.is_numeric_dtype(s) and c not in ("귀속연도", "귀속년도") else "s",
                    [
                        None if (v is None or v is pd.NA or (isinstance(v, float) and v != v)) else v
                        for v in s.astype(object).tolist()
                    ],
                )
            )
    for i, row in enumerate(zip(*(v for _, v in cols), strict=True), start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            kind = cols[c][0]
            if kind == "d":
                ws.write_datetime(i, c, value, date_fmt)
            elif kind == "m":
                ws.write_number(i, c, value, money)
            elif isinstance(value, str):
                ws.write_string(i, c, value)
            else:
                ws.write_number(i, c, value)
    wb.close()


def prepare(directory: Path, rows: int) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        k: directory / f"{k}_{rows}.{ext}"
        for k, ext in (("nts", "xlsx"), ("local", "xlsx"), ("nts_csv", "csv"), ("local_csv", "csv"))
    }
    meta = directory / f"planted_{rows}.json"
    if all(p.exists() for p in files.values()) and meta.exists():
        return files
    t = time.perf_counter()
    nts, local, counts = generate(rows)
    print(f"  생성 {rows:,}행: {time.perf_counter() - t:.1f}s, 심은 건 {counts}", flush=True)
    nts.to_csv(files["nts_csv"], index=False, encoding="cp949", date_format="%Y-%m-%d")
    local.to_csv(files["local_csv"], index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
    t = time.perf_counter()
    write_xlsx(nts, files["nts"])
    write_xlsx(local, files["local"])
    print(f"  xlsx 쓰기: {time.perf_counter() - t:.1f}s", flush=True)
    meta.write_text(json.dumps(counts, ensure_ascii=False))
    return files


# ----------------------------------------------------------------------------- measuring
def timed(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> dict:
    """Run under /usr/bin/time -v; wall time, peak RSS and when each stderr line arrived."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [TIME, "-v", *cmd],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    lines: list[tuple[float, str]] = []
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.append((time.perf_counter() - start, line.rstrip("\n")))
    out = proc.stdout.read() if proc.stdout else ""
    code = proc.wait()
    wall = time.perf_counter() - start
    rss = next((int(m.group(1)) for _, ln in lines if (m := re.search(r"Maximum resident set size \(kbytes\): (\d+)", ln))), 0)
    cpu = sum(float(m.group(1)) for _, ln in lines if (m := re.search(r"(?:User|System) time \(seconds\): ([\d.]+)", ln)))
    progress = [(t, ln) for t, ln in lines if ln.startswith("[")]
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(progress)]
    return {
        "code": code,
        "wall": wall,
        "rss_mb": rss / 1024,
        "cpu": cpu,  # user + system seconds: what the run cost, whatever else the machine was doing
        "progress": progress,
        "max_gap": max(gaps) if gaps else wall,
        "stdout": out,
        "stderr_tail": [ln for _, ln in lines if not ln.startswith("[")][-30:],
    }


def run_ours(nts: Path, local: Path, out: Path, home: Path, tree: Path = ROOT) -> dict:
    """Our CLI; *tree* another checkout of HaengBot (``--before``) to compare a change in the same run."""
    env = {**os.environ, "HAENGBOT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return timed(
        [
            PY,
            "main.py",
            "run",
            "local-income-tax",
            "--input",
            f"nts={nts}",
            "--input",
            f"local={local}",
            "--param",  # the benchmark's home has no 기관 setting; the generated addresses are in 경기도 광주시
            f"city={CITY}",
            "--output",
            str(out),
            "--json",
        ],
        env,
        tree,
    )


def run_floor(way: str, nts: Path, local: Path) -> dict:
    return timed([PY, "-c", FLOOR, way, str(nts), str(local)])


def run_naive(nts: Path, local: Path, out: Path) -> dict:
    return timed([PY, "-c", NAIVE, str(nts), str(local), str(out)])


def profile(nts: Path, local: Path, out: Path, top: int = 25) -> str:
    """Our pipeline in-process under cProfile, plus the wall time of each step."""
    sys.path.insert(0, str(ROOT))
    import core.prepare
    from core.context import RunContext
    from core.runner import execute
    from tasks import registry

    # cProfile sees only the thread it was enabled in: read the inputs one after the other here, so
    # the reading functions show up (the CLI figures above read them side by side).
    core.prepare.OVERLAP_BYTES = 1 << 62
    steps: list[tuple[float, str]] = []
    start = time.perf_counter()

    def progress(done: int, total: int, msg: str) -> None:
        if not steps or steps[-1][1] != msg:
            steps.append((time.perf_counter() - start, msg))

    task = registry().get("local-income-tax")
    prof = cProfile.Profile()
    prof.enable()
    # The same 기관 as the CLI runs (run_ours): without it the run stops at the check (bad_input) and the profile
    # never reaches the matching, judging and writing.
    outcome = execute(task, {"nts": nts, "local": local}, {"city": CITY}, out, RunContext(progress=progress), record=False)
    prof.disable()
    total = time.perf_counter() - start
    buf = io.StringIO()
    buf.write(f"상태 {outcome.status}, 전체 {total:.1f}s (프로파일러 켠 상태, 입력은 차례로 읽음)\n단계별:\n")
    marks = [*steps, (total, "끝")]
    for (t0, msg), (t1, _) in itertools.pairwise(marks):
        buf.write(f"  {t1 - t0:7.2f}s  {msg}\n")
    stats = pstats.Stats(prof, stream=buf)
    buf.write(f"\n함수별 (자체 시간 상위 {top}):\n")
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def gui_stall(nts: Path, local: Path) -> dict[str, float]:
    """The desktop window's longest event-loop stall while it checks and runs this task, measured as
    ``benchmarks/gui_stall.py`` measures overtime-pay (a 10 ms QTimer on the GUI thread)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from benchmarks.gui_stall import StallMeter, wait
    from core.settings import Settings
    from gui.app import create_app, settle_memory
    from gui.main_window import MainWindow
    from tasks import registry

    home = Path(tempfile.mkdtemp(prefix="haengbot-gui-home-"))
    os.environ["HAENGBOT_HOME"] = str(home)
    settings = Settings()
    settings.set("general.output_dir", str(home / "out"))
    settings.save()
    app = create_app([])
    window = MainWindow(registry())
    window.show()
    settle_memory()  # as run_app does once the window is up, and as gui_stall.py does
    wizard = window.open_task("local-income-tax")
    meter = StallMeter()
    meter.start()
    wizard.go_next()  # 입력 파일
    wizard.inputs.panels["nts"].set_path(nts)
    wizard.inputs.panels["local"].set_path(local)
    wait(app, wizard.inputs.ready, 1800)
    wizard.go_next()  # 설정
    wizard.go_next()  # 확인: reads and checks every row
    wait(app, wizard.check.ready, 1800)
    wizard.go_next()  # 실행
    wait(app, lambda: wizard.page is wizard.result or wizard.run.status in ("failed", "cancelled"), 1800)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    figures = meter.stop()
    figures["status"] = wizard.state.reply.status if wizard.state.reply is not None else "none"  # type: ignore[assignment]
    window.close()
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "haengbot-bench-local-income-tax")
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--skip-csv", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--gui", action="store_true", help="the desktop window's event-loop stall (offscreen)")
    ap.add_argument("--gui-only", action="store_true", help="only the stall measurement")
    ap.add_argument(
        "--before", type=Path, help="another checkout (e.g. main before a change): its CLI runs alternating with ours"
    )
    ap.add_argument("--repeat", type=int, default=1, help="runs of the floor and of ours (xlsx), alternating; medians")
    args = ap.parse_args()
    print(f"local-income-tax 벤치마크: {args.rows:,}행씩, 데이터 {args.dir}", flush=True)
    files = prepare(args.dir, args.rows)
    for k, p in files.items():
        print(f"  {k}: {p.name} {p.stat().st_size / 2**20:.1f} MiB")
    if args.gui or args.gui_only:
        g = gui_stall(files["nts"], files["local"])
        print(
            f"\n데스크톱 창 (xlsx 입력, 확인+실행): 최대 정지 {g['max']:.0f} ms, p99 {g['p99']:.0f} ms, "
            f"중앙값 {g['median']:.0f} ms, {g['wall']:.1f}s, 상태 {g['status']} (목표 < 100 ms) "
            f"{'달성' if g['max'] < 100 else '미달'}",
            flush=True,
        )
        if args.gui_only:
            return 0
    home = Path(tempfile.mkdtemp(prefix="haengbot-bench-home-"))
    results = {}
    # Floor and ours alternate (floor, ours, floor, ours …) so that a change in the machine's load
    # hits both alike; each figure is the median of its --repeat runs.
    floors: dict[str, list[dict]] = {way: [] for way in FLOOR_WAYS}
    ours_runs: list[dict] = []
    before_runs: list[dict] = []
    before_csv: list[dict] = []
    ours_csv: list[dict] = []
    for _ in range(args.repeat):
        for way in FLOOR_WAYS:
            floors[way].append(run_floor(way, files["nts"], files["local"]))
        ours_runs.append(run_ours(files["nts"], files["local"], args.dir / "ours_xlsx.xlsx", home))
        if args.before:
            before_runs.append(run_ours(files["nts"], files["local"], args.dir / "before_xlsx.xlsx", home, args.before))
        if not args.skip_csv:
            ours_csv.append(run_ours(files["nts_csv"], files["local_csv"], args.dir / "ours_csv.xlsx", home))
            if args.before:
                csv_runs = (files["nts_csv"], files["local_csv"], args.dir / "before_csv.xlsx", home, args.before)
                before_csv.append(run_ours(*csv_runs))
    for way in FLOOR_WAYS:
        results[f"floor_{way}"] = _median(floors[way])
        _report(f"바닥: python-calamine만, 두 파일 차례로 ({way})", results[f"floor_{way}"])
    results["ours_xlsx"] = _median(ours_runs)
    _report("우리 CLI, xlsx", results["ours_xlsx"])
    if before_runs:
        results["before_xlsx"] = _median(before_runs)
        _report(f"비교용 CLI ({args.before}), xlsx", results["before_xlsx"])
    if not args.skip_csv:
        results["ours_csv"] = _median(ours_csv)
        _report("우리 CLI, CSV", results["ours_csv"])
        if before_csv:
            results["before_csv"] = _median(before_csv)
            _report(f"비교용 CLI ({args.before}), CSV", results["before_csv"])
    if not args.skip_naive:
        results["naive"] = run_naive(files["nts"], files["local"], args.dir / "naive.xlsx")
        _report("naive pandas+openpyxl, xlsx", results["naive"])
    print("\n== 목표 대비 ==")
    ours = results["ours_xlsx"]
    floor_key = min((f"floor_{w}" for w in FLOOR_WAYS), key=lambda k: results[k]["wall"])
    floor = results[floor_key]
    over = ours["wall"] / floor["wall"]
    print(
        f"  xlsx 끝까지 / calamine 바닥({floor_key[6:]}): {ours['wall']:.1f}s / {floor['wall']:.1f}s = {over:.2f}배 "
        f"(목표 ≤ {TARGET_OVER_FLOOR}배) {'달성' if over <= TARGET_OVER_FLOOR else '미달'}; "
        f"CPU 시간으로는 {ours['cpu']:.1f}s / {floor['cpu']:.1f}s = {ours['cpu'] / max(floor['cpu'], 0.01):.2f}배"
    )
    if "naive" in results:
        ratio = results["naive"]["wall"] / ours["wall"]
        print(
            f"  xlsx: naive {results['naive']['wall']:.1f}s / 우리 {ours['wall']:.1f}s = {ratio:.1f}배 (목표 ≥ 4배) "
            f"{'달성' if ratio >= 4 else '미달'}"
        )
    peak = max(r["rss_mb"] for k, r in results.items() if k.startswith("ours"))
    print(f"  최대 메모리(우리): {peak:,.0f} MiB (목표 < 2,048 MiB) {'달성' if peak < 2048 else '미달'}")
    if "ours_csv" in results:
        share = results["ours_csv"]["wall"] / ours["wall"]
        print(f"  CSV/xlsx 시간 비: {share:.2f} (목표 < 0.25) {'달성' if share < 0.25 else '미달'}")
    for kind in ("xlsx", "csv"):
        if f"before_{kind}" in results and f"ours_{kind}" in results:
            b, o = results[f"before_{kind}"], results[f"ours_{kind}"]
            print(
                f"  {kind}: 비교용 {b['wall']:.1f}s (CPU {b['cpu']:.1f}s) → 우리 {o['wall']:.1f}s (CPU {o['cpu']:.1f}s), "
                f"{o['wall'] / b['wall']:.2f}배"
            )
    print(f"  진행 표시 최대 간격(우리, xlsx): {ours['max_gap']:.1f}s")
    if args.profile:
        print("\n== 프로파일 (xlsx) ==")
        print(profile(files["nts"], files["local"], args.dir / "profile.xlsx"))
    return 0


def _median(runs: list[dict]) -> dict:
    """The run with the median wall time (the lower middle one of an even count)."""
    ranked = sorted(runs, key=lambda r: r["wall"])
    chosen = dict(ranked[(len(ranked) - 1) // 2])
    if len(runs) > 1:
        chosen["all_walls"] = [r["wall"] for r in runs]
    return chosen


def _report(label: str, r: dict) -> None:
    walls = f" (모두: {', '.join(f'{w:.1f}' for w in r['all_walls'])})" if "all_walls" in r else ""
    print(
        f"\n{label}: 종료코드 {r['code']}, {r['wall']:.1f}s{walls}, CPU {r['cpu']:.1f}s, 최대 메모리 {r['rss_mb']:,.0f} MiB, "
        f"진행 줄 {len(r['progress'])}개, 최대 간격 {r['max_gap']:.1f}s",
        flush=True,
    )
    for t, ln in r["progress"]:
        print(f"    {t:7.1f}s {ln}")
    if r["code"] != 0:
        print("    " + "\n    ".join(r["stderr_tail"]))
    elif r["stdout"].strip():
        try:
            summary = json.loads(r["stdout"])["summary"]
            print("    " + ", ".join(f"{k.strip()} {v:,}" for k, v in summary.items() if isinstance(v, int) and "건수" in k))
        except (ValueError, KeyError):
            pass


if __name__ == "__main__":
    raise SystemExit(main())
