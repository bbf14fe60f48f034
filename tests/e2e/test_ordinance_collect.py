"""Collect against the loopback DRF server: ordinances by 기관 code, the laws they cite, the changes of
a period, old and new bodies; the quirks (paging, retries, HTML, error shapes) and the OC's secrecy."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import shutil
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import credentials
from core.context import RunContext
from core.errors import Cancelled, RunFailed
from core.settings import Settings
from tasks.ordinance_review import bundle, collect, drf
from tasks.ordinance_review.model import LawVersion, Ordinance
from tests.support.drf_server import FIXTURES, OC, DrfServer

FEB_2024 = (
    dt.date(2024, 2, 1),
    dt.date(2024, 2, 29),
)  # 고향사랑기부금법 20314호 (2024-02-20), 개인정보 보호법 시행령 (시행 2024-03-15)


@pytest.fixture()
def server() -> Iterator[DrfServer]:
    srv = DrfServer().start()
    yield srv
    srv.stop()


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _ctx(tmp_path: Path, url: str, store: credentials.MemoryStore, **values: object) -> tuple[RunContext, _Records]:
    settings = Settings(tmp_path / "settings.toml", collect.SETTINGS)
    for key, value in {
        "org.sido": "경기도",
        "org.sigungu": "광주시",
        "ordinance.drf_base_url": url,
        "ordinance.drf_backoff_seconds": 0.01,
        "network.proxy_mode": "none",
        **{k.replace("__", "."): v for k, v in values.items()},
    }.items():
        settings.set(key, value)
    store.set(collect.CREDENTIAL, OC)
    records = _Records()
    logger = logging.getLogger(f"test-collect-{id(records)}")
    logger.addHandler(records)
    logger.setLevel(logging.INFO)
    return RunContext(settings=settings, credentials=store, logger=logger), records


def _manifest(data: bytes) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return json.loads(zf.read("manifest.json"))  # type: ignore[no-any-return]


def _ids(texts: list[LawVersion | Ordinance]) -> list[str]:
    return sorted(t.mst if isinstance(t, LawVersion) else f"조례 {t.serial}" for t in texts)


@pytest.mark.parametrize("fmt", ["JSON", "XML"])
def test_collect_gets_the_city_ordinances_cited_laws_and_both_versions_of_each_change(
    tmp_path: Path, server: DrfServer, memory_credentials: credentials.MemoryStore, fmt: str
) -> None:
    ctx, records = _ctx(tmp_path, server.url, memory_credentials, ordinance__drf_format=fmt)
    data = collect.collect(ctx, *FEB_2024)
    path = tmp_path / "수집.zip"
    path.write_bytes(data)
    texts = bundle.read_bundle(path)
    # 2 ordinances; the current version of each cited law; for the 2 changes of the period (법률
    # 260449 promulgated 2024-02-20, 시행령 261095 taking effect 2024-03-15) the versions they replaced.
    assert _ids(texts) == ["251529", "254693", "260449", "261095", "264861", "283839", "조례 1774613", "조례 1896463"]
    manifest = _manifest(data)
    assert manifest["amendments"] == [
        {"law_id": "014170", "old_mst": "251529", "new_mst": "260449"},
        {"law_id": "011468", "old_mst": "254693", "new_mst": "261095"},
    ]
    assert (manifest["org"], manifest["sborg"], manifest["period_from"], manifest["upcoming_to"]) == (
        "6410000",
        "5540000",
        "2024-02-01",
        "2024-05-29",
    )
    # every body read from the bundle is the fixture law.go.kr sent, read directly
    ext = fmt.lower()
    for text in texts:
        folder, key = ("law", text.mst) if isinstance(text, LawVersion) else ("ordin", text.serial)
        direct = drf.read_body((FIXTURES / folder / f"{key}.{ext}").read_bytes(), "direct")
        assert direct is not None and text.articles == direct.articles and text.addenda == direct.addenda
    # one lsHstInf question per day of the period, the 신구법 of each change
    days = sorted(c["regDt"] for c in server.calls if c.get("target") == "lsHstInf")
    assert len(days) == 29 and days[0] == "20240201" and days[-1] == "20240229"
    assert sorted(c["MST"] for c in server.calls if c.get("target") == "oldAndNew") == ["260449", "261095"]
    # the OC went with every call and is nowhere in the bundle or the log
    assert all(c.get("OC") == OC for c in server.calls)
    assert OC.encode() not in data
    assert records.lines and not any(OC in line for line in records.lines)
    assert all("OC" not in m["query"] for m in manifest["members"])  # type: ignore[union-attr]


def test_paging_follows_total_count(tmp_path: Path, server: DrfServer, memory_credentials: credentials.MemoryStore) -> None:
    ctx, _ = _ctx(tmp_path, server.url, memory_credentials, ordinance__drf_page_size=1)
    data = collect.collect(ctx, dt.date(2024, 2, 20), dt.date(2024, 2, 20))
    pages = [c["page"] for c in server.calls if c.get("target") == "ordin" and "MST" not in c]
    assert pages == ["1", "2"] and all(c["display"] == "1" for c in server.calls if "display" in c)
    assert [t for t in _ids(bundle.read_bundle_bytes(data, tmp_path / "b.zip")) if t.startswith("조례")] == [
        "조례 1774613",
        "조례 1896463",
    ]


def test_busy_answers_are_retried_with_a_bound(
    tmp_path: Path, server: DrfServer, memory_credentials: credentials.MemoryStore
) -> None:
    server.faults["ordin"] = ["404", "html", "empty", "antibot", "429", "504"]
    ctx, records = _ctx(tmp_path, server.url, memory_credentials, ordinance__drf_retries=6)
    collect.collect(ctx, dt.date(2024, 2, 20), dt.date(2024, 2, 20))
    assert [line.split(": ", 1)[1] for line in records.lines if "다시" in line] == [
        "HTTP 404, 0.0초 뒤 다시",
        "웹 페이지(HTML), 0.0초 뒤 다시",
        "빈 응답, 0.0초 뒤 다시",
        "웹 페이지(HTML), 0.1초 뒤 다시",
        "HTTP 429, 0.2초 뒤 다시",
        "HTTP 504, 0.3초 뒤 다시",
    ]
    server.faults["ordin"] = ["503", "503", "503"]
    ctx, _ = _ctx(tmp_path, server.url, memory_credentials, ordinance__drf_retries=2)
    with pytest.raises(RunFailed) as caught:
        collect.collect(ctx, dt.date(2024, 2, 20), dt.date(2024, 2, 20))
    assert str(caught.value) == "법제처 서버가 3번 모두 HTTP 503으로 답했습니다(ordin). 잠시 뒤 다시 실행하십시오."
    server.faults["ordin"] = ["html", "html", "html"]
    with pytest.raises(RunFailed) as caught:
        collect.collect(ctx, dt.date(2024, 2, 20), dt.date(2024, 2, 20))
    assert str(caught.value).startswith("법제처 서버가 자료 대신 웹 페이지(HTML)를 보냈습니다.")


def test_error_shapes_with_200_stop_the_run_in_korean_without_the_oc(
    tmp_path: Path, server: DrfServer, memory_credentials: credentials.MemoryStore
) -> None:
    ctx, _ = _ctx(tmp_path, server.url, memory_credentials)
    memory_credentials.set(collect.CREDENTIAL, "wrong-oc-value")
    with pytest.raises(RunFailed) as caught:
        collect.collect(ctx, *FEB_2024)
    assert str(caught.value) == (
        "법제처 Open API가 오류로 답했습니다: 사용자 정보 검증에 실패하였습니다. "
        "OPEN API 호출 시 사용자 검증을 위하여 정확한 서버장비의 IP주소 및 도메인주소를 등록해 주세요."
    )
    memory_credentials.set(collect.CREDENTIAL, OC)
    server.faults["lsHstInf"] = ["error"]
    with pytest.raises(RunFailed, match="사용자 정보 검증에 실패하였습니다"):
        collect.collect(ctx, *FEB_2024)


def test_a_missing_oldandnew_is_kept_as_evidence_and_a_missing_body_stops(
    tmp_path: Path, memory_credentials: credentials.MemoryStore
) -> None:
    root = tmp_path / "drf"
    shutil.copytree(FIXTURES, root)
    (root / "oldAndNew" / "260449.json").unlink()
    srv = DrfServer(root).start()
    try:
        ctx, _ = _ctx(tmp_path, srv.url, memory_credentials)
        data = collect.collect(ctx, *FEB_2024)
        kept = [(m["kind"], m["key"]) for m in _manifest(data)["members"] if m["query"]["target"] == "oldAndNew"]  # type: ignore[union-attr, index]
        assert kept == [("oldAndNew", "260449"), ("oldAndNew", "261095")]  # 신구법존재여부 N is an answer: kept
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            name = next(n for n in zf.namelist() if n.endswith("oldAndNew-260449.json"))
            assert json.loads(zf.read(name))["OldAndNewService"]["신구법존재여부"] == "N"
        (root / "law" / "251529.json").unlink()
        with pytest.raises(RunFailed) as caught:
            collect.collect(ctx, *FEB_2024)
        assert str(caught.value) == "법제처에 그 자료가 없습니다: 일치하는 법령이 없습니다.  법령명을 확인하여 주십시오."
    finally:
        srv.stop()


def test_a_closed_port_is_a_korean_connection_error(tmp_path: Path, memory_credentials: credentials.MemoryStore) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ctx, _ = _ctx(tmp_path, f"http://127.0.0.1:{port}/DRF", memory_credentials, ordinance__drf_retries=1)
    with pytest.raises(RunFailed) as caught:
        collect.collect(ctx, *FEB_2024)
    assert str(caught.value) == "법제처 서버에 연결하지 못했습니다. 인터넷 연결(망분리 여부)이나 주소 설정을 확인하십시오."


def test_no_oc_stored_says_where_to_enter_it(
    tmp_path: Path, server: DrfServer, memory_credentials: credentials.MemoryStore
) -> None:
    ctx, _ = _ctx(tmp_path, server.url, memory_credentials)
    memory_credentials.delete(collect.CREDENTIAL)
    with pytest.raises(RunFailed) as caught:
        collect.collect(ctx, *FEB_2024)
    assert str(caught.value).startswith("'법제처 Open API 인증값(OC)' 값이 저장되어 있지 않습니다.")
    assert server.calls == []


def test_the_previous_version_is_the_latest_promulgated_before() -> None:
    history = [
        {"법령ID": "1", "법령일련번호": "30", "공포일자": "20240220", "공포번호": "20314"},
        {"법령ID": "1", "법령일련번호": "20", "공포일자": "20230609", "공포번호": "19430"},
        {"법령ID": "1", "법령일련번호": "10", "공포일자": "20230103", "공포번호": "19156"},
        {"법령ID": "2", "법령일련번호": "25", "공포일자": "20231231", "공포번호": "1"},
        {"법령ID": "1", "법령일련번호": "21", "공포일자": "20230609", "공포번호": "19431"},
    ]
    before = collect.previous_version(history, "1", history[0])
    assert before is not None and before["법령일련번호"] == "21"  # same day: the higher 공포번호 came later
    assert collect.previous_version(history, "1", history[2]) is None


def test_cancel_stops_between_calls(tmp_path: Path, server: DrfServer, memory_credentials: credentials.MemoryStore) -> None:
    """A 취소 arriving while the days of the period are asked stops before the next call (no progress point there)."""
    ctx, _ = _ctx(tmp_path, server.url, memory_credentials)

    class CancelOnThirdDay(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "regDt=20240203" in record.getMessage():
                ctx.cancel_event.set()

    ctx.log.addHandler(CancelOnThirdDay())
    with pytest.raises(Cancelled):
        collect.collect(ctx, *FEB_2024)
    assert [c["regDt"] for c in server.calls if c.get("target") == "lsHstInf"] == ["20240201", "20240202", "20240203"]


def test_a_relay_login_in_the_base_url_stays_out_of_the_manifest(
    tmp_path: Path, server: DrfServer, memory_credentials: credentials.MemoryStore
) -> None:
    relay = server.url.replace("http://", "http://clerk:pa55word@")
    ctx, _ = _ctx(tmp_path, relay, memory_credentials)
    data = collect.collect(ctx, dt.date(2024, 2, 20), dt.date(2024, 2, 20))
    assert _manifest(data)["base_url"] == server.url.replace("http://", "http://****@")
    assert b"pa55word" not in data


def test_an_ordinance_body_without_its_key_fields_stops_with_the_serial(
    tmp_path: Path, memory_credentials: credentials.MemoryStore
) -> None:
    root = tmp_path / "drf"
    shutil.copytree(FIXTURES, root)
    xml = (root / "ordin" / "1896463.xml").read_text(encoding="utf-8")
    (root / "ordin" / "1896463.xml").write_text(xml.replace("<공포일자>20231229</공포일자>", "", 1), encoding="utf-8")
    srv = DrfServer(root).start()
    try:
        ctx, _ = _ctx(tmp_path, srv.url, memory_credentials, ordinance__drf_format="XML")
        with pytest.raises(RunFailed) as caught:
            collect.collect(ctx, *FEB_2024)
        assert (
            str(caught.value)
            == "자치법규 본문(일련번호 1896463)을 읽지 못했습니다: 자치법규 본문에 자치법규ID·자치법규명·공포일자가 없습니다."
        )
    finally:
        srv.stop()
