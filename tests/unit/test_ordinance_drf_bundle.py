"""The collection bundle (raw answers + hashed manifest) and the 기관 codes for ``ordin``."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from core.errors import InputError
from core.settings import Settings
from tasks.ordinance_review import bundle, drf
from tasks.ordinance_review.model import LawVersion, Ordinance
from tasks.ordinance_review.options import SETTINGS
from tasks.ordinance_review.orgcodes import org_codes

DRF = Path(__file__).resolve().parents[1] / "data" / "drf"


def _responses() -> list[bundle.RawResponse]:
    listing = b'{"LawSearch":{"target":"law","totalCnt":"0"}}'
    return [
        bundle.RawResponse("lawSearch.do", {"target": "law", "query": "고향사랑", "type": "JSON"}, 200, listing, "list"),
        bundle.RawResponse(
            "lawService.do",
            {"target": "law", "MST": "251529", "type": "JSON"},
            200,
            (DRF / "law" / "251529.json").read_bytes(),
            "law",
            "251529",
        ),
        bundle.RawResponse(
            "lawService.do",
            {"target": "law", "MST": "260449", "type": "XML"},
            200,
            (DRF / "law" / "260449.xml").read_bytes(),
            "law",
            "260449",
        ),
        bundle.RawResponse(
            "lawService.do",
            {"target": "law", "MST": "260449", "type": "XML"},
            200,
            (DRF / "law" / "260449.xml").read_bytes(),
            "law",
            "260449",
        ),
        bundle.RawResponse(
            "lawService.do",
            {"target": "ordin", "MST": "1774613", "type": "XML"},
            200,
            (DRF / "ordin" / "1774613.xml").read_bytes(),
            "ordin",
            "1774613",
        ),
        bundle.RawResponse(
            "lawService.do",
            {"target": "oldAndNew", "MST": "260449", "type": "JSON"},
            200,
            (DRF / "oldAndNew" / "260449.json").read_bytes(),
            "oldAndNew",
            "260449",
        ),
    ]


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "번들.zip"
    path.write_bytes(data)
    return path


def _rezip(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """The same zip with members replaced (bytes), removed (None) or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in change:
                continue
            dst.writestr(info.filename, src.read(info.filename))
        for name, blob in change.items():
            if blob is not None:
                dst.writestr(name, blob)
    return out.getvalue()


def test_bundle_keeps_every_answer_unchanged_with_its_hash(tmp_path: Path) -> None:
    responses = _responses()
    data = bundle.write_bundle(responses, {"period_from": "2024-02-01", "period_to": "2024-02-29", "org": "6410000"})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert [m["name"] for m in manifest["members"]] == [
            "responses/0001-law.json",
            "responses/0002-law-251529.json",
            "responses/0003-law-260449.xml",
            "responses/0004-law-260449.xml",
            "responses/0005-ordin-1774613.xml",
            "responses/0006-oldAndNew-260449.json",
        ]
        for member, resp in zip(manifest["members"], responses, strict=True):
            assert zf.read(member["name"]) == resp.data
            assert member["sha256"] == hashlib.sha256(resp.data).hexdigest() and member["size"] == len(resp.data)
            assert member["query"] == dict(resp.query)
    assert (manifest["format"], manifest["version"], manifest["period_from"], manifest["org"]) == (
        "haengbot-drf-bundle",
        1,
        "2024-02-01",
        "6410000",
    )
    texts = bundle.read_bundle(_write(tmp_path, data))
    # the repeated 260449 is read once; lists and 신구법 bodies are evidence, not texts
    assert [(type(t).__name__, t.mst if isinstance(t, LawVersion) else t.serial) for t in texts] == [
        ("LawVersion", "251529"),
        ("LawVersion", "260449"),
        ("Ordinance", "1774613"),
    ]
    direct = drf.read_body((DRF / "law" / "260449.json").read_bytes(), "x")
    assert isinstance(direct, LawVersion) and isinstance(texts[1], LawVersion)
    assert texts[1].articles == direct.articles and texts[1].addenda == direct.addenda
    assert isinstance(texts[2], Ordinance) and texts[2].source == "번들.zip:responses/0005-ordin-1774613.xml"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {
                "responses/0003-law-260449.xml": (DRF / "law" / "260449.xml")
                .read_bytes()
                .replace("대통령령".encode(), "총리령".encode(), 1)
            },
            "수집 번들이 손상되었거나 바뀌었습니다: 'responses/0003-law-260449.xml'의 내용이 목록의 해시(SHA-256)와 다릅니다.",
        ),
        (
            {"responses/0005-ordin-1774613.xml": None},
            "수집 번들이 손상되었거나 바뀌었습니다: 목록에 있는 'responses/0005-ordin-1774613.xml'이 빠졌습니다.",
        ),
        (
            {"responses/extra.json": b"{}"},
            "수집 번들이 손상되었거나 바뀌었습니다: 목록(manifest.json)에 없는 파일 'responses/extra.json'이 들어 있습니다.",
        ),
        ({"manifest.json": None}, "수집 번들이 손상되었거나 바뀌었습니다: 목록 파일 'manifest.json'이 없습니다."),
        ({"manifest.json": b'{"format": "other"}'}, "행봇 수집 번들이 아닙니다(manifest.json의 형식 표시가 없습니다)."),
    ],
)
def test_a_tampered_bundle_is_refused_in_korean(tmp_path: Path, change: dict[str, bytes | None], message: str) -> None:
    data = _rezip(bundle.write_bundle(_responses(), {}), change)
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        bundle.read_bundle(path)
    assert caught.value.message == message
    assert caught.value.location is not None and caught.value.location.file == str(path)


