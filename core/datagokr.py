"""data.go.kr (공공데이터포털) conventions shared by every source that goes through its gateway.

The standard ``response.header/body.items.item`` envelope with its variations, the gateway's
``OpenAPI_ServiceResponse`` errors (which bypass the envelope even when JSON was asked for), an HTML
maintenance page where data was expected, and the serviceKey encoding pitfall. Facts:
``shared/reference/external-apis.md`` section 2.5. Nothing here ever puts a URL query (it carries
the key) or a response body into a message.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote, quote_plus, unquote, urlsplit

import requests

from core.errors import RunFailed
from core.masking import SECRETS, scrub

SUCCESS_CODES = {"00", "0", "000", "INFO-0", "INFO-000"}
NO_DATA_CODES = {"03", "INFO-200"}

# Gateway reason codes → a Korean reason a clerk can act on (공공데이터포털 오류코드표).
REASONS = {
    "01": "제공기관 서버 오류(01)입니다. 잠시 뒤 다시 시도하십시오.",
    "02": "제공기관 데이터베이스 오류(02)입니다. 잠시 뒤 다시 시도하십시오.",
    "04": "제공기관 서버의 HTTP 오류(04)입니다. 잠시 뒤 다시 시도하십시오.",
    "05": "제공기관 서버가 시간 안에 응답하지 않았습니다(05).",
    "10": "요청 변수가 잘못되었습니다(10). 주소 설정이나 프로그램 버전을 확인하십시오.",
    "11": "필수 요청 변수가 빠졌습니다(11). 주소 설정이나 프로그램 버전을 확인하십시오.",
    "12": "해당 오픈API 서비스가 없거나 폐기되었습니다(12). 설정의 주소를 확인하십시오.",
    "20": "서비스 접근이 거부되었습니다(20). 공공데이터포털에서 이 데이터의 활용신청이 승인되었는지 확인하십시오.",
    "21": "인증키가 일시적으로 사용 중지되었습니다(21). 공공데이터포털 마이페이지를 확인하십시오.",
    "22": "하루 호출 한도를 넘었습니다(22). 내일 다시 실행되며, 한도를 늘리려면 공공데이터포털에서 운영계정을 신청하십시오.",
    "23": "초당 호출 한도를 넘었습니다(23). 잠시 뒤 다시 시도하십시오.",
    "29": "차단된 IP에서 호출했습니다(29). 정보화 담당자에게 문의하십시오.",
    "30": (
        "등록되지 않은 인증키입니다(30). 키를 잘못 붙여 넣었거나(앞뒤 공백, Encoding/Decoding 키 혼동), "
        "활용 승인 직후 1~2시간 동안은 이 오류가 날 수 있습니다."
    ),
    "31": "활용 기간이 끝났습니다(31). 공공데이터포털에서 활용 기간을 연장하십시오.",
    "32": "등록되지 않은 IP에서 호출했습니다(32). 공공데이터포털에 기관 IP를 등록하십시오.",
    "33": "서명되지 않은 호출입니다(33).",
    "99": "제공기관이 알 수 없는 오류(99)를 돌려주었습니다.",
}
_NAMES = {
    "SERVICE_KEY_IS_NOT_REGISTERED_ERROR": "30",
    "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR": "22",
    "LIMITED_NUMBER_OF_SERVICE_REQUESTS_PER_SECOND_EXCEEDS_ERROR": "23",
    "SERVICE_ACCESS_DENIED_ERROR": "20",
    "SERVICE_KEY_IS_NULL": "20",
    "PERMISSION_DENIED": "20",
    "DEADLINE_HAS_EXPIRED_ERROR": "31",
    "UNREGISTERED_IP_ERROR": "32",
    "BLACKLIST_IP_ACCESS_ERROR": "29",
    "NO_OPENAPI_SERVICE_ERROR": "12",
    "INVALID_REQUEST_PARAMETER_ERROR": "10",
    "NO_MANDATORY_REQUEST_PARAMETERS_ERROR": "11",
    "TEMPORARILY_DISABLE_THE_SERVICEKEY_ERROR": "21",
}
_PCT = re.compile(r"%[0-9A-Fa-f]{2}")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_CDATA = re.compile(r"^\s*<!\[CDATA\[(.*?)\]\]>\s*$", re.S)


class SourceError(RunFailed):
    """One source could not be read. ``code`` is the gateway code or a kind (network, html, format)."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(scrub(message))
        self.code = code


