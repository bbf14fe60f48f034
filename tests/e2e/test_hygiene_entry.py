"""hygiene-training with ``enter=true`` against the hostile replica (tests/support/replica_hygiene.py: login page,
iframe, EUC-KR, selects, date mask, confirm() and alert(), search page), through the task's own recipe
(resources/recipes/hygiene-training.toml), in a headed registry Chromium on Xvfb.

The sample's 입력 대상 are 19 completions (tests/e2e/test_hygiene_cli.py, PLANTED): the first run types each
exactly once and reads it back; a second run on the same home types nothing (every one 이미 입력) and the
replica sees no new save.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import tasks
from core.context import RunContext
from core.runner import execute
from core.webrobot import robot as robot_module
from tasks.hygiene_training.sample import PLANTED, write_samples
from tests.helpers import sheet_rows
from tests.support.replica_hygiene import Replica
from tests.support.robot_helpers import Clerk, chromium, xvfb

TARGETS = sorted(c for c, (_m, _n, verdict) in PLANTED.items() if verdict == "입력 대상")


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clerk]:
    """A display and the registry's Chromium; the clerk gets the robot's page when one starts (to log in on it)."""
    clerk = Clerk()
    original = robot_module.WebRobot.__enter__

    def entering(self: robot_module.WebRobot) -> robot_module.WebRobot:
        clerk.robot = self
        return original(self)

    monkeypatch.setattr(robot_module.WebRobot, "__enter__", entering)
    monkeypatch.setenv("HAENGBOT_BROWSER", chromium())
    with xvfb() as display:
        monkeypatch.setenv("DISPLAY", display)
        yield clerk


def _run(tmp_path: Path, site: Replica, clerk: Clerk, name: str) -> Path:
    written = write_samples(tmp_path / "s")
    out = tmp_path / f"{name}.xlsx"
    params = {"year": 2026, "enter": True, "site_url": site.url, "pace": 0}
    outcome = execute(tasks.registry().get("hygiene-training"), written, params, out, RunContext(asker=clerk))
    assert outcome.status == "done", outcome.error
    return out


def test_sample_is_entered_once_and_a_rerun_enters_nothing(tmp_path: Path, browser: Clerk) -> None:
    assert len(TARGETS) == 19
    with Replica() as site:
        first = _run(tmp_path, site, browser, "첫실행")
        rows = sheet_rows(first, "입력결과")
        assert sorted(r["수료번호"] for r in rows) == TARGETS
        assert {(r["입력"], r["확인"]) for r in rows} == {("입력 완료", "일치")}
        assert sorted(site.saved.values()) == [1] * 19  # each record saved once on the site
        assert sorted(r["수료번호"] for r in site.records) == TARGETS
        employee = next(r for r in site.records if r["수료번호"] == "외식-26-0005")
        assert (employee["업종"], employee["교육시간"], employee["교육일자"]) == ("유흥주점영업", "2", "2026.04.16")
        posts = sum(site.posts.values())

        second = _run(tmp_path, site, browser, "다시실행")
        again = sheet_rows(second, "입력결과")
        assert sorted(r["수료번호"] for r in again) == TARGETS
        assert {r["입력"] for r in again} == {"이미 입력"}
        assert sum(site.posts.values()) == posts  # nothing typed again
        assert len(site.records) == 19
