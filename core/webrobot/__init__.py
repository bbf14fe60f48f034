"""The web robot (issue 16): Playwright on the installed browser, driven by a TOML recipe.

    from core.webrobot import load_recipe, WebRobot, SubmitOutcome
    recipe = load_recipe("hygiene-training", columns=frozenset(task_columns))   # InputError (exit 2) if broken
    with WebRobot(ctx, recipe, pace=2.0) as robot:      # opens the browser, asks the clerk to log in
        out = robot.submit(key="…", record={"업소명": "…", …})
        # out.status: 입력 완료 | 이미 입력 | 실패 | 확인 필요; out.check: the read-back; out.detail: Korean, masked

Playwright is imported only when a robot starts, so a task that merely declares web entry costs
nothing at import.
"""

from __future__ import annotations

from core.webrobot.recipe import Recipe, load_recipe, recipe_path
from core.webrobot.robot import (
    ALREADY,
    CHECK,
    DEFAULT_PACE_S,
    ENTERED,
    FAILED,
    MATCHED,
    NOT_FOUND,
    STATUSES,
    RecipeStepError,
    SubmitOutcome,
    WebRobot,
)

__all__ = [
    "ALREADY",
    "CHECK",
    "DEFAULT_PACE_S",
    "ENTERED",
    "FAILED",
    "MATCHED",
    "NOT_FOUND",
    "STATUSES",
    "Recipe",
    "RecipeStepError",
    "SubmitOutcome",
    "WebRobot",
    "load_recipe",
    "recipe_path",
]
