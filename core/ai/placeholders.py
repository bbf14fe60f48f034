"""Placeholders for what must never reach the model: names and addresses from the run's inputs,
주민등록번호, phone numbers and e-mail addresses become ``[이름1]``, ``[주소1]``, ``[주민번호1]``,
``[전화1]``, ``[메일1]``; the answer is put back together here, on the clerk's PC.

Placeholders (rather than ``홍*동``) keep the sentence readable for the model and let the answer
be restored exactly. After them, ``core.masking.mask_text`` runs over the text too, so that the
compact forms it knows (an RRN stored as a number, a key registered in this process) never leave.
Landlines are replaced as well: core masking keeps them for the office's own 문의 number, but a
prompt has no need of any number a citizen could be reached at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.masking import mask_text

_RRN = re.compile(r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?[-\u2010-\u2015\u2212\uff0d]?\s?[1-8]\d{6}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_SEP = r"[\-.\s)]?"
_PHONE = re.compile(rf"(?<![\d+])(?:\+82{_SEP}0?|\(?0)(?:1[016789]|2|[3-6][1-5]|70|50\d?)\)?{_SEP}\d{{3,4}}{_SEP}\d{{4}}(?!\d)")
_KINDS = (("주민번호", _RRN), ("메일", _EMAIL), ("전화", _PHONE))
_PLACEHOLDER = re.compile(r"\[(?:이름|주소|주민번호|메일|전화)\d+\]")


class Masker:
    """One per run: the same value gets the same placeholder in every prompt of the run."""

    def __init__(self, names: Iterable[str] = (), addresses: Iterable[str] = ()):
        self._forward: dict[str, str] = {}
        self._back: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        known = [(a.strip(), "주소") for a in addresses if a and len(a.strip()) >= 4]
        known += [(n.strip(), "이름") for n in names if n and len(n.strip()) >= 2]
        # Longest first: an address holding a name, or '홍길동' before '길동', is replaced whole.
        self._known = sorted(dict(known).items(), key=lambda kv: len(kv[0]), reverse=True)

    def _placeholder(self, value: str, kind: str) -> str:
        if value not in self._forward:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            tag = f"[{kind}{self._counts[kind]}]"
            self._forward[value], self._back[tag] = tag, value
        return self._forward[value]

    def mask(self, text: str) -> str:
        """The text as it may leave: known names and addresses, then the patterns, then core masking."""
        for value, kind in self._known:
            if value in text:
                text = text.replace(value, self._placeholder(value, kind))
        for kind, pattern in _KINDS:
            text = pattern.sub(lambda m, k=kind: self._placeholder(m[0], k), text)  # type: ignore[misc]
        return mask_text(text)

    def restore(self, text: str) -> str:
        """The model's answer with the placeholders it kept turned back into the real values."""
        return _PLACEHOLDER.sub(lambda m: self._back.get(m[0], m[0]), text)

    @property
    def replaced(self) -> int:
        return len(self._forward)
