"""Issue 16's defect, counted rather than timed: a slider move's rerun costs what is shown,
not the dataset's size. Two imports show the same events on the dates moved to (the same
rows in May) and differ only in how many events lie after them (months later): the work of
one move (rows passed to sorts, uniques, membership tests and per-row maps, counted by
wrapping numpy's and pandas' entry points) and the bytes it sends (the forward messages,
whole: the app turns Streamlit's message cache off, .streamlit/config.toml) must be nearly
the same at both sizes. With the columnar (large) live document too
(liveagg.BIG_ABOVE lowered so that both imports take that path).

On ee66b98 (before the fix) the larger import's move did 2-3x the work: the date bar's
event days (every filtered event, each move) and the map's position lookup (every feature
of the dataset) grew with it."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.runtime.scriptrunner_utils import script_run_context as src
from streamlit.testing.v1 import AppTest

from raidmap import panels, tabs
from render import liveagg
from tests.support.synthetic import ACLED_HEADER, _cells, acled_events

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SHOWN = 1_500  # events in May 2023, the days moved to
SMALL_EXTRA, LARGE_EXTRA = 500, 12_000  # events from August on: never shown by the moves
WEEK_EVERY = 3  # of the later events, every 3rd is week-precise (a "window event")
BAD_EVERY = 40  # ... and every 40th row is invalid (a report line)


def _csv(extra: int, seed: int) -> bytes:
    """SHOWN events over May 2023 (ids RUS…), then ``extra`` over August (ids LATE…, drawn
    with ``seed``: another seed, another upload, so that no cache of an earlier test holds
    its live document; every ``WEEK_EVERY``-th week-precise, every ``BAD_EVERY``-th invalid)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(ACLED_HEADER)
    may = acled_events(SHOWN, start=dt.date(2023, 5, 1), days=31, precise=True)
    for row, _ in may:
        w.writerow(_cells(row, ACLED_HEADER))
    late = acled_events(
        extra, seed=seed, start=dt.date(2023, 8, 1), days=31, precise=True, bad_every=BAD_EVERY
    )
    for i, (row, _) in enumerate(late):
        row["event_id_cnty"] = row["event_id_cnty"].replace("RUS", "LATE")
        if i % WEEK_EVERY == 1:
            row["time_precision"] = "2"
        w.writerow(_cells(row, ACLED_HEADER))
    return buf.getvalue().encode("utf-8")


def _kind(msg) -> str:
    """A forward message's element type (or the message's type), for the failure's message."""
    if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
        return msg.delta.new_element.WhichOneof("type") or "?"
    return msg.WhichOneof("type") or "?"


def _len(x) -> int:
    try:
        return len(x)
    except TypeError:
        return 0


class Counter:
    """Rows passed to the numpy/pandas calls that touch every row they are given."""

    CALLS = [
        (np, "sort"),
        (np, "argsort"),
        (np, "unique"),
        (np, "partition"),
        (np, "argpartition"),
        (np, "isin"),
        (pd, "unique"),
        (pd.Series, "unique"),
        (pd.Series, "isin"),
        (pd.Index, "isin"),
        (pd.Series, "map"),
        (pd.Series, "apply"),
        (pd.Series, "sort_values"),
        (pd.DataFrame, "sort_values"),
        (pd.DataFrame, "iterrows"),
        (pd.DataFrame, "to_dict"),
        (pd.Series, "reindex"),
        (pd.Series, "nunique"),
        (pd, "to_datetime"),
    ]

    def __init__(self, monkeypatch):
        self.on = False
        self.rows = 0
        self.bytes = 0
        self.by: dict[str, int] = {}  # rows per call, for the failure's message
        for owner, name in self.CALLS:
            label = f"{getattr(owner, '__name__', owner)}.{name}"
            monkeypatch.setattr(owner, name, self._wrap(getattr(owner, name), label))
        self.sent: dict[str, int] = {}  # bytes per element (path and type), for the message
        real_enqueue = src.ScriptRunContext.enqueue
        counter = self

        def enqueue(ctx, msg):
            real_enqueue(ctx, msg)
            size = msg.ByteSize()
            if counter.on:
                counter.bytes += size
                what = ".".join(map(str, msg.metadata.delta_path)) + " " + _kind(msg)
                counter.sent[what] = counter.sent.get(what, 0) + size

        monkeypatch.setattr(src.ScriptRunContext, "enqueue", enqueue)

    def _wrap(self, fn, label: str):
        counter = self

        @functools.wraps(fn)
        def run(*args, **kwargs):
            if counter.on and args:
                n = _len(args[0])
                counter.rows += n
                counter.by[label] = counter.by.get(label, 0) + n
            return fn(*args, **kwargs)

        return run

    def move(self, at: AppTest, date: dt.date) -> tuple[int, int, dict, dict]:
        self.rows = self.bytes = 0
        self.by, self.sent = {}, {}
        self.on = True
        try:
            at.slider(key="date").set_value(date).run()
        finally:
            self.on = False
        assert not at.exception, [e.value for e in at.exception]
        return self.rows, self.bytes, dict(self.by), dict(self.sent)


