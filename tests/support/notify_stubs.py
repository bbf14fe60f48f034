"""Loopback stand-ins for Solapi v4 and NHN Cloud SMS v3.0, speaking their documented formats.

Used by tests/unit, tests/e2e and benchmarks/notify.py. Never reaches the internet. The Solapi stub
checks the HMAC signature, the clock skew and salt reuse; both stubs check EUC-KR bytes and KS X
1001 characters on their own and record every message exactly as it arrived.

``script`` holds what the next requests get: "ok", "429", "500", "503" (refused, nothing accepted),
"502", "504" (accepted by the provider, the relay in front answers with an error), "slow:<s>" (the
messages are accepted, the answer comes late), "drop" (accepted, connection closed unanswered) or
"hold" (accepted, the answer waits for ``release``: the crash test kills the sender meanwhile).
``fail`` maps a recipient number to a provider status code (partial failure inside a batch).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Solapi's documents write ``apiKey=…, date=…, salt=…, signature=…``; the official Python SDK
# (solapi-python ``lib/authenticator.py``) sends ``ApiKey=…, Date=…, salt=…, signature=…`` with a
# local-offset timestamp, and the older v3 guide ``ApiKey, Date, Salt, Signature``. The service takes
# all of them, so the field names are matched without regard to case. HMAC-MD5 is also documented.
AUTH_SCHEME = re.compile(r"^HMAC-(?P<algo>SHA256|MD5)\s+(?P<fields>.+)$", re.IGNORECASE)
AUTH_FIELDS = ("apikey", "date", "salt", "signature")


def parse_solapi_auth(header: str) -> dict[str, str] | None:
    """The Authorization fields by lower-case name (plus ``algo``), or None when the header is malformed."""
    m = AUTH_SCHEME.match((header or "").strip())
    if not m:
        return None
    fields: dict[str, str] = {"algo": m["algo"].upper()}
    for part in m["fields"].split(","):
        name, sep, value = part.strip().partition("=")
        if not sep or not value:
            return None
        fields[name.strip().lower()] = value.strip()
    if any(not fields.get(k) for k in AUTH_FIELDS) or not re.fullmatch(r"[0-9a-fA-F]+", fields["signature"]):
        return None
    return fields


def ks_bytes(text: str) -> int | None:
    """The stub's own count: None if any character is outside KS X 1001 (8-byte jamo sequence or no code)."""
    total = 0
    for ch in text:
        try:
            b = ch.encode("euc-kr")
        except UnicodeEncodeError:
            return None
        if len(b) > 2 or b == b"\xa4\xd4":
            return None
        total += len(b)
    return total


