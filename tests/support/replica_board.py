"""A replica of a city's 고시·공고 board on 127.0.0.1, for the web robot's posting tests.

A login page; a list with a title search (the read-back); a write form with a title, a body and two
file inputs, posted as multipart; a confirm() before posting and an alert() after. ``posts[title]``
counts the posts received per title; ``items`` keeps each post with its attachments' names and bytes.
"""

from __future__ import annotations

import email.parser
import email.policy
import html
import secrets
import threading
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

USER, PASSWORD = "board", "pass5678"


@dataclass
class Post:
    number: int
    title: str
    body: str
    files: list[tuple[str, bytes]]


@dataclass
class Board:
    posts: Counter[str] = field(default_factory=Counter)
    items: list[Post] = field(default_factory=list)
    sessions: set[str] = field(default_factory=set)
    logins: int = 0
    open_door: bool = False  # the clerk logged in elsewhere (a pop-up): the next page comes with a session
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    _server: ThreadingHTTPServer | None = None

    def __enter__(self) -> Board:
        board = self

        class Handler(_Handler):
            state = board

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, name="replica-board", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def page(title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{title}</title></head><body>{body}</body></html>'
    ).encode()


LOGIN = """<h1>누리집 관리자</h1><form method="post" action="/login">
<p><label for="id">아이디</label> <input id="id" name="id"></p>
<p><label for="pw">비밀번호</label> <input id="pw" name="pw" type="password"></p>
<p><button type="submit">로그인</button></p></form>"""

WRITE = """<div id="admin">관리자</div><h2>고시·공고 글쓰기</h2>
<form id="w" method="post" action="/board/write" enctype="multipart/form-data">
<p><label for="title">제목</label> <input id="title" name="title" size="80"></p>
<p><label for="body">내용</label><br><textarea id="body" name="body" rows="12" cols="80"></textarea></p>
<p><label for="f1">첨부파일 1</label> <input id="f1" name="file1" type="file"></p>
<p><label for="f2">첨부파일 2</label> <input id="f2" name="file2" type="file"></p>
<button type="button" onclick="if(confirm('등록하시겠습니까?')) document.getElementById('w').submit();">등록</button>
</form>"""


class _Handler(BaseHTTPRequestHandler):
    state: Board

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send(self, body: bytes, status: int = 200, cookie: str = "", location: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if cookie:
            self.send_header("Set-Cookie", cookie)
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def logged_in(self) -> bool:
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "BSID" and value in self.state.sessions:
                return True
        if self.state.open_door:
            sid = secrets.token_hex(8)
            with self.state.lock:
                self.state.sessions.add(sid)
                self.state.logins += 1
            self.send(b"", 302, cookie=f"BSID={sid}; Path=/", location=self.path)
            return False
        self.send(b"", 302, location="/login")
        return False

    def body_bytes(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/login":
            self.send(page("로그인", LOGIN))
            return
        if not self.logged_in():
            return
        if url.path in ("/", "/board"):
            q = urllib.parse.parse_qs(url.query).get("q", [None])[0]
            self.send(page("고시·공고", self.listing(q)))
        elif url.path == "/board/write":
            self.send(page("글쓰기", WRITE))
        else:
            self.send(page("없음", "없는 화면"), 404)

    def listing(self, q: str | None) -> str:
        head = (
            '<div id="admin">관리자</div><h2>고시·공고</h2><p><a href="/board/write">글쓰기</a></p>'
            '<form method="get" action="/board"><label for="q">제목 검색</label> '
            f'<input id="q" name="q" value="{html.escape(q or "")}"> <button type="submit">검색</button></form>'
        )
        if q is None:
            return head
        with self.state.lock:
            hits = [p for p in self.state.items if q in p.title]
        if not hits:
            return head + '<p class="none">게시물이 없습니다.</p>'
        rows = "".join(
            f"<tr><td>{p.number}</td><td>{html.escape(p.title)}</td><td>{html.escape(', '.join(n for n, _ in p.files))}</td><td>2026-11-27</td></tr>"
            for p in hits
        )
        return head + f'<table id="posts"><tr><th>번호</th><th>제목</th><th>첨부</th><th>작성일</th></tr>{rows}</table>'

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        raw = self.body_bytes()
        if url.path == "/login":
            data = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
            if data.get("id") == USER and data.get("pw") == PASSWORD:
                sid = secrets.token_hex(8)
                with self.state.lock:
                    self.state.sessions.add(sid)
                    self.state.logins += 1
                self.send(b"", 302, cookie=f"BSID={sid}; Path=/", location="/board")
            else:
                self.send(page("로그인", "<p>틀렸습니다</p>" + LOGIN))
            return
        if not self.logged_in():
            return
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + self.headers.get("Content-Type", "").encode() + b"\r\n\r\n" + raw
        )
        fields: dict[str, str] = {}
        files: list[tuple[str, bytes]] = []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename:
                files.append((filename, payload))
            elif isinstance(name, str):
                fields[name] = payload.decode("utf-8")
        title = fields.get("title", "")
        with self.state.lock:
            self.state.posts[title] += 1
            number = len(self.state.items) + 1
            self.state.items.append(Post(number, title, fields.get("body", ""), files))
        self.send(page("등록", f"<script>alert('등록되었습니다.');</script><p id='posted'>게시되었습니다. 글번호 {number}</p>"))
