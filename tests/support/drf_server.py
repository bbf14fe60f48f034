"""A loopback stand-in for law.go.kr DRF (``lawSearch.do`` and ``lawService.do``) on 127.0.0.1.

Bodies are the fixtures in tests/data/drf/ (built from the real texts by drf_fixtures.py); the list
answers are made from those bodies' 기본정보 in the shapes of shared/reference/external-apis.md §1.5:
``LawSearch`` (law, eflaw, lsHstInf) and ``OrdinSearch`` (ordin), items ``law``, numbers as strings,
one hit as an object and none as an absent key (JSON), ``상세링크`` echoing the OC with bare ``&``
and ``키워드`` with ``&middot;`` (XML), as the real service sends them.

Errors come as law.go.kr sends them, with HTTP 200: a wrong OC gets the ``result``/``msg`` shape
(JSON) or ``<Response>`` (XML), no OC ``필수입력요소 검증에 실패하였습니다.``, a body miss
``{"Law": "일치하는 … 없습니다"}`` (files in tests/data/drf/errors/). ``faults[target]`` queues answers for the next calls of a
target: ``"404"``/``"429"``/``"503"``/``"504"``, ``"html"``/``"antibot"`` (a maintenance or ``location.assign`` page with 200), ``"empty"``
(an empty 200), ``"error"`` (the OC error shape).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "drf"
OC = "haengbotqa"
# 지자체기관명 per (org, sborg), the codes of tasks/ordinance_review/orgcodes.py.
ORGS = {("6410000", "5540000"): "경기도 광주시", ("6410000", ""): "경기도"}
ERRORS = FIXTURES / "errors"  # the shapes law.go.kr sends with HTTP 200 (external-apis.md §1.2)


def _key(name: str) -> str:
    return re.sub(r"[\s·ㆍ・]", "", name)


def _text(value: Any) -> str:
    return str(value.get("content", "")) if isinstance(value, dict) else str(value or "")


class DrfServer:
    def __init__(self, root: Path = FIXTURES, *, oc: str = OC, today: dt.date | None = None):
        self.root = root
        self.oc = oc
        self.today = today or dt.date(2026, 6, 1)
        self.faults: dict[str, list[str]] = defaultdict(list)
        self.calls: list[dict[str, str]] = []  # every query received (tests check the OC went along)
        self.laws: list[dict[str, str]] = []
        self.ordinances: list[dict[str, str]] = []
        for path in sorted((root / "law").glob("*.json")):
            info = json.loads(path.read_text(encoding="utf-8"))["법령"]["기본정보"]
            self.laws.append(
                {
                    "법령일련번호": path.stem,
                    "법령명한글": info["법령명_한글"],
                    "법령ID": info["법령ID"],
                    "공포일자": info["공포일자"],
                    "공포번호": info["공포번호"],
                    "제개정구분명": info.get("제개정구분", ""),
                    "소관부처명": ", ".join(
                        _text(m) for m in (info["소관부처"] if isinstance(info["소관부처"], list) else [info["소관부처"]])
                    ),
                    "소관부처코드": "1741000",
                    "법령구분명": _text(info["법종구분"]),
                    "시행일자": info["시행일자"],
                    "자법타법여부": "",
                }
            )
        latest: dict[str, tuple[str, int]] = {}
        for row in self.laws:
            key = (row["공포일자"], int(row["공포번호"]))
            latest[row["법령ID"]] = max(latest.get(row["법령ID"], key), key)
        for row in self.laws:
            current = (row["공포일자"], int(row["공포번호"])) == latest[row["법령ID"]]
            row["현행연혁코드"] = "현행" if current else "연혁"
        for path in sorted((root / "ordin").glob("*.json")):
            info = json.loads(path.read_text(encoding="utf-8"))["LawService"]["자치법규기본정보"]
            self.ordinances.append(
                {
                    "자치법규일련번호": path.stem,
                    "자치법규명": info["자치법규명"],
                    "자치법규ID": info["자치법규ID"],
                    "공포일자": info["공포일자"],
                    "공포번호": info["공포번호"],
                    "제개정구분명": info.get("제개정정보", ""),
                    "지자체기관명": info["지자체기관명"],
                    "자치법규종류": "조례",
                    "시행일자": info["시행일자"],
                }
            )
        self._httpd: ThreadingHTTPServer | None = None

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> DrfServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, ctype, body = server.answer(self.path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/DRF"

    # ---------------------------------------------------------------- answers
    def answer(self, raw_path: str) -> tuple[int, str, str]:
        parts = urlsplit(raw_path)
        q = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        self.calls.append(q)
        fmt = q.get("type", "XML").upper()
        target = q.get("target", "")
        queued = self.faults.get(target)
        if queued:
            fault = queued.pop(0)
            if fault.isdigit():
                return int(fault), "text/html; charset=utf-8", f"<html><body>{fault}</body></html>"
            if fault in ("html", "antibot"):
                return (
                    200,
                    "text/html; charset=utf-8",
                    self._error_file("maintenance.html" if fault == "html" else "antibot.html"),
                )
            if fault == "empty":
                return 200, "application/json", ""
            if fault == "error":
                return self._error(fmt, "oc")
        if not q.get("OC"):
            return self._error(fmt, "required")
        if q["OC"] != self.oc:
            return self._error(fmt, "oc")
        if parts.path.endswith("/lawSearch.do"):
            return self._search(target, q, fmt)
        if parts.path.endswith("/lawService.do"):
            return self._service(target, q, fmt)
        return 404, "text/html", "<html><body>404</body></html>"

    def _error_file(self, name: str) -> str:
        return (self.root / "errors" / name).read_text(encoding="utf-8")

    def _error(self, fmt: str, name: str) -> tuple[int, str, str]:
        """An error shape from tests/data/drf/errors/ (``oc``, ``required``, ``miss``), as sent: HTTP 200."""
        ext = "json" if fmt == "JSON" else "xml"
        return 200, "application/json" if ext == "json" else "application/xml", self._error_file(f"{name}.{ext}")

    def _link(self, target: str, mst: str) -> str:
        return f"/DRF/lawService.do?OC={self.oc}&target={target}&MST={mst}&type=HTML"

    def _search(self, target: str, q: dict[str, str], fmt: str) -> tuple[int, str, str]:
        rows: list[dict[str, str]]
        if target == "ordin":
            place = ORGS.get((q.get("org", ""), q.get("sborg", "")))
            rows = [
                dict(r, 자치법규상세링크=self._link("ordin", r["자치법규일련번호"]))
                for r in self.ordinances
                if place and r["지자체기관명"].startswith(place)
            ]
            root = "OrdinSearch"
        else:
            root = "LawSearch"
            rows = list(self.laws)
            words = [_key(w) for w in q.get("query", "").split()]
            rows = [r for r in rows if all(w in _key(r["법령명한글"]) for w in words)]
            if target == "law":
                rows = [r for r in rows if r["현행연혁코드"] == "현행"]
            elif target == "lsHstInf":
                if not q.get("regDt"):
                    return self._error(fmt, "required")
                rows = [r for r in rows if r["공포일자"] == q["regDt"]]
            elif target == "eflaw":
                if q.get("efYd"):
                    low, _, high = q["efYd"].partition("~")
                    rows = [r for r in rows if low <= r["시행일자"] <= (high or low)]
                wanted = {"1": "연혁", "2": "시행예정", "3": "현행"}
                kinds = {wanted[n] for n in q.get("nw", "3").split(",") if n in wanted}
                if not q.get("efYd"):
                    rows = [r for r in rows if r["현행연혁코드"] in kinds]
            else:
                return self._error(fmt, "required")
            rows = [dict(r, 법령상세링크=self._link("law", r["법령일련번호"])) for r in rows]
        sort = q.get("sort", "")
        if sort in ("ddes", "efdes"):
            field = "공포일자" if sort == "ddes" else "시행일자"
            rows.sort(key=lambda r: r[field], reverse=True)
        display = min(int(q.get("display", "20") or 20), 100)
        page = int(q.get("page", "1") or 1)
        chunk = rows[(page - 1) * display : page * display]
        meta = {
            "target": target,
            "키워드": q.get("query", "*"),
            "section": "lawNm",
            "totalCnt": str(len(rows)),
            "page": str(page),
        }
        if fmt == "JSON":
            body: dict[str, Any] = dict(meta)
            if len(chunk) == 1:
                body["law"] = chunk[0]  # one hit: an object, not a list
            elif chunk:
                body["law"] = chunk
            return 200, "application/json", json.dumps({root: body}, ensure_ascii=False)
        items = "".join(
            f'<law id="{i}">' + "".join(f"<{k}>{self._xml_text(k, v)}</{k}>" for k, v in row.items()) + "</law>"
            for i, row in enumerate(chunk, 1)
        )
        head = "".join(f"<{k}>{self._xml_text(k, v)}</{k}>" for k, v in meta.items())
        return 200, "application/xml", f'<?xml version="1.0" encoding="UTF-8"?><{root}>{head}{items}</{root}>'

    @staticmethod
    def _xml_text(key: str, value: str) -> str:
        if key.endswith("상세링크"):
            return value  # the real service leaves the & of the query unescaped
        text = escape(value)
        return text.replace("ㆍ", "&middot;").replace("·", "&middot;") if key == "키워드" else text

    def _service(self, target: str, q: dict[str, str], fmt: str) -> tuple[int, str, str]:
        ext = "json" if fmt == "JSON" else "xml"
        folder = {"law": "law", "eflaw": "law", "ordin": "ordin", "oldAndNew": "oldAndNew"}.get(target)
        path = self.root / folder / f"{q.get('MST', '')}.{ext}" if folder else None
        ctype = "application/json" if ext == "json" else "application/xml"
        if path is not None and re.fullmatch(r"\d+", q.get("MST", "")) and path.exists():
            return 200, ctype, path.read_text(encoding="utf-8")
        if target == "oldAndNew":  # no 신구법 for this version: an answer, not an error
            return 200, ctype, self._error_file(f"oldandnew-none.{ext}")
        return self._error(fmt, "miss")


@contextmanager
def drf_server(**kwargs: Any) -> Iterator[DrfServer]:
    server = DrfServer(**kwargs).start()
    try:
        yield server
    finally:
        server.stop()
