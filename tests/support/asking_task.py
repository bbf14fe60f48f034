"""A task declared for the tests of issue 11's clerk-in-the-loop: it opens a "browser" and asks once.

The "browser" is a ``sleep 300`` child registered with ``ctx.on_close``; its pid is written to
``$HAENGBOT_HOME/browser.pid`` so a test can see it go. Mode ``ask`` asks one question and puts the
answer in the summary; mode ``hang`` ignores cancel (a stuck robot) so only a hard stop ends it.
Run as a script it is the CLI with this task in its registry (for subprocess and pty tests).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.context import Question, RunContext  # noqa: E402
from core.result import TEXT, Result, SummaryItem  # noqa: E402
from core.spec import Param, ParamType, TaskSpec  # noqa: E402

QUESTION = Question(
    "login",
    "열린 브라우저 창에서 로그인한 뒤 [계속]을 누르십시오.",
    choices=(("continue", "계속"), ("stop", "중단")),
    default="continue",
    kind="login",
)


def pid_file() -> Path:
    return Path(os.environ["HAENGBOT_HOME"]) / "browser.pid"


def open_browser(ctx: RunContext) -> subprocess.Popen[bytes]:
    browser = subprocess.Popen(["sleep", "300"])
    ctx.on_close(lambda: (browser.kill(), browser.wait()), "browser")
    pid_file().write_text(str(browser.pid), encoding="ascii")
    return browser


def run(tables: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext) -> Result:
    open_browser(ctx)
    if params["mode"] == "hang":
        ctx.progress(0, 1, "응답 없는 사이트를 기다리는 중")
        time.sleep(300)  # no check point: only a hard stop ends this
    answer = ctx.ask(QUESTION)
    ctx.progress(1, 1, "답을 받았습니다")
    return Result(summary=[SummaryItem("답", QUESTION.label(answer), fmt=TEXT)], headline="질문 시험")


SPEC = TaskSpec(
    id="ask-test",
    title="질문 시험",
    department="시험",
    description="실행 중에 담당자에게 한 번 묻는 시험용 작업입니다.",
    basis="시험",
    inputs=(),
    params=(Param("mode", "방식", ParamType.CHOICE, "ask", choices=(("ask", "묻기"), ("hang", "멈춤"))),),
    run=run,
)


if __name__ == "__main__":
    from core.cli import main
    from core.registry import Registry

    sys.exit(main(sys.argv[1:], Registry([SPEC])))
