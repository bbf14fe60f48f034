"""A hostile replica of a 위생 교육실적 web system on 127.0.0.1, for the web robot's tests.

Hostile on purpose, the way such systems are (issue 16): a login page; the work area in an iframe;
EUC-KR pages and EUC-KR form posts; select boxes whose values are codes; a date field with a
keystroke mask; a hidden second 저장 button; a confirm() before saving and an alert() after; a
session that expires after N saved records (an alert, then the login page); a slow answer now and
then; a search page for the read-back that shows dates in another format.

Knobs for the tests: ``reject`` (key -> alert text: the save is refused with an alert the recipe
does not expect), ``alter`` (keys whose 대표자 is stored changed: a read-back mismatch),
``hang_key`` (the save of that key is stored, then the answer is held until ``release`` is set:
the SIGKILL test kills the robot there), ``session_records``, ``slow_every``/``slow_s``.

``saved[key]`` counts the records stored per key (영업신고번호/교육일); ``posts[key]`` every save
request that reached the server.
"""

from __future__ import annotations

import html
import itertools
import secrets
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ENC = "euc-kr"
USER, PASSWORD = "clerk", "pass1234"
SESSION_EXPIRED = "세션이 만료되었습니다. 다시 로그인하십시오."
SAVED_ALERT = "저장되었습니다."
CONFIRM_TEXT = "저장하시겠습니까?"
BUSINESS_TYPES = {
    "I201": "일반음식점",
    "I202": "휴게음식점",
    "I203": "제과점영업",
    "I204": "단란주점영업",
    "I205": "유흥주점영업",
    "I206": "위탁급식영업",
    "I207": "집단급식소",
    "I301": "식품제조·가공업",
    "I302": "즉석판매제조·가공업",
    "I303": "식품운반업",
    "I304": "식품소분·판매업",
    "I305": "식품보존업",
    "I306": "용기·포장류제조업",
    "I307": "식품첨가물제조업",
    "I308": "공유주방운영업",
    "P101": "이용업",
    "P102": "미용업",
    "P103": "세탁업",
    "P104": "숙박업",
    "P105": "목욕장업",
}
KINDS = {"1": "신규", "2": "정기"}
HEADERS = ["영업신고번호", "업소명", "대표자", "업종", "교육구분", "교육일자", "교육시간", "수료번호", "교육기관"]


@dataclass
class Session:
    saves: int = 0
    expired: bool = False


@dataclass
class Replica:
    session_records: int = 10_000
    slow_every: int = 0
    slow_s: float = 1.5
    reject: dict[str, str] = field(default_factory=dict)
    alter: set[str] = field(default_factory=set)
    hang_key: str = ""
    release: threading.Event = field(default_factory=threading.Event)
    saved: Counter[str] = field(default_factory=Counter)
    posts: Counter[str] = field(default_factory=Counter)
    records: list[dict[str, str]] = field(default_factory=list)
    logins: int = 0
    expiries: int = 0
    sessions: dict[str, Session] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    url: str = ""
    _server: ThreadingHTTPServer | None = None

    def __enter__(self) -> Replica:
        replica = self

        class Handler(_Handler):
            state = replica

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, name="replica-hygiene", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @staticmethod
    def key(bizno: str, day: str) -> str:
        return f"{bizno}/{day}"


def page(title: str, body: str, head: str = "") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="ko"><head><meta charset="euc-kr"><title>{title}</title>{head}</head>'
        f"<body>{body}</body></html>"
    ).encode(ENC)


def script_page(js: str) -> bytes:
    return page("알림", f"<script>{js}</script>")


LOGIN_BODY = """
<h1>위생 인허가·실적 관리</h1>
<form method="post" action="/login">
<p><label for="uid">아이디</label> <input id="uid" name="uid"></p>
<p><label for="upw">비밀번호</label> <input id="upw" name="upw" type="password"></p>
<p><button type="submit">로그인</button></p>
</form>
"""

MAIN_BODY = """
<div id="top"><span id="user">위생과 담당자</span> <a href="/logout">로그아웃</a></div>
<nav><a href="/edu/form" target="content">교육실적 등록</a> | <a href="/edu/search" target="content">교육실적 조회</a></nav>
<iframe name="content" id="content" src="/edu/home" style="width:1100px;height:700px;border:1px solid #888"></iframe>
"""

