"""Solapi and NHN against loopback servers that speak their documented formats; ledger guarantees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.notify.channels.solapi import auth_header
from core.notify.ledger import Ledger, LedgerKey
from core.notify.message import Outgoing, prepare
from core.notify.notifier import ACCEPTED, ALREADY, DRY_RUN, FAILED_KO, IN_DOUBT_KO, NOT_SENT
from core.notify.service import send
from tests.support.notify_helpers import notify_ctx
from tests.support.notify_stubs import GatewayStub


@pytest.fixture
def stub():
    with GatewayStub() as s:
        yield s


def messages(n: int, *, task: str = "t", step: str = "접수", start: int = 0) -> list[Outgoing]:
    out = []
    for i in range(start, start + n):
        text = f"[광주시] 신청 {i}번 접수 안내. 문의 031-760-1234" + (" 장문 추가 설명." * 5 if i % 3 == 0 else "")
        out.append(
            Outgoing(
                task,
                f"C{i:05d}",
                step,
                f"010-{1000 + i // 10000:04d}-{i % 10000:04d}",
                text,
                subject="신청 안내" if i % 3 == 0 else "",
                name=f"신청인{i}",
            )
        )
    return out


def statuses(report) -> dict[str, int]:
    out: dict[str, int] = {}
    for o in report.outcomes:
        out[o.status] = out.get(o.status, 0) + 1
    return out


@pytest.mark.parametrize("channel", ["solapi", "nhn"])
def test_every_message_arrives_byte_for_byte_in_batches(tmp_path: Path, stub: GatewayStub, channel: str) -> None:
    ctx = notify_ctx(tmp_path, stub, **{"notify.batch_size": 50})
    prepared = prepare(messages(120), channel=channel)
    report = send(ctx, prepared, channel=channel)
    assert statuses(report) == {ACCEPTED: 120}
    kinds = {"SMS": 0, "LMS": 0}
    for p in prepared:
        kinds[p.kind] += 1
    expected_requests = sum(-(-n // 50) for n in kinds.values()) if channel == "nhn" else 3
    assert stub.requests == report.requests == expected_requests
    got = {(r["to"], r["text"], r["subject"], r["type"]) for r in stub.received}
    assert got == {(p.recipient, p.text, p.subject, p.kind) for p in prepared}
    for r in stub.received:  # the server's own byte count matches ours
        assert r["bytes"] == next(p.body_bytes for p in prepared if p.recipient == r["to"])
        assert r["from"] == "0317601234"
    # Re-run: nothing is sent again.
    again = send(notify_ctx(tmp_path, stub, run_id="run-2"), prepare(messages(120), channel=channel), channel=channel)
    assert statuses(again) == {ALREADY: 120}
    assert stub.requests == expected_requests


def test_raw_solapi_request_carries_exact_text(tmp_path: Path, stub: GatewayStub) -> None:
    text = "[광주시] 김철수님\n기초연금 신청이 접수되었습니다. D-30\n문의 031-760-1234 (노인장애인과)"
    report = send(
        notify_ctx(tmp_path, stub), prepare([Outgoing("t", "A1", "접수", "010-9999-0001", text + "\r\n")]), channel="solapi"
    )
    assert report.outcomes[0].status == ACCEPTED
    [raw] = stub.raw_bodies
    sent = json.loads(raw.decode("utf-8"))["messages"][0]
    assert sent["text"] == text and sent["text"].encode("euc-kr") == text.encode("euc-kr")
    assert (
        sent["type"] == ("SMS" if len(text.encode("euc-kr")) <= 90 else "LMS")
        and sent["to"] == "01099990001"
        and sent["from"] == "0317601234"
    )
    assert report.outcomes[0].provider_id.startswith("M4V")


def test_solapi_signature_is_checked_and_salt_is_new_each_time(tmp_path: Path, stub: GatewayStub) -> None:
    h1, h2 = auth_header("k", "s"), auth_header("k", "s")
    assert h1.split("salt=")[1] != h2.split("salt=")[1]
    ctx = notify_ctx(tmp_path, stub, **{"notify.batch_size": 10})
    send(ctx, prepare(messages(30)), channel="solapi")
    assert stub.requests == 3 and len(stub.salts) == 3 and stub.auth_failures == 0
    bad = notify_ctx(tmp_path / "b", stub)
    bad._credentials.set("solapi-api-secret", "wrong-secret")
    report = send(bad, prepare(messages(5, start=100)), channel="solapi")
    assert stub.auth_failures == 1
    assert {o.status for o in report.outcomes} == {FAILED_KO}
    assert "서명 불일치" in report.outcomes[0].reason


def test_partial_failure_is_recorded_and_only_failures_are_retried(tmp_path: Path, stub: GatewayStub) -> None:
    msgs = messages(10)
    stub.fail = {"01010000003": "1062", "01010000007": "3010"}
    report = send(notify_ctx(tmp_path, stub), prepare(msgs), channel="solapi")
    assert statuses(report) == {ACCEPTED: 8, FAILED_KO: 2}
    failed = {o.prepared.recipient: o.reason for o in report.outcomes if o.status == FAILED_KO}
    assert "발신번호 미등록" in failed["01010000003"] and "수신번호 형식" in failed["01010000007"]
    stub.fail = {}
    again = send(notify_ctx(tmp_path, stub, run_id="run-2"), prepare(msgs), channel="solapi")
    assert statuses(again) == {ALREADY: 8, ACCEPTED: 2}
    assert stub.requests == 2
    assert len(stub.received) == 10 and len({r["to"] for r in stub.received}) == 10


@pytest.mark.parametrize("answer", ["429", "500", "503"])
def test_backs_off_on_429_and_5xx_then_succeeds(tmp_path: Path, stub: GatewayStub, answer: str) -> None:
    stub.script.extend([answer, answer])
    report = send(notify_ctx(tmp_path, stub), prepare(messages(5)), channel="solapi")
    assert statuses(report) == {ACCEPTED: 5}
    assert stub.requests == 3 and len(stub.received) == 5


def test_gives_up_after_max_retries_and_retries_next_run(tmp_path: Path, stub: GatewayStub) -> None:
    stub.script.extend(["429"] * 10)
    report = send(notify_ctx(tmp_path, stub, **{"notify.max_retries": 2}), prepare(messages(5)), channel="solapi")
    assert statuses(report) == {FAILED_KO: 5} and stub.requests == 3
    stub.script.clear()
    again = send(notify_ctx(tmp_path, stub, run_id="run-2"), prepare(messages(5)), channel="solapi")
    assert statuses(again) == {ACCEPTED: 5} and len(stub.received) == 5


@pytest.mark.parametrize("answer", ["502", "504", "slow:2", "drop"])
def test_lost_answers_are_in_doubt_and_never_resent(tmp_path: Path, stub: GatewayStub, answer: str) -> None:
    stub.script.append(answer)
    ctx = notify_ctx(tmp_path, stub, **{"network.timeout_seconds": 1, "notify.batch_size": 5})
    report = send(ctx, prepare(messages(10)), channel="solapi")
    assert statuses(report) == {IN_DOUBT_KO: 5, ACCEPTED: 5}
    assert len(stub.received) == 10  # the server did accept the first batch
    again = send(notify_ctx(tmp_path, stub, run_id="run-2"), prepare(messages(10)), channel="solapi")
    assert statuses(again) == {IN_DOUBT_KO: 5, ALREADY: 5}
    assert len(stub.received) == 10
    assert all("확인하십시오" in o.reason for o in again.outcomes if o.status == IN_DOUBT_KO)


def test_two_lost_batches_in_a_row_stop_the_run(tmp_path: Path, stub: GatewayStub) -> None:
    stub.script.extend(["504", "504"])
    report = send(notify_ctx(tmp_path, stub, **{"notify.batch_size": 5}), prepare(messages(20)), channel="solapi")
    assert statuses(report) == {IN_DOUBT_KO: 10, NOT_SENT: 10}
    assert stub.requests == 2
    again = send(notify_ctx(tmp_path, stub, run_id="r2", **{"notify.batch_size": 5}), prepare(messages(20)), channel="solapi")
    assert statuses(again) == {IN_DOUBT_KO: 10, ACCEPTED: 10}


def test_clerk_can_resolve_an_in_doubt_message(tmp_path: Path, stub: GatewayStub) -> None:
    stub.script.append("504")
    msgs = messages(2)
    ctx = notify_ctx(tmp_path, stub)
    send(ctx, prepare(msgs), channel="solapi")
    ledger = Ledger(ctx.store)
    assert ledger.resolve(LedgerKey("t", "C00000", "접수", "01010000000"), delivered=True)
    assert ledger.resolve(LedgerKey("t", "C00001", "접수", "01010000001"), delivered=False)
    again = send(notify_ctx(tmp_path, stub, run_id="r2"), prepare(msgs), channel="solapi")
    assert [o.status for o in again.outcomes] == [ALREADY, ACCEPTED]


def test_dry_run_sends_nothing_and_records_nothing(tmp_path: Path, stub: GatewayStub) -> None:
    report = send(notify_ctx(tmp_path, stub, dry_run=True), prepare(messages(4)), channel="solapi")
    assert statuses(report) == {DRY_RUN: 4} and stub.requests == 0
    assert Ledger(notify_ctx(tmp_path, stub).store).counts("t") == {}


def test_nhn_splits_at_1000_and_maps_result_codes(tmp_path: Path, stub: GatewayStub) -> None:
    msgs = [Outgoing("t", f"N{i}", "s", f"010-5{i // 10000:03d}-{i % 10000:04d}", f"안내 {i}") for i in range(2500)]
    stub.fail = {"01050000007": "-2019"}
    report = send(notify_ctx(tmp_path, stub, **{"notify.batch_size": 5000}), prepare(msgs, channel="nhn"), channel="nhn")
    assert stub.requests == 3
    assert statuses(report) == {ACCEPTED: 2499, FAILED_KO: 1}
    assert "수신번호 형식 오류 (-2019)" in next(o.reason for o in report.outcomes if o.status == FAILED_KO)
    bodies = [json.loads(b) for b in stub.raw_bodies]
    assert [len(b["recipientList"]) for b in bodies] == [1000, 1000, 500]
    assert bodies[0]["body"] == "##body##"


def test_nhn_wrong_secret_stops_the_run(tmp_path: Path, stub: GatewayStub) -> None:
    ctx = notify_ctx(tmp_path, stub, **{"notify.batch_size": 2})
    ctx._credentials.set("nhn-sms-secret-key", "nope")
    report = send(ctx, prepare(messages(6), channel="nhn"), channel="nhn")
    assert stub.requests == 1
    assert statuses(report) == {FAILED_KO: 2, NOT_SENT: 4}


def test_ledger_keeps_no_phone_number_or_text(tmp_path: Path, stub: GatewayStub) -> None:
    ctx = notify_ctx(tmp_path, stub)
    send(ctx, prepare(messages(3)), channel="solapi")
    dump = "\n".join(ctx.store.connect().iterdump())
    assert "01010000001" not in dump and "신청 1번" not in dump
    assert "010-****-0001" in dump


def test_advertising_goes_to_nhn_ad_endpoint_with_marks_and_never_at_night(tmp_path: Path, stub: GatewayStub) -> None:
    import datetime as dt

    from core.errors import RunFailed

    msgs = [Outgoing("ad", f"A{i}", "s", f"010-6000-{i:04d}", "가을 생활체육 교실 참가자 모집") for i in range(3)]
    prepared = prepare(msgs, channel="nhn", advertising=True, sender_name="광주시", opt_out="080-123-4567")
    assert all(p.text.startswith("(광고)광주시 ") and p.text.endswith("무료수신거부 080-123-4567") for p in prepared)
    with pytest.raises(RunFailed, match="21시"):
        send(notify_ctx(tmp_path, stub), prepared, channel="nhn", advertising=True, now=dt.datetime(2026, 3, 2, 21, 30))
    assert stub.requests == 0
    report = send(notify_ctx(tmp_path, stub), prepared, channel="nhn", advertising=True, now=dt.datetime(2026, 3, 2, 10, 0))
    assert statuses(report) == {ACCEPTED: 3}
    assert all(r["text"].startswith("(광고)") for r in stub.received)


def test_cancel_between_batches_leaves_no_message_claimed_but_unsent(tmp_path: Path, stub: GatewayStub) -> None:
    from core.errors import Cancelled

    ctx = notify_ctx(tmp_path, stub, **{"notify.batch_size": 10})
    calls = []

    def progress(done: int, total: int, msg: str) -> None:
        calls.append(done)
        if done >= 10:
            ctx.cancel_event.set()
        ctx.check_cancelled()

    ctx._progress = progress
    ctx.progress = lambda d, t, m="": progress(d, t, m)  # the runner's ctx.progress: report, then check
    with pytest.raises(Cancelled):
        send(ctx, prepare(messages(30)), channel="solapi")
    assert stub.requests == 1 and len(stub.received) == 10
    assert Ledger(ctx.store).counts("t") == {"sent": 10}
    again = send(notify_ctx(tmp_path, stub, run_id="r2", **{"notify.batch_size": 10}), prepare(messages(30)), channel="solapi")
    assert statuses(again) == {ALREADY: 10, ACCEPTED: 20}


def test_clerk_may_allow_resending_in_doubt_messages(tmp_path: Path, stub: GatewayStub) -> None:
    stub.script.append("504")
    send(notify_ctx(tmp_path, stub), prepare(messages(3)), channel="solapi")
    again = send(notify_ctx(tmp_path, stub, run_id="r2"), prepare(messages(3)), channel="solapi", allow_in_doubt=True)
    assert statuses(again) == {ACCEPTED: 3}
    assert len(stub.received) == 6  # the clerk chose this after checking the console; the ledger now says sent
    third = send(notify_ctx(tmp_path, stub, run_id="r3"), prepare(messages(3)), channel="solapi", allow_in_doubt=True)
    assert statuses(third) == {ALREADY: 3}


def test_solapi_failure_that_cannot_be_placed_makes_the_rest_in_doubt(tmp_path: Path, stub: GatewayStub) -> None:
    stub.echo_custom_fields = False
    stub.fail = {"01010000001": "3010"}
    msgs = [*messages(3), Outgoing("t", "dup", "접수", "010-1000-0001", "다른 안내")]  # two messages to one number
    report = send(notify_ctx(tmp_path, stub), prepare(msgs), channel="solapi")
    by_case = {o.prepared.msg.case_key: o.status for o in report.outcomes}
    # numbers that appear once are placed by 'to'; for the shared number 'to' cannot say which one failed
    assert by_case == {"C00000": ACCEPTED, "C00001": IN_DOUBT_KO, "C00002": ACCEPTED, "dup": IN_DOUBT_KO}
