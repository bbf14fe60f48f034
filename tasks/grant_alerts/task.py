"""The run: ask every source (one failing never fails the run), merge, sort out 신규/변경, build the sheets, send digests."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from core.context import RunContext
from core.datagokr import SourceError, safe_url
from core.errors import Cancelled, RunFailed
from core.masking import mask_url
from core.org import SettingsLike
from core.result import DATE, FINDING, INT, OK, TEXT, WARNING, Result, ResultTable, SummaryItem
from tasks.grant_alerts import demo, digest, profiles
from tasks.grant_alerts.cursor import CursorStore
from tasks.grant_alerts.record import Grant, d_day
from tasks.grant_alerts.seen import CHANGED, KNOWN, NEW, SeenStore, stage
from tasks.grant_alerts.sources import RSS, SOURCES, Call, fetch_rss, rss_feeds

if TYPE_CHECKING:
    from core.ai.assist import Assistant

RECORD_COLUMNS = [
    "출처",
    "공고명",
    "소관기관",
    "수행기관",
    "공고일",
    "접수시작",
    "접수마감",
    "D-day",
    "지원대상",
    "사업규모",
    "원문 URL",
    "첨부 이름",
]
DATES = {"공고일": DATE, "접수시작": DATE, "접수마감": DATE}
OK_, FAILED, SKIPPED = "정상", "실패", "건너뜀"
SOURCE_ORDER = {"보탬e": 0, "기업마당": 1, "K-Startup": 2, RSS: 3}


@dataclass
class Fetched:
    source_id: str  # botame, bizinfo, kstartup, rss
    grants: list[Grant] = field(default_factory=list)
    reached: dict[str, str] = field(default_factory=dict)  # cursor positions to save once remembered


class Step(NamedTuple):
    """One source to ask: an adapter, or one RSS feed of the settings."""

    source_id: str
    label: str
    address: str  # shown without its key (safe_url)
    credential: str | None  # keyring name of the key it needs; None: none
    fetch: Callable[[Call], list[Grant]]


def _steps(settings: SettingsLike) -> list[Step]:
    """Every adapter, then every RSS feed in the settings."""
    steps: list[Step] = [
        Step(s.id, s.label, safe_url(str(settings.get(f"grants.{s.id}_url") or "")), s.credential, s.fetch) for s in SOURCES
    ]
    for feed in rss_feeds(settings):
        name = safe_url(feed).rsplit("/", 1)[-1] or feed
        steps.append(Step("rss", f"{RSS} ({name})", safe_url(feed), None, partial(fetch_rss, feed=feed)))
    return steps


def collect(
    ctx: RunContext, today: dt.date, cursors: CursorStore | None = None
) -> tuple[list[Fetched], list[dict[str, Any]], list[str]]:
    """Ask each source in turn. A failure becomes a 소스상태 row and a warning with its Korean reason.

    *cursors* says where each paged source stopped last time (none: read from the start).
    """
    steps = _steps(ctx.settings)
    fetched, status, warnings = [], [], []
    for i, (source_id, label, address, cred, fetch) in enumerate(steps):
        ctx.progress(i, len(steps), f"{label} 조회 중")
        started = time.monotonic()
        row: dict[str, Any] = {"출처": label, "주소": mask_url(address), "상태": OK_, "건수": 0, "사유": "", "소요(초)": 0.0}
        try:
            key = ctx.secret(cred) if cred else ""
        except RunFailed as exc:
            row.update({"상태": SKIPPED, "사유": f"인증키 없음: {exc}"})
            warnings.append(f"{label}: 인증키가 없어 건너뛰었습니다. {exc}")
            status.append(row)
            continue
        since = cursors.load(source_id) if cursors is not None and source_id != "rss" else {}
        call = Call(ctx.http, ctx.settings, key, today, ctx.check_cancelled, since=since)
        try:
            grants = fetch(call)
            row["건수"] = len(grants)
            row["사유"] = " ".join(call.notes)
            if call.notes:
                warnings.append(f"{label}: {' '.join(call.notes)}")
            fetched.append(Fetched(source_id, grants, dict(call.reached)))
            ctx.log.info("%s: %d items", label, len(grants))
        except Cancelled:
            raise
        except SourceError as exc:
            row.update({"상태": FAILED, "사유": str(exc)})
            warnings.append(str(exc) if str(exc).startswith(label) else f"{label}: {exc}")
            ctx.log.warning("%s failed (%s): %s", label, exc.code, exc)
        except Exception as exc:  # an unexpected shape must not fail the other sources
            ctx.log.exception("%s crashed", label)
            reason = f"예상하지 못한 응답 형식이어서 읽지 못했습니다({type(exc).__name__})."
            row.update({"상태": FAILED, "사유": reason})
            warnings.append(f"{label}: {reason}")
        row["소요(초)"] = round(time.monotonic() - started, 2)
        status.append(row)
    return fetched, status, warnings


def merge(fetched: list[Fetched]) -> list[tuple[Grant, str]]:
    """One row per call across sources: same normalised 공고명 + 기관 (+ 마감) is the same call.

    The most authoritative source wins (보탬e, 기업마당, K-Startup, then RSS leads); the others are
    listed in ``also_in``; a disagreeing deadline is noted.
    """
    chosen: dict[str, tuple[Grant, str]] = {}
    ordered = sorted(((g, f.source_id) for f in fetched for g in f.grants), key=lambda x: SOURCE_ORDER.get(x[0].source, 9))
    for g, sid in ordered:
        have = chosen.get(g.ident)
        if have is None:
            chosen[g.ident] = (g, sid)
            continue
        kept = have[0]
        if g.source != kept.source and g.source not in kept.also_in:
            kept.also_in.append(g.source)
        if g.closes and kept.closes and g.closes != kept.closes and "마감일 다름" not in kept.period_text:
            kept.period_text = (kept.period_text + f" (마감일 다름: {g.source} {g.closes.isoformat()})").strip()
        for attr in ("url", "target", "scale", "attachments", "executor"):
            if not getattr(kept, attr) and getattr(g, attr):
                setattr(kept, attr, getattr(g, attr))
        if kept.closes is None and g.closes is not None:  # 보탬e often gives no 접수마감; another source may
            kept.opens, kept.closes = kept.opens or g.opens, g.closes
            kept.period_text = f"접수기간은 {g.source} 기준" + (f"({g.period_text})" if g.period_text else "")
    return list(chosen.values())


def record_row(g: Grant, today: dt.date) -> dict[str, Any]:
    source = ", ".join([g.source, *g.also_in])
    return {
        "출처": source,
        "공고명": g.title,
        "소관기관": g.agency,
        "수행기관": g.executor,
        "공고일": g.announced,
        "접수시작": g.opens,
        "접수마감": g.closes,
        "D-day": d_day(g.closes, today),
        "지원대상": g.target or ("확인 필요(보도자료)" if g.lead else ""),
        "사업규모": g.scale,
        "원문 URL": g.url,
        "첨부 이름": g.attachments,
    }


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _by_deadline(row: dict[str, Any]) -> tuple[int, dt.date, str]:
    closes = row["접수마감"]
    return (closes is None, closes or dt.date.max, row["공고명"])


def run(tables: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext) -> Result:
    """A real run, or with ``demo`` the sample mode: bundled answers, a throw-away store, nothing sent."""
    # The assistant belongs to the real context: its audit log and day's budget are the clerk's, even in 예시 mode.
    assistant = None
    if ctx.settings.get("ai.enabled"):  # with AI off nothing of the AI code is even imported
        from tasks.grant_alerts.ai_text import assistant_for

        assistant = assistant_for(ctx)
    if params.get("demo"):
        today: dt.date = params.get("as_of") or demo.DEMO_DAY
        with demo.demo_context(ctx) as demo_ctx:
            demo_ctx.in_window = ctx.in_window
            return mark_demo(_run(params, demo_ctx, today, is_demo=True, assistant=assistant))
    return _run(params, ctx, params.get("as_of") or dt.date.today(), is_demo=False, assistant=assistant)


def mark_demo(result: Result) -> Result:
    """Every sheet says 예시: the 요약 title row and first line, a banner column and note on every table."""
    for table in result.tables:
        table.df.insert(0, demo.MARK, demo.BANNER)
        table.note = f"[{demo.MARK}] {table.note}".strip()
    result.headline = f"[{demo.MARK}] {result.headline}"
    result.summary.insert(
        0,
        SummaryItem(
            "예시 실행",
            "내장된 예시 응답으로 실행했습니다. 인터넷에 접속하지 않았고 메일을 보내지 않았으며, "
            "실제 실행의 기록(이미 본 공고)은 바뀌지 않았습니다.",
            WARNING,
            fmt=TEXT,
        ),
    )
    return result


def _run(
    params: Mapping[str, Any], ctx: RunContext, today: dt.date, *, is_demo: bool, assistant: Assistant | None = None
) -> Result:
    chosen = profiles.select(profiles.load(), str(params.get("profile") or profiles.ALL))
    cursors = CursorStore(ctx.store)
    fetched, status, warnings = collect(ctx, today, cursors)
    if not any(r["상태"] == OK_ for r in status):
        # Nothing could be read: a scheduled run must not look like a quiet morning (exit code 3).
        reasons = "; ".join(f"{r['출처']}: {r['사유']}" for r in status) or "조회할 출처가 없습니다(설정의 주소를 확인하십시오)"
        if any(r["상태"] == SKIPPED for r in status):
            reasons += (
                " 키 없이 먼저 해 보려면 예시 모드로 실행하십시오(마법사의 [예시 파일로 해보기], 명령줄 --param demo=true)."
            )
        raise RunFailed(f"공모사업 출처를 하나도 조회하지 못했습니다. {reasons}")
    merged = merge(fetched)
    seen = SeenStore(ctx.store)
    ctx.progress(0, 1, "새 공고와 바뀐 공고를 가려내는 중")
    states = seen.classify([g for g, _ in merged], write=not ctx.dry_run, run_id=ctx.run_id)
    if not ctx.dry_run:  # what was read is remembered now: the next run may start after it
        for f in fetched:
            cursors.save(f.source_id, f.reached, ctx.run_id)

    # Sheet rows, one dict per row keyed by column heading (record_row's columns plus each sheet's own).
    new_rows: list[dict[str, Any]] = []
    all_rows: list[dict[str, Any]] = []
    soon_rows: list[dict[str, Any]] = []
    matched_by_profile: dict[str, list[tuple[Grant, int]]] = {p.name: [] for p in chosen}
    counts = {NEW: 0, CHANGED: 0}
    ai_drafts: dict[str, tuple[str, str]] = {}  # ident -> (summary, fit), AI on only
    for g, sid in merged:
        st = states[g.ident]
        hits, why = [], []
        for p in chosen:
            ok, reason = p.match(g, sid)
            if ok:
                hits.append(p.name)
                # A dry run stores nothing: a stand-in id lets its digest preview list the call all the same.
                matched_by_profile[p.name].append((g, st.grant_id if st.grant_id is not None else -1 - len(all_rows)))
            else:
                why.append(f"{p.name}: {reason}")
        is_open = g.closes is None or g.closes >= today
        row = record_row(g, today)
        all_rows.append(
            {
                "구분": st.status,
                "해당 프로필": ", ".join(hits),
                "제외 사유": "" if hits else "; ".join(why),
                **row,
                "비고": g.period_text,
            }
        )
        if not hits or not is_open:
            continue
        if st.status in (NEW, CHANGED):
            counts[st.status] += 1
            prev = st.previous_deadline or ("미정" if st.status == CHANGED else "")
            new_row = {"구분": st.status, "해당 프로필": ", ".join(hits), **row, "이전 마감": prev}
            if assistant is not None:
                from tasks.grant_alerts import ai_text

                ctx.progress(0, 1, f"AI 요약 작성 중: {g.title[:30]}")
                ai_drafts[g.ident] = ai_text.draft(assistant, g, [p for p in chosen if p.name in hits])
                new_row[ai_text.SUMMARY], new_row[ai_text.FIT] = ai_drafts[g.ident]
            new_rows.append(new_row)
        soon = stage(g.closes.isoformat() if g.closes else "", today)
        if soon:
            soon_rows.append({"알림": soon, "해당 프로필": ", ".join(hits), **row})

    digests: list[digest.DigestResult] = []
    previews: list[dict[str, str]] = []
    if params.get("send_digest", True):
        for p in chosen:
            ctx.progress(0, 1, f"'{p.name}' 요약 메일 준비 중")
            entries = digest.entries_for(p, matched_by_profile[p.name], seen, today)
            for e in entries:
                e.ai_summary, e.ai_fit = ai_drafts.get(e.grant.ident, ("", ""))
            if is_demo:  # shown in the workbook, never sent
                result, preview = digest.preview_digest(p, entries, today)
                previews.append(preview)
            else:
                result = digest.send_digest(ctx, p, entries, seen, today)
            digests.append(result)
            if result.warning:
                warnings.append(result.warning)

    new_rows.sort(key=_by_deadline)
    soon_rows.sort(key=_by_deadline)
    all_rows.sort(key=lambda r: ({NEW: 0, CHANGED: 1, KNOWN: 2}[r["구분"]], *_by_deadline(r)))
    failed = [r for r in status if r["상태"] != OK_]
    summary = [
        SummaryItem("기준일", today.isoformat(), fmt=TEXT),
        SummaryItem("프로필", ", ".join(p.name for p in chosen), fmt=TEXT),
        SummaryItem("조회한 출처", len(status)),
        SummaryItem("실패·건너뛴 출처", len(failed), WARNING if failed else OK),
        SummaryItem("수집 공고(중복 제거)", len(merged)),
        SummaryItem("신규", counts[NEW], FINDING if counts[NEW] else ""),
        SummaryItem("변경", counts[CHANGED], FINDING if counts[CHANGED] else ""),
        SummaryItem("마감 임박(D-7)", sum(1 for r in soon_rows if r["알림"] == "D-7")),
        SummaryItem("마감 임박(D-3)", sum(1 for r in soon_rows if r["알림"] == "D-3")),
    ]
    for d in digests:
        kinds = {k: sum(1 for e in d.entries if e.kind == k) for k in ("신규", "변경")}
        soon_n = sum(1 for e in d.entries if e.kind.startswith("D-"))
        summary.append(
            SummaryItem(
                f"요약 메일: {d.profile}",
                f"{d.status} (신규 {kinds['신규']}, 변경 {kinds['변경']}, 마감 임박 {soon_n})",
                WARNING if d.warning else "",
                fmt=TEXT,
            )
        )
    summary.append(SummaryItem("요약 메일 보낸 수", sum(d.sent for d in digests)))
    new_cols = ["구분", "해당 프로필", *RECORD_COLUMNS, "이전 마감"]
    if assistant is not None:  # labelled columns at the end: the contract's columns stay as they are
        from tasks.grant_alerts import ai_text

        new_cols += ai_text.COLUMNS
        summary.append(SummaryItem("AI 도우미", assistant.summary_note(), WARNING if assistant.notes else "", fmt=TEXT))
        warnings.extend(assistant.notes)
    tables_out = [
        ResultTable(
            "신규공모",
            _frame(new_rows, new_cols),
            dict(DATES),
            "구분",
            {NEW: FINDING, CHANGED: WARNING},
            note="새로 올라왔거나 마감일이 바뀐 공모(마감 빠른 순). 링크를 누르면 원문이 열립니다.",
            links=("원문 URL",),
        ),
        ResultTable(
            "마감임박",
            _frame(soon_rows, ["알림", "해당 프로필", *RECORD_COLUMNS]),
            dict(DATES),
            "알림",
            {"D-3": FINDING, "D-7": WARNING},
            note="마감 7일·3일 이내의 공모.",
            links=("원문 URL",),
        ),
        ResultTable(
            "전체",
            _frame(all_rows, ["구분", "해당 프로필", "제외 사유", *RECORD_COLUMNS, "비고"]),
            dict(DATES),
            "구분",
            {NEW: FINDING, CHANGED: WARNING},
            note="이번에 받은 모든 공고(프로필에서 뺀 것 포함).",
            links=("원문 URL",),
        ),
        ResultTable(
            "소스상태",
            _frame(status, ["출처", "주소", "상태", "건수", "사유", "소요(초)"]),
            {"건수": INT},
            "상태",
            {FAILED: FINDING, SKIPPED: WARNING, OK_: OK},
            note="출처별 조회 결과. 한 출처가 실패해도 나머지는 계속합니다.",
        ),
    ]
    if is_demo and previews:
        tables_out.append(
            ResultTable(
                "요약메일",
                _frame(previews, ["프로필", "받는 사람", "제목", "본문"]),
                note="프로필마다 보냈을 요약 메일. 예시 실행은 메일을 보내지 않습니다.",
            )
        )
    return Result(
        tables=tables_out,
        summary=summary,
        warnings=warnings,
        messages=[{"profile": d.profile, "status": d.status, "sent": d.sent} for d in digests],
        headline=f"공모사업 알림 {today.isoformat()}",
    )
