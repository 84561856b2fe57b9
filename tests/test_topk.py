"""layers/topk.py: the timeline's newest entries and the depth table's deepest rows are the
full sort's first rows, row for row, ties and unknown values included; and only the rows
at or beyond the k-th value are sorted (issue 16: a move sorted all 160,000 events shown)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layers import topk
from layers.analysis import depth_table, depth_table_view


def _frame(n: int, seed: int, days: int = 6, nan_share: float = 0.1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    depth = rng.integers(0, 8, n).astype(float) * 2.5  # few values: many ties
    depth[rng.random(n) < nan_share] = np.nan
    return pd.DataFrame(
        {
            "event_id": [f"E{i:05d}" for i in rng.permutation(n)],
            "event_date": pd.Timestamp("2023-05-01")
            + pd.to_timedelta(rng.integers(0, days, n), unit="D"),
            "depth_km": depth,
            "row": np.arange(n),
        }
    )


@pytest.mark.parametrize("n", [0, 1, 99, 100, 101, 250, 251, 3000])
@pytest.mark.parametrize("seed", [1, 2])
def test_newest_first_is_the_full_sorts_head(n, seed):
    df = _frame(n, seed)
    want = df.sort_values(["event_date", "event_id"], ascending=[False, True]).head(100)
    got = topk.newest_first(df, 100)
    assert list(got["row"]) == list(want["row"])


def test_newest_first_with_unknown_days():
    df = _frame(500, 3)
    df.loc[df.index[::7], "event_date"] = pd.NaT
    for k in (10, 100, 480):
        want = df.sort_values(["event_date", "event_id"], ascending=[False, True]).head(k)
        assert list(topk.newest_first(df, k)["row"]) == list(want["row"])


@pytest.mark.parametrize("n", [0, 1, 249, 250, 251, 4000])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_deepest_is_a_stable_sorts_head(n, seed):
    df = _frame(n, seed)
    full = df.sort_values("depth_km", ascending=False, na_position="last", kind="stable")
    for k in (250, None):
        want = full if k is None else full.head(k)
        got = topk.deepest_first(df, k)
        assert list(got["row"]) == list(want["row"])
        d = df["depth_km"].to_numpy()
        assert list(topk.deepest_order(d, k)) == list(np.argsort(-d, kind="stable")[:k])
    if n >= 4000:  # ties at the cut: equal depths keep their order in the frame
        cut = full.head(250)
        tied = cut[cut["depth_km"] == cut["depth_km"].iloc[-1]]
        assert len(tied) > 1 and list(tied["row"]) == sorted(tied["row"])


def test_deepest_when_fewer_depths_than_rows_asked():
    df = _frame(400, 4, nan_share=0.8)
    want = df.sort_values("depth_km", ascending=False, na_position="last", kind="stable")
    assert df["depth_km"].notna().sum() < 250
    assert list(topk.deepest_first(df, 250)["row"]) == list(want.head(250)["row"])


def test_the_depth_table_is_stable_and_its_head_is_the_full_tables():
    df = _frame(3000, 5).assign(place_name="x", uncertainty_km=1.0)
    full = depth_table(df)
    stable = df.sort_values("depth_km", ascending=False, na_position="last", kind="stable")
    assert list(full["event_id"]) == list(stable["event_id"])  # ties in the frame's order
    head = depth_table_view(df, limit=250)
    assert list(head["event_id"]) == list(full["event_id"].head(250))
    assert list(depth_table_view(df)["event_id"].head(250)) == list(head["event_id"])
    again = depth_table(df.sample(frac=1, random_state=0).sort_values("row"))
    assert list(again["event_id"]) == list(full["event_id"])  # the same on every run


def test_only_the_rows_at_the_cut_are_sorted(monkeypatch):
    """The timeline sorts the k newest and their ties, not every row shown."""
    sizes = []
    real = topk._sorted_newest
    monkeypatch.setattr(topk, "_sorted_newest", lambda f: sizes.append(len(f)) or real(f))
    df = _frame(50_000, 6, days=120)
    topk.newest_first(df, 100)
    assert sizes and max(sizes) < 2_000  # about 100 plus one day's ties, of 50,000