FORM_JS = """
<script>
function fmt(d){return d.slice(0,4)+(d.length>4?'-'+d.slice(4,6):'')+(d.length>6?'-'+d.slice(6,8):'');}
window.addEventListener('DOMContentLoaded',function(){
  var el=document.getElementById('edudt');
  el.addEventListener('keydown',function(e){
    if(e.key.length!==1) return;
    e.preventDefault();
    if(!/[0-9]/.test(e.key)) return;
    var digits=(el.value.replace(/[^0-9]/g,'')+e.key).slice(0,8);
    el.value=fmt(digits);
  });
});
function doSave(){
  var d=document.getElementById('edudt').value;
  if(!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(d)){alert('교육일을 다시 입력하십시오.');return;}
  if(!confirm('저장하시겠습니까?')) return;
  document.getElementById('f').submit();
}
</script>
"""


def form_body() -> str:
    kinds = "".join(f'<option value="{k}">{v}</option>' for k, v in KINDS.items())
    types = "".join(f'<option value="{k}">{v}</option>' for k, v in BUSINESS_TYPES.items())
    return f"""
<h2>교육실적 등록</h2>
<form id="f" method="post" action="/edu/save">
<table>
<tr><th><label for="bizno">영업신고번호</label></th><td><input id="bizno" name="bizno"></td></tr>
<tr><th><label for="bizname">업소명</label></th><td><input id="bizname" name="bizname"></td></tr>
<tr><th><label for="owner">대표자</label></th><td><input id="owner" name="owner"></td></tr>
<tr><th><label for="btype">업종</label></th><td><select id="btype" name="btype"><option value="">선택</option>{types}</select></td></tr>
<tr><th><label for="ekind">교육구분</label></th><td><select id="ekind" name="ekind"><option value="">선택</option>{kinds}</select></td></tr>
<tr><th><label for="edudt">교육일</label></th><td><input id="edudt" name="edudt" maxlength="10" placeholder="YYYY-MM-DD"></td></tr>
<tr><th><label for="hours">교육시간</label></th><td><input id="hours" name="hours" size="3"></td></tr>
<tr><th><label for="certno">수료번호</label></th><td><input id="certno" name="certno"></td></tr>
<tr><th><label for="inst">교육기관</label></th><td><input id="inst" name="inst"></td></tr>
</table>
<button type="button" style="display:none" onclick="doSave()">저장</button>
<button type="button" onclick="doSave()">저장</button>
</form>
"""


