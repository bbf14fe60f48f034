"""What a task uses to do an outside effect once: ``ctx.effects.claim(...)`` or ``ctx.effects.perform(...)``.

    with ctx.effects.claim(EffectKind.WEB_FORM, case_key, "교육이수 입력", record_no, summary=...) as effect:
        if effect.claimed:
            receipt = submit(...)          # raise EffectRefused(reason) if the site refused before saving
            effect.confirm(receipt)        # optional: leaving the block without an error confirms too

or, for one call, ``outcome = ctx.effects.perform(kind, case_key, step, target, submit)``.

The claim is written before the block runs. Leaving the block normally confirms the effect;
EffectRefused marks it ``failed`` with the reason (a re-run does it again, it is never in doubt);
any other error, a kill or a power cut leaves it 확인 필요, and no later run repeats it until the
clerk resolves it in the ledger view.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from core.effects import (
    FAILED,
    SENT,
    UNKNOWN,
    EffectKey,
    EffectKind,
    EffectRow,
    EffectsLedger,
    Mark,
    Record,
)
from core.errors import RunFailed
from core.korean import particle
from core.store import Store

# What became of one effect in this run, in the clerk's words.
DONE = "처리함"
ALREADY_DONE = "이미 처리됨"
IN_DOUBT = "확인 필요"
REFUSED = "실패"
BUSY = "다른 실행이 처리 중"
DRY_RUN = "시험 실행(하지 않음)"
WOULD_DO = "처리 예정"


class EffectRefused(Exception):
    """Raised inside a claimed effect when it was refused before anything happened (a validation
    error on the form, a board that rejected the post): recorded as failed, never in doubt."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class EffectClaim:
    """One effect of this run: claimed (ours to do now) or not, with the reason why not."""

    def __init__(self, ledger: EffectsLedger, effect_id: int | None, state: str, reason: str = ""):
        self.ledger = ledger
        self.id = effect_id
        self.state = state
        self.reason = reason
        self.reference = ""
        self._open = state == WOULD_DO and effect_id is not None

    @property
    def claimed(self) -> bool:
        """True while the effect is ours to do: recorded, not yet confirmed or refused."""
        return self._open

    def confirm(self, reference: str = "") -> None:
        """It happened; *reference* is the other side's receipt (접수번호, message id, post URL)."""
        self._settle(SENT, DONE, reference=reference)

    def refuse(self, reason: str) -> None:
        """It was refused before it happened: a re-run does it again."""
        self._settle(FAILED, REFUSED, code="refused", reason=reason)

    def _settle(self, status: str, state: str, *, reference: str = "", code: str = "", reason: str = "") -> None:
        if not self._open or self.id is None:
            raise RuntimeError(f"effect {self.id} is not claimed ({self.state})")
        self.ledger.mark([Mark(self.id, status, reference, code, reason)])
        self._open, self.state, self.reason, self.reference = False, state, reason, reference

    def __enter__(self) -> EffectClaim:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> bool:
        if not self._open:
            return False
        if exc is None:
            self.confirm()
            return False
        if isinstance(exc, EffectRefused):
            self.refuse(exc.reason)
            return True
        # The effect may have happened (the request left, the form was saved, then the answer broke).
        self._settle(UNKNOWN, IN_DOUBT, code="error", reason=f"처리 도중 오류가 나서 결과를 알 수 없습니다({type(exc).__name__})")
        return False


class RunEffects:
    """The effects of one run of one task (RunContext.effects)."""

    def __init__(self, ledger: EffectsLedger, task: str, run_id: str | None, *, dry_run: bool = False):
        self.ledger = ledger
        self.task = task
        self.run_id = run_id
        self.dry_run = dry_run

    @classmethod
    def for_run(cls, store: Store, run_id: str | None, *, dry_run: bool = False) -> RunEffects:
        """The task is the run's own (runs.task): a task cannot write effects under another's name."""
        run = store.run(run_id) if run_id else None
        if run is None:
            raise RunFailed("외부 처리는 실행 기록이 있는 실행에서만 할 수 있습니다(실행 번호가 없습니다).")
        moved = store.pending_recoveries()
        if moved and not dry_run:
            # A corrupt database moved aside took the ledger with it: every effect would look new and be
            # done twice. The runner stops sending tasks before this; here every other effect stops too.
            raise RunFailed(
                f"실행 기록 데이터베이스가 손상되어 {', '.join(moved)}{particle(moved[-1], '으로/로')} 옮겨졌습니다. 새 데이터베이스에는 지난 외부 처리 "
                "기록이 없어, 지금 하면 이미 한 입력·게시·발송을 다시 할 수 있으므로 하지 않았습니다.\n"
                "  → 옮긴 파일을 담당자가 확인한 뒤 'python main.py store accept-recovery'를 실행하십시오."
            )
        return cls(EffectsLedger(store), run.task, run_id, dry_run=dry_run)

    def claim(
        self,
        kind: EffectKind,
        case_key: str,
        step: str,
        target: str,
        *,
        summary: str = "",
        shown: str = "",
        channel: str = "",
        content: str = "",
        allow_in_doubt: bool = False,
    ) -> EffectClaim:
        """Record the effect as about to happen, unless it is done, in doubt or being done elsewhere.

        *allow_in_doubt* is the clerk's explicit "다시 보내기 허용" for this run; even then a row of a
        run still alive is never taken over."""
        key = EffectKey(self.task, case_key, step, target)
        if self.dry_run:
            row = self.ledger.lookup([key]).get(key)
            if row is None or row.status == FAILED:
                return EffectClaim(self.ledger, None, DRY_RUN, "시험 실행: 하지 않았습니다")
            return self._why_not(row)
        record = Record(key, kind, channel=channel, content=content, summary=summary, shown=shown)
        (effect_id,) = self.ledger.claim([record], run_id=self.run_id, allow_in_doubt=allow_in_doubt)
        if effect_id is not None:
            return EffectClaim(self.ledger, effect_id, WOULD_DO)
        row = self.ledger.lookup([key]).get(key)
        if row is None:  # cannot happen: the row that refused the claim is there
            raise RuntimeError(f"effect {key} refused but not found")
        return self._why_not(row)

    def perform(
        self,
        kind: EffectKind,
        case_key: str,
        step: str,
        target: str,
        action: Callable[[], str | None],
        *,
        summary: str = "",
        shown: str = "",
        channel: str = "",
        content: str = "",
    ) -> EffectClaim:
        """Claim, run *action* (its return value is the receipt) and confirm; or say why it was not run."""
        with self.claim(kind, case_key, step, target, summary=summary, shown=shown, channel=channel, content=content) as effect:
            if effect.claimed:
                effect.confirm(action() or "")
        return effect

    def _why_not(self, row: EffectRow) -> EffectClaim:
        if row.status == SENT:
            when = row.updated_at[:16].replace("T", " ")
            return EffectClaim(self.ledger, row.id, ALREADY_DONE, f"{when}에 처리됨")
        live = self.ledger.live_runs()
        if row.run_id in live:
            return EffectClaim(
                self.ledger,
                row.id,
                BUSY,
                f"다른 실행({live[row.run_id].describe()})이 아직 처리 중입니다. 그 실행이 끝난 뒤 확인하십시오",
            )
        why = (
            "이전 실행이 처리 도중 중단되어 결과가 기록되지 않았습니다"
            if row.status != UNKNOWN
            else (row.reason or "결과를 받지 못했습니다")
        )
        return EffectClaim(self.ledger, row.id, IN_DOUBT, f"{why}. 상대 시스템에서 확인한 뒤 외부 처리 기록에서 정리하십시오")
