"""Solapi (ex-CoolSMS) REST API v4: ``POST /messages/v4/send-many/detail`` (external-apis.md 4.2).

Auth: ``HMAC-SHA256 apiKey=…, date=…, salt=…, signature=hex(HMAC(secret, date+salt))``; the server
refuses a date more than 15 minutes off and any signature reused within 15 minutes, so every
request gets a fresh salt. Partial failures come back in ``failedMessageList``; each message
carries ``customFields.ledgerId`` so the answer maps back to the ledger row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from core.notify.channels.base import Delivery, Envelope, InDoubt, Rejected, post_json

SEND_PATH = "/messages/v4/send-many/detail"
MAX_BATCH = 10_000  # per call (official SDK); the setting usually asks for less

# 4-digit status codes (solapi/documents message-status-codes.md).
STATUS_KO = {
    "2000": "정상 접수",
    "3000": "이동통신사로 접수",
    "4000": "발송 완료",
    "1010": "필수값 누락",
    "1013": "단문(SMS)에는 제목을 넣을 수 없음",
    "1014": "제목이 40바이트를 넘음",
    "1025": "잘못된 메시지 유형",
    "1026": "중복 수신번호",
    "1029": "EUC-KR로 표현할 수 없는 문자가 있음",
    "1030": "잔액 부족",
    "1031": "메시지 길이 초과(SMS 90바이트, LMS 2,000바이트)",
    "1033": "카카오 옵션은 알림톡에만",
    "1043": "알림톡 템플릿과 내용 불일치",
    "1060": "수신 차단된 번호",
    "1061": "080 수신거부 등록 번호",
    "1062": "발신번호 미등록(사전 등록 필요)",
    "1064": "KISA 신고로 차단된 번호",
    "2254": "스팸으로 분류됨",
    "3010": "수신번호 형식 오류",
    "3043": "수신 단말기 전원 꺼짐",
    "3054": "스팸 차단",
    "3055": "스팸 차단",
    "3059": "변작된 발신번호",
    "3104": "카카오톡 미사용자",
    "3105": "미등록 템플릿",
    "3107": "72시간 내 미사용/차단",
    "3108": "발송 가능 시간이 아님(08~20시)",
}
ERROR_KO = {
    "InvalidAPIKey": "API 키가 올바르지 않습니다",
    "SignatureDoesNotMatch": "API 시크릿이 맞지 않습니다(서명 불일치)",
    "RequestTimeTooSkewed": "이 컴퓨터의 시계가 15분 넘게 틀립니다. 시계를 맞추십시오",
    "DuplicatedSignature": "같은 서명이 다시 쓰였습니다",
    "NotEnoughBalance": "충전 잔액이 부족합니다",
    "ValidationError": "요청 형식 오류",
}
FATAL_ERRORS = {"InvalidAPIKey", "SignatureDoesNotMatch", "RequestTimeTooSkewed", "NotEnoughBalance", "Forbidden"}


def status_ko(code: str, message: str = "") -> str:
    known = STATUS_KO.get(str(code))
    if known:
        return f"{known} ({code})"
    return f"{message.strip() or '알 수 없는 상태'} ({code})"


def auth_header(api_key: str, api_secret: str, *, now: dt.datetime | None = None, salt: str | None = None) -> str:
    date = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    salt = salt or secrets.token_hex(16)
    signature = hmac.new(api_secret.encode("utf-8"), (date + salt).encode("utf-8"), hashlib.sha256).hexdigest()
    return f"HMAC-SHA256 apiKey={api_key}, date={date}, salt={salt}, signature={signature}"


class SolapiChannel:
    name = "solapi"
    split_by_kind = False
    what = "문자 발송 서버(솔라피)"

    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        api_key: str,
        api_secret: str,
        *,
        max_batch: int = 1000,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        self.session = session
        self.url = base_url.rstrip("/") + SEND_PATH
        self.api_key = api_key
        self.api_secret = api_secret
        self.max_batch = max(1, min(max_batch, MAX_BATCH))
        self.clock = clock
        self.files: list[Path] = []

    def body(self, batch: list[Envelope]) -> dict[str, Any]:
        messages = []
        for env in batch:
            m = {
                "to": env.to,
                "from": env.sender,
                "text": env.text,
                "type": env.kind,
                "autoTypeDetect": False,
                "country": "82",
                "customFields": {"ledgerId": str(env.ledger_id)},
            }
            if env.kind == "LMS" and env.subject:
                m["subject"] = env.subject
            messages.append(m)
        # Duplicates are removed before (same number and same text); two different notices to one
        # number (two applications in one household) are legitimate, so Solapi's 1026 check is off.
        return {"messages": messages, "allowDuplicates": True, "showMessageList": True}

    def send_batch(self, batch: list[Envelope]) -> list[Delivery]:
        headers = {
            "Authorization": auth_header(self.api_key, self.api_secret, now=self.clock() if self.clock else None),
            "Content-Type": "application/json",
        }
        answer = post_json(self.session, self.url, self.body(batch), headers, self.what)
        body = answer.body if isinstance(answer.body, dict) else {}
        if answer.status >= 300:
            code = str(body.get("errorCode") or answer.status)
            text = ERROR_KO.get(code) or str(body.get("errorMessage") or "요청 거부")
            raise Rejected(
                code,
                f"솔라피가 요청 전체를 거부했습니다: {text} ({code})",
                fatal=code in FATAL_ERRORS or answer.status in (401, 402, 403),
            )
        if "groupInfo" not in body and "failedMessageList" not in body:
            raise InDoubt("솔라피 응답에 접수 정보가 없습니다. 접수되었을 수 있어 다시 보내지 않았습니다")
        failed: dict[int, Delivery] = {}
        unplaced = 0  # failures we cannot tie to a message: then nothing unconfirmed counts as accepted
        for item in body.get("failedMessageList") or []:
            lid = _ledger_id(item, batch)
            code = str(item.get("statusCode") or "")
            if lid is None:
                unplaced += 1
                continue
            failed[lid] = Delivery(
                lid, "failed", str(item.get("messageId") or ""), code, status_ko(code, str(item.get("statusMessage") or ""))
            )
        ids: dict[int, str] = {}
        for item in body.get("messageList") or []:
            lid = _ledger_id(item, batch)
            if lid is not None and lid not in failed:
                ids[lid] = str(item.get("messageId") or "")
        out = []
        for env in batch:
            if env.ledger_id in failed:
                out.append(failed[env.ledger_id])
            elif unplaced and env.ledger_id not in ids:
                out.append(
                    Delivery(
                        env.ledger_id,
                        "unknown",
                        "",
                        "",
                        f"솔라피가 {unplaced}건을 실패로 돌려주었으나 어느 메시지인지 알 수 없습니다. 발송 내역을 확인하십시오",
                    )
                )
            else:
                out.append(Delivery(env.ledger_id, "sent", ids.get(env.ledger_id, ""), "2000", status_ko("2000")))
        return out

    def close(self) -> None:
        pass


def _ledger_id(item: dict[str, Any], batch: list[Envelope]) -> int | None:
    fields = item.get("customFields") or {}
    value = fields.get("ledgerId")
    if value is not None:
        try:
            return int(value)
        except ValueError:
            return None
    to = item.get("to")
    hits = [env.ledger_id for env in batch if env.to == to]
    return hits[0] if len(hits) == 1 else None
