"""NHN Cloud Notification SMS API v3.0 (external-apis.md 4.3).

``POST /sms/v3.0/appKeys/{appKey}/sender/sms`` (단문) or ``/sender/mms`` (장문, with ``title``),
header ``X-Secret-Key``, at most 1,000 recipients per request (−2016). One request carries one
body; when the messages of a batch differ, the body is ``##body##`` and each recipient's text goes
in its ``templateParameter`` (NHN's documented ``##key##`` substitution). ``recipientGroupingKey``
carries the ledger id so each ``sendResultList`` entry maps back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from core.notify.channels.base import Delivery, Envelope, InDoubt, Rejected, post_json

MAX_BATCH = 1000
RESULT_KO = {
    "0": "정상 접수",
    "-1000": "앱키가 올바르지 않음",
    "-1002": "사용 중지된 앱키",
    "-1004": "허용되지 않은 IP(콘솔에 등록 필요)",
    "-1008": "차단된 프로젝트",
    "-2001": "수신자 없음",
    "-2015": "제목·본문 바이트 초과",
    "-2016": "한 요청에 수신자 1,000명 초과",
    "-2019": "수신번호 형식 오류",
    "-2022": "예약 일시가 지남",
    "-2023": "보낼 수 없는 문자(이모지 등)",
    "-2052": "월 발송량 한도 초과",
    "-8000": "인증 문구 없음",
    "-9996": "Content-Type 오류",
    "-9997": "잘못된 JSON",
    "-9999": "NHN 시스템 오류",
}
FATAL = {"-1000", "-1002", "-1004", "-1008", "-2052", "-9996"}


def result_ko(code: object, message: str = "") -> str:
    key = str(code)
    return f"{RESULT_KO.get(key) or message or '알 수 없는 결과'} ({key})"


class NhnChannel:
    name = "nhn"
    split_by_kind = True  # /sender/sms and /sender/mms are different endpoints
    what = "문자 발송 서버(NHN Cloud)"

    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        app_key: str,
        secret_key: str,
        *,
        max_batch: int = 1000,
        advertising: bool = False,
    ):
        self.session = session
        self.advertising = advertising  # /sender/ad-sms, /sender/ad-mms: body must start (광고), end with 080 opt-out
        self.base = base_url.rstrip("/") + f"/sms/v3.0/appKeys/{app_key}"
        self.secret_key = secret_key
        self.max_batch = max(1, min(max_batch, MAX_BATCH))
        self.files: list[Path] = []

    def body(self, batch: list[Envelope]) -> tuple[str, dict[str, Any]]:
        kind = batch[0].kind
        if any(env.kind != kind for env in batch):
            raise ValueError("NHN batches carry one message type")
        same_text = len({env.text for env in batch}) == 1
        same_title = len({env.subject for env in batch}) == 1
        body: dict[str, Any] = {
            "body": batch[0].text if same_text else "##body##",
            "sendNo": batch[0].sender,
            "recipientList": [],
        }
        if kind == "LMS":
            body["title"] = batch[0].subject if same_title else "##title##"
        for env in batch:
            r: dict[str, Any] = {"recipientNo": env.to, "recipientGroupingKey": str(env.ledger_id)}
            params = {}
            if not same_text:
                params["body"] = env.text
            if kind == "LMS" and not same_title:
                params["title"] = env.subject
            if params:
                r["templateParameter"] = params
            body["recipientList"].append(r)
        path = "/sender/" + ("ad-" if self.advertising else "") + ("mms" if kind == "LMS" else "sms")
        return path, body

    def send_batch(self, batch: list[Envelope]) -> list[Delivery]:
        path, body = self.body(batch)
        headers = {"X-Secret-Key": self.secret_key, "Content-Type": "application/json;charset=UTF-8"}
        answer = post_json(self.session, self.base + path, body, headers, self.what)
        data = answer.body if isinstance(answer.body, dict) else {}
        header = data.get("header") or {}
        if answer.status >= 300 or not header.get("isSuccessful", False):
            code = str(header.get("resultCode", answer.status))
            raise Rejected(
                code,
                f"NHN Cloud가 요청 전체를 거부했습니다: {result_ko(code, str(header.get('resultMessage') or ''))}",
                fatal=code in FATAL or answer.status in (401, 403),
            )
        payload = ((data.get("body") or {}).get("data")) or {}
        request_id = str(payload.get("requestId") or "")
        results = payload.get("sendResultList")
        if results is None:
            raise InDoubt("NHN Cloud 응답에 수신자별 결과가 없습니다. 접수되었을 수 있어 다시 보내지 않았습니다")
        by_id = {env.ledger_id for env in batch}
        out: dict[int, Delivery] = {}
        for item in results:
            try:
                lid = int(item.get("recipientGroupingKey"))
            except (TypeError, ValueError):
                continue
            if lid not in by_id:
                continue
            code = str(item.get("resultCode", ""))
            pid = f"{request_id}:{item.get('recipientSeq', '')}"
            if code == "0":
                out[lid] = Delivery(lid, "sent", pid, code, result_ko(code))
            else:
                out[lid] = Delivery(lid, "failed", pid, code, result_ko(code, str(item.get("resultMessage") or "")))
        for env in batch:  # accepted request but no line for this recipient: we cannot tell
            out.setdefault(
                env.ledger_id,
                Delivery(env.ledger_id, "unknown", request_id, "", "요청은 접수되었으나 이 수신자의 결과가 응답에 없습니다"),
            )
        return list(out.values())

    def close(self) -> None:
        pass