def _moves(counter: Counter, data: bytes, mode: str) -> tuple[list, list, int]:
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.run()
    at.sidebar.file_uploader[0].set_value((f"work{len(data)}.csv", data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    if at.radio(key="mode").value != mode:
        at.radio(key="mode").set_value(mode).run()
    at.slider(key="date").set_value(dt.date(2023, 5, 18)).run()  # first-time caches
    at.slider(key="date").set_value(dt.date(2023, 5, 19)).run()
    out = [counter.move(at, dt.date(2023, 5, d)) for d in (20, 21, 22)]
    title = [h.value for h in at.subheader if "event(s) shown" in h.value]
    return out, title, len(at.session_state["shown_dataset"].report_lines)


@pytest.mark.parametrize("big", [False, True], ids=["features", "columns"])
def test_a_moves_work_and_bytes_follow_what_is_shown_not_the_dataset(monkeypatch, big):
    if big:
        monkeypatch.setattr(liveagg, "BIG_ABOVE", 1_000)
    # the reports' bounds lowered to test size (the small import's report has 13 lines)
    monkeypatch.setattr(tabs, "REPORT_LINES_MAX", 8)
    monkeypatch.setattr(panels, "REPORT_EXCERPT_MAX", 4)
    counter = Counter(monkeypatch)
    small_data, large_data = _csv(SMALL_EXTRA, 7 + big), _csv(LARGE_EXTRA, 7 + big)
    for mode in ("upto", "day"):
        small, small_title, small_report = _moves(counter, small_data, mode)
        large, large_title, large_report = _moves(counter, large_data, mode)
        assert small_title == large_title and small_title  # the same events shown
        assert 8 < small_report < large_report  # the reports are cut on the page
        for s, large_move in zip(small, large, strict=True):
            (rows_s, bytes_s, by_s, sent_s), (rows_l, bytes_l, by_l, sent_l) = s, large_move
            print(f"{mode} {big=}: rows {rows_s:,} -> {rows_l:,}; bytes {bytes_s:,} -> {bytes_l:,}")
            assert rows_s > 100  # the counter sees the move's work
            # 25x the events after the shown ones; the same work and bytes, within 10%
            grew = {k: (by_s.get(k, 0), n) for k, n in by_l.items() if n > by_s.get(k, 0)}
            assert rows_l <= 1.1 * rows_s + 200, (mode, rows_s, rows_l, grew)
            # each element, not only the total: a small one that grows would hide in it
            bigger = {
                k: (sent_s.get(k, 0), n)
                for k, n in sent_l.items()
                if n > 1.1 * sent_s.get(k, 0) + 200
            }
            assert not bigger, (mode, bigger)
            assert bytes_l <= 1.1 * bytes_s + 200, (mode, bytes_s, bytes_l)
