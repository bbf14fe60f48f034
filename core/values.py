"""Typed parsing of cell values as Korean government exports write them.

Each parser takes a raw cell (str, int, float, date, datetime, time, timedelta, bool or None) and
returns the typed value, or raises ``ValueError`` whose text is a short Korean reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

EXCEL_EPOCH = dt.date(1899, 12, 30)

_WS = re.compile(r"\s+")


def clean_text(value: object) -> str:
    """Cell -> trimmed text, NFC, with Excel's float artefacts removed (123.0 -> '123')."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    text = unicodedata.normalize("NFC", str(value))
    return text.replace("\u00a0", " ").replace("\u3000", " ").strip()


def is_blank(value: object) -> bool:
    return clean_text(value) == ""


# ---------------------------------------------------------------- dates
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?(?:\s*\(.\))?(?:\s+0{1,2}:00(?::00)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?(?:\s*\(.\))?$"),
)


def excel_serial_to_date(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise ValueError("날짜로 읽을 수 없는 숫자입니다")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000101 <= value <= 29991231 and float(value).is_integer():
            return parse_date(str(int(value)))
        if 10000 <= value <= 80000:  # Excel serial for 1927..2119
            return excel_serial_to_date(float(value))
        raise ValueError("날짜로 읽을 수 없는 숫자입니다")
    text = clean_text(value)
    if not text:
        raise ValueError("값이 비어 있습니다")
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return dt.date(y, mo, d)
            except ValueError:
                raise ValueError("없는 날짜입니다") from None
    # ISO datetime text such as '2026-03-02 00:00:00' or '2026-03-02T09:00'
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    raise ValueError("날짜 형식이 아닙니다 (예: 2026-03-02)")


# pandas keeps dates as datetime64[ns]: 1677-09-22 .. 2262-04-11.
TABLE_DATE_MIN = dt.date(1678, 1, 1)
TABLE_DATE_MAX = dt.date(2261, 12, 31)


def parse_table_date(value: object) -> dt.date:
    """``parse_date`` for a DATE column of a read table, whose values live in a datetime64[ns] column.

    A date outside 1678..2261 (``9999-12-31``, the usual "no end date") cannot be held there, so it
    is a Korean cell error, never a crash; a DATETIME column keeps such a value as it is (Python
    ``datetime``), and a MONTH column only reads 1900..2999.
    """
    date = parse_date(value)
    if not TABLE_DATE_MIN <= date <= TABLE_DATE_MAX:
        raise ValueError("날짜가 너무 먼 과거나 미래입니다(1678~2261년만 읽습니다). 끝나는 날이 없으면 칸을 비워 두십시오")
    return date


# ---------------------------------------------------------------- months
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})\.?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
    re.compile(r"^(\d{4})\s*년\s*(\d{1,2})\s*월?$"),
)


def parse_month(value: object) -> str:
    """-> 'YYYY-MM'. Accepts 2026-03, 2026.03, 202603, 2026년 3월, or any date in the month."""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 190001 <= value <= 299912:
            value = str(int(value))
        else:
            d = parse_date(value)
            return f"{d.year:04d}-{d.month:02d}"
    text = clean_text(value)
    if not text:
        raise ValueError("값이 비어 있습니다")
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            if not 1 <= mo <= 12 or not 1900 <= y <= 2999:
                raise ValueError("없는 연월입니다")
            return f"{y:04d}-{mo:02d}"
    try:
        d = parse_date(text)
    except ValueError:
        raise ValueError("연월 형식이 아닙니다 (예: 2026-03)") from None
    return f"{d.year:04d}-{d.month:02d}"


# ---------------------------------------------------------------- times
_TIME_COLON = re.compile(r"^(?:(오전|오후|AM|PM|am|pm)\s*)?(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?(?:\s*(AM|PM|am|pm))?$")
_TIME_DIGITS = re.compile(r"^(\d{1,2})(\d{2})$")
_TIME_KOREAN = re.compile(r"^(?:(오전|오후)\s*)?(\d{1,2})\s*시(?:\s*(\d{1,2})\s*분)?$")
_NEXT_DAY = re.compile(r"^(익일|다음날|翌日)\s*")


def _apply_meridiem(hour: int, meridiem: str | None) -> int:
    if not meridiem:
        return hour
    if hour > 12:
        raise ValueError("오전/오후와 시각이 맞지 않습니다")
    if meridiem in ("오후", "PM", "pm"):
        return hour % 12 + 12
    return hour % 12


