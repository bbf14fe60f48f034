"""The Solapi stub accepts every Authorization form the real service accepts; our header is the documented one."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import uuid

import requests

from core.notify.channels.solapi import SEND_PATH, auth_header
from tests.support.notify_stubs import GatewayStub

BODY = {"messages": [{"to": "01012345678", "from": "0317601234", "text": "안내", "type": "SMS"}], "showMessageList": True}


def sdk_header(key: str, secret: str) -> str:
    """What the official Python SDK (solapi-python lib/authenticator.py) sends: capitalised
    ``ApiKey``/``Date``, a local-offset timestamp with microseconds and a uuid1 salt."""
    date = dt.datetime.now().astimezone(dt.timezone(dt.timedelta(hours=9))).isoformat()
    salt = uuid.uuid1().hex
    signature = hmac.new(secret.encode(), (date + salt).encode(), hashlib.sha256).hexdigest()
    return f"HMAC-SHA256 ApiKey={key}, Date={date}, salt={salt}, signature={signature}"


def post(stub: GatewayStub, authorization: str) -> requests.Response:
    return requests.post(
        stub.url + SEND_PATH,
        data=json.dumps(BODY).encode(),
        headers={"Authorization": authorization, "Content-Type": "application/json"},
        timeout=10,
    )


def test_stub_accepts_the_official_sdks_capitalised_header() -> None:
    """Guards the stub: it refused ``ApiKey=…, Date=…`` (the SDK's form), which the real service accepts."""
    with GatewayStub() as stub:
        resp = post(stub, sdk_header(stub.api_key, stub.api_secret))
        assert resp.status_code == 200, resp.text
        assert resp.json()["groupInfo"]["count"]["registeredSuccess"] == 1
        assert stub.auth_failures == 0


def test_stub_still_refuses_a_wrong_signature_key_or_reused_salt() -> None:
    with GatewayStub() as stub:
        good = sdk_header(stub.api_key, stub.api_secret)
        assert post(stub, good).status_code == 200
        assert post(stub, good).json()["errorCode"] == "DuplicatedSignature"
        assert post(stub, sdk_header(stub.api_key, "wrong")).json()["errorCode"] == "SignatureDoesNotMatch"
        assert post(stub, sdk_header("OTHER", stub.api_secret)).json()["errorCode"] == "InvalidAPIKey"
        assert post(stub, "Bearer x").json()["errorCode"] == "InvalidAuthorizationHeader"


def test_our_header_is_the_documented_form() -> None:
    """external-apis.md 4.2: ``HMAC-SHA256 apiKey=<KEY>, date=<ISO-8601>, salt=<12-64 bytes>, signature=<hex>``."""
    now = dt.datetime(2026, 3, 2, 0, 0, 0, 123000, tzinfo=dt.UTC)
    header = auth_header("NCSKEY", "SECRET", now=now, salt="0123456789abcdef0123456789abcdef")
    m = re.fullmatch(r"HMAC-SHA256 apiKey=(\S+), date=(\S+), salt=([0-9a-f]{24,128}), signature=([0-9a-f]{64})", header)
    assert m is not None
    assert m[1] == "NCSKEY" and m[2] == "2026-03-02T00:00:00.123Z"
    assert m[4] == hmac.new(b"SECRET", (m[2] + m[3]).encode(), hashlib.sha256).hexdigest()
