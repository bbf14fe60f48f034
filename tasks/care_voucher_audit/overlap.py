"""Time overlaps within groups by sort and sweep: who was in two places at once (R05, R06, R12).

A self-join on 활동지원사번호 pairs every payment with every other of the same helper: a helper with
60 payments a month makes 3,600 pairs, a city's million payments hundreds of millions. Here the rows
are sorted once by (group, start) and compared with the row *lag* places earlier, lag = 1, 2, …, for
as long as some earlier row of the group can still reach into a later one (a running maximum of the
end times tells). Real overlaps are rare, so the sweep stops after a few lags: O(n log n) for the sort
and O(n × the deepest pile of overlapping sessions) for the rest. A property test holds it equal to
the brute-force pairwise check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Overlaps:
    """Per row (input order): flagged, the position of one partner row (-1 if none) and their overlap in minutes."""

    hit: np.ndarray
    partner: np.ndarray
    minutes: np.ndarray


def find_overlaps(
    group: np.ndarray, start: np.ndarray, end: np.ndarray, min_minutes: int, differ: np.ndarray | None = None
) -> Overlaps:
    """Rows sharing at least *min_minutes* (≥ 1) with another row of the same *group*; with *differ*, only
    with a row whose *differ* value is another one (a different 수급자 for R05). Both rows of a pair are hit.

    *start* and *end* are absolute minutes (a session past midnight already ends on the next day).
    """
    n = len(start)
    hit = np.zeros(n, dtype=bool)
    partner = np.full(n, -1, dtype="int64")
    minutes = np.zeros(n, dtype="int64")
    if n < 2:
        return Overlaps(hit, partner, minutes)
    k = max(int(min_minutes), 1)
    order = np.lexsort((start, group))
    grp = np.asarray(group, dtype="int64")[order]
    beg = np.asarray(start, dtype="int64")[order]
    fin = np.asarray(end, dtype="int64")[order]
    other = None if differ is None else np.asarray(differ, dtype="int64")[order]
    # The latest end among the rows at or before each one, within its group: groups are sorted, so
    # lifting each group above the one before (rank × span) lets one running maximum serve them all.
    base = min(int(beg.min()), int(fin.min()))
    span = int(fin.max()) - base + 1
    rank = np.cumsum(np.r_[False, grp[1:] != grp[:-1]]).astype("int64")
    reach = np.maximum.accumulate(rank * span + (fin - base)) - rank * span + base
    s_hit = np.zeros(n, dtype=bool)
    s_partner = np.full(n, -1, dtype="int64")
    s_minutes = np.zeros(n, dtype="int64")
    alive = np.flatnonzero(fin - beg >= k)  # rows that could share k minutes with an earlier row
    lag = 1
    while len(alive):
        alive = alive[alive >= lag]
        earlier = alive - lag
        # Still worth looking further back: same group, and some row at or before *earlier* reaches in.
        keep = (grp[earlier] == grp[alive]) & (reach[earlier] >= beg[alive] + k)
        alive, earlier = alive[keep], earlier[keep]
        shared = np.minimum(fin[alive], fin[earlier]) - beg[alive]  # beg[earlier] <= beg[alive]
        pair = shared >= k
        if other is not None:
            pair &= other[alive] != other[earlier]
        for rows, partners in ((alive[pair], earlier[pair]), (earlier[pair], alive[pair])):
            fresh = s_partner[rows] < 0
            s_partner[rows[fresh]] = partners[fresh]
            s_minutes[rows[fresh]] = shared[pair][fresh]
            s_hit[rows] = True
        lag += 1
    hit[order] = s_hit
    partner[order] = np.where(s_partner >= 0, order[np.maximum(s_partner, 0)], -1)
    minutes[order] = s_minutes
    return Overlaps(hit, partner, minutes)