def parse_time(value: object) -> int:
    """-> minutes after midnight. 25:30 and '익일 01:30' give 1530 (past midnight, kept explicit)."""
    if isinstance(value, dt.datetime):
        return value.hour * 60 + value.minute
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    if isinstance(value, dt.timedelta):
        minutes = round(value.total_seconds() / 60)
        if 0 <= minutes < 48 * 60:
            return minutes
        raise ValueError("시각으로 읽을 수 없습니다")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if (0 <= value < 2 and not float(value).is_integer()) or value == 0:
            return round(float(value) * 24 * 60)  # Excel day fraction
        if float(value).is_integer():
            return parse_time(f"{int(value):04d}" if value < 10000 else str(int(value)))
        raise ValueError("시각으로 읽을 수 없는 숫자입니다")
    text = clean_text(value)
    if not text:
        raise ValueError("값이 비어 있습니다")
    extra = 0
    m = _NEXT_DAY.match(text)
    if m:
        extra = 24 * 60
        text = text[m.end() :]
    m = _TIME_COLON.match(text)
    if m:
        hour = _apply_meridiem(int(m.group(2)), m.group(1) or m.group(5))
        minute = int(m.group(3))
    else:
        m = _TIME_DIGITS.match(text) or _TIME_KOREAN.match(text)
        if not m:
            # '2026-03-02 18:30' style datetimes
            try:
                parsed = dt.datetime.fromisoformat(text)
            except ValueError:
                raise ValueError("시각 형식이 아닙니다 (예: 18:30)") from None
            return parsed.hour * 60 + parsed.minute + extra
        if m.re is _TIME_KOREAN:
            hour = _apply_meridiem(int(m.group(2)), m.group(1))
            minute = int(m.group(3) or 0)
        else:
            hour, minute = int(m.group(1)), int(m.group(2))
    if minute >= 60 or hour >= 48 or (extra and hour >= 24):
        raise ValueError("없는 시각입니다")
    return hour * 60 + minute + extra


def format_minutes(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h:02d}:{m:02d}"


# ---------------------------------------------------------------- numbers
_MONEY_STRIP = re.compile(r"[,\s원₩￦]|^KRW")


