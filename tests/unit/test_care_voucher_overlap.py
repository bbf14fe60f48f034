"""The overlap sweep (R05, R06, R12) against the rule's statement: every pair compared with every other."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.care_voucher_audit.overlap import find_overlaps


def brute_force(group: list[int], start: list[int], end: list[int], k: int, differ: list[int] | None) -> np.ndarray:
    n = len(start)
    out = np.zeros(n, dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            if group[i] != group[j] or (differ is not None and differ[i] == differ[j]):
                continue
            if min(end[i], end[j]) - max(start[i], start[j]) >= k:
                out[i] = out[j] = True
    return out


# A session: group (활동지원사), other party (수급자), start minute, length (0 allowed: a zero-length session).
SESSION = st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 600), st.integers(0, 300))


@settings(max_examples=400, deadline=None)
@given(st.lists(SESSION, min_size=0, max_size=30), st.integers(1, 90), st.booleans())
def test_sweep_equals_pairwise_check(sessions: list[tuple[int, int, int, int]], k: int, use_differ: bool) -> None:
    group = [s[0] for s in sessions]
    differ = [s[1] for s in sessions] if use_differ else None
    start = [s[2] for s in sessions]
    end = [s[2] + s[3] for s in sessions]
    got = find_overlaps(
        np.array(group, dtype="int64"),
        np.array(start, dtype="int64"),
        np.array(end, dtype="int64"),
        k,
        None if differ is None else np.array(differ, dtype="int64"),
    )
    expected = brute_force(group, start, end, k, differ)
    assert got.hit.tolist() == expected.tolist()
    # Each hit names a real partner: same group, (another party), sharing the minutes it reports, at least k.
    for i in np.flatnonzero(got.hit):
        j = int(got.partner[i])
        assert j != i and group[j] == group[i]
        if differ is not None:
            assert differ[j] != differ[i]
        shared = min(end[i], end[j]) - max(start[i], start[j])
        assert shared == got.minutes[i] >= k
    assert (got.partner[~got.hit] == -1).all()


def test_touching_sessions_do_not_overlap_and_one_minute_does() -> None:
    """09:00–12:00 then 12:00–14:00 share 0 minutes: not an overlap; ending at 12:01 is one minute."""
    group = np.array([1, 1])
    got = find_overlaps(group, np.array([540, 720]), np.array([720, 840]), 1)
    assert got.hit.tolist() == [False, False]
    got = find_overlaps(group, np.array([540, 720]), np.array([721, 840]), 1)
    assert got.hit.tolist() == [True, True] and got.minutes.tolist() == [1, 1] and got.partner.tolist() == [1, 0]


def test_a_long_session_reaches_past_shorter_ones() -> None:
    """Row 0 (all day) overlaps row 3 even though rows 1 and 2 between them do not reach it (same other party)."""
    group = np.zeros(4, dtype="int64")
    differ = np.array([0, 1, 1, 2])
    got = find_overlaps(group, np.array([0, 60, 130, 300]), np.array([1440, 120, 200, 360]), 30, differ)
    assert got.hit.tolist() == [True, True, True, True]
    assert got.partner[3] == 0 and got.minutes[3] == 60
