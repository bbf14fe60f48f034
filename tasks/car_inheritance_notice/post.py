"""``--param post=true``: the 공시송달 공고 goes to the city's board through the web robot, once.

The board is driven by a recipe (``board-notice`` by default: resources/recipes/, or the home's own
copy, or a path given as ``board_recipe``), read before anything else so that a broken one stops the
run (exit 2) before a document is made or a browser opens. The post is an effect on the ledger
(``EffectKind.BOARD_POST``) keyed by the 공고 itself (공고일 and the cars in it), so the same 공고 is
never posted twice however often the month's list is run; it is confirmed only when the board's list
shows the post with both attachments. A ``--dry-run`` never posts.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.context import RunContext
from core.effects import EffectKind
from core.webrobot import ALREADY, ENTERED, Recipe, WebRobot, load_recipe

COLUMNS = frozenset(["제목", "본문", "첨부1", "첨부2"])
DEFAULT_RECIPE = "board-notice"
BOARD_URL_SETTING = "car_inheritance.board_url"


# The robot's words for a record, in a board's words.
POST_STATUS = {ENTERED: "게시 완료", ALREADY: "이미 게시됨"}


@dataclass(frozen=True)
class Posting:
    status: str  # 게시 완료 | 이미 게시됨 | 실패 | 확인 필요, or 시험 실행 / 게시 안 함
    check: str
    detail: str


def board_recipe(params: dict[str, Any] | Any, ctx: RunContext) -> Recipe:
    """The board recipe, checked against the four values a post has (exit 2 if it does not fit)."""
    source = str(params.get("board_recipe") or "").strip() or DEFAULT_RECIPE
    url = str(ctx.settings.get(BOARD_URL_SETTING) or "").strip()
    return load_recipe(source, columns=COLUMNS, base_url=url or None)


def notice_key(posted: str, plates: Sequence[tuple[str, str]]) -> str:
    """The 공고's identity on the ledger: its 공고일 and the (차량번호, 사망일) pairs it lists."""
    digest = hashlib.sha256("\n".join(sorted(f"{p}|{d}" for p, d in plates)).encode("utf-8")).hexdigest()[:16]
    return f"공시송달공고:{posted}:{digest}"


def post_notice(
    ctx: RunContext,
    recipe: Recipe,
    key: str,
    title: str,
    body: str,
    files: Sequence[tuple[str, bytes]],
    *,
    pace: float,
) -> Posting:
    """Write the attachments under their own names in a private folder and post them once."""
    if ctx.dry_run:
        return Posting("시험 실행", "", "시험 실행이라 게시하지 않았습니다.")
    with tempfile.TemporaryDirectory(prefix="haengbot-post-") as folder:
        paths = []
        for name, data in files:
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(path)
        with WebRobot(ctx, recipe, pace=pace, kind=EffectKind.BOARD_POST) as robot:
            out = robot.post(key, title, body, paths)
    return Posting(POST_STATUS.get(out.status, out.status), out.check, out.detail)
