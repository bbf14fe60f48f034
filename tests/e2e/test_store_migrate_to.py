"""``python main.py store migrate-to URL`` (issue 18): a clerk's SQLite home copied once into the department's
empty PostgreSQL, row by row, in one transaction; refused when it cannot be done safely; and a case sent on
this PC before the copy is not sent again from the shared store after it."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg
import pytest

from core import credentials
from core.ai.audit import AuditEntry, AuditLog
from core.context import RunContext
from core.credentials import MemoryStore
from core.effects import EffectKey, EffectKind, EffectsLedger, Mark, Record
from core.notify.message import Outgoing, prepare
from core.notify.service import send
from core.runstatus import RunStatus
from core.settings import Settings
from core.store import Store
from core.store_config import HMAC_KEY, PASSWORD, parse_store_url
from core.store_copy import LEGACY_PREFIX, LOCAL_ONLY
from core.store_pg import PgStore
from tests.helpers import run_cli
from tests.support.notify_stubs import GatewayStub
from tests.support.pg_server import PgServer


@pytest.fixture
def url(pg_server: PgServer, pg_database: str, memory_credentials: credentials.MemoryStore) -> str:
    memory_credentials.set(PASSWORD.id, pg_server.password)
    memory_credentials.set(HMAC_KEY.id, "department-key-0001")  # the shared store's hash key (issue 18, helper "core")
    return pg_server.url(pg_database)


def number(i: int) -> str:
    return f"010-5{i // 10000:03d}-{i % 10000:04d}"


def messages(cases: range) -> list[Outgoing]:
    return [Outgoing("welfare-sms", f"K{i:04d}", "접수", number(i), f"[광주시] {i}번 신청 접수 안내입니다.") for i in cases]


def context(store: Store, home: Path, stub: GatewayStub, run_id: str) -> RunContext:
    settings = Settings(home / "settings.toml")
    for key, value in {
        "notify.solapi_base_url": stub.url,
        "notify.sender_number": "031-760-1234",
        "notify.requests_per_second": 1000,
        "notify.backoff_seconds": 0,
        "network.proxy_mode": "none",
    }.items():
        settings.set(key, value)
    return RunContext(
        store=store,
        settings=settings,
        run_id=run_id,
        credentials=MemoryStore({"solapi-api-key": stub.api_key, "solapi-api-secret": stub.api_secret}),
    )


def sent_on_this_pc(home: Path, stub: GatewayStub) -> Store:
    """Five 문자 through the real notify path on SQLite: K0000-K0002 accepted, K0003 refused by the provider
    (failed: a re-run sends it again), K0004 lost in flight (in doubt)."""
    store = Store()
    run_id = store.start_run("welfare-sms", {"문구": "접수"}, {"대상자": "대상자.xlsx"})
    stub.fail[number(3).replace("-", "")] = "3059"
    report = send(context(store, home, stub, run_id), prepare(messages(range(4))), channel="solapi")
    assert Counter(o.status for o in report.outcomes) == Counter({"접수": 3, "실패": 1})
    ledger = EffectsLedger(store)
    (lost,) = ledger.claim(
        [Record(EffectKey("welfare-sms", "K0004", "접수", number(4).replace("-", "")), EffectKind.SMS)], run_id=run_id
    )
    assert lost is not None
    ledger.mark([Mark(lost, "unknown", reason="응답 없음")])
    store.finish_run(run_id, RunStatus.DONE, summary={"보냄": 3}, output_path="결과.xlsx", duration_s=1.5)
    return store


def fill_home(home: Path, stub: GatewayStub) -> Store:
    """A home as a clerk's PC has it after a few months: runs of several tasks (by hand, from a profile, by the
    scheduler, one failed), the effects ledger in every state, grant-alerts' seen calls and cursor, the AI audit."""
    store = sent_on_this_pc(home, stub)
    for task, status in (
        ("overtime-pay", RunStatus.DONE),
        ("local-income-tax", RunStatus.FAILED),
        ("grant-alerts", RunStatus.DONE),
    ):
        run_id = store.start_run(task, {"월": "2026-03"}, {"명단": f"{task}.xlsx"})
        store.finish_run(run_id, status, summary={"건수": 12}, duration_s=2.25, message=None if status == "done" else "열 없음")
    for started_by in ("profile", "scheduled"):
        run_id = store.start_run("grant-alerts", {}, {})
        with store.transaction() as conn:  # as core/profile_run.py marks a run started from a saved profile
            conn.execute(
                "UPDATE runs SET profile = ?, started_by = ?, sources_json = ? WHERE id = ?",
                ("매주 공모", started_by, '{"명단": "newest:D:/공모/*.xlsx"}', run_id),
            )
        store.finish_run(run_id, RunStatus.DONE, summary={"요약 메일 보낸 수": 1})
    with store.transaction() as conn:
        for i, title in enumerate(("청년 창업 지원", "마을 기업 육성")):
            conn.execute(
                "INSERT INTO grant_seen (ident, deadline, source, source_id, title, agency, record_json, first_seen, last_seen) "
                "VALUES (?, ?, 'botame', ?, ?, '행정안전부', '{}', '2026-03-02', '2026-03-09')",
                (f"{title}|행정안전부", f"2026040{i + 1}", f"B{i}", title),
            )
        conn.execute(
            "INSERT INTO grant_profile_sent (profile, grant_id, notified_deadline, notified_on, reminded) "
            "SELECT '기본', id, deadline, '2026-03-09', 'D-7' FROM grant_seen"
        )
        conn.execute("INSERT INTO grant_cursor VALUES ('botame', '2026', '20260309', '2026-03-09T09:00:00+09:00', NULL)")
    AuditLog(store).record(
        AuditEntry(
            asked_at="2026-03-09T10:00:00+09:00",
            who="김주무관",
            task="welfare-sms",
            run_id="",
            purpose="문구 다듬기",
            model="local-llm",
            prompt="[이름1]님께 보낼 안내문",
            answer="[이름1]님, 신청이 접수되었습니다.",
            prompt_tokens=12,
            completion_tokens=9,
            total_tokens=21,
            status="ok",
            reason="",
        )
    )
    return store