def test_not_a_zip_and_a_zip_bomb_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, b"PK\x03\x04 broken")
    with pytest.raises(InputError) as caught:
        bundle.read_bundle(path)
    assert caught.value.message == "수집 번들(zip)을 열 수 없습니다(zip 파일이 아니거나 잘렸습니다)."
    bomb = _rezip(bundle.write_bundle(_responses(), {}), {"responses/zeros.json": b"0" * (20 << 20)})
    with pytest.raises(InputError) as caught:
        bundle.read_bundle(_write(tmp_path, bomb))
    assert caught.value.message.startswith("파일 안의 'responses/zeros.json' 부분이 압축을 풀면 지나치게 커서 읽지 않았습니다")


def test_a_member_that_is_an_error_page_is_named(tmp_path: Path) -> None:
    page = b"<!DOCTYPE html><html><body>maintenance</body></html>"
    data = bundle.write_bundle([bundle.RawResponse("lawService.do", {"target": "law", "MST": "1"}, 200, page, "law", "1")], {})
    with pytest.raises(InputError) as caught:
        bundle.read_bundle(_write(tmp_path, data))
    assert caught.value.message.startswith(
        "번들 안의 'responses/0001-law-1.html'을 읽지 못했습니다: 법제처 서버가 자료 대신 웹 페이지(HTML)를 보냈습니다."
    )


# ------------------------------------------------------------------------------ 기관 codes
def _settings(tmp_path: Path, **values: str) -> Settings:
    settings = Settings(tmp_path / "settings.toml", SETTINGS)
    for key, value in values.items():
        settings.set(key.replace("__", "."), value)
    return settings


def test_org_codes_come_from_the_org_setting_or_the_override(tmp_path: Path) -> None:
    assert org_codes(_settings(tmp_path, org__sido="경기도", org__sigungu="광주시")) == ("6410000", "5540000")
    assert org_codes(_settings(tmp_path, org__sido="서울특별시", org__sigungu="구로구")) == ("6110000", "3160000")
    overridden = _settings(tmp_path, org__sido="경기도", org__sigungu="광주시", ordinance__drf_sborg="5540001")
    assert org_codes(overridden) == ("6410000", "5540001")
    assert org_codes(_settings(tmp_path, ordinance__drf_org="6410000")) == ("6410000", "")


def test_a_city_without_a_known_code_says_which_setting_to_fill(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        org_codes(_settings(tmp_path, org__sido="경기도", org__sigungu="수원시"))
    assert caught.value.message == "경기도 수원시의 행정표준기관코드를 행봇이 알지 못합니다."
    assert caught.value.hint is not None and "ordinance.drf_sborg" in caught.value.hint
    with pytest.raises(InputError) as caught:
        org_codes(_settings(tmp_path, ordinance__drf_org="64100"))
    assert caught.value.message == "기관코드는 7자리 숫자입니다: '64100'."
    with pytest.raises(InputError) as caught:
        org_codes(_settings(tmp_path))
    assert caught.value.message == "자치법규를 받을 기관이 정해져 있지 않습니다."