def service_key(raw: str) -> str:
    """The *Decoding* form of a serviceKey, whichever form the clerk pasted.

    The portal shows an Encoding key (``%2B``, ``%2F``, ``%3D``) and a Decoding key (``+ / =``).
    ``requests`` percent-encodes ``params`` once, so the Decoding key must go there: passing the
    Encoding key gives ``%252B`` and error 30. Every form is registered for scrubbing.
    """
    key = (raw or "").strip()
    decoded = unquote(key) if _PCT.search(key) else key
    for form in (key, decoded, quote(decoded, safe=""), quote_plus(decoded), quote(decoded, safe="").lower()):
        SECRETS.add(form)
    return decoded


def register_secret(value: str) -> str:
    """A key sent in a query string: scrub its raw and percent-encoded forms everywhere."""
    value = (value or "").strip()
    for form in (value, quote(value, safe=""), quote_plus(value)):
        SECRETS.add(form)
    return value


def safe_url(url: str) -> str:
    """Scheme, host and path only: the query may carry a key."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def clean(value: Any) -> str:
    """A text value with ``<![CDATA[…]]>`` removed (some datasets wrap values in it even in JSON)."""
    if value is None:
        return ""
    text = str(value)
    m = _CDATA.match(text)
    return (m.group(1) if m else text).strip()


def looks_like_html(text: str, content_type: str = "") -> bool:
    """An HTML page (maintenance notice, login wall) where data was expected. The body decides: some
    servers label XML or RSS as text/html."""
    head = text[:512].lstrip().lower()
    if head.startswith(("<?xml", "<rss", "<response", "<openapi", "{", "[")):
        return False
    return (
        head.startswith(("<!doctype html", "<html"))
        or "<html" in head[:200]
        or ("html" in content_type.lower() and head.startswith("<"))
    )


def html_reason(text: str, what: str) -> str:
    m = _TITLE.search(text[:4000])
    title = re.sub(r"\s+", " ", m.group(1)).strip()[:40] if m else ""
    shown = f" (페이지 제목: {title})" if title and "?" not in title and "=" not in title else ""
    return f"{what}가 자료 대신 웹 페이지(HTML)를 돌려주었습니다{shown}. 점검 중이거나 주소가 바뀌었을 수 있습니다."


def gateway_error(text: str) -> tuple[str, str] | None:
    """(code, name) when *text* is the gateway's ``OpenAPI_ServiceResponse``, XML or JSON."""
    if "OpenAPI_ServiceResponse" not in text[:2000]:
        return None
    fields: dict[str, str] = {}
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            header = json.loads(stripped)["OpenAPI_ServiceResponse"].get("cmmMsgHeader", {})
            fields = {k: clean(v) for k, v in header.items()}
        except (ValueError, KeyError, AttributeError, TypeError):
            fields = {}
    else:
        try:
            root = ET.fromstring(stripped.encode("utf-8") if isinstance(stripped, str) else stripped)
            fields = {el.tag: clean(el.text) for el in root.iter()}
        except ET.ParseError:
            fields = {}
    code = fields.get("returnReasonCode", "")
    name = fields.get("returnAuthMsg", "") or fields.get("errMsg", "")
    if not code:
        for candidate in (fields.get("errMsg", ""), fields.get("returnAuthMsg", "")):
            if candidate in _NAMES:
                code = _NAMES[candidate]
    return _norm_code(code) or "99", name


def reason_for(code: str, what: str, name: str = "") -> str:
    text = REASONS.get(_norm_code(code))
    if text is None:
        text = f"알 수 없는 오류 코드({code}{', ' + name if name else ''})입니다."
    return f"{what}: {text}"


def _norm_code(code: Any) -> str:
    text = str(code or "").strip()
    return text.zfill(2) if text.isdigit() and len(text) < 2 else text