def tables(conn: Any) -> list[str]:
    return [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    ]


def dump(conn: Any, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    names = ", ".join(columns)
    return sorted((tuple(r) for r in conn.execute(f"SELECT {names} FROM {table}")), key=repr)


def sqlite_dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as src:
        return {t: dump(src, t, [c[1] for c in src.execute(f"PRAGMA table_info({t})")]) for t in tables(src)}


def test_migrate_to_copies_every_table_row_by_row(url: str, haengbot_home: Path) -> None:
    path = haengbot_home / "haengbot.sqlite3"
    with GatewayStub() as stub:
        fill_home(haengbot_home, stub).close()
    before = sqlite_dump(path)
    assert {t for t, rows in before.items() if rows} >= {
        "runs", "effects", "grant_seen", "grant_profile_sent", "grant_cursor", "ai_audit"
    }  # fmt: skip
    assert Counter(r[12] for r in before["effects"]) == Counter({"sent": 3, "failed": 1, "unknown": 1})

    code, out, err = run_cli("store", "migrate-to", url)
    assert code == 0, err
    copied = {t: len(rows) for t, rows in before.items() if t not in LOCAL_ONLY}
    assert out == (
        f"이 PC의 기록을 공유 저장소({url.removeprefix('postgresql://')})로 옮겼습니다: 모두 {sum(copied.values())}건, "
        "표마다 건수를 확인했습니다.\n"
        + "".join(
            f"  {t}: {copied[t]}건\n" for t in ("ai_audit", "effects", "grant_cursor", "grant_seen", "runs", "grant_profile_sent")
        )
        + f"이 PC의 데이터베이스 파일은 그대로 두었습니다: {path}\n"
        f"이제 이 PC가 공유 저장소를 쓰게 하려면: python main.py settings set store.url {url}\n"
    )
    assert sqlite_dump(path) == before  # the SQLite file is left as it was
    assert Settings().get("store.url") == ""  # without --set the setting is the clerk's to change

    target = parse_store_url(url)
    assert target is not None
    pg = PgStore(target)
    for table, rows in before.items():
        if table in LOCAL_ONLY:
            continue
        columns = [c[1] for c in sqlite3.connect(path).execute(f"PRAGMA table_info({table})")]
        theirs = dump(pg.connect(), table, columns)
        if table == "effects":  # the hashes keyed with this PC's salt are marked, to be re-keyed on first claim
            at = columns.index("target_hash")
            rows = sorted(((*r[:at], LEGACY_PREFIX + r[at], *r[at + 1 :]) for r in rows), key=repr)
        assert theirs == rows, table
    assert pg.connect().execute("SELECT COUNT(*) FROM effects_salt").fetchone()[0] == 0  # no salt on the server
    # Sequences continue past the copied ids: a new effect gets the next id, not a copied one's.
    top = max(r[0] for r in before["effects"])
    (new_id,) = EffectsLedger(pg).claim(
        [Record(EffectKey("overtime-pay", "N1", "접수", "new@city.go.kr"), EffectKind.EMAIL)], run_id=None
    )
    assert new_id == top + 1
    assert [r.task for r in pg.runs(task="grant-alerts")] == ["grant-alerts"] * 3

    # Once is once: the server now holds runs and effects.
    code, out, err = run_cli("store", "migrate-to", url)
    assert code == 3 and out == ""
    assert err == (
        f"오류: 공유 저장소({target.display()})에 이미 기록이 있습니다(표: runs, effects, ai_audit, grant_cursor, grant_seen, "
        "grant_profile_sent). 한 번만, 비어 있는 공유 저장소로 옮길 수 있습니다.\n"
    )


def test_a_case_sent_on_this_pc_is_not_sent_again_from_the_shared_store(
    url: str, haengbot_home: Path, pg_server: PgServer, pg_database: str, memory_credentials: MemoryStore
) -> None:
    """The claim key is (task, case, step, target hash), and the shared store hashes with another key than this
    PC's salt: without the re-key trigger the first run on PostgreSQL would send K0000-K0002 again. The run after
    the copy uses the clerks' least-privilege role, as every PC of the department does."""
    with GatewayStub() as stub:
        sent_on_this_pc(haengbot_home, stub).close()
        assert sorted(r["to"] for r in stub.received) == [number(i).replace("-", "") for i in range(3)]
        code, _, err = run_cli("store", "migrate-to", url, "--set")
        assert code == 0, err
        assert Settings().get("store.url") == url

        with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
            admin.execute("CREATE ROLE clerk_copy LOGIN PASSWORD 'clerk-copy-pw'")
            for grant in (  # what `store init --grant` gives the clerks' role (core/store_cli.py)
                "GRANT USAGE ON SCHEMA public TO clerk_copy",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO clerk_copy",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO clerk_copy",
            ):
                admin.execute(grant)
        memory_credentials.set(PASSWORD.id, "clerk-copy-pw")
        target = parse_store_url(pg_server.url(pg_database, user="clerk_copy"))
        assert target is not None
        stub.fail.clear()
        stub.received.clear()
        pg = PgStore(target)
        run_id = pg.start_run("welfare-sms", {}, {})
        report = send(context(pg, haengbot_home, stub, run_id), prepare(messages(range(6))), channel="solapi")
    # K0000-K0002 were sent on this PC: not again. K0003 failed there: sent now. K0004 is in doubt: not sent.
    # K0005 is new: sent.
    assert sorted(r["to"] for r in stub.received) == [number(i).replace("-", "") for i in (3, 5)]
    assert [o.status for o in report.outcomes] == ["이미 발송"] * 3 + ["접수", "이미 발송", "접수"]
    rows = pg.connect().execute("SELECT case_key, status, target_hash FROM effects ORDER BY case_key").fetchall()
    # The copied rows the run touched now carry the shared store's hash (a second run finds them by lookup).
    assert [(r[0], r[1], r[2].startswith(LEGACY_PREFIX)) for r in rows] == [
        ("K0000", "sent", False), ("K0001", "sent", False), ("K0002", "sent", False),
        ("K0003", "sent", False), ("K0004", "unknown", False), ("K0005", "sent", False),
    ]  # fmt: skip
    again = send(context(pg, haengbot_home, stub, run_id), prepare(messages(range(6))), channel="solapi")
    assert [o.status for o in again.outcomes] == ["이미 발송"] * 4 + ["확인 필요", "이미 발송"]


def test_a_failure_mid_copy_leaves_the_server_empty(url: str, haengbot_home: Path, pg_server: PgServer, pg_database: str) -> None:
    with GatewayStub() as stub:
        fill_home(haengbot_home, stub).close()
    target = parse_store_url(url)
    assert target is not None
    PgStore(target).close()  # the schema, as `store init` makes it
    with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
        # runs is copied after ai_audit, effects, grant_cursor and grant_seen: this row fails it there, mid-copy.
        admin.execute("ALTER TABLE runs ADD CONSTRAINT only_recent CHECK (task <> 'local-income-tax')")
    code, out, err = run_cli("store", "migrate-to", url)
    assert code == 3 and out == ""
    assert err == (
        f"오류: 공유 저장소({target.display()})로 옮기는 중 오류가 나서 모두 되돌렸습니다. 공유 저장소는 그대로입니다.\n"
    )
    with psycopg.connect(pg_server.admin_url(pg_database)) as admin:
        for table in ("runs", "effects", "ai_audit", "grant_seen", "grant_profile_sent", "grant_cursor"):
            assert admin.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,), table
        assert admin.execute("SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'effects_rekey_copied'").fetchone() == (0,)


