"""보탬e is read from where the last run stopped; a missing 접수마감 is 미정 (issue 10).

Before: every run read at most 10,000 rows a year from the start, and a row without ``RCEPT_*``
dates showed ``PBLANC_END_DE`` (the year's 12-31) as its deadline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.context import RunContext
from core.credentials import MemoryStore
from core.settings import Settings
from core.store import Store
from tasks.grant_alerts.cursor import CursorStore
from tasks.grant_alerts.task import run
from tests.support.grant_servers import BIZINFO_KEY, DECODING_KEY, GrantServer, botame_item

TODAY = dt.date(2026, 11, 25)


def _ctx(home: Path, server: GrantServer, *, dry_run: bool = False) -> RunContext:
    settings = Settings(home / "settings.toml")
    settings.set("network.proxy_mode", "none")
    for section, values in server.settings().items():
        for name, value in values.items():
            settings.set(f"{section}.{name}", value)
    keys = MemoryStore({"datagokr-service-key": DECODING_KEY, "bizinfo-crtfc-key": BIZINFO_KEY})
    return RunContext(store=Store(home / "haengbot.sqlite3"), settings=settings, credentials=keys, run_id="r1", dry_run=dry_run)


def _botame_queries(server: GrantServer) -> list[str]:
    return [q for p, q in server.requests if p.endswith("T_OPD_ASBS_PBNS_UNITY")]


def test_the_cursor_is_saved_after_a_real_run_and_used_by_the_next(haengbot_home: Path) -> None:
    server = GrantServer().start()
    try:
        params = {"profile": "기본", "as_of": TODAY, "send_digest": False}
        run({}, params, _ctx(haengbot_home, server, dry_run=True))
        cursors = CursorStore(Store(haengbot_home / "haengbot.sqlite3"))
        assert cursors.load("botame") == {}  # a dry run remembers nothing, so it moves no cursor either
        result = run({}, params, _ctx(haengbot_home, server))
        assert cursors.load("botame") == {"2026": "20261125", "2027": "20261125"}  # the next run starts from today
        assert cursors.load("bizinfo") == {}
        assert not any("pblanc_updt_dt" in q for q in _botame_queries(server))

        everything = result.table("전체").df
        youth = everything[everything["공고명"] == "2026년 청년 일자리 사업 보조사업자 모집"].iloc[0]
        assert youth["D-day"] == "미정" and youth["접수마감"] is None
        assert youth["비고"] == "접수기간 미정(공고기간 2026-11-10 ~ 2026-12-31)"

        server.requests.clear()
        server.fixtures["botame"].append(
            botame_item("2026년 새 공모", "행정안전부", "20261125", "20261220", "지방자치단체", updated="20261125")
        )
        again = run({}, params, _ctx(haengbot_home, server))
        assert all("pblanc_updt_dt=20261125" in q for q in _botame_queries(server))  # only the day since the cursor
        status = again.table("소스상태").df.set_index("출처")
        assert status.loc["보탬e", "건수"] == 1
        assert cursors.load("botame")["2026"] == "20261125"
        new = again.table("신규공모").df
        assert list(new["공고명"]) == ["2026년 새 공모"]
    finally:
        server.stop()
