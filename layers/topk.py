"""The first rows of a sort without sorting every row: the timeline's newest entries and
the depth table's deepest rows, chosen on every slider move among the events shown (160,000
at 500,000 imported rows, of which 100 or 250 are listed). :func:`numpy.partition` finds
the k-th value in linear time; only the rows at or beyond it (the k rows and their ties) are
sorted. The answer is the full sort's first ``k`` rows, row for row (tests/test_topk.py).
No streamlit, folium or matplotlib.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TIMELINE_ORDER = (["event_date", "event_id"], [False, True])  # newest first, then by id


def _sorted_newest(frame: pd.DataFrame) -> pd.DataFrame:
    by, ascending = TIMELINE_ORDER
    return frame.sort_values(by, ascending=ascending, kind="stable")


def newest_first(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """``frame``'s ``k`` newest rows by first day, ties by ``event_id``:
    ``frame.sort_values(["event_date", "event_id"], ascending=[False, True]).head(k)``."""
    n = len(frame)
    if k <= 0:
        return frame.iloc[0:0]
    day = frame["event_date"].to_numpy()
    known = ~pd.isna(day)
    if n <= k or int(known.sum()) < k:
        return _sorted_newest(frame).head(k)
    kth = np.partition(day[known], known.sum() - k)[known.sum() - k]  # the k-th newest day
    return _sorted_newest(frame.iloc[np.flatnonzero(known & (day >= kth))]).head(k)


def deepest_order(depth: np.ndarray, k: int | None = None) -> np.ndarray:
    """Positions of the ``k`` deepest values of ``depth`` (all when ``k`` is None), deepest
    first, unknown (NaN) depths last; ties keep their order in ``depth`` (the tie-break is
    the row's position: a stable sort's). The same as
    ``np.argsort(-depth, kind="stable")[:k]``, which pandas'
    ``sort_values(ascending=False, na_position="last", kind="stable")`` also gives."""
    d = np.asarray(depth, dtype=float)
    n = len(d)
    if k is None or k >= n:
        return np.argsort(-d, kind="stable")[: n if k is None else k]
    if k <= 0:
        return np.empty(0, dtype=np.intp)
    known = ~np.isnan(d)
    m = int(known.sum())
    if m <= k:  # every known depth, then the first unknown ones in order
        order = np.argsort(-d, kind="stable")
        return order[:k]
    kth = np.partition(d[known], m - k)[m - k]  # the k-th deepest value
    cand = np.flatnonzero(known & (d >= kth))  # the k deepest and their ties, in order
    return cand[np.argsort(-d[cand], kind="stable")][:k]


def deepest_first(frame: pd.DataFrame, k: int | None = None) -> pd.DataFrame:
    """``frame``'s ``k`` deepest rows by ``depth_km`` (:func:`deepest_order`)."""
    return frame.iloc[deepest_order(frame["depth_km"].to_numpy(dtype=float), k)]