class GatewayStub:
    def __init__(
        self,
        *,
        api_key: str = "NCSTESTKEY0001",
        api_secret: str = "SECRETSECRETSECRET0001",
        app_key: str = "appkeyTEST",
        secret_key: str = "nhnsecretTEST",
        latency: float = 0.0,
    ):
        self.api_key, self.api_secret = api_key, api_secret
        self.app_key, self.secret_key = app_key, secret_key
        self.latency = latency
        self.script: deque[str] = deque()
        self.fail: dict[str, str] = {}
        self.echo_custom_fields = True  # False: answers without customFields (the client must not guess)
        self.received: list[dict[str, Any]] = []  # accepted messages, as they arrived
        self.raw_bodies: list[bytes] = []
        self.requests = 0
        self.auth_failures = 0
        self.salts: set[str] = set()
        self.lock = threading.Lock()
        self.held = threading.Event()  # a "hold" request has been accepted and is waiting
        self.release = threading.Event()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                stub.handle(self, raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> GatewayStub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> GatewayStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ plumbing
    def _reply(self, h: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        h.send_response(status)
        h.send_header("Content-Type", "application/json;charset=UTF-8")
        h.send_header("Content-Length", str(len(data)))
        h.send_header("Connection", "close")
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)
        h.close_connection = True

    def handle(self, h: BaseHTTPRequestHandler, raw: bytes) -> None:
        if self.latency:
            time.sleep(self.latency)
        with self.lock:
            self.requests += 1
            action = self.script.popleft() if self.script else "ok"
        if action in ("429", "500", "503"):
            self._reply(
                h,
                int(action),
                {"errorCode": "TooManyRequests" if action == "429" else "InternalError", "errorMessage": action},
                {"Retry-After": "0"} if action == "429" else None,
            )
            return
        if action in ("502", "504"):  # a relay that forwarded the request, then lost the provider's answer
            self._process(h, raw)
            self._reply(h, int(action), {"errorMessage": "bad gateway" if action == "502" else "gateway timeout"})
            return
        if action.startswith("slow:"):
            status, body = self._process(h, raw)
            time.sleep(float(action.split(":", 1)[1]))
            try:
                self._reply(h, status, body)
            except OSError:
                pass
            return
        if action == "hold":  # accepted, then the answer waits until the test releases it
            status, body = self._process(h, raw)
            self.held.set()
            self.release.wait(60)
            try:
                self._reply(h, status, body)
            except OSError:
                pass
            return
        if action == "drop":
            self._process(h, raw)
            h.close_connection = True
            try:
                h.connection.shutdown(2)
            except OSError:
                pass
            return
        status, body = self._process(h, raw)
        self._reply(h, status, body)

    def _process(self, h: BaseHTTPRequestHandler, raw: bytes) -> tuple[int, Any]:
        if h.path.startswith("/messages/v4/send-many/detail"):
            return self._solapi(h, raw)
        if h.path.startswith("/sms/v3.0/appKeys/"):
            return self._nhn(h, raw)
        return 404, {"errorCode": "NotFound", "errorMessage": h.path}

    # ------------------------------------------------------------------ Solapi v4
    def _check_signature(self, header: str) -> str | None:
        m = parse_solapi_auth(header)
        if m is None:
            return "InvalidAuthorizationHeader"
        if m["apikey"] != self.api_key:
            return "InvalidAPIKey"
        digest = hashlib.sha256 if m["algo"] == "SHA256" else hashlib.md5
        expected = hmac.new(self.api_secret.encode(), (m["date"] + m["salt"]).encode(), digest).hexdigest()
        if not hmac.compare_digest(expected, m["signature"].lower()):
            return "SignatureDoesNotMatch"
        try:
            when = dt.datetime.fromisoformat(m["date"].replace("Z", "+00:00"))
        except ValueError:
            return "InvalidAuthorizationHeader"
        if when.tzinfo is None:
            return "InvalidAuthorizationHeader"
        if abs((dt.datetime.now(dt.UTC) - when).total_seconds()) > 900:
            return "RequestTimeTooSkewed"
        with self.lock:
            if m["salt"] in self.salts:
                return "DuplicatedSignature"
            self.salts.add(m["salt"])
        return None

    def _solapi(self, h: BaseHTTPRequestHandler, raw: bytes) -> tuple[int, Any]:
        error = self._check_signature(h.headers.get("Authorization", ""))
        if error:
            with self.lock:
                self.auth_failures += 1
            return 403, {"errorCode": error, "errorMessage": error}
        body = json.loads(raw.decode("utf-8"))
        messages = body.get("messages") or []
        if not messages:
            return 400, {"errorCode": "ValidationError", "errorMessage": "messages 필수"}
        failed, ok = [], []
        seen: set[str] = set()
        group = "G4V" + uuid.uuid4().hex[:20].upper()
        for m in messages:
            text, kind, to = m.get("text", ""), m.get("type"), m.get("to")
            n = ks_bytes(text)
            subject = m.get("subject", "")
            code = self.fail.get(to, "")
            if not code:
                if not to or not m.get("from") or not text:
                    code = "1010"
                elif n is None or (subject and ks_bytes(subject) is None):
                    code = "1029"
                elif kind == "SMS" and subject:
                    code = "1013"
                elif (kind == "SMS" and n > 90) or (kind == "LMS" and n > 2000):
                    code = "1031"
                elif subject and (ks_bytes(subject) or 0) > 40:
                    code = "1014"
                elif not body.get("allowDuplicates") and to in seen:
                    code = "1026"
            seen.add(to)
            mid = "M4V" + uuid.uuid4().hex[:20].upper()
            item = {
                "to": to,
                "from": m.get("from"),
                "type": kind,
                "country": "82",
                "messageId": mid,
                "accountId": "ACC0001",
                "customFields": (m.get("customFields") or {}) if self.echo_custom_fields else {},
            }
            if code:
                failed.append({**item, "statusCode": code, "statusMessage": f"실패 {code}"})
            else:
                ok.append({**item, "statusCode": "2000", "statusMessage": "정상 접수(이통사로 접수 예정) "})
                with self.lock:
                    self.received.append(
                        {
                            "provider": "solapi",
                            "to": to,
                            "from": m.get("from"),
                            "text": text,
                            "subject": subject,
                            "type": kind,
                            "bytes": n,
                            "ledgerId": (m.get("customFields") or {}).get("ledgerId"),
                        }
                    )
        with self.lock:
            self.raw_bodies.append(raw)
        count = {
            "total": len(messages),
            "sentTotal": 0,
            "sentSuccess": 0,
            "sentPending": 0,
            "sentReplacement": 0,
            "refund": 0,
            "registeredFailed": len(failed),
            "registeredSuccess": len(ok),
        }
        return 200, {
            "groupInfo": {
                "groupId": group,
                "status": "SENDING",
                "count": count,
                "apiVersion": "4",
                "allowDuplicates": False,
                "isRefunded": False,
                "log": [],
            },
            "failedMessageList": failed,
            "messageList": ok if body.get("showMessageList") else [],
        }

    # ------------------------------------------------------------------ NHN Cloud SMS v3.0
    def _nhn(self, h: BaseHTTPRequestHandler, raw: bytes) -> tuple[int, Any]:
        def head(ok: bool, code: int, msg: str) -> dict:
            return {"isSuccessful": ok, "resultCode": code, "resultMessage": msg}

        m = re.match(r"^/sms/v3\.0/appKeys/([^/]+)/sender/(?:ad-)?(sms|mms)$", h.path)
        if not m or m.group(1) != self.app_key:
            return 200, {"header": head(False, -1000, "Invalid appKey")}
        if h.headers.get("X-Secret-Key") != self.secret_key:
            return 401, {"header": head(False, -1000, "Invalid secret key")}
        if not (h.headers.get("Content-Type") or "").lower().startswith("application/json;charset=utf-8"):
            return 200, {"header": head(False, -9996, "Content-Type")}
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            return 200, {"header": head(False, -9997, "Invalid JSON")}
        recipients = body.get("recipientList") or []
        if not recipients:
            return 200, {"header": head(False, -2001, "No recipients")}
        if len(recipients) > 1000:
            return 200, {"header": head(False, -2016, "Too many recipients")}
        kind = "LMS" if m.group(2) == "mms" else "SMS"
        advertising = "/sender/ad-" in h.path
        results = []
        for seq, r in enumerate(recipients, start=1):
            params = r.get("templateParameter") or {}
            text, title = body.get("body", ""), body.get("title", "")
            for k, v in params.items():
                text = text.replace(f"##{k}##", v)
                title = title.replace(f"##{k}##", v)
            n = ks_bytes(text)
            to = r.get("recipientNo", "")
            code = int(self.fail.get(to, 0) or 0)
            if not code:
                if n is None or (title and ks_bytes(title) is None):
                    code = -2023
                elif (kind == "SMS" and n > 90) or n > 2000 or (ks_bytes(title) or 0) > 40:
                    code = -2015
                elif not re.fullmatch(r"01\d{8,9}", to):
                    code = -2019
                elif advertising and not (text.startswith("(광고)") and "무료수신거부 080" in text):
                    code = -2020  # stub's own code: an ad without the (광고) prefix or the 080 opt-out line
            results.append(
                {
                    "recipientNo": to,
                    "resultCode": code,
                    "resultMessage": "SUCCESS" if not code else "FAIL",
                    "recipientSeq": seq,
                    "recipientGroupingKey": r.get("recipientGroupingKey"),
                }
            )
            if not code:
                with self.lock:
                    self.received.append(
                        {
                            "provider": "nhn",
                            "to": to,
                            "from": body.get("sendNo"),
                            "text": text,
                            "subject": title,
                            "type": kind,
                            "bytes": n,
                            "ledgerId": r.get("recipientGroupingKey"),
                        }
                    )
        with self.lock:
            self.raw_bodies.append(raw)
        request_id = dt.datetime.now().strftime("%Y%m%d%H%M%S") + uuid.uuid4().hex[:11]
        return 200, {
            "header": head(True, 0, "SUCCESS"),
            "body": {"data": {"requestId": request_id, "statusCode": "2", "senderGroupingKey": None, "sendResultList": results}},
        }
