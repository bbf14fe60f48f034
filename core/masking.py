"""Personal-data masking (개인정보 보호법 제24조의2). Masked forms are what leaves memory."""

from __future__ import annotations

import re
import threading

_RRN_IN_TEXT = re.compile(r"(?<!\d)(\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))\s?-?\s?([1-8])(\d{6})(?!\d)")
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(01[016789]|02|0[3-6]\d|070)([\s\-.]?)(\d{3,4})([\s\-.]?)(\d{4})(?!\d)")


def mask_rrn(rrn: str) -> str:
    """'9001011234567' or '900101-1234567' -> '900101-1******'."""
    digits = re.sub(r"[\s\-]", "", rrn or "")
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:6]}-{digits[6]}******"


def mask_phone(phone: str) -> str:
    """'01012345678' -> '010-****-5678'."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 8:
        return "*" * len(digits)
    head = digits[:2] if digits.startswith("02") else digits[:3]
    return f"{head}-****-{digits[-4:]}"


def mask_name(name: str) -> str:
    """'홍길동' -> '홍*동', '김철' -> '김*', '남궁민수' -> '남**수'."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


class SecretRegistry:
    """Secret values seen in this process, so that log lines and error texts can be scrubbed."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: str | None) -> None:
        if value and len(value) >= 4:
            with self._lock:
                self._values.add(value)

    def scrub(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:
            if value in text:
                text = text.replace(value, "********")
        return text


SECRETS = SecretRegistry()


def scrub(text: str) -> str:
    """Mask RRNs, phone numbers and known secrets anywhere in free text (logs, errors)."""
    text = _RRN_IN_TEXT.sub(lambda m: f"{m[1]}-{m[2]}******", text)
    text = _PHONE_IN_TEXT.sub(lambda m: f"{m[1]}-****-{m[5]}", text)
    return SECRETS.scrub(text)