class _Handler(BaseHTTPRequestHandler):
    state: Replica

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # ---------------------------------------------------------------- plumbing
    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the robot moved on (or was killed) mid-answer
            pass

    def send(self, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"text/html; charset={ENC}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where: str, cookie: str = "") -> None:
        self.send_response(302)
        self.send_header("Location", where)
        if cookie:
            self.send_header("Set-Cookie", cookie)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def sid(self) -> str:
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "SID":
                return value
        return ""

    def session(self) -> Session | None:
        """The live session, or None after sending the answer for a missing or expired one."""
        s = self.state.sessions.get(self.sid())
        if s is None:
            self.redirect("/login")
            return None
        if s.expired:
            self.send(script_page(f"alert('{SESSION_EXPIRED}'); top.location.href='/login';"))
            return None
        return s

    def maybe_slow(self) -> None:
        st = self.state
        with st.lock:
            st.requests += 1
            n = st.requests
        if st.slow_every and n % st.slow_every == 0:
            time.sleep(st.slow_s)

    def form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("ascii", "replace")
        return {k: v[0] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True, encoding=ENC).items()}

    def query(self) -> dict[str, str]:
        q = urllib.parse.urlsplit(self.path).query
        return {k: v[0] for k, v in urllib.parse.parse_qs(q, keep_blank_values=True, encoding=ENC).items()}

    # ---------------------------------------------------------------- routes
    def do_GET(self) -> None:
        self.maybe_slow()
        path = urllib.parse.urlsplit(self.path).path
        if path == "/login":
            self.send(page("로그인", LOGIN_BODY))
            return
        if path == "/logout":
            self.state.sessions.pop(self.sid(), None)
            self.redirect("/login")
            return
        if self.session() is None:
            return
        if path in ("/", "/main"):
            self.send(page("위생 실적 관리", MAIN_BODY))
        elif path == "/edu/home":
            self.send(page("안내", "<p>위쪽 메뉴에서 업무를 고르십시오.</p>"))
        elif path == "/edu/form":
            self.send(page("교육실적 등록", form_body(), FORM_JS))
        elif path == "/edu/search":
            self.send(page("교육실적 조회", self.search_body(self.query())))
        else:
            self.send(page("없음", "<p>없는 화면입니다.</p>"), 404)

    def do_POST(self) -> None:
        self.maybe_slow()
        path = urllib.parse.urlsplit(self.path).path
        if path == "/login":
            data = self.form()
            if data.get("uid") == USER and data.get("upw") == PASSWORD:
                sid = secrets.token_hex(8)
                with self.state.lock:
                    self.state.sessions[sid] = Session()
                    self.state.logins += 1
                self.redirect("/main", f"SID={sid}; Path=/; HttpOnly")
            else:
                self.send(page("로그인", "<p class=err>아이디 또는 비밀번호가 틀렸습니다.</p>" + LOGIN_BODY))
            return
        if path != "/edu/save":
            self.send(page("없음", "<p>없는 화면입니다.</p>"), 404)
            return
        data = self.form()  # read the body before answering, whatever the answer
        s = self.session()
        if s is None:
            return
        self.save(s, data)

    def save(self, s: Session, data: dict[str, str]) -> None:
        st = self.state
        key = Replica.key(data.get("bizno", ""), data.get("edudt", ""))
        with st.lock:
            st.posts[key] += 1
        if key in st.reject:
            self.send(script_page(f"alert('{st.reject[key]}'); history.back();"))
            return
        missing = [name for name in ("bizno", "bizname", "owner", "btype", "ekind", "edudt") if not data.get(name)]
        if missing:
            self.send(script_page(f"alert('필수 항목이 비었습니다: {','.join(missing)}'); history.back();"))
            return
        owner = data["owner"] + (" 외1" if key in st.alter else "")
        with st.lock:
            st.saved[key] += 1
            number = f"E2026-{len(st.records) + 1:06d}"
            st.records.append(
                {
                    "영업신고번호": data["bizno"],
                    "업소명": data["bizname"],
                    "대표자": owner,
                    "업종": BUSINESS_TYPES.get(data["btype"], "?"),
                    "교육구분": KINDS.get(data["ekind"], "?"),
                    "교육일자": data["edudt"].replace("-", "."),
                    "교육시간": data.get("hours", ""),
                    "수료번호": data.get("certno", ""),
                    "교육기관": data.get("inst", ""),
                    "등록번호": number,
                }
            )
            s.saves += 1
            if s.saves >= st.session_records:
                s.expired = True
                st.expiries += 1
        if key == st.hang_key:
            st.release.wait(120)
        self.send(
            page(
                "저장",
                f"<script>alert('{SAVED_ALERT}');</script><p id='done'>저장되었습니다. 등록번호 <b>{number}</b></p>",
            )
        )

    def search_body(self, q: dict[str, str]) -> str:
        bizno = q.get("bizno", "").strip()
        form = (
            '<h2>교육실적 조회</h2><form method="get" action="/edu/search">'
            f'<label for="qbiz">영업신고번호</label> <input id="qbiz" name="bizno" value="{html.escape(bizno)}"> '
            '<button type="submit">검색</button></form>'
        )
        if "bizno" not in q:
            return form
        with self.state.lock:
            rows = [r for r in self.state.records if r["영업신고번호"] == bizno]
        if not rows:
            return form + '<p class="empty">검색 결과가 없습니다.</p>'
        head = "".join(f"<th>{h}</th>" for h in HEADERS)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(r[h])}</td>" for h in HEADERS) + "</tr>" for r in rows)
        return form + f'<table id="result" border="1"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def make_records(n: int, *, start: int = 1) -> list[tuple[str, dict[str, Any]]]:
    """*n* generic records (key, record) the recipe can type: Korean names, every select value in turn."""
    surnames = "김이박최정강조윤장임"
    given = ["민준", "서연", "도윤", "하은", "지호", "수아", "예준", "지유"]
    types = list(BUSINESS_TYPES.values())
    out = []
    for i, (s, g) in zip(range(start, start + n), itertools.cycle([(s, g) for s in surnames for g in given]), strict=False):
        bizno = f"2026-3{i:06d}"
        day = f"2026-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}"
        record = {
            "영업신고번호": bizno,
            "업소명": f"행복식당 {i}호점",
            "대표자": s + g,
            "업종": types[i % len(types)],
            "교육구분": "신규" if i % 3 == 0 else "정기",
            "교육일": day,
            "교육시간": 6 if i % 3 == 0 else 3,
            "수료번호": f"제2026-{i:05d}호",
            "교육기관": "한국외식업중앙회",
        }
        out.append((Replica.key(bizno, day), record))
    return out
