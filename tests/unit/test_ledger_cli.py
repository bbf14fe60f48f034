"""``python main.py ledger``: 다시 보내기 허용 lets the next run do it again; wrong use gets Korean words."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from core.cli import main
from core.context import RunContext
from core.effects import EffectKind
from core.effects_task import DONE
from core.registry import Registry
from core.store import Store
from tasks import registry


def cli(*args: str, tasks: Registry | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["ledger", *args], tasks or registry(), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def in_doubt(store: Store, task: str = "welfare-sms", pid: int | None = None) -> int:
    """A 문자 claimed by a run that then died (its row stays 'sending')."""
    run_id = store.start_run(task, {}, {})
    if pid is not None:
        with store.transaction() as conn:
            conn.execute("UPDATE runs SET pid = ? WHERE id = ?", (pid, run_id))
    effect = RunContext(store=store, run_id=run_id).effects.claim(EffectKind.SMS, "C7", "접수", "01070000007", summary="접수 SMS")
    assert effect.claimed and effect.id
    if pid is None:
        store.finish_run(run_id, "failed", message="강제 종료")
    return effect.id


def test_retry_lets_the_next_run_do_it_again(haengbot_home: Path) -> None:
    store = Store()
    effect_id = in_doubt(store)
    code, out, _ = cli("list")
    assert code == 0 and f"{effect_id}\t확인필요\t문자\t사회보장급여 처리절차 안내 문자\tC7\t접수\t010-****-0007\t" in out
    assert cli("resolve", str(effect_id), "--as", "retry") == (
        0,
        f"{effect_id}번 문자 · 사회보장급여 처리절차 안내 문자 · 사례 C7 · 접수 · 010-****-0007: 다시 보내기를 허용했습니다(다음 실행에서 다시 합니다).\n",
        "",
    )
    run_id = store.start_run("welfare-sms", {}, {})
    effects = RunContext(store=store, run_id=run_id).effects
    assert effects.perform(EffectKind.SMS, "C7", "접수", "01070000007", lambda: "M-9").state == DONE
    assert cli("list", "--status", "실패") == (0, "조건에 맞는 외부 처리 기록이 없습니다.\n", "")


def test_a_live_runs_row_is_not_resolved(haengbot_home: Path) -> None:
    store = Store()
    sender = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        effect_id = in_doubt(store, pid=sender.pid)
        code, out, _ = cli("resolve", str(effect_id), "--as", "sent")
        assert code == 2
        assert out.startswith(
            f"{effect_id}번 문자 · 사회보장급여 처리절차 안내 문자 · 사례 C7 · 접수 · 010-****-0007: 아직 실행 중인 실행(실행 번호 "
        )
        assert out.endswith(f"프로세스 {sender.pid})의 기록이라 바꾸지 않았습니다. 그 실행이 끝난 뒤 다시 하십시오.\n")
        code, out, _ = cli("list", "--status", "실행중")
        assert code == 0 and f"{effect_id}\t실행중\t문자\t" in out and "\t실행 중(실행 번호 " in out
    finally:
        sender.kill()
        sender.wait()
    assert cli("list", "--status", "확인필요")[1].count("\t확인필요\t") == 1


def test_wrong_use_is_answered_in_korean(haengbot_home: Path, tmp_path: Path) -> None:
    code, _, err = cli("list", "--status", "모름")
    # the wording of argparse's Korean message is core/cli.py's; the choices offered are the ledger's states
    assert code == 2 and "명령을 이해하지 못했습니다: 인자 --status:" in err
    assert "'모름'" in err and "(고를 수 있는 것: '확인필요', '실행중', '실패', '완료')" in err
    assert cli("export", "--output", str(tmp_path / "기록.csv")) == (
        2,
        "",
        f"오류: 내보낼 파일은 .xlsx여야 합니다: {tmp_path / '기록.csv'}\n",
    )
    assert cli() == (2, "", "ledger 다음에 list, resolve, export 가운데 하나를 적어 주십시오. 예: python main.py ledger list\n")
    code, _, err = cli("resolve", "1")
    assert code == 2 and "명령을 이해하지 못했습니다: 꼭 적어야 하는 인자가 빠졌습니다: --as" in err
