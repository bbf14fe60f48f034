"""Collect (internet PC): the city's ordinances, the laws they cite, and what changed, into a bundle.

The steps, all through law.go.kr DRF (shared/reference/external-apis.md §1) with the ``OC`` id of
the credential ``law-oc``:
1. ``lawSearch ordin`` by 기관 code (``org`` 광역 + ``sborg`` 기초, orgcodes.py), every page; then each
   ordinance's body, ``lawService ordin`` by ``MST`` (= 자치법규일련번호).
2. The laws they cite: the 「…」 names in the ordinance texts (and "같은 법 시행령/시행규칙" after one),
   each found with ``lawSearch law`` by name (spaces and ㆍ/· ignored when matching); its current
   body is fetched so that the analysis knows the text of every cited law.
3. What changed: ``lsHstInf`` for every day of the period (laws changed on that day), and ``eflaw``
   with ``efYd`` = the period plus ``ordinance.upcoming_days`` (amendments whose 시행일 is coming).
   Only rows of cited laws (same 법령ID) are kept.
4. For each changed version, the version it replaced. DRF has no "previous version" call
   (``lsHistory`` is HTML only), so the law's history is listed with ``lawSearch eflaw`` by name and
   ``nw=1,2,3`` (연혁 + 시행예정 + 현행): the previous version is the row of the same 법령ID with the
   latest 공포일자 before the changed one's (ties broken by 공포번호). Both bodies are fetched with
   ``lawService law`` by MST, and ``oldAndNew`` by the new MST where 법제처 has one (its miss is kept
   as evidence, not an error).

Quirks [code, ≥3 clients / single]: errors come with HTTP 200 (``Response``/``result`` shapes) and
stop the run with their Korean text; a 404/429/503/504, an empty 200 or an HTML page is retried with
a doubling pause, at most ``ordinance.drf_retries`` times; one hit arrives as an object (drf.as_list).
The OC never leaves this module: it is registered as a secret (scrubbed from every log line), and
the queries kept in the bundle and written to the log have it removed.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import requests

from core.context import RunContext
from core.errors import RunFailed
from core.http import explain, make_session, redact_query
from core.korean import particle
from core.masking import mask_url
from tasks.ordinance_review import drf
from tasks.ordinance_review.bundle import RawResponse, read_bundle_bytes, write_bundle
from tasks.ordinance_review.citations import is_local, name_key, parse_ordinance
from tasks.ordinance_review.model import LawVersion, Ordinance
from tasks.ordinance_review.options import BUNDLE_ARTIFACT, CREDENTIAL, SETTINGS
from tasks.ordinance_review.orgcodes import org_codes

RETRY_STATUSES = (404, 429, 503, 504)  # [single: chrisryugj] bursts answer these, or an empty 200
MAX_PAUSE_SECONDS = 30.0
MAX_PERIOD_DAYS = 366
OC_MASK = b"********"

_DEFAULTS = {o.key: o.default for o in SETTINGS}
_QUOTED = re.compile(r"「([^」]+)」")


def _setting(ctx: RunContext, key: str) -> Any:
    value = ctx.settings.get(key)
    return _DEFAULTS[key] if value is None or value == "" else value


def cited_law_names(ordinances: Iterable[Ordinance]) -> list[str]:
    """The national laws the ordinances cite, in first-seen order (spacing variants once).

    Two readings, joined: every 「…」 name in the text (a law named without an article still counts:
    the analysis needs its text to say 변경 없음 rather than 비교 불가), and the citation parser's
    resolved names (같은 법 시행령, aliases). Ordinances and local rules are left out.
    """
    names: dict[str, str] = {}
    for ordinance in ordinances:
        text = "\n".join(line for art in ordinance.articles for line in art.lines)
        text += "\n" + "\n".join(a.text for a in ordinance.addenda)
        found = [m[1].strip() for m in _QUOTED.finditer(text)]
        found += [c.law for c in parse_ordinance(ordinance)]
        for name in found:
            if is_local(name, ordinance.org) or not re.search(r"(법|법률|령|규칙)$", name):
                continue
            names.setdefault(name_key(name), name)
    return list(names.values())


class DrfClient:
    """GETs with the OC added, retried as DRF needs, every answer kept unchanged for the bundle."""

    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        oc: str,
        *,
        fmt: str,
        page_size: int,
        retries: int,
        backoff: float,
        log: Any,
        check_cancelled: Callable[[], None] = lambda: None,
    ):
        self.session = session
        self.base_url = base_url.rstrip("/")
        self._oc = oc
        self.fmt = fmt
        self.page_size = page_size
        self.retries = retries
        self.backoff = backoff
        self.log = log
        self.check_cancelled = check_cancelled  # every call is a point where the clerk's 취소 stops the run
        self.responses: list[RawResponse] = []
        self._bodies: dict[tuple[str, str], dict[str, Any] | None] = {}

    def get(
        self, endpoint: str, query: dict[str, str], kind: str, key: str = "", *, allow_miss: bool = False
    ) -> dict[str, Any] | None:
        """One call; the decoded answer. A DRF miss is None when *allow_miss*, else the run stops."""
        query = {**query, "type": self.fmt}
        shown = "&".join(f"{k}={v}" for k, v in query.items())
        pause = self.backoff
        for attempt in range(self.retries + 1):
            self.check_cancelled()
            try:
                resp = self.session.get(f"{self.base_url}/{endpoint}", params={"OC": self._oc, **query})
            except requests.RequestException as exc:
                if attempt < self.retries and isinstance(exc, requests.ConnectionError | requests.Timeout):
                    self.log.info("DRF %s %s: 연결 실패, %.1f초 뒤 다시", endpoint, shown, pause)
                    time.sleep(pause)
                    pause = min(pause * 2, MAX_PAUSE_SECONDS)
                    continue
                raise explain(exc, "법제처 서버") from None
            data = resp.content
            empty = resp.status_code == 200 and not data.strip()
            if resp.status_code in RETRY_STATUSES or empty or (resp.status_code == 200 and drf.is_html(data)):
                why = "빈 응답" if empty else ("웹 페이지(HTML)" if resp.status_code == 200 else f"HTTP {resp.status_code}")
                if attempt < self.retries:
                    self.log.info("DRF %s %s: %s, %.1f초 뒤 다시", endpoint, shown, why, pause)
                    time.sleep(pause)
                    pause = min(pause * 2, MAX_PAUSE_SECONDS)
                    continue
                if resp.status_code == 200 and not empty:
                    try:
                        drf.decode(data)
                    except drf.DrfError as exc:
                        raise RunFailed(f"{exc.message} ({self.retries + 1}번 시도)") from None
                raise RunFailed(
                    f"법제처 서버가 {self.retries + 1}번 모두 {why}{particle(why, '으로/로')} 답했습니다({query.get('target')}). "
                    "잠시 뒤 다시 실행하십시오."
                )
            if resp.status_code != 200:
                raise RunFailed(f"법제처 서버가 오류로 답했습니다(HTTP {resp.status_code}, {query.get('target')}).")
            try:
                value = drf.decode(data)
            except drf.DrfError as exc:
                if exc.miss and allow_miss:
                    self.responses.append(RawResponse(endpoint, query, resp.status_code, self._without_oc(data), "error", key))
                    self.log.info("DRF %s %s: 자료 없음", endpoint, shown)
                    return None
                raise RunFailed(exc.message) from None
            self.responses.append(RawResponse(endpoint, query, resp.status_code, self._without_oc(data), kind, key))
            self.log.info("DRF %s %s: %d바이트", endpoint, shown, len(data))
            return value
        raise AssertionError("unreachable")  # pragma: no cover

    def _without_oc(self, data: bytes) -> bytes:
        """The answer with the OC taken out of the links law.go.kr echoes (``법령상세링크``: ``?OC=…&``).

        The bundle crosses to the analysis PC and may be archived: a credential has no place in it.
        This is the one change made to a stored answer; the texts are untouched.
        """
        return data.replace(b"OC=" + self._oc.encode("utf-8"), b"OC=" + OC_MASK)

    def search(self, target: str, query: dict[str, str], root: str, item: str) -> list[dict[str, Any]]:
        """Every row of a list, page by page (``display`` = the page size, at most 100)."""
        rows: list[dict[str, Any]] = []
        page = 1
        while True:
            value = self.get(
                "lawSearch.do", {"target": target, **query, "display": str(self.page_size), "page": str(page)}, "list"
            )
            got = list(drf.iter_items(value or {}, root, item))
            rows += got
            total = drf.total_count(value or {}, root)
            if not got or len(rows) >= total:
                return rows
            page += 1

    def body(self, target: str, mst: str, kind: str, *, allow_miss: bool = False) -> dict[str, Any] | None:
        """One body by MST, asked once per run."""
        if (target, mst) not in self._bodies:
            self._bodies[(target, mst)] = self.get(
                "lawService.do", {"target": target, "MST": mst}, kind, mst, allow_miss=allow_miss
            )
        return self._bodies[(target, mst)]


def _ymd(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _version_key(row: dict[str, Any]) -> tuple[str, int]:
    number = drf.text_of(row.get("공포번호")).strip()
    return drf.text_of(row.get("공포일자")).strip(), int(number) if number.isdigit() else 0


def previous_version(history: list[dict[str, Any]], law_id: str, changed: dict[str, Any]) -> dict[str, Any] | None:
    """The row of *law_id* promulgated last before *changed* (see the module docstring, step 4)."""
    mine = [r for r in history if drf.text_of(r.get("법령ID")).strip() == law_id]
    before = [r for r in mine if _version_key(r) < _version_key(changed)]
    return max(before, key=_version_key) if before else None


def collect(ctx: RunContext, period_from: dt.date, period_to: dt.date) -> bytes:
    """The bundle bytes for the period (inclusive); raises ``RunFailed``/``InputError`` in Korean."""
    if period_to < period_from:
        raise RunFailed(f"기간의 끝({period_to})이 시작({period_from})보다 앞섭니다.")
    if (period_to - period_from).days >= MAX_PERIOD_DAYS:
        raise RunFailed(f"한 번에 받을 수 있는 기간은 {MAX_PERIOD_DAYS}일까지입니다(하루씩 변경이력을 묻습니다).")
    org, sborg = org_codes(ctx.settings)
    oc = ctx.secret(CREDENTIAL, "법제처 Open API 인증값(OC)")
    base_url = str(_setting(ctx, "ordinance.drf_base_url"))
    # core's session, without its own status retries: DRF needs 404 retried too, and one bound (below).
    session = make_session(ctx.settings, retries=0)
    ctx.on_close(session.close, "drf-session")
    client = DrfClient(
        session,
        base_url,
        oc,
        fmt=str(_setting(ctx, "ordinance.drf_format")).upper(),
        page_size=min(int(_setting(ctx, "ordinance.drf_page_size")), 100),
        retries=int(_setting(ctx, "ordinance.drf_retries")),
        backoff=float(_setting(ctx, "ordinance.drf_backoff_seconds")),
        log=ctx.log,
        check_cancelled=ctx.check_cancelled,
    )
    # 1. the city's ordinances
    ctx.progress(0, 4, "자치법규 목록을 받는 중")
    where = {"org": org, **({"sborg": sborg} if sborg else {})}
    rows = client.search("ordin", {**where, "nw": "1"}, "OrdinSearch", "law")
    ordinances: list[Ordinance] = []
    for i, row in enumerate(rows):
        ctx.progress(i, len(rows), f"자치법규 본문 {i + 1}/{len(rows)}")
        serial = drf.text_of(row.get("자치법규일련번호")).strip()
        value = client.body("ordin", serial, "ordin")
        try:
            text = drf.read_value(value or {}, f"ordin:{serial}")
        except drf.DrfError as exc:
            raise RunFailed(f"자치법규 본문(일련번호 {serial})을 읽지 못했습니다: {exc.message}") from None
        if isinstance(text, Ordinance):
            ordinances.append(text)
    # 2. the laws they cite, by name
    ctx.progress(1, 4, "인용 법령을 찾는 중")
    laws: dict[str, dict[str, Any]] = {}  # 법령ID -> its current list row
    unresolved: list[str] = []
    for name in cited_law_names(ordinances):
        hits = [
            r
            for r in client.search("law", {"query": name}, "LawSearch", "law")
            if name_key(drf.text_of(r.get("법령명한글"))) == name_key(name)
        ]
        if not hits:
            unresolved.append(name)
            ctx.log.info("법제처 목록에서 찾지 못한 인용 법령: %s", name)
            continue
        row = max(hits, key=_version_key)
        laws.setdefault(drf.text_of(row.get("법령ID")).strip(), row)
    for row in laws.values():
        client.body("law", drf.text_of(row.get("법령일련번호")).strip(), "law")
    # 3. what changed in the period, and what takes effect soon
    ctx.progress(2, 4, "기간 중 개정된 법령을 찾는 중")
    changed: dict[str, dict[str, Any]] = {}  # MST -> row
    day = period_from
    while day <= period_to:
        for r in client.search("lsHstInf", {"regDt": _ymd(day)}, "LawSearch", "law"):
            if drf.text_of(r.get("법령ID")).strip() in laws:
                changed.setdefault(drf.text_of(r.get("법령일련번호")).strip(), r)
        day += dt.timedelta(days=1)
    horizon = period_to + dt.timedelta(days=int(_setting(ctx, "ordinance.upcoming_days")))
    for r in client.search("eflaw", {"efYd": f"{_ymd(period_from)}~{_ymd(horizon)}", "sort": "efdes"}, "LawSearch", "law"):
        if drf.text_of(r.get("법령ID")).strip() in laws:
            changed.setdefault(drf.text_of(r.get("법령일련번호")).strip(), r)
    # 4. old and new text of every changed version
    ctx.progress(3, 4, "개정 전후 본문을 받는 중")
    histories: dict[str, list[dict[str, Any]]] = {}
    pairs: list[dict[str, str]] = []
    for mst, row in changed.items():
        law_id = drf.text_of(row.get("법령ID")).strip()
        if law_id not in histories:
            name = drf.text_of(laws[law_id].get("법령명한글"))
            histories[law_id] = client.search("eflaw", {"query": name, "nw": "1,2,3", "sort": "ddes"}, "LawSearch", "law")
        before = previous_version(histories[law_id], law_id, row)
        client.body("law", mst, "law")
        old_mst = drf.text_of(before.get("법령일련번호")).strip() if before else ""
        if old_mst:
            client.body("law", old_mst, "law")
        else:
            ctx.log.info("법령 %s(MST %s)의 이전 판을 연혁 목록에서 찾지 못했습니다", law_id, mst)
        client.body("oldAndNew", mst, "oldAndNew", allow_miss=True)
        pairs.append({"law_id": law_id, "old_mst": old_mst, "new_mst": mst})
    ctx.progress(4, 4, "번들을 만드는 중")
    info = {
        "period_from": period_from.isoformat(),
        "period_to": period_to.isoformat(),
        "upcoming_to": horizon.isoformat(),
        "base_url": mask_url(redact_query(base_url)),  # a relay address may carry a login
        "org": org,
        "sborg": sborg,
        "ordinances": len(ordinances),
        "cited_laws": sorted(laws),
        "unresolved_names": unresolved,
        "amendments": pairs,
    }
    return write_bundle(client.responses, info)


def collect_texts(ctx: RunContext, period_from: dt.date, period_to: dt.date) -> list[LawVersion | Ordinance]:
    """The live run (no inputs): collect, keep the bundle beside the workbook, and read the texts back
    *from the bundle bytes*, through the same reader as ``--input bundle=``: a live analysis and an
    analysis of its bundle see the same records, so they give the same workbook.
    """
    data = collect(ctx, period_from, period_to)
    name = f"법령수집_{period_from:%Y%m%d}-{period_to:%Y%m%d}.zip"
    if ctx.artifacts is not None:
        ctx.artifact(BUNDLE_ARTIFACT.name).write_bytes(data)
    return read_bundle_bytes(data, Path(name))
