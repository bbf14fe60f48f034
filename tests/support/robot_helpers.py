"""What the web robot's tests share: a display (Xvfb), the registry's Chromium, a run on the ledger,
and a clerk who logs in when asked."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from core.context import Question, RunContext
from core.store import Store

HYGIENE_COLUMNS = frozenset(
    ["영업신고번호", "업소명", "대표자", "업종", "교육구분", "교육일", "교육시간", "수료번호", "교육기관"]
)


def chromium() -> str:
    """The registry's Chromium (scripts/system-deps.sh installs it); a missing one fails the test loudly."""
    for candidate in (os.environ.get("HAENGBOT_BROWSER", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).is_file():
            return candidate
    raise AssertionError("Chromium이 없습니다: 'bash scripts/system-deps.sh test'로 설치하십시오 (Debian 패키지 chromium).")


@contextmanager
def xvfb() -> Iterator[str]:
    """A virtual screen for the headed browser: the current DISPLAY if there is one, else a fresh Xvfb."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    exe = shutil.which("Xvfb")
    if exe is None:
        raise AssertionError("Xvfb가 없습니다: 'bash scripts/system-deps.sh test'로 설치하십시오 (Debian 패키지 xvfb).")
    read, write = os.pipe()
    proc = subprocess.Popen(
        [exe, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()
        if not number:
            raise AssertionError("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


def run_context(home: Path, task: str = "robot-test", asker: Callable[[Question], str] | None = None) -> RunContext:
    store = Store(home / "haengbot.sqlite3")
    run_id = store.start_run(task, {}, {})
    return RunContext(store=store, run_id=run_id, asker=asker)


class Clerk:
    """Answers the robot's login question by logging in on the robot's own page, as a clerk would."""

    def __init__(self, user: str = "clerk", password: str = "pass1234", label_user: str = "아이디", label_pw: str = "비밀번호"):
        self.robot: object | None = None
        self.user, self.password = user, password
        self.labels = (label_user, label_pw)
        self.questions: list[Question] = []

    def __call__(self, question: Question) -> str:
        self.questions.append(question)
        if question.kind != "login":
            return question.default
        page = self.robot.page  # type: ignore[attr-defined]
        page.get_by_label(self.labels[0], exact=True).fill(self.user)
        page.get_by_label(self.labels[1], exact=True).fill(self.password)
        page.get_by_role("button", name="로그인").click()
        return "done"