def fetch(session: requests.Session, url: str, params: dict[str, Any], what: str) -> requests.Response:
    """GET with every outside failure turned into a ``SourceError`` with a Korean reason."""
    from core.http import explain

    try:
        resp = session.get(url, params=params)
    except requests.RequestException as exc:
        raise SourceError(str(explain(exc, what)), "network") from None
    if "charset" not in resp.headers.get("Content-Type", "").lower():
        resp.encoding = "utf-8"  # Korean JSON without a charset: never let requests guess Latin-1
    text = resp.text if resp.content else ""
    gateway = gateway_error(text)
    if gateway:
        raise SourceError(reason_for(gateway[0], what, gateway[1]), gateway[0])
    if resp.status_code >= 400:
        if looks_like_html(text, resp.headers.get("Content-Type", "")):
            raise SourceError(html_reason(text, what) + f" (HTTP {resp.status_code})", "html")
        err = requests.HTTPError(response=resp)
        raise SourceError(str(explain(err, what)), f"http{resp.status_code}")
    return resp


def envelope_items(payload: Any, what: str) -> tuple[list[dict[str, Any]], int | None]:
    """Items and totalCount of a standard envelope (JSON already parsed); errors raise ``SourceError``.

    Handles ``items: ""`` (no results), ``item`` as one object instead of a list, the list directly
    in ``items``, and success codes ``00``/``0``/``000``/``INFO-0``.
    """
    if not isinstance(payload, dict):
        raise SourceError(f"{what}의 응답 형식을 알 수 없습니다.", "format")
    root = payload.get("response", payload)
    if not isinstance(root, dict):
        raise SourceError(f"{what}의 응답 형식을 알 수 없습니다.", "format")
    header = root.get("header") or {}
    code = _norm_code(clean(header.get("resultCode", "00")))
    if code in NO_DATA_CODES:
        return [], 0
    if code not in SUCCESS_CODES:
        raise SourceError(reason_for(code, what, clean(header.get("resultMsg"))), code)
    body = root.get("body")
    if body in (None, "") and "header" in root:
        return [], 0
    if not isinstance(body, dict):
        raise SourceError(f"{what}의 응답에 body가 없습니다.", "format")
    total = body.get("totalCount", body.get("totalCnt"))
    try:
        total = int(clean(total)) if total not in (None, "") else None
    except ValueError:
        total = None
    return as_list(body.get("items"), "item"), total


def as_list(value: Any, inner: str = "item") -> list[dict[str, Any]]:
    """``""``/None → [], one object → [it], ``{"item": …}`` unwrapped, a list kept (non-dicts dropped)."""
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        return []
    if isinstance(value, dict) and inner in value:
        return as_list(value[inner], inner)
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def xml_envelope(text: str, what: str) -> tuple[list[dict[str, Any]], int | None]:
    """The same envelope in XML (when a dataset ignores the JSON parameter)."""
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError:
        raise SourceError(f"{what}의 응답(XML)을 읽을 수 없습니다.", "format") from None
    header = root.find("header")
    code = _norm_code(clean(header.findtext("resultCode"))) if header is not None else "00"
    if code in NO_DATA_CODES:
        return [], 0
    if code not in SUCCESS_CODES:
        raise SourceError(reason_for(code, what, clean(header.findtext("resultMsg") if header is not None else "")), code)
    items = [{child.tag: clean(child.text) for child in item} for item in root.iter("item")]
    total_text = root.findtext("body/totalCount")
    try:
        total = int(total_text) if total_text else None
    except ValueError:
        total = None
    return items, total


def parse_json(resp: requests.Response, what: str) -> Any:
    """JSON, or a Korean ``SourceError`` saying what came instead (HTML page, XML, garbage)."""
    text = resp.text
    if looks_like_html(text, resp.headers.get("Content-Type", "")):
        raise SourceError(html_reason(text, what), "html")
    try:
        return json.loads(text)
    except ValueError:
        raise SourceError(f"{what}의 응답이 JSON 형식이 아닙니다(손상되었거나 다른 형식).", "format") from None
