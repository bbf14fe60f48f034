"""The deadline engine on its own: windows, keys, audiences, rule switches and the wording files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from core.deadlines.engine import d_day_text, evaluate
from core.deadlines.rules import Audience, DeadlineRule, Window
from core.deadlines.templates import Wordings
from core.errors import InputError
from core.rules import RuleSet, Severity

SOON = DeadlineRule(
    "T01", "곧 만료", "시험 근거", Severity.CHECK, "만료일", Window(0, "lead_days"), Audience.BOTH, "곧-{date}", "곧 만료",
    contact_from=7,
)  # fmt: skip
LATE = DeadlineRule("T02", "만료", "시험 근거", Severity.CAUTION, "만료일", Window(None, -1), Audience.STAFF, "늦음-{half}")
BASE = dt.date(2026, 3, 10)


def frame(*days: int | None) -> pd.DataFrame:
    dates = [pd.Timestamp(BASE + dt.timedelta(days=d)) if d is not None else pd.NaT for d in days]
    return pd.DataFrame({"_id": [f"K{i}" for i in range(len(days))], "_name": "이름", "만료일": dates})


def test_windows_are_inclusive_and_bounds_can_name_a_param() -> None:
    dues = evaluate(frame(-2, -1, 0, 7, 8, 10, 11, None), (SOON, LATE), {"base_date": BASE, "lead_days": 10})
    got = [(d.item, d.notice, d.dday, d.audience, d.key) for d in dues]
    assert got == [
        ("K0", "만료", -2, Audience.STAFF, "늦음-2026H1"),
        ("K1", "만료", -1, Audience.STAFF, "늦음-2026H1"),
        ("K2", "곧 만료", 0, Audience.BOTH, "곧-2026-03-10"),
        ("K3", "곧 만료", 7, Audience.BOTH, "곧-2026-03-17"),
        ("K4", "곧 만료", 8, Audience.STAFF, "곧-2026-03-18"),  # before contact_from: staff only
        ("K5", "곧 만료", 10, Audience.STAFF, "곧-2026-03-20"),
    ]
    assert [d.dday for d in evaluate(frame(10, 11), (SOON,), {"base_date": BASE, "lead_days": 11})] == [10, 11]


def test_a_rule_switched_off_finds_nothing_and_the_switch_is_a_declared_param() -> None:
    params = {"base_date": BASE, "lead_days": 10, "rule_T02": False}
    assert [d.notice for d in evaluate(frame(-1, 3), (SOON, LATE), params)] == ["곧 만료"]
    names = [p.name for p in RuleSet((SOON.rule, LATE.rule)).params()]
    assert names == ["rule_T01", "rule_T02"]
    reasons = SOON.rule.predicate({"items": frame(0, 3, 20)}, {"base_date": BASE, "lead_days": 10})
    assert reasons.tolist() == ["만료일 D-day", "만료일 D-3"]


def test_window_key_of_a_half_year_and_d_day_text() -> None:
    assert LATE.window_key(dt.date(2026, 6, 30)) == "늦음-2026H1"
    assert LATE.window_key(dt.date(2026, 7, 1)) == "늦음-2026H2"
    assert (d_day_text(3), d_day_text(0), d_day_text(-4)) == ("D-3", "D-day", "D+4")


def test_wording_file_checks(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(
        '[["문구"]]\n"알림" = "곧 만료"\n"내용" = "{이름}님 {날짜}"\n'
        '[["문구"]]\n"알림" = "곧 만료"\n"구분" = "특별"\n"내용" = "특별 {이름}"\n',
        encoding="utf-8",
    )
    w = Wordings.load("x", ("곧 만료",), ("이름", "날짜"), ("특별",), good)
    assert w.pick("곧 만료").render({"이름": "가", "날짜": "1일"}) == ("", "가님 1일")
    assert w.pick("곧 만료", "특별").render({"이름": "가"})[1] == "특별 가"
    bad = tmp_path / "bad.toml"
    bad.write_text('[["문구"]]\n"알림" = "곧 만료"\n"내용" = "{주민등록번호}"\n', encoding="utf-8")
    with pytest.raises(InputError, match="모르는 변수 \\{주민등록번호\\}가 있습니다"):
        Wordings.load("x", ("곧 만료",), ("이름",), (), bad)
    missing = tmp_path / "missing.toml"
    missing.write_text('[["문구"]]\n"알림" = "곧 만료"\n"구분" = "특별"\n"내용" = "x"\n', encoding="utf-8")
    with pytest.raises(InputError, match="기본 문구가 없습니다: 곧 만료"):
        Wordings.load("x", ("곧 만료",), ("이름",), ("특별",), missing)
