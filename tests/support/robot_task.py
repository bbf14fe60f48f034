"""A test task on the web robot ("웹 입력 로봇 연습"): a table of records typed through a recipe.

Declared in the tests, not in tasks/: it lets the CLI and the window's child process drive the robot
before any real task uses it. The recipe is checked first, so a broken one stops the run (exit 2)
before the browser opens. Run as a script it is main.py with this task in the registry.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from core.context import RunContext  # noqa: E402
from core.result import Result, ResultTable, SummaryItem  # noqa: E402
from core.spec import Column, ColumnType, Param, ParamType, TableInput, TaskSpec  # noqa: E402
from core.webrobot import WebRobot, load_recipe  # noqa: E402

COLUMNS = (
    Column("영업신고번호", ColumnType.CODE),
    Column("업소명", ColumnType.TEXT),
    Column("대표자", ColumnType.TEXT),
    Column("업종", ColumnType.TEXT),
    Column("교육구분", ColumnType.TEXT),
    Column("교육일", ColumnType.DATE),
    Column("교육시간", ColumnType.NUMBER),
    Column("수료번호", ColumnType.TEXT, required=False),
    Column("교육기관", ColumnType.TEXT, required=False),
)


def run(inputs: Mapping[str, Any], params: Mapping[str, Any], ctx: RunContext) -> Result:
    recipe = load_recipe(
        str(params.get("recipe") or "hygiene-training"),
        columns=frozenset(c.name for c in COLUMNS),
        base_url=str(params.get("site_url") or "") or None,
    )
    df = inputs["records"].df
    rows = []
    with WebRobot(ctx, recipe, pace=float(params.get("pace") or 0)) as robot:
        for i, record in enumerate(df.to_dict("records")):
            ctx.progress(i, len(df), "웹 입력 중")
            key = f"{record['영업신고번호']}/{record['교육일']}"
            out = robot.submit(key, record)
            rows.append((str(record["영업신고번호"]), out.status, out.check, out.detail))
    table = pd.DataFrame(rows, columns=["영업신고번호", "입력", "확인", "사유"])
    return Result(
        tables=[ResultTable("입력결과", table, {})],
        summary=[SummaryItem("입력 완료", sum(1 for r in rows if r[1] == "입력 완료"))],
        headline="웹 입력 로봇 연습",
    )


SPEC = TaskSpec(
    id="robot-demo",
    title="웹 입력 로봇 연습",
    department="시험",
    description="표의 기록을 웹 입력 레시피대로 한 건씩 입력하고 다시 읽어 확인합니다.",
    basis="시험용",
    inputs=(TableInput("records", "입력할 기록", COLUMNS, row_meaning="기록 1건"),),
    params=(
        Param("site_url", "웹 시스템 주소", ParamType.TEXT, "", "레시피의 주소 대신 쓸 주소"),
        Param("recipe", "레시피", ParamType.TEXT, "hygiene-training", "레시피 이름 또는 파일 경로"),
        Param("pace", "입력 간격(초)", ParamType.NUMBER, 0, "한 건을 입력한 뒤 쉬는 시간"),
    ),
    run=run,
    network=True,
)


def ensure_registered() -> None:
    from tasks import registry

    if SPEC.id not in registry().ids():
        registry().add(SPEC)


if __name__ == "__main__":
    import main

    ensure_registered()
    sys.exit(main.main(sys.argv[1:]))