def test_refusals_in_korean(url: str, haengbot_home: Path, pg_server: PgServer, memory_credentials: MemoryStore) -> None:
    code, _, err = run_cli("store", "migrate-to", url)
    assert code == 2
    assert err.startswith("오류: 이 PC에는 옮길 기록이 없습니다(데이터베이스 파일 없음: ")

    Store().close()
    code, _, err = run_cli("store", "migrate-to", url.replace("@", ":secret@"))
    assert code == 2
    assert "주소에 비밀번호를 넣지 마십시오" in err and "secret" not in err

    port = _closed_port()
    code, _, err = run_cli("store", "migrate-to", f"postgresql://clerk@127.0.0.1:{port}/haengbot")
    assert code == 3
    assert err == (
        f"오류: 공유 저장소(clerk@127.0.0.1:{port}/haengbot)에 연결할 수 없습니다: "
        "서버에 연결할 수 없습니다(서버가 꺼져 있거나 네트워크가 끊겼습니다).\n"
    )

    memory_credentials.delete(PASSWORD.id)
    code, _, err = run_cli("store", "migrate-to", url)
    assert code == 2
    assert err == (
        "오류: 인증 정보가 없습니다: '공유 저장소 비밀번호'. 정보화 담당자에게 받은 비밀번호를 먼저 저장하십시오"
        "(무인 실행은 환경 변수 HAENGBOT_SECRET_STORE_PASSWORD).\n"
    )

    # A run still going on this PC: its ledger is not final yet.
    store = Store()
    store.start_run("welfare-sms", {}, {})
    memory_credentials.set(PASSWORD.id, pg_server.password)
    code, _, err = run_cli("store", "migrate-to", url)
    assert code == 3
    assert err == "오류: 이 PC에서 실행 중인 작업이 1건 있습니다. 작업이 끝난 뒤 다시 하십시오.\n"


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_tables_and_columns_are_read_from_both_schemas(
    url: str, haengbot_home: Path, pg_server: PgServer, pg_database: str
) -> None:
    """A later migration's table and column (as 0010 adds runs.clerk/host) are copied without a change to the
    copy; a column only this PC's file has is left out rather than failing the copy."""
    from core.store_schema import to_postgres

    with GatewayStub() as stub:
        fill_home(haengbot_home, stub).close()
    table = "CREATE TABLE later_things (id INTEGER PRIMARY KEY, what TEXT NOT NULL)"
    with sqlite3.connect(haengbot_home / "haengbot.sqlite3") as src:
        src.execute("ALTER TABLE runs ADD COLUMN clerk_later TEXT")
        src.execute("ALTER TABLE runs ADD COLUMN only_here TEXT")
        src.execute("UPDATE runs SET clerk_later = '김' || task, only_here = 'x'")
        src.execute(table)
        src.executemany("INSERT INTO later_things (id, what) VALUES (?, ?)", [(7, "가"), (9, "나")])
    target = parse_store_url(url)
    assert target is not None
    PgStore(target).close()
    with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
        admin.execute("ALTER TABLE runs ADD COLUMN clerk_later TEXT")
        admin.execute(to_postgres(table))
    code, out, err = run_cli("store", "migrate-to", url)
    assert code == 0, err
    assert "  later_things: 2건\n" in out
    with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
        clerks = Counter(r[0] for r in admin.execute("SELECT clerk_later FROM runs"))
        assert clerks == Counter({"김grant-alerts": 3, "김welfare-sms": 1, "김overtime-pay": 1, "김local-income-tax": 1})
        admin.execute("INSERT INTO later_things (what) VALUES ('다')")  # the identity continues past the copied 9
        assert admin.execute("SELECT id, what FROM later_things ORDER BY id").fetchall() == [(7, "가"), (9, "나"), (10, "다")]


