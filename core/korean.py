"""Korean particles (조사) chosen by the word they follow: "한부모가족 복지급여는", never "복지급여은(는)".

Clerk-facing messages name things we only know at run time (a 급여 name, a column, a profile). Writing
both forms, 은(는), reads like a form letter; the right one depends only on whether the last syllable
has a final consonant (받침), and for 으로/로 whether that 받침 is ㄹ.
"""

from __future__ import annotations

import re

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
RIEUL = 8  # index of ㄹ among the 28 final-consonant slots (0 = none)

# (with 받침, without 받침) for each pair a caller may ask for, in either order.
PAIRS: dict[str, tuple[str, str]] = {
    "은/는": ("은", "는"),
    "는/은": ("은", "는"),
    "이/가": ("이", "가"),
    "가/이": ("이", "가"),
    "을/를": ("을", "를"),
    "를/을": ("을", "를"),
    "과/와": ("과", "와"),
    "와/과": ("과", "와"),
    "으로/로": ("으로", "로"),
    "로/으로": ("으로", "로"),
    "이라/라": ("이라", "라"),
}

# Digits as they are read (일, 이, 삼 ...): True when the reading ends in a 받침; 1, 7, 8 end in ㄹ.
_DIGIT_BATCHIM = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"}
# Latin letters as commonly read at a word's end (엘, 엠, 엔, 알): a rough rule, good for codes and names.
_LATIN_BATCHIM = {"l": "ㄹ", "r": "ㄹ", "m": "ㅁ", "n": "ㄴ"}
_TRAILING = re.compile(r"(\s|['\"’”」』>\])}]|\([^()]*\))+$")


def final_consonant(word: str) -> str | None:
    """'ㄹ', another non-empty marker for any other 받침, '' for none, None when the word gives no clue."""
    core = _TRAILING.sub("", word) or word.strip()
    if not core:
        return None
    last = core[-1]
    code = ord(last)
    if HANGUL_FIRST <= code <= HANGUL_LAST:
        index = (code - HANGUL_FIRST) % 28
        return "" if index == 0 else ("ㄹ" if index == RIEUL else "받침")
    if last.isdigit():
        return _DIGIT_BATCHIM.get(last, "")
    if last.isascii() and last.isalpha():
        return _LATIN_BATCHIM.get(last.lower(), "")
    return None


def particle(word: str, pair: str) -> str:
    """The particle of *pair* ("은/는", "이/가", "을/를", "과/와", "으로/로", "이라/라") that fits after *word*."""
    with_batchim, without = PAIRS[pair]
    final = final_consonant(word)
    if final is None:  # a symbol: both forms, as before, rather than a wrong one
        return f"{with_batchim}({without})"
    if with_batchim == "으로":
        return without if final in ("", "ㄹ") else with_batchim
    return with_batchim if final else without


def josa(word: str, pair: str) -> str:
    """*word* followed by the particle that fits it: ``josa("복지급여", "은/는") == "복지급여는"``."""
    return word + particle(word, pair)
