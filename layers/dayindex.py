"""The events shown on a date, found without looking at the whole dataset.

:func:`layers.filters.by_date` tests every row on every slider move: its cost grows with the
dataset, not with what is shown. :class:`DayIndex` sorts a dataset once (by first day) and
answers the same question (:mod:`layers.dates`' rule, the one rule) from the rows that can
match: for "up to", a prefix of the sorted rows; for "this day" and "a window", the rows
whose first day lies between the window's start less the longest event's span and the date.
``touched`` says how many rows the last answer looked at (tests count it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.dates import check_mode, event_end, still_open, window_start


class DayIndex:
    """A frame of events (``event_date``, ``end_date``), sorted once by first day."""

    def __init__(self, frame: pd.DataFrame):
        order = np.argsort(frame["event_date"].to_numpy(), kind="stable")
        self.frame = frame.iloc[order]
        self.start = self.frame["event_date"].to_numpy()
        self.end = event_end(self.frame).to_numpy()
        span = (self.end - self.start) if len(self.frame) else np.array([], "m8[ns]")
        self.longest = pd.Timedelta(span.max()) if len(span) else pd.Timedelta(0)
        self.touched = 0

    def __len__(self) -> int:
        return len(self.frame)

    def shown(self, date, mode: str = "upto", window_days: int = 7) -> pd.DataFrame:
        """``by_date(frame, date, mode, window_days)``'s rows (same ``certain_by_date``),
        in first-day order."""
        d = pd.Timestamp(date).normalize()
        hi = int(np.searchsorted(self.start, np.datetime64(d), side="right"))
        if check_mode(mode) == "upto":
            lo = 0
            part = self.frame.iloc[lo:hi]
        else:
            first = window_start(d, mode, window_days)
            lo = int(np.searchsorted(self.start, np.datetime64(first - self.longest), "left"))
            keep = self.end[lo:hi] >= np.datetime64(first)
            part = self.frame.iloc[lo:hi].loc[keep]
        self.touched = hi - lo
        out = part.copy(deep=False)  # copy-on-write: the new column never reaches frame
        out["certain_by_date"] = ~still_open(event_end(out), d)
        return out