def test_the_clerks_role_may_not_copy(url: str, haengbot_home: Path, pg_server: PgServer, pg_database: str) -> None:
    """The clerks' least-privilege role may write rows but not move the id sequences nor add the re-key trigger:
    the copy stops with the owner hint, and nothing it wrote before that stays."""
    with GatewayStub() as stub:
        fill_home(haengbot_home, stub).close()
    target = parse_store_url(url)
    assert target is not None
    PgStore(target).close()
    with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
        admin.execute("CREATE ROLE clerk_nocopy LOGIN PASSWORD 'clerk-nocopy-pw'")
        admin.execute("GRANT USAGE ON SCHEMA public TO clerk_nocopy")
        admin.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO clerk_nocopy")
        admin.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO clerk_nocopy")
    credentials.default_store().set(PASSWORD.id, "clerk-nocopy-pw")
    code, out, err = run_cli("store", "migrate-to", pg_server.url(pg_database, user="clerk_nocopy"))
    assert code == 3 and out == ""
    assert err == (
        f"오류: 공유 저장소(clerk_nocopy@{pg_server.host}:{pg_server.port}/{pg_database})에 기록을 옮길 권한이 없습니다"
        "(담당자 계정은 번호를 이어 붙이거나 발송 대장을 연결할 수 없습니다). 정보화 담당자가 소유자 계정의 주소와 "
        "비밀번호로 실행하십시오.\n"
    )
    with psycopg.connect(pg_server.admin_url(pg_database)) as admin:
        assert admin.execute("SELECT (SELECT COUNT(*) FROM runs) + (SELECT COUNT(*) FROM effects)").fetchone() == (0,)


def test_rows_the_server_silently_drops_fail_the_count_check(
    url: str, haengbot_home: Path, pg_server: PgServer, pg_database: str
) -> None:
    """The count check is what catches a copy that 'succeeded' without every row: here a trigger someone put on
    the server swallows the AI audit rows; the copy is rolled back, not committed short."""
    with GatewayStub() as stub:
        fill_home(haengbot_home, stub).close()
    target = parse_store_url(url)
    assert target is not None
    PgStore(target).close()
    with psycopg.connect(pg_server.admin_url(pg_database), autocommit=True) as admin:
        admin.execute("CREATE FUNCTION swallow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$")
        admin.execute("CREATE TRIGGER swallow BEFORE INSERT ON ai_audit FOR EACH ROW EXECUTE FUNCTION swallow()")
    code, out, err = run_cli("store", "migrate-to", url)
    assert code == 3 and out == ""
    assert err == "오류: 옮긴 뒤 건수가 맞지 않아 되돌렸습니다(표: ai_audit). 공유 저장소는 그대로입니다.\n"
    with psycopg.connect(pg_server.admin_url(pg_database)) as admin:
        assert admin.execute("SELECT (SELECT COUNT(*) FROM runs) + (SELECT COUNT(*) FROM effects)").fetchone() == (0,)


def test_four_pcs_after_the_copy_each_recipient_still_once(
    url: str, haengbot_home: Path, tmp_path: Path, pg_server: PgServer, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This PC sent cases 0-999 on SQLite (every tenth refused by the provider); after the copy four PCs send 0-1999
    at the same moment, two from each end: the re-key trigger runs under concurrent claims of the same copied rows,
    and over both phases every number has exactly one accepted message."""
    from tests.e2e.test_pg_department import expected, finish, start_pcs
    from tests.support import pg_send_child as child

    monkeypatch.setenv(HMAC_KEY.env_var, "department-key-0001")  # the children's key (helper "core")
    with GatewayStub() as stub:
        stub.fail.update({child.number(i).replace("-", ""): "3059" for i in range(0, 1000, 10)})
        store = Store()
        run_id = store.start_run("welfare-sms", {}, {})
        ctx = context(store, haengbot_home, stub, run_id)
        ctx.settings.set("notify.batch_size", 50)
        cases = [Outgoing("welfare-sms", f"K{i:05d}", "접수", child.number(i), child.text(i)) for i in range(1000)]
        report = send(ctx, prepare(cases), channel="solapi")
        assert Counter(o.status for o in report.outcomes) == Counter({"접수": 900, "실패": 100})
        store.finish_run(run_id, RunStatus.DONE)
        store.close()
        before = list(stub.received)
        code, _, err = run_cli("store", "migrate-to", url)
        assert code == 0, err

        stub.fail.clear()
        stub.received.clear()
        counts = finish(start_pcs(tmp_path, pg_server, pg_database, stub, [(0, 2000)] * 4))
    after = Counter(r["to"] for r in stub.received)
    assert set(after.values()) == {1}
    assert set(after) == {child.number(i).replace("-", "") for i in [*range(0, 1000, 10), *range(1000, 2000)]}
    both = Counter(r["to"] for r in [*before, *stub.received])
    assert len(both) == 2000 and set(both.values()) == {1}
    assert {r["to"]: r["text"] for r in [*before, *stub.received]} == expected(range(2000))
    assert sum(c.get("접수", 0) for c in counts) == 1100
