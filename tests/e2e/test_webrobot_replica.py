"""The web robot against the hostile replica (tests/support/replica_hygiene.py), in the registry's
Chromium, headed, on a virtual screen: the issue 16 Done-when lines of the robot itself.

Records are generic (make_records), typed through the shipped hygiene-training recipe pointed at the
replica; nothing here depends on the hygiene-training task.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.effects import EffectsLedger
from core.masking import mask_name
from core.webrobot import ALREADY, CHECK, ENTERED, FAILED, MATCHED, NOT_FOUND, WebRobot, load_recipe
from tests.support.replica_hygiene import SESSION_EXPIRED, Replica, make_records
from tests.support.robot_helpers import HYGIENE_COLUMNS, Clerk, chromium, run_context, xvfb


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with xvfb() as name:
        yield name


@pytest.fixture
def browser_env(display: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", display)
    monkeypatch.setenv("HAENGBOT_BROWSER", chromium())


def ledger_states(ctx_store: object, task: str = "robot-test") -> dict[str, str]:
    rows = ctx_store.connect().execute("SELECT case_key, status FROM effects WHERE task = ?", (task,))  # type: ignore[attr-defined]
    return {r[0]: r[1] for r in rows}


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_200_records_entered_once_and_verified(browser_env: None, haengbot_home: Path) -> None:
    records = make_records(200)
    with Replica(slow_every=53, slow_s=0.8) as site:
        recipe = load_recipe("hygiene-training", columns=HYGIENE_COLUMNS, base_url=site.url)
        clerk = Clerk()
        ctx = run_context(haengbot_home, asker=clerk)
        robot = WebRobot(ctx, recipe, pace=0)
        clerk.robot = robot
        with robot:
            outcomes = [robot.submit(key, record) for key, record in records]
        assert [(o.status, o.check) for o in outcomes] == [(ENTERED, MATCHED)] * 200
        assert all(re.fullmatch(r"저장되었습니다\. 등록번호 E2026-\d{6}", o.detail) for o in outcomes)
        assert site.saved == {key: 1 for key, _ in records}
        assert sum(site.posts.values()) == 200
        # What the site holds is what was typed: EUC-KR names, select texts, the masked date, the hours.
        first = next(r for r in site.records if r["영업신고번호"] == "2026-3000003")
        assert first == {
            "영업신고번호": "2026-3000003",
            "업소명": "행복식당 3호점",
            "대표자": "김도윤",
            "업종": "단란주점영업",
            "교육구분": "신규",
            "교육일자": "2026.04.04",
            "교육시간": "6",
            "수료번호": "제2026-00003호",
            "교육기관": "한국외식업중앙회",
            "등록번호": first["등록번호"],
        }
        assert site.requests > 200 * 4  # the slow answers were met on the way (every 53rd request)
    assert ledger_states(ctx.store) == {key: "sent" for key, _ in records}
    assert [q.kind for q in clerk.questions] == ["login"]

    # A second run over the same records types nothing: the ledger knows them all.
    with Replica() as site2:
        ctx2 = run_context(haengbot_home, asker=Clerk())
        robot2 = WebRobot(ctx2, recipe.with_base_url(site2.url), pace=0)
        ctx2._asker.robot = robot2  # type: ignore[union-attr]
        with robot2:
            again = [robot2.submit(key, record).status for key, record in records[:5]]
        assert again == [ALREADY] * 5
        assert site2.posts == {}


@pytest.mark.slow
@pytest.mark.parametrize("silent", [False, True], ids=["alert", "login-page-only"])
def test_session_timeout_asks_again_and_continues(browser_env: None, haengbot_home: Path, silent: bool) -> None:
    """After every 3 saved records the session ends: with an alert (a declared session dialog), or silently
    (the work frame shows the login form): either way the clerk is asked again and the run goes on."""
    records = make_records(7)
    with Replica(session_records=3, silent_expiry=silent) as site:
        recipe = load_recipe("hygiene-training", columns=HYGIENE_COLUMNS, base_url=site.url)
        clerk = Clerk()
        ctx = run_context(haengbot_home, asker=clerk)
        robot = WebRobot(ctx, recipe, pace=0)
        clerk.robot = robot
        with robot:
            outcomes = [robot.submit(key, record) for key, record in records]
        assert [o.status for o in outcomes] == [ENTERED] * 7
        assert site.saved == {key: 1 for key, _ in records}
        assert site.expiries == 2 and site.logins == 3
    texts = [q.text for q in clerk.questions]
    assert len(texts) == 3 and robot.logins == 3
    assert texts[0] == (
        "열린 브라우저 창에서 '위생 교육실적 시스템'에 로그인하십시오(공동인증서·GPKI·간편인증). 로그인을 마친 뒤 [로그인 완료]를 누르십시오."
    )
    assert (
        texts[1]
        == texts[2]
        == (
            "'위생 교육실적 시스템' 웹 시스템의 접속이 끊겼습니다(세션 만료). 열린 브라우저 창에서 다시 로그인한 뒤 "
            "[로그인 완료]를 누르십시오. 하던 기록부터 이어서 입력합니다."
        )
    )
    assert SESSION_EXPIRED.startswith("세션이 만료")  # the recipe's [[session.dialogs]] text


@pytest.mark.slow
def test_unexpected_alert_mismatch_and_bad_option_each_fail_their_record_only(browser_env: None, haengbot_home: Path) -> None:
    records = make_records(5)
    (k1, _), (k2, r2), (k3, r3), (k4, r4), (k5, _) = records
    r4["업종"] = "없는업종"
    with Replica(reject={k2: "휴업 중인 업소는 등록할 수 없습니다."}, alter={k3}) as site:
        recipe = load_recipe("hygiene-training", columns=HYGIENE_COLUMNS, base_url=site.url)
        clerk = Clerk()
        ctx = run_context(haengbot_home, asker=clerk)
        robot = WebRobot(ctx, recipe, pace=0)
        clerk.robot = robot
        with robot:
            out = {key: robot.submit(key, record) for key, record in records}
        assert site.saved == {k1: 1, k3: 1, k5: 1}
        assert site.posts == {k1: 1, k2: 1, k3: 1, k5: 1}  # k4 never reached the save

    assert (out[k1].status, out[k5].status) == (ENTERED, ENTERED)
    alert = out[k2]
    assert (alert.status, alert.check, alert.detail) == (
        FAILED,
        NOT_FOUND,
        "예상하지 못한 알림창: '휴업 중인 업소는 등록할 수 없습니다.'",
    )
    png, html = (Path(p) for p in alert.evidence)
    assert png.name == "2026-3000002_2026-03-03-알림창.png" and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.parent == haengbot_home / "runs" / ctx.run_id / "web"
    saved_page = html.read_text(encoding="utf-8")
    assert "교육실적 등록" in saved_page and r2["대표자"] not in saved_page  # 대표자 is personal: masked
    assert f'id="owner" name="owner" value="{mask_name(r2["대표자"])}"' in saved_page  # what was typed, masked

    mismatch = out[k3]
    assert mismatch.status == CHECK
    assert mismatch.check == "불일치: 대표자(입력 '김*윤' · 조회 '김****1')"
    assert mismatch.detail == "저장된 값이 입력한 값과 다릅니다. 웹 시스템에서 고치십시오."
    assert r3["대표자"] not in Path(mismatch.evidence[1]).read_text(encoding="utf-8")

    bad = out[k4]
    assert (bad.status, bad.check, bad.detail) == (FAILED, "", "'업종' 선택 목록에 '없는업종'이 없습니다.")
    assert Path(bad.evidence[0]).name == "2026-3000004_2026-05-05-입력값.png"

    # The ledger: refused records are 'failed' (a re-run types them again), the mismatch is 확인 필요.
    assert ledger_states(ctx.store) == {k1: "sent", k2: "failed", k3: "unknown", k4: "failed", k5: "sent"}
    reasons = dict(ctx.store.connect().execute("SELECT case_key, reason FROM effects WHERE case_key = ?", (k3,)).fetchall())
    assert reasons[k3].startswith("불일치: 대표자(입력 '김*윤'")
    assert EffectsLedger(ctx.store).counts("robot-test") == {"sent": 2, "failed": 2, "unknown": 1}


@pytest.mark.slow
def test_a_locator_finding_several_or_none_stops_with_the_recipe_step(
    browser_env: None, haengbot_home: Path, tmp_path: Path
) -> None:
    from core.paths import resources_dir
    from core.webrobot import RecipeStepError

    text = (resources_dir() / "recipes" / "hygiene-training.toml").read_text(encoding="utf-8")
    several = tmp_path / "several.toml"
    several.write_text(text.replace('locator = { label = "업소명" }', 'locator = { css = "input" }'), encoding="utf-8")
    none = tmp_path / "none.toml"
    none.write_text(
        text.replace('locator = { label = "수료번호" }', 'locator = { label = "수료증 번호" }').replace(
            "timeout_s = 30", "timeout_s = 2"
        ),
        encoding="utf-8",
    )
    (key, record), (key2, record2) = make_records(2)
    with Replica() as site:
        results = []
        for path, k, r in ((several, key, record), (none, key2, record2)):
            clerk = Clerk()
            ctx = run_context(haengbot_home, asker=clerk)
            robot = WebRobot(ctx, load_recipe(path, columns=HYGIENE_COLUMNS, base_url=site.url), pace=0)
            clerk.robot = robot
            with robot, pytest.raises(RecipeStepError) as err:
                robot.submit(k, r)
            results.append(str(err.value))
        assert site.posts == {}  # nothing was saved, nothing skipped silently
    folder = haengbot_home / "runs"
    shots = sorted(p.name for p in folder.rglob("*.png"))
    assert shots == ["2026-3000001_2026-02-02-단계오류.png", "2026-3000002_2026-03-03-단계오류.png"]
    assert results[0].startswith(
        "웹 입력 레시피 'several.toml'의 입력 칸 '업소명': CSS 'input'에 맞는 요소가 7개입니다. 하나만 맞도록 위치 지정을 고치십시오. (화면 저장: "
    )
    assert results[1].startswith(
        "웹 입력 레시피 'none.toml'의 입력 칸 '수료번호': 2초 동안 이름표 '수료증 번호' (프레임 iframe#content)에 맞는 요소를 찾지 못했습니다(0개). (화면 저장: "
    )
    assert set(ledger_states(ctx.store).values()) == {"failed"}  # refused before the click: a re-run types them
