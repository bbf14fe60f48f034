"""Particles chosen by the word they follow (core.korean), and no "은(는)"-style pair left in clerk text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.korean import josa, particle

ROOT = Path(__file__).resolve().parents[2]
BOTH_FORMS = re.compile(r"은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|으로\(로\)|\(으\)로|과\(와\)|와\(과\)")


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("한부모가족 복지급여", "은/는", "한부모가족 복지급여는"),  # the example
        ("기초연금", "은/는", "기초연금은"),
        ("장애인활동지원", "이/가", "장애인활동지원이"),
        ("주민등록번호", "을/를", "주민등록번호를"),
        ("'성명', '주민등록번호'", "을/를", "'성명', '주민등록번호'를"),  # quotes and lists: the last word decides
        ("파일", "으로/로", "파일로"),  # ㄹ 받침 takes 로
        ("집", "으로/로", "집으로"),
        ("학교", "으로/로", "학교로"),
        ("지방세법(제92조)", "은/는", "지방세법(제92조)은"),  # a parenthesis is read past
        ("2026", "은/는", "2026은"),  # 이천이십육
        ("7급", "이/가", "7급이"),
        ("2", "이/가", "2가"),
        ("html", "을/를", "html을"),  # 엘
        ("xlsx", "을/를", "xlsx를"),
        ("-", "은/는", "-은(는)"),  # no clue: both forms rather than a wrong one
    ],
)
def test_josa(word: str, pair: str, expected: str) -> None:
    assert josa(word, pair) == expected


def test_particle_accepts_either_order() -> None:
    assert particle("급여", "는/은") == particle("급여", "은/는") == "는"


def test_no_both_forms_left_in_clerk_text() -> None:
    """Guards issue 10: "한부모가족 복지급여은(는)" in the 제외 sheet; messages choose the particle with core.korean."""
    found = []
    for folder in ("core", "tasks", "gui", "resources"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".py", ".toml", ".txt", ".csv") or path.name == "korean.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if BOTH_FORMS.search(line) and not line.lstrip().startswith("#"):
                    found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []
