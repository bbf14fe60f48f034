"""car-inheritance-notice with ``post=true``: the 공시송달 공고 is posted to the board replica through the
board-notice recipe, with both attachments (the run's own HWPX and PDF, byte for byte), checked in the
board's list, and posted exactly once however often the month's list is run (EffectKind.BOARD_POST)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.context import Question, RunContext
from core.runner import execute
from core.store import Store
from tasks import registry
from tasks.car_inheritance_notice.sample import ANCHOR, write_samples
from tests.support.replica_board import Board
from tests.support.robot_helpers import chromium, xvfb

TITLE = "자동차 상속이전 등록 안내 공시송달 공고(제2026-1234호)"
PARAMS = {
    "base_date": "2026-11-27",
    "notice_date": "2026-12-01",
    "notice_number": "제2026-1234호",
    "post": "true",
    "post_pace": "0",
}


@pytest.fixture
def browser_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with xvfb() as display:
        monkeypatch.setenv("DISPLAY", display)
        monkeypatch.setenv("HAENGBOT_BROWSER", chromium())
        yield


class DoorClerk:
    """Logs in 'in a pop-up' when asked: the board lets the robot's next page in."""

    def __init__(self, site: Board):
        self.site = site
        self.questions: list[Question] = []

    def __call__(self, question: Question) -> str:
        self.questions.append(question)
        self.site.open_door = True
        return "done"


def run_once(site: Board, sample: Path, output: Path) -> tuple[str, dict[str, object]]:
    site.open_door = False
    ctx = RunContext(asker=DoorClerk(site))
    outcome = execute(registry().get("car-inheritance-notice"), {"vehicles": sample}, PARAMS, output, ctx)
    assert outcome.status == "done", outcome.error
    assert outcome.result is not None
    return str(outcome.status), outcome.result.summary_dict()


@pytest.mark.slow
def test_the_board_post_happens_exactly_once_attachments_included(browser_env: None, haengbot_home: Path, tmp_path: Path) -> None:
    sample = write_samples(tmp_path / "in", anchor=ANCHOR)["vehicles"]
    with Board() as site:
        with (haengbot_home / "settings.toml").open("a", encoding="utf-8") as settings:
            settings.write(f'[car_inheritance]\ndepartment = "차량등록과"\nphone = "031-760-2000"\nboard_url = "{site.url}"\n')
        _status, summary = run_once(site, sample, tmp_path / "out" / "12월.xlsx")
        assert (summary["게시판 게시"], summary["게시 확인"]) == ("게시 완료", "일치")
        assert site.posts == {TITLE: 1}
        (post,) = site.items
        hwpx = (tmp_path / "out" / "12월_공시송달공고.hwpx").read_bytes()
        pdf = (tmp_path / "out" / "12월_공시송달공고_게시용.pdf").read_bytes()
        assert post.files == [("자동차 상속이전 공시송달 공고.hwpx", hwpx), ("자동차 상속이전 공시송달 공고.pdf", pdf)]
        assert post.body.startswith("「행정절차법」 제14조제4항에 따라 상속이전 등록 안내문을 송달할 수 없는 자동차 ")
        assert "공고 기간: 2026-12-01 ~ " in post.body and post.body.endswith("문의: 차량등록과 031-760-2000")

        # The same month's list again (a re-run, another output): the same 공고 is not posted twice.
        _status, again = run_once(site, sample, tmp_path / "out2" / "12월.xlsx")
        assert again["게시판 게시"] == "이미 게시됨"
        assert site.posts == {TITLE: 1} and len(site.items) == 1
    rows = Store().connect().execute("SELECT kind, step, status FROM effects WHERE kind = 'board_post'").fetchall()
    assert [tuple(r) for r in rows] == [("board_post", "게시: board-notice", "sent")]


def test_a_dry_run_never_posts(haengbot_home: Path, tmp_path: Path) -> None:
    sample = write_samples(tmp_path / "in", anchor=ANCHOR)["vehicles"]
    with (haengbot_home / "settings.toml").open("a", encoding="utf-8") as settings:
        settings.write('[car_inheritance]\nboard_url = "http://127.0.0.1:9"\n')
    ctx = RunContext(dry_run=True)
    outcome = execute(registry().get("car-inheritance-notice"), {"vehicles": sample}, PARAMS, tmp_path / "o.xlsx", ctx)
    assert outcome.result is not None
    assert outcome.result.summary_dict()["게시판 게시"] == "시험 실행"


def test_a_broken_board_recipe_exits_2_before_anything(haengbot_home: Path, tmp_path: Path) -> None:
    from tests.helpers import run_cli

    sample = write_samples(tmp_path / "in", anchor=ANCHOR)["vehicles"]
    recipe = tmp_path / "board.toml"
    recipe.write_text('name = "board"\n[site]\nbase_url = "http://127.0.0.1:9"\n', encoding="utf-8")
    args = [f"{k}={v}" for k, v in PARAMS.items()] + [f"board_recipe={recipe}"]
    code, _out, err = run_cli(
        "run",
        "car-inheritance-notice",
        "--input",
        f"vehicles={sample}",
        *[part for a in args for part in ("--param", a)],
        "--output",
        str(tmp_path / "o.xlsx"),
    )
    assert code == 2
    assert (
        "입력 오류: 웹 입력 레시피 'board.toml'의 [form]: 이 부분이 없거나 표 형식이 아닙니다.\n결과 파일은 만들지 않았습니다.\n"
        in err
    )
    assert not list(tmp_path.glob("o*"))