def parse_decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("숫자가 아닙니다")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value:
            raise ValueError("값이 비어 있습니다")
        return Decimal(repr(value))
    text = clean_text(value)
    if not text:
        raise ValueError("값이 비어 있습니다")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    text = _MONEY_STRIP.sub("", text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("숫자가 아닙니다") from None
    if not number.is_finite():
        raise ValueError("숫자가 아닙니다")
    return -number if negative else number


def parse_money(value: object) -> int:
    """-> int won. '12,368원', '₩12,368', 12368.0 and '(1,000)' are all accepted."""
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError("원 단위 정수가 아닙니다")
    return int(number)


def parse_integer(value: object) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError("정수가 아닙니다")
    return int(number)


_HOURS_HM = re.compile(r"^(\d+)\s*:\s*(\d{1,2})$")
_HOURS_KOREAN = re.compile(r"^(?:(\d+(?:\.\d+)?)\s*시간)?\s*(?:(\d+)\s*분)?$")


def parse_hours(value: object) -> Decimal:
    """-> Decimal hours. 12, 12.5, '12:30', '12시간 30분', '30분' are accepted."""
    if isinstance(value, dt.timedelta):
        return Decimal(round(value.total_seconds() / 60)) / 60
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_decimal(value)
    text = clean_text(value)
    if not text:
        raise ValueError("값이 비어 있습니다")
    m = _HOURS_HM.match(text)
    if m:
        minutes = int(m.group(2))
        if minutes >= 60:
            raise ValueError("시간 형식이 아닙니다")
        return Decimal(int(m.group(1))) + Decimal(minutes) / 60
    m = _HOURS_KOREAN.match(text)
    if m and (m.group(1) or m.group(2)):
        return Decimal(m.group(1) or 0) + Decimal(int(m.group(2) or 0)) / 60
    try:
        return parse_decimal(text)
    except ValueError:
        raise ValueError("시간(숫자)이 아닙니다") from None


# ---------------------------------------------------------------- codes, phones, RRNs
def parse_code(value: object) -> str:
    text = clean_text(value)
    if not text:
        raise ValueError("값이 비어 있습니다")
    if text.startswith("'"):  # Excel's text marker typed by hand
        text = text[1:]
    return text


def parse_text(value: object) -> str:
    text = clean_text(value)
    if not text:
        raise ValueError("값이 비어 있습니다")
    return _WS.sub(" ", text)


_MOBILE = re.compile(r"^01[016789]\d{7,8}$")
_SEOUL = re.compile(r"^02\d{7,8}$")
_AREA = re.compile(r"^0(3[1-3]|4[1-4]|5[1-5]|6[1-4])\d{7,8}$")
_OTHER = re.compile(r"^(070\d{8}|050\d{8,9}|1[5-9]\d{6})$")


def parse_phone(value: object) -> str:
    """-> digits only ('01012345678'). Mobile, landline, 070/050 and 15xx numbers are valid."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = clean_text(value)
        if not text.startswith("0") and len(text) in (9, 10):  # Excel ate the leading zero
            text = "0" + text
    else:
        text = clean_text(value)
    if not text:
        raise ValueError("값이 비어 있습니다")
    if text.startswith("+82"):
        text = "0" + text[3:]
    digits = re.sub(r"[\s\-().]", "", text)
    if not digits.isdigit():
        raise ValueError("전화번호에 숫자가 아닌 글자가 있습니다")
    if digits.startswith("82") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not (_MOBILE.match(digits) or _SEOUL.match(digits) or _AREA.match(digits) or _OTHER.match(digits)):
        raise ValueError("전화번호 형식이 아닙니다")
    return digits


def is_mobile(phone: str) -> bool:
    return bool(_MOBILE.match(phone))


_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def parse_rrn(value: object) -> str:
    """-> 13 digits, or a masked form 'YYMMDD-G******' / 'YYMMDD-*******' kept as given.

    A number that Excel stored as a number loses its leading zero (e.g. born 2000s: 0101013...);
    12-digit numbers are padded back to 13; 10- and 11-digit text (born in 2000: three or two zeros
    lost) only when the padded number is a real birth date with a 2000s 7th digit.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = clean_text(value).zfill(13)
    else:
        text = clean_text(value)
    if not text:
        raise ValueError("값이 비어 있습니다")
    compact = re.sub(r"[\s\-]", "", text)
    if compact.isdigit():
        if len(compact) == 12:
            compact = "0" + compact
        elif len(compact) in (10, 11) and text.isdigit():
            # Born in 2000: a number that lost two or three zeros, then written out as text (CSV).
            padded = compact.zfill(13)
            if padded[6] in "3478" and rrn_birthdate(padded) is not None:
                compact = padded
        if len(compact) != 13:
            raise ValueError("주민등록번호는 13자리여야 합니다")
        return compact
    if re.fullmatch(r"\d{6}[\d*]{7}", compact) and "*" in compact:
        return compact
    raise ValueError("주민등록번호 형식이 아닙니다")


def rrn_is_masked(rrn: str) -> bool:
    return "*" in rrn


def rrn_birthdate(rrn: str) -> dt.date | None:
    """Birth date from the first 7 digits (century from the 7th); None when unknowable."""
    if len(rrn) < 7 or not rrn[:6].isdigit():
        return None
    century = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000, "9": 1800, "0": 1800}.get(
        rrn[6]
    )
    if century is None:
        return None
    try:
        return dt.date(century + int(rrn[:2]), int(rrn[2:4]), int(rrn[4:6]))
    except ValueError:
        return None


def rrn_checksum_ok(rrn: str) -> bool:
    """The old mod-11 check digit. Numbers issued since 2020-10 no longer follow it: informational only."""
    if len(rrn) != 13 or not rrn.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(rrn[:12], _RRN_WEIGHTS, strict=True))
    return (11 - total % 11) % 10 == int(rrn[12])


def parse_datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 10000 <= value <= 80000:
        return dt.datetime.combine(EXCEL_EPOCH, dt.time()) + dt.timedelta(days=float(value))
    text = clean_text(value)
    if not text:
        raise ValueError("값이 비어 있습니다")
    text = re.sub(r"(\d{4})[./](\d{1,2})[./](\d{1,2})\.?", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", text)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("일시 형식이 아닙니다 (예: 2026-03-02 18:30)") from None
