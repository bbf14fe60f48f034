"""외부 처리 기록 for the clerk: list the effects (확인 필요 first), resolve those in doubt, export them.

The CLI (core/ledger_cli.py) and the GUI (gui/ledger_view.py) both call these functions, so the two
say the same thing in the same words. Everything shown here was masked before it was stored, and is
scrubbed once more on the way out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from core import __version__
from core.effects import FAILED, SENT, EffectsLedger, LiveRun, kind_label
from core.errors import InputError
from core.masking import mask_text
from core.result import ERROR, TEXT, WARNING, Result, ResultTable, SummaryItem
from core.store import Store
from core.writer import InfoRow, write_workbook

# The states a clerk filters by (CLI: --status 확인필요).
IN_DOUBT, RUNNING, DONE, FAILED_KO = "확인필요", "실행중", "완료", "실패"
STATES = (IN_DOUBT, RUNNING, FAILED_KO, DONE)  # also the listing order
Resolution = Literal["sent", "retry"]


@dataclass(frozen=True)
class Entry:
    id: int
    task: str
    kind: str  # 문자, 전자우편, 업로드 파일 행, 웹 입력, 게시판 게시
    case_key: str
    step: str
    target: str  # masked
    state: str  # one of STATES
    summary: str
    reason: str
    reference: str  # the other side's receipt: message id, 접수번호, upload file
    attempts: int
    run_id: str
    created_at: str
    updated_at: str
    resolved_at: str

    def describe(self, titles: Mapping[str, str] | None = None) -> str:
        task = (titles or {}).get(self.task, self.task)
        return f"{self.kind} · {task} · 사례 {self.case_key} · {self.step} · {self.target}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def state_of(status: str, run_id: str | None, live: Mapping[str, LiveRun]) -> str:
    if status == SENT:
        return DONE
    if status == FAILED:
        return FAILED_KO
    return RUNNING if run_id in live else IN_DOUBT


def _why(state: str, run_id: str | None, live: Mapping[str, LiveRun]) -> str:
    """The reason shown for a row that has none of its own (a claim never answered)."""
    if state == RUNNING and run_id is not None and run_id in live:
        return f"실행 중({live[run_id].describe()}): 결과가 아직 기록되지 않았습니다"
    if state == IN_DOUBT:
        return "처리 도중 실행이 중단되어 결과가 기록되지 않았습니다"
    return ""


def entries(store: Store, *, task: str | None = None, state: str | None = None) -> list[Entry]:
    """Effects of every task (or one), 확인 필요 first, then by number."""
    if state is not None and state not in STATES:
        raise InputError(f"상태 '{state}'는 없습니다. {', '.join(STATES)} 가운데 하나를 적어 주십시오.")
    live = EffectsLedger(store).live_runs()
    sql = "SELECT * FROM effects" + (" WHERE task = ?" if task else "") + " ORDER BY id"
    found = []
    for r in store.connect().execute(sql, (task,) if task else ()):
        shown_state = state_of(r["status"], r["run_id"], live)
        entry = Entry(
            id=r["id"],
            task=r["task"],
            kind=kind_label(r["kind"]),
            case_key=mask_text(r["case_key"]),
            step=r["step"],
            target=r["target_masked"],
            state=shown_state,
            summary=mask_text(r["summary"] or ""),
            reason=mask_text(r["reason"] or "") or _why(shown_state, r["run_id"], live),
            reference=mask_text(r["provider_id"] or ""),
            attempts=r["attempts"],
            run_id=r["run_id"] or "",
            created_at=r["created_at"],
            updated_at=r["updated_at"],
            resolved_at=r["resolved_at"] or "",
        )
        if state is None or entry.state == state:
            found.append(entry)
    return sorted(found, key=lambda e: (STATES.index(e.state), e.id))


@dataclass(frozen=True)
class ResolveLine:
    id: int
    changed: bool
    message: str


def resolve(store: Store, ids: Sequence[int], how: Resolution, titles: Mapping[str, str] | None = None) -> list[ResolveLine]:
    """보낸 것으로 처리 (``sent``) or 다시 보내기 허용 (``retry``), one line per id saying what happened."""
    ledger = EffectsLedger(store)
    changed = set(ledger.resolve_ids(list(ids), delivered=how == "sent"))
    by_id = {e.id: e for e in entries(store) if e.id in set(ids)}
    live = ledger.live_runs()
    lines = []
    for effect_id in ids:
        entry = by_id.get(effect_id)
        if entry is None:
            lines.append(ResolveLine(effect_id, False, f"{effect_id}번: 그런 번호의 기록이 없습니다."))
        elif effect_id in changed:
            done = "보낸 것으로 처리했습니다" if how == "sent" else "다시 보내기를 허용했습니다(다음 실행에서 다시 합니다)"
            lines.append(ResolveLine(effect_id, True, f"{effect_id}번 {entry.describe(titles)}: {done}."))
        elif entry.run_id in live:
            lines.append(
                ResolveLine(
                    effect_id,
                    False,
                    f"{effect_id}번 {entry.describe(titles)}: 아직 실행 중인 실행({live[entry.run_id].describe()})의 기록이라 "
                    "바꾸지 않았습니다. 그 실행이 끝난 뒤 다시 하십시오.",
                )
            )
        else:
            lines.append(
                ResolveLine(
                    effect_id,
                    False,
                    f"{effect_id}번 {entry.describe(titles)}: 확인 필요가 아니어서 그대로 두었습니다(지금: {entry.state}).",
                )
            )
    return lines


COLUMNS = {
    "번호": "id",
    "작업": "task",
    "종류": "kind",
    "사례": "case_key",
    "단계": "step",
    "대상": "target",
    "상태": "state",
    "내용": "summary",
    "사유": "reason",
    "접수번호": "reference",
    "시도 횟수": "attempts",
    "처음 기록": "created_at",
    "마지막 변경": "updated_at",
    "담당자 정리": "resolved_at",
}


def export(
    store: Store,
    path: Path,
    *,
    task: str | None = None,
    state: str | None = None,
    titles: Mapping[str, str] | None = None,
) -> Path:
    """The listing as a workbook (요약, 외부처리기록, 실행정보), masked as stored, written atomically."""
    found = entries(store, task=task, state=state)
    names = titles or {}
    rows = [
        {col: (names.get(e.task, e.task) if field == "task" else getattr(e, field)) for col, field in COLUMNS.items()}
        for e in found
    ]
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    table = ResultTable(
        "외부처리기록",
        df,
        formats={col: TEXT for col in COLUMNS if col not in ("번호", "시도 횟수")},
        highlight_by="상태",
        highlight={IN_DOUBT: WARNING, FAILED_KO: ERROR},
        note="확인필요: 처리되었는지 알 수 없는 건. 상대 시스템에서 확인한 뒤 행봇에서 정리하십시오.",
    )
    counts = {s: sum(1 for e in found if e.state == s) for s in STATES}
    result = Result(
        tables=[table],
        summary=[SummaryItem(s, counts[s], kind=WARNING if s == IN_DOUBT and counts[s] else "") for s in STATES],
        headline="외부 처리 기록",
    )
    info = [
        InfoRow("내보낸 시각", dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
        InfoRow("작업", names.get(task, task) if task else "모든 작업"),
        InfoRow("상태", state or "모든 상태"),
        InfoRow("행봇 버전", __version__),
        InfoRow("개인정보", "대상은 가린 형태로만 저장·표시합니다(010-****-5678)."),
    ]
    return write_workbook(Path(path), result, error_table=None, info=info)
