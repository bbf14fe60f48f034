"""The effects ledger (issue 11): recorded before, confirmed after, in doubt after a failure, never
repeated blindly, refused-before is failed (not in doubt), live runs untouched, targets masked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.context import RunContext
from core.effects import FAILED, SENDING, SENT, UNKNOWN, EffectKind, EffectsLedger
from core.effects_task import ALREADY_DONE, BUSY, DONE, DRY_RUN, IN_DOUBT, REFUSED, EffectRefused
from core.errors import RunFailed
from core.store import Store

TASK = "toy-web"


def run_ctx(store: Store, *, dry_run: bool = False, pid: int | None = None) -> RunContext:
    run_id = store.start_run(TASK, {}, {})
    if pid is not None:
        with store.transaction() as conn:
            conn.execute("UPDATE runs SET pid = ? WHERE id = ?", (pid, run_id))
    return RunContext(store=store, run_id=run_id, dry_run=dry_run)


def finish(ctx: RunContext) -> None:
    assert ctx.run_id
    ctx.store.finish_run(ctx.run_id, "done")


def row(store: Store, effect_id: int | None) -> dict[str, object]:
    found = store.connect().execute("SELECT * FROM effects WHERE id = ?", (effect_id,)).fetchone()
    return dict(found)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "haengbot.sqlite3")


def test_performed_once_then_already_done(store: Store) -> None:
    calls: list[str] = []

    def submit() -> str:
        calls.append("K001")
        assert row(store, first_id())["status"] == SENDING  # recorded BEFORE it happens
        return "접수번호 2026-0001"

    def first_id() -> int:
        return int(store.connect().execute("SELECT id FROM effects").fetchone()[0])

    ctx = run_ctx(store)
    effect = ctx.effects.perform(EffectKind.WEB_FORM, "K001", "교육이수 입력", "REC-1", submit, summary="위생교육 이수 입력")
    assert (effect.state, effect.reference, calls) == (DONE, "접수번호 2026-0001", ["K001"])
    saved = row(store, effect.id)
    assert (saved["status"], saved["provider_id"], saved["kind"], saved["run_id"]) == (
        SENT,
        "접수번호 2026-0001",
        "web_form",
        ctx.run_id,
    )
    finish(ctx)
    again = run_ctx(store).effects.perform(EffectKind.WEB_FORM, "K001", "교육이수 입력", "REC-1", submit)
    assert again.state == ALREADY_DONE and again.reason.endswith("에 처리됨") and calls == ["K001"]


def test_refused_before_it_happened_is_failed_with_reason_and_done_again(store: Store) -> None:
    ctx = run_ctx(store)
    with ctx.effects.claim(EffectKind.BOARD_POST, "공고-7", "게시", "board/notice") as effect:
        assert effect.claimed
        raise EffectRefused("게시판이 첨부 파일 형식을 거부했습니다")
    assert (effect.state, effect.reason) == (REFUSED, "게시판이 첨부 파일 형식을 거부했습니다")
    saved = row(store, effect.id)
    assert (saved["status"], saved["reason"], saved["code"]) == (FAILED, "게시판이 첨부 파일 형식을 거부했습니다", "refused")
    finish(ctx)
    retried = run_ctx(store).effects.perform(EffectKind.BOARD_POST, "공고-7", "게시", "board/notice", lambda: "글 번호 88")
    assert retried.state == DONE and row(store, retried.id)["attempts"] == 2


def test_an_error_inside_leaves_it_in_doubt_and_a_rerun_does_not_repeat_it(store: Store) -> None:
    ctx = run_ctx(store)
    with pytest.raises(ConnectionError):
        with ctx.effects.claim(EffectKind.WEB_FORM, "K002", "입력", "REC-2") as effect:
            raise ConnectionError("저장 버튼을 누른 뒤 연결이 끊김")
    assert effect.state == IN_DOUBT
    saved = row(store, effect.id)
    assert (saved["status"], saved["reason"]) == (UNKNOWN, "처리 도중 오류가 나서 결과를 알 수 없습니다(ConnectionError)")
    finish(ctx)

    calls: list[int] = []
    rerun = run_ctx(store)
    again = rerun.effects.perform(EffectKind.WEB_FORM, "K002", "입력", "REC-2", lambda: str(calls.append(1)))
    assert (again.state, calls) == (IN_DOUBT, [])
    assert again.reason == (
        "처리 도중 오류가 나서 결과를 알 수 없습니다(ConnectionError). 상대 시스템에서 확인한 뒤 외부 처리 기록에서 정리하십시오"
    )
    # the clerk's explicit 다시 보내기 허용 for this run takes it over
    allowed = rerun.effects.claim(EffectKind.WEB_FORM, "K002", "입력", "REC-2", allow_in_doubt=True)
    assert allowed.claimed and allowed.id == effect.id


def test_rows_of_a_live_run_are_never_taken_over_nor_resolved(store: Store) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        first = run_ctx(store, pid=other.pid).effects.claim(EffectKind.WEB_FORM, "K003", "입력", "REC-3")
        assert first.claimed
        second = run_ctx(store).effects
        busy = second.claim(EffectKind.WEB_FORM, "K003", "입력", "REC-3", allow_in_doubt=True)
        assert busy.state == BUSY and not busy.claimed and f"프로세스 {other.pid})이 아직 처리 중입니다" in busy.reason
        assert EffectsLedger(store).resolve_ids([first.id or 0], delivered=True) == []
    finally:
        other.kill()
        other.wait()
    gone = run_ctx(store).effects.claim(EffectKind.WEB_FORM, "K003", "입력", "REC-3")
    assert gone.state == IN_DOUBT and gone.reason.startswith("이전 실행이 처리 도중 중단되어 결과가 기록되지 않았습니다")
    assert EffectsLedger(store).resolve_ids([first.id or 0], delivered=True) == [first.id]


def test_a_phone_target_is_stored_as_hmac_and_masked(store: Store) -> None:
    ctx = run_ctx(store)
    effect = ctx.effects.perform(
        EffectKind.SMS, "C1", "안내", "01012345678", lambda: None, summary="900101-1234567 님 안내 010-1234-5678"
    )
    saved = row(store, effect.id)
    assert saved["target_masked"] == "010-****-5678" and len(str(saved["target_hash"])) == 64
    assert saved["summary"] == "900101-1****** 님 안내 010-****-5678"
    dump = "\n".join(store.connect().iterdump())
    assert "01012345678" not in dump and "1234-5678" not in dump and "1234567" not in dump


def test_a_dry_run_records_nothing(store: Store) -> None:
    effect = run_ctx(store, dry_run=True).effects.perform(EffectKind.EMAIL, "C1", "안내", "a@b.kr", lambda: "x")
    assert (effect.state, effect.claimed, effect.id) == (DRY_RUN, False, None)
    assert store.connect().execute("SELECT COUNT(*) FROM effects").fetchone()[0] == 0


def test_effects_need_a_recorded_run(store: Store) -> None:
    with pytest.raises(RunFailed, match="외부 처리는 실행 기록이 있는 실행에서만 할 수 있습니다"):
        _ = RunContext(store=store).effects


def test_no_effect_after_the_database_was_moved_aside(store: Store) -> None:
    """A fresh database after a corrupt one has no ledger: every effect would look new and be done twice."""
    with store.transaction() as conn:
        conn.execute("INSERT INTO store_recoveries (moved_to, moved_at) VALUES ('haengbot.sqlite3.corrupt-1', 'now')")
    with pytest.raises(RunFailed, match=r"(?s)corrupt-1로 옮겨졌습니다.*store accept-recovery"):
        _ = run_ctx(store).effects
    assert run_ctx(store, dry_run=True).effects.perform(EffectKind.WEB_FORM, "K1", "입력", "R1", lambda: "x").state == DRY_RUN
    store.accept_recoveries()
    assert run_ctx(store).effects.perform(EffectKind.WEB_FORM, "K1", "입력", "R1", lambda: "x").state == DONE
