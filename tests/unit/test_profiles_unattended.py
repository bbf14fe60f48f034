"""A scheduled run never waits for a person (issue 17): a question ends it with exit 3; a sending task
sends only when its profile says so (and the schedule's one confirmation was given); the run lock is
honoured; a caught-up missed run runs once."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from core.cli import main as cli_main
from core.context import RunContext
from core.profile_run import run_profile, unseen_scheduled_runs
from core.profiles import Profile, Profiles
from core.registry import Registry
from core.result import TEXT, Result, SummaryItem
from core.runlock import RunLock
from core.runstatus import RunStatus
from core.schedules import Kind, ScheduleDef
from core.spec import TaskSpec
from core.store import Store
from tests.helpers import key_values
from tests.support.asking_task import SPEC as ASKING


def _send(tables: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext) -> Result:
    """Stands in for a sending task: says whether this run would really send."""
    return Result(summary=[SummaryItem("발송", "시험 실행" if ctx.dry_run else "실제 발송", fmt=TEXT)], headline="발송 시험")


SENDER = TaskSpec(
    id="send-test",
    title="발송 시험",
    department="시험",
    description="보내는 작업의 자리를 채우는 시험용 작업입니다.",
    basis="시험",
    inputs=(),
    params=(),
    run=_send,
    sends_messages=True,
)
REGISTRY = Registry([ASKING, SENDER])
DAILY_9 = ScheduleDef(Kind.DAILY, 9, 0)


def cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(list(argv), REGISTRY, stdout=out, stderr=err)
    return code, err.getvalue()


def test_a_question_ends_a_scheduled_run_with_exit_3_and_a_korean_reason(tmp_path: Path) -> None:
    Profiles().save(Profile("묻기", "ask-test", output_dir=tmp_path, schedule=DAILY_9))
    code, err = cli("run", "--profile", "묻기", "--scheduled")
    assert code == 3
    assert err == (
        "실패: 실행 중에 확인할 질문이 있어 멈췄습니다: '열린 브라우저 창에서 로그인한 뒤 [계속]을 누르십시오.' (질문 login). 답할 "
        "사람이 없는 실행입니다. --yes로 기본값('계속')을 쓰거나 창에서 실행하십시오.\n"
    )
    (run,) = unseen_scheduled_runs(Store())
    assert run.status == RunStatus.FAILED and run.profile == "묻기" and "질문이 있어 멈췄습니다" in (run.message or "")


def test_sending_only_when_the_profile_says_so_and_the_schedule_confirmed_it(tmp_path: Path) -> None:
    Profiles().save(Profile("안보냄", "send-test", output_dir=tmp_path))
    code, err = cli("run", "--profile", "안보냄", "--scheduled")
    assert code == 0 and err.startswith("이 프로필은 발송하지 않도록 저장되어 있어 시험 실행(보내지 않음)으로 실행합니다.\n")
    assert key_values(Path(Store().runs()[0].output_path or ""), "요약")["발송"] == "시험 실행"

    Profiles().save(Profile("보냄", "send-test", output_dir=tmp_path, send=True))
    code, err = cli("schedule", "add", "보냄", "--daily", "09:00")  # sending needs the one confirmation
    assert code == 2 and "예약 실행은 묻지 않고 보내므로, 예약할 때 한 번 확인이 필요합니다" in err
    code, _ = cli("run", "--profile", "보냄", "--scheduled")  # started by a scheduler without it: no sending
    assert code == 0 and key_values(Path(Store().runs()[0].output_path or ""), "요약")["발송"] == "시험 실행"

    profile = Profiles().load("보냄")
    profile.send_confirmed_at = "2026-11-27T08:00:00+09:00"  # what `schedule add --confirm-send` stores
    Profiles().save(profile)
    code, _ = cli("run", "--profile", "보냄", "--scheduled")
    assert code == 0 and key_values(Path(Store().runs()[0].output_path or ""), "요약")["발송"] == "실제 발송"


def test_a_scheduled_sending_run_honours_the_run_lock(tmp_path: Path, haengbot_home: Path) -> None:
    Profiles().save(Profile("보냄", "send-test", output_dir=tmp_path, send=True, send_confirmed_at="2026-11-27T08:00:00+09:00"))
    with RunLock(haengbot_home, "send-test", "발송 시험") as lock:
        lock.acquire("manual-run-id")
        code, err = cli("run", "--profile", "보냄", "--scheduled")
    assert code == 3
    assert "'발송 시험' 작업이 이미 실행 중입니다(실행 번호 manual-r" in err and "이번 실행은 시작하지 않았습니다" in err
    assert not list(tmp_path.glob("*.xlsx"))
    assert Store().runs()[0].status == RunStatus.FAILED


def test_a_caught_up_missed_run_runs_once(tmp_path: Path) -> None:
    profile = Profile("매일", "send-test", output_dir=tmp_path, schedule=DAILY_9)
    Profiles().save(profile)
    store = Store()
    # Yesterday's 09:00 run happened; the PC was then off through today's 09:00 slot.
    now = dt.datetime.now().replace(microsecond=0)
    slot = DAILY_9.last_slot(now)
    assert slot is not None
    first = run_profile(profile, REGISTRY, io.StringIO(), scheduled=True, store=store, now=now)
    assert first.code == 0 and not first.skipped
    earlier = (slot - dt.timedelta(days=1)).astimezone().isoformat(timespec="seconds")
    with store.transaction() as conn:  # make the first run yesterday's: today's slot is then still open
        conn.execute("UPDATE runs SET started_at = ? WHERE id = ?", (earlier, first.outcome.run_id if first.outcome else ""))
    caught_up = io.StringIO()
    second = run_profile(profile, REGISTRY, caught_up, scheduled=True, catch_up=True, store=store, now=now)
    assert second.code == 0 and not second.skipped
    again = io.StringIO()  # the timer's own start, or the @reboot line, after the catch-up: nothing more
    third = run_profile(profile, REGISTRY, again, scheduled=True, store=store, now=now)
    assert third.skipped and third.outcome is None
    assert again.getvalue() == f"{slot:%Y-%m-%d %H:%M} 예약분은 이미 실행했습니다. 다시 실행하지 않습니다.\n"
    assert len(Store().runs()) == 2


def test_a_paused_schedule_does_not_run(tmp_path: Path) -> None:
    profile = Profile("쉼", "send-test", output_dir=tmp_path, schedule=DAILY_9, paused=True)
    Profiles().save(profile)
    code, err = cli("run", "--profile", "쉼", "--scheduled")
    assert (code, err) == (0, "프로필 '쉼'의 예약은 일시 중지되어 있어 실행하지 않았습니다.\n") and Store().runs() == []
