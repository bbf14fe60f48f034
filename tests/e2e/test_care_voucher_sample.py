"""`sample care-voucher-audit` writes a month where every rule is found at least twice and no near miss is flagged."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from tests.helpers import run_cli, sheet_rows


def test_sample_plants_every_rule_twice_and_no_near_miss(tmp_path: Path) -> None:
    code, _, err = run_cli("sample", "care-voucher-audit", "--dir", str(tmp_path / "in"))
    assert code == 0, err
    given = [
        f"{n}={tmp_path / 'in' / f}"
        for n, f in (
            ("payments", "payments.xlsx"),
            ("events", "events.xlsx"),
            ("limits", "limits.csv"),
            ("relations", "relations.xlsx"),
        )
    ]
    out = tmp_path / "o.xlsx"
    code, _, err = run_cli(
        "run",
        "care-voucher-audit",
        *[a for g in given for a in ("--input", g)],
        "--param",
        "base_date=2026-10-31",
        "--output",
        str(out),
    )
    assert code == 0, err
    rows = sheet_rows(out, "의심결제")
    counts = Counter(r["규칙"] for r in rows)
    assert set(counts) == {f"R{i:02d}" for i in range(1, 13)} and min(counts.values()) >= 2, counts
    severities = {(r["규칙"], r["심각도"]) for r in rows}
    assert {("R02", "주의"), ("R02", "확인"), ("R03", "주의"), ("R03", "확인"), ("R04", "주의"), ("R04", "확인")} <= severities

    def day(r: dict) -> dt.date:  # type: ignore[type-arg]
        return r["서비스일자"].date()

    assert not [r for r in rows if r["수급자번호"] == "S0020"]  # family pair with an approved exception
    assert not [r for r in rows if r["수급자번호"] == "S0003" and day(r) == dt.date(2026, 10, 20)]  # the day of death
    assert not [r for r in rows if r["규칙"] == "R06" and r["수급자번호"] == "S0017"]  # 방문목욕 with two helpers
    assert not [r for r in rows if r["활동지원사번호"] == "H0012" and r["규칙"] in ("R05", "R12")]  # 0 minutes
    assert not [r for r in rows if r["활동지원사번호"] == "H0028"]  # 수기 27%: under the 30% line
    discharge = [(r["규칙"], r["심각도"]) for r in rows if r["수급자번호"] == "S0015"]
    assert discharge == [("R02", "확인")]  # service on the day of discharge is 확인, not 주의
