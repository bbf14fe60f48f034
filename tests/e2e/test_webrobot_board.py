"""Posting to a board with the robot (WebRobot.post, the board-notice recipe, EffectKind.BOARD_POST):
the post happens exactly once, both attachments arrive byte for byte, and the list shows it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.effects import EffectKind
from core.webrobot import ALREADY, ENTERED, MATCHED, WebRobot, load_recipe
from tests.support.replica_board import PASSWORD, USER, Board
from tests.support.robot_helpers import Clerk, chromium, run_context, xvfb

COLUMNS = frozenset(["제목", "본문", "첨부1", "첨부2"])
TITLE = "자동차 상속이전 등록 안내 공시송달 공고(2026-12호)"
BODY = "「자동차관리법」 제12조에 따라 다음 자동차의 상속이전 등록을 안내합니다.\n신청 기한: 2027. 6. 30."


@pytest.fixture
def browser_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with xvfb() as display:
        monkeypatch.setenv("DISPLAY", display)
        monkeypatch.setenv("HAENGBOT_BROWSER", chromium())
        yield


def post_once(home: Path, site: Board, files: list[Path]) -> tuple[str, str, str]:
    recipe = load_recipe("board-notice", columns=COLUMNS, base_url=site.url)
    clerk = Clerk(USER, PASSWORD)
    ctx = run_context(home, task="car-inheritance-notice", asker=clerk)
    robot = WebRobot(ctx, recipe, pace=0, kind=EffectKind.BOARD_POST)
    clerk.robot = robot
    with robot:
        out = robot.post("공고-2026-12", TITLE, BODY, files)
    return out.status, out.check, out.detail


@pytest.mark.slow
def test_the_board_post_happens_exactly_once_attachments_included(browser_env: None, haengbot_home: Path, tmp_path: Path) -> None:
    hwpx = tmp_path / "공고문.hwpx"
    pdf = tmp_path / "공고문.pdf"
    hwpx.write_bytes(b"PK\x03\x04 hwpx bytes " + bytes(range(256)))
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(255, -1, -1)))
    with Board() as site:
        assert post_once(haengbot_home, site, [hwpx, pdf]) == (ENTERED, MATCHED, "게시되었습니다. 글번호 1")
        assert post_once(haengbot_home, site, [hwpx, pdf])[0] == ALREADY  # a second run: not posted again
        assert site.posts == {TITLE: 1}
        (post,) = site.items
        assert (post.title, post.body) == (TITLE, BODY.replace("\n", "\r\n"))  # a textarea posts CRLF
        assert post.files == [("공고문.hwpx", hwpx.read_bytes()), ("공고문.pdf", pdf.read_bytes())]
        assert site.logins == 2
    from core.store import Store

    rows = (
        Store(haengbot_home / "haengbot.sqlite3").connect().execute("SELECT kind, case_key, step, status FROM effects").fetchall()
    )
    assert [tuple(r) for r in rows] == [("board_post", "공고-2026-12", "게시: board-notice", "sent")]


def test_post_refuses_missing_files_before_the_browser(haengbot_home: Path, tmp_path: Path) -> None:
    from core.errors import RunFailed

    recipe = load_recipe("board-notice", columns=COLUMNS, base_url="http://127.0.0.1:9")
    robot = WebRobot(run_context(haengbot_home), recipe, pace=0, kind=EffectKind.BOARD_POST)
    with pytest.raises(RunFailed) as err:
        robot.post("k", TITLE, BODY, [tmp_path / "없는.pdf"])
    assert str(err.value) == "게시할 첨부 파일을 찾을 수 없습니다: 없는.pdf"
