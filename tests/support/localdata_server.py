"""Loopback stand-in for the 행정안전부 지방행정 인허가 APIs (``/1741000/{slug}/info``), external-apis.md §3.

Built by hand from the reference (never fetched): the data.go.kr envelope with ``resultCode`` "0",
the list directly in ``body.items`` with ``totalCnt``, at most 100 rows a page, the
``cond[OPN_ATMY_GRP_CD::EQ]`` filter, UPPER_SNAKE fields. A wrong serviceKey gets the gateway's
``OpenAPI_ServiceResponse`` error 30, as the real gateway answers even when JSON was asked for.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

KEY = "Lq7+Zx/9Wd3KeyForLocaldata0123456789abcdefGHIJ=="
PREFIX = "/1741000"


def licence(number: str, name: str, code: str, state: str, org: str = "5540000", closed: str = "") -> dict[str, str]:
    return {
        "OPN_ATMY_GRP_CD": org,
        "MNG_NO": number,
        "BPLC_NM": name,
        "SALS_STTS_CD": code,
        "SALS_STTS_NM": state,
        "CLSBIZ_YMD": closed,
        "ROAD_NM_ADDR": "경기도 광주시 경안로 1",
    }


class LocaldataServer:
    def __init__(self, data: dict[str, list[dict[str, str]]]):
        self.data = data  # slug -> rows
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{PREFIX}"

    def __enter__(self) -> LocaldataServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: Any) -> None:
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        h.send_response(status)
        h.send_header("Content-Type", "application/json;charset=UTF-8")
        h.send_header("Content-Length", str(len(raw)))
        h.end_headers()
        h.wfile.write(raw)

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        self.requests.append({"path": parts.path, **{k: v for k, v in query.items() if k != "serviceKey"}})
        if query.get("serviceKey") != KEY:
            err = {"errMsg": "SERVICE ERROR", "returnAuthMsg": "SERVICE_KEY_IS_NOT_REGISTERED_ERROR", "returnReasonCode": "30"}
            self._send(h, 401, {"OpenAPI_ServiceResponse": {"cmmMsgHeader": err}})
            return
        slug = parts.path.removeprefix(PREFIX + "/").removesuffix("/info")
        if not parts.path.startswith(PREFIX) or slug not in self.data:
            self._send(h, 404, {"response": {"header": {"resultCode": "12", "resultMsg": "NO_OPENAPI_SERVICE_ERROR"}}})
            return
        org = query.get("cond[OPN_ATMY_GRP_CD::EQ]", "")
        rows = [r for r in self.data[slug] if not org or r["OPN_ATMY_GRP_CD"] == org]
        size = min(int(query.get("numOfRows", "10")), 100)
        page = int(query.get("pageNo", "1"))
        chunk = rows[(page - 1) * size : page * size]
        body = {"items": chunk, "numOfRows": size, "pageNo": page, "totalCnt": len(rows)}
        self._send(h, 200, {"response": {"header": {"resultCode": "0", "resultMsg": "정상"}, "body": body}})
