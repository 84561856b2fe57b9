"""layers/dayindex.py: the same answer as filters.by_date, from the rows that can match."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from layers import filters
from layers.dayindex import DayIndex
from tests.test_daterule import synthetic


def answer(frame: pd.DataFrame) -> dict:
    return dict(zip(frame["event_id"], frame["certain_by_date"].astype(bool), strict=True))


@pytest.mark.parametrize("mode,window", [("upto", 7), ("day", 7), ("window", 7), ("window", 3)])
def test_same_answer_as_by_date_on_every_day(record, mode, window):
    for frame in (record.events, synthetic()):
        index = DayIndex(frame)
        first = frame["event_date"].min() - pd.Timedelta(days=2)
        last = frame["end_date"].fillna(frame["event_date"]).max() + pd.Timedelta(days=2)
        for day in pd.date_range(first, last, freq="D"):
            want = answer(filters.by_date(frame, day, mode, window))
            assert answer(index.shown(day, mode, window)) == want, (mode, day)


def many(n: int, days: int = 1000, longest: int = 3) -> pd.DataFrame:
    """n events over ``days`` days, each spanning at most ``longest`` days."""
    rng = np.random.default_rng(16)
    start = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    span = pd.to_timedelta(rng.integers(0, longest, n), unit="D")
    end = pd.Series(start + span).where(span > pd.Timedelta(0))
    return pd.DataFrame(
        {"event_id": [f"E{i}" for i in range(n)], "event_date": start, "end_date": end}
    )


@pytest.mark.parametrize("n", [20_000, 200_000])
def test_rows_touched_follow_what_is_shown_not_the_dataset(n):
    """A day or a window looks only at the rows starting within the window less the longest
    span; "up to" at the rows it shows. Ten times the rows: the same share touched."""
    index = DayIndex(many(n))
    day = pd.Timestamp("2023-06-01")
    shown = index.shown(day, "day")
    per_day = n / 1000
    assert 0 < len(shown) <= index.touched <= 4 * per_day  # 3 days' starts, and some slack
    index.shown(day, "window", 7)
    assert index.touched <= 10 * per_day
    upto = index.shown(day, "upto")
    assert index.touched == len(upto)
    early = index.shown(pd.Timestamp("2022-01-05"), "upto")
    assert index.touched == len(early) < n / 100


def test_an_answer_never_changes_the_index_or_an_earlier_answer():
    """Answers are shallow copies (copy-on-write: no copy of the shown rows' columns per
    move); the certainty column of one answer must not reach the index or another."""
    frame = many(2000, days=100)
    index = DayIndex(frame)
    day = pd.Timestamp("2022-02-15")
    first = index.shown(day, "upto")
    kept = first["certain_by_date"].copy()
    later = index.shown(day + pd.Timedelta(days=30), "upto")
    later.loc[:, "event_id"] = "changed"
    later["certain_by_date"] = False
    assert "certain_by_date" not in index.frame and "certain_by_date" not in frame
    assert (first["certain_by_date"] == kept).all() and not first["event_id"].eq("changed").any()
    assert not index.frame["event_id"].eq("changed").any()
