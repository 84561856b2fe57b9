"""The one date rule: which events are shown on a day, and which of them are still open.

An event spans ``event_date`` .. ``end_date`` (or the single day). A week- or month-precision
event is such a window: it *may* have happened on any day of it. Every Python caller that
decides "shown on this day" uses :func:`active_on`; the browser uses the same rule, written
once in ``render/daterule.js`` (tests/test_daterule.py checks that the two agree).

``upto``: everything that may have happened by the date (cumulative).
``day``: events whose span includes the date.
``window``: events whose span overlaps the ``window_days`` days ending on the date.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

MODES = ("upto", "day", "window")
DEFAULT_WINDOW_DAYS = 7


def day(d: dt.date | str | pd.Timestamp) -> pd.Timestamp:
    """``d`` as a midnight timestamp."""
    return pd.Timestamp(d).normalize()


def event_end(frame) -> pd.Series:
    """Each event's last day: ``end_date``, or ``event_date`` for a single-day event."""
    return frame["end_date"].fillna(frame["event_date"])


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    return mode


def window_start(date, mode: str, window_days: int = DEFAULT_WINDOW_DAYS) -> pd.Timestamp:
    """The first day an event's span must reach to be shown (its end on or after it)."""
    d = day(date)
    if mode == "window":
        return d - pd.Timedelta(days=max(1, int(window_days)) - 1)
    return d


def active_on(start, end, date, mode: str = "day", window_days: int = DEFAULT_WINDOW_DAYS):
    """Whether an event spanning ``start`` .. ``end`` is shown on ``date`` in ``mode``.
    ``start``/``end`` are timestamps or Series of them (``end`` already filled: see
    :func:`event_end`); the answer is a bool or a boolean Series."""
    check_mode(mode)
    d = day(date)
    if mode == "upto":
        return start <= d
    return (start <= d) & (end >= window_start(d, mode, window_days))


def still_open(end, date):
    """Whether a shown event's date window is still open on ``date``: it may or may not
    have happened yet (drawn pale)."""
    return end > day(date)


def events_on(frame, date, mode: str = "day", window_days: int = DEFAULT_WINDOW_DAYS):
    """Boolean mask of the rows of ``frame`` (``event_date``, ``end_date``) shown on
    ``date``."""
    return active_on(frame["event_date"], event_end(frame), date, mode, window_days)
