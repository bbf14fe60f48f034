"""grant-alerts rules in process: profile matching, the profile file, dedup and 신규/변경, reminders, digests."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest

from core.context import RunContext
from core.credentials import MemoryStore
from core.errors import Cancelled, InputError, RunFailed
from core.http import make_session
from core.settings import Settings
from core.store import Store
from tasks.grant_alerts import digest, profiles
from tasks.grant_alerts.digest import Entry
from tasks.grant_alerts.profiles import Profile
from tasks.grant_alerts.record import Grant, d_day, norm_key, parse_period, web_url
from tasks.grant_alerts.seen import CHANGED, KNOWN, NEW, SeenStore, stage
from tasks.grant_alerts.task import Fetched, collect, merge, run
from tests.support.grant_servers import BIZINFO_KEY, DECODING_KEY, GrantServer

TODAY = dt.date(2026, 11, 25)


def grant(
    title: str,
    agency: str = "행정안전부",
    closes: dt.date | None = dt.date(2026, 12, 10),
    target: str = "지방자치단체",
    source: str = "보탬e",
    **kw: object,
) -> Grant:
    return Grant(source=source, title=title, agency=agency, closes=closes, target=target, **kw)  # type: ignore[arg-type]


def default_profile() -> Profile:
    return profiles.load(profiles.default_path())[0]


# ------------------------------------------------------------------------------------------ profiles
def test_default_profile_keeps_city_calls_and_drops_bids_hiring_and_personnel() -> None:
    p = default_profile()
    assert p.name == "기본"
    assert p.match(grant("2026년 스마트시티 조성 공모"), "botame") == (True, "")
    assert p.match(grant("도시재생 사업 공모", target="시군구"), "botame")[0]  # 시·군·구 written without dots
    assert p.match(grant("청사 리모델링 공사 입찰 공고"), "botame") == (False, "제외어 '입찰'")
    assert p.match(grant("2026년 경력경쟁 채용 공모"), "botame")[1] == "제외어 '채용'"
    assert p.match(grant("2026년 하반기 인사발령 공고(공모직위)"), "botame")[1] == "제외어 '인사발령'"
    # '인사' alone would also drop every call from 인사혁신처.
    assert p.match(grant("공직 혁신 시범사업 공모", agency="인사혁신처"), "botame")[0]
    assert p.match(grant("소상공인 지원 공모", target="소상공인"), "bizinfo")[1].startswith("신청 자격 없음")
    assert p.match(grant("사회서비스 공모", excluded_target="지방자치단체"), "botame")[1].startswith("제외대상")
    assert p.match(grant("올해 예산 설명자료", target=""), "rss")[1] == "포함어 없음"


def test_leads_without_a_target_follow_unknown_applicant() -> None:
    lead = grant("행안부, 주민참여 공모사업 착수", target="", closes=None, source="정책브리핑", lead=True)
    keep = Profile("k", include=["공모"], applicants=["지자체"])
    drop = Profile("d", include=["공모"], applicants=["지자체"], unknown_applicant=profiles.DROP)
    assert keep.match(lead, "rss") == (True, "지원대상 확인 필요")
    assert drop.match(lead, "rss") == (False, "지원대상 정보 없음")
    assert Profile("a", agencies=["국토교통부"]).match(lead, "rss") == (False, "관심 기관 아님")
    assert Profile("s", sources=["botame"]).match(lead, "rss")[1] == "이 프로필이 보지 않는 출처"


def test_profile_file_is_copied_home_and_errors_are_korean(haengbot_home: Path) -> None:
    loaded = profiles.load()
    assert (haengbot_home / profiles.FILE_NAME).exists() and [p.name for p in loaded] == ["기본", "정보통신"]
    with pytest.raises(InputError, match=r"프로필 '환경'이 없습니다. 있는 프로필: 기본, 정보통신"):
        profiles.select(loaded, "환경")
    assert profiles.select(loaded, "전체") == loaded
    (haengbot_home / profiles.FILE_NAME).write_text('[[profiles]]\nname = "기본"\ninclude = "공모\n', encoding="utf-8")
    with pytest.raises(InputError, match="프로필 파일을 읽을 수 없습니다"):
        profiles.load()
    (haengbot_home / profiles.FILE_NAME).write_text('[[profiles]]\nname = "a"\n[[profiles]]\nname = "a"\n', encoding="utf-8")
    with pytest.raises(InputError, match="프로필 이름이 겹칩니다: a"):
        profiles.load()
    (haengbot_home / profiles.FILE_NAME).write_text('[[profiles]]\nname = "a"\ninclude = [1]\n', encoding="utf-8")
    with pytest.raises(InputError, match="글자 목록"):
        profiles.load()


def test_profiles_save_round_trips_and_refuses_a_bad_profile(haengbot_home: Path) -> None:
    loaded = profiles.load()
    loaded[1].recipients = ["it@city.go.kr"]
    loaded.append(Profile("환경", department="환경정책과", include=["탄소중립"], recipients=["env@city.go.kr"]))
    profiles.save(loaded)
    again = profiles.load()
    assert again == loaded
    before = (haengbot_home / profiles.FILE_NAME).read_text(encoding="utf-8")
    with pytest.raises(InputError, match="프로필 이름이 겹칩니다"):
        profiles.save([*again, Profile("환경")])
    assert (haengbot_home / profiles.FILE_NAME).read_text(encoding="utf-8") == before
    assert not list(haengbot_home.glob(".grant_profiles-*"))


# ------------------------------------------------------------------------------------------ records
def test_normalising_helpers() -> None:
    assert norm_key(" [경기] 2026년 스마트시티  공모 ") == norm_key("[경기]2026년 스마트시티 공모")
    assert parse_period("사업별 상이") == (None, None)
    assert parse_period("2026.07.10 ~ 2026.08.10") == (dt.date(2026, 7, 10), dt.date(2026, 8, 10))
    assert d_day(dt.date(2026, 11, 25), TODAY) == "D-Day" and d_day(dt.date(2026, 11, 24), TODAY) == "마감"
    assert d_day(None, TODAY) == "미정"  # no 접수마감 given: never a guessed date
    assert web_url("javascript:alert(1)") == "" and web_url(" https://x.go.kr/a ") == "https://x.go.kr/a"
    assert stage("2026-12-02", TODAY) == "D-7" and stage("2026-11-28", TODAY) == "D-3" and stage("2026-12-03", TODAY) == ""


def test_merge_keeps_the_authoritative_source_and_notes_the_others() -> None:
    botame = grant("2026년 생활SOC 복합화 공모", url="")
    biz = grant("2026년 생활SOC 복합화 공모 ", source="기업마당", url="https://www.bizinfo.go.kr/x", attachments="공고문.hwp")
    other = grant("2026년 생활SOC 복합화 공모", source="K-Startup", closes=dt.date(2026, 12, 11))
    merged = merge([Fetched("kstartup", [other]), Fetched("bizinfo", [biz]), Fetched("botame", [botame])])
    assert len(merged) == 1
    kept, sid = merged[0]
    assert sid == "botame" and kept.also_in == ["기업마당", "K-Startup"]
    assert kept.url == "https://www.bizinfo.go.kr/x" and kept.attachments == "공고문.hwp"
    assert "마감일 다름: K-Startup 2026-12-11" in kept.period_text


# ------------------------------------------------------------------------------------------ seen store
def test_new_known_changed_and_dry_run_writes_nothing() -> None:
    seen = SeenStore(Store())
    g = grant("스마트시티 공모")
    assert seen.classify([g], write=False)[g.ident].status == NEW
    assert seen.classify([g], write=False)[g.ident].status == NEW  # a dry run remembered nothing
    assert seen.classify([g], write=True)[g.ident].status == NEW
    assert seen.classify([g], write=True)[g.ident].status == KNOWN
    moved = grant("스마트시티 공모", closes=dt.date(2026, 12, 20))
    state = seen.classify([moved], write=True)[g.ident]
    assert (state.status, state.previous_deadline) == (CHANGED, "2026-12-10")
    assert seen.classify([grant("스마트시티 공모", closes=None)], write=True)[g.ident].status == KNOWN  # a lost date is no move


def test_reminders_come_once_per_stage_for_saved_calls() -> None:
    seen = SeenStore(Store())
    g = grant("생활SOC 공모", closes=dt.date(2026, 12, 10))
    gid = seen.classify([g], write=True)[g.ident].grant_id
    assert gid is not None
    seen.mark_told("기본", [(gid, "2026-12-10")], dt.date(2026, 11, 20))  # told at D-20
    assert seen.reminders("기본", dt.date(2026, 12, 2)) == []  # D-8
    (due,) = seen.reminders("기본", dt.date(2026, 12, 4))  # D-6: the D-7 stage, even if the D-7 run was missed
    assert due[2] == "D-7" and due[1].title == "생활SOC 공모"
    seen.mark_told("기본", [(gid, "2026-12-10")], dt.date(2026, 12, 4))
    assert seen.reminders("기본", dt.date(2026, 12, 5)) == []
    assert [r[2] for r in seen.reminders("기본", dt.date(2026, 12, 8))] == ["D-3"]
    assert seen.reminders("정보통신", dt.date(2026, 12, 8)) == []  # another profile was never told
    assert seen.reminders("기본", dt.date(2026, 12, 11)) == []  # closed


# ------------------------------------------------------------------------------------------ digest
def test_digest_html_escapes_feed_text() -> None:
    p = Profile("기본", department="기획예산과")
    g = grant("<script>alert(1)</script> 공모", url="https://x.go.kr/?a=1&b=2")
    body = digest.html_body(p, TODAY, [Entry("신규", g, 1)])
    assert "<script>" not in body and "&lt;script&gt;" in body and 'href="https://x.go.kr/?a=1&amp;b=2"' in body


def _ctx(home: Path, **settings: object) -> RunContext:
    s = Settings(home / "settings.toml")
    for key, value in {
        "network.proxy_mode": "none",
        "notify.max_retries": 0,
        "notify.backoff_seconds": 0,
        "email.from_address": "haengbot@city.go.kr",
        "email.security": "none",
        **settings,
    }.items():
        s.set(key, value)
    return RunContext(store=Store(home / "haengbot.sqlite3"), settings=s, credentials=MemoryStore({}), run_id="r1")


def test_a_digest_that_could_not_be_sent_is_a_warning_and_stays_pending(haengbot_home: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here
    ctx = _ctx(haengbot_home, **{"email.smtp_host": "127.0.0.1", "email.smtp_port": port})
    seen = SeenStore(ctx.store)
    g = grant("스마트시티 공모")
    gid = seen.classify([g], write=True)[g.ident].grant_id
    p = Profile("기본", recipients=["planning@city.go.kr"])
    entries = digest.entries_for(p, [(g, gid)], seen, TODAY)
    result = digest.send_digest(ctx, p, entries, seen, TODAY)
    assert result.sent == 0 and "요약 메일" in result.warning and "연결하지 못했습니다" in result.warning
    assert [e.kind for e in digest.entries_for(p, [(g, gid)], seen, TODAY)] == ["신규"]  # still to tell
    unset = digest.send_digest(_ctx(haengbot_home), p, entries, seen, TODAY)
    assert "메일 서버와 보내는 주소를 설정에서 먼저 입력하십시오" in unset.warning


def test_collect_isolates_a_missing_key_and_honours_cancel(haengbot_home: Path) -> None:
    server = GrantServer().start()
    try:
        ctx = _ctx(haengbot_home, **{f"{k}.{n}": v for k, vals in server.settings().items() for n, v in vals.items()})
        ctx._credentials = MemoryStore({"bizinfo-crtfc-key": BIZINFO_KEY})  # no data.go.kr key at all
        fetched, status, warnings = collect(ctx, TODAY)
        by = {r["출처"]: r["상태"] for r in status}
        assert by["보탬e"] == by["K-Startup"] == "건너뜀" and by["기업마당"] == "정상"
        assert sum(len(f.grants) for f in fetched) == 3 + 2 + 1
        assert any("인증키가 없어 건너뛰었습니다" in w and "HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY" in w for w in warnings)
        ctx._credentials = MemoryStore({"datagokr-service-key": DECODING_KEY, "bizinfo-crtfc-key": BIZINFO_KEY})
        ctx.cancel_event.set()
        with pytest.raises(Cancelled):
            collect(ctx, TODAY)
    finally:
        server.stop()


def test_a_run_that_reads_no_source_at_all_fails_with_every_reason(haengbot_home: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    ctx = _ctx(
        haengbot_home,
        **{
            "grants.botame_url": dead + "/b",
            "grants.bizinfo_url": dead + "/z",
            "grants.kstartup_url": dead + "/k",
            "grants.rss_feeds": dead + "/rss/pressrelease.xml",
            "network.timeout_seconds": 2,
        },
    )
    ctx._http = make_session(ctx.settings, retries=0)
    ctx._credentials = MemoryStore({"bizinfo-crtfc-key": BIZINFO_KEY})
    with pytest.raises(RunFailed) as err:
        run({}, {"profile": "기본", "as_of": TODAY, "send_digest": False}, ctx)
    text = str(err.value)
    assert text.startswith("공모사업 출처를 하나도 조회하지 못했습니다.")
    assert (
        "보탬e: 인증키 없음" in text
        and "기업마당: 기업마당에 연결하지 못했습니다" in text
        and "정책브리핑 (pressrelease.xml)" in text
    )
    assert text.endswith(
        "키 없이 먼저 해 보려면 예시 모드로 실행하십시오(마법사의 [예시 파일로 해보기], 명령줄 --param demo=true)."
    )
