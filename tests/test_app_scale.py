"""The app at scale (issue 16): an upload's progress, and a slider move whose cost follows
what is shown. Counts calls and rows touched, not time (AppTest, in process)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from layers import dayindex, filters
from layers import validate as validate_module
from raidmap import datasets, panels
from render import liveagg, livemap
from tests.support.synthetic import many_events_csv
from tests.test_app import run, shown

N = 600  # events over May 2023, every one day-precise (tests/support/synthetic.py)


def upload(at, data: bytes, name: str = "many.csv"):
    at.sidebar.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]


def test_an_upload_reports_the_rows_read(monkeypatch):
    seen: list[int] = []
    real = datasets.load_events

    def load(data, *, name, progress=None, stage=None):
        assert progress is not None  # the page's progress bar is wired to the loader
        assert stage is not None  # and so are the steps after the reading

        def spy(rows: int) -> None:
            seen.append(rows)
            progress(rows)

        return real(data, name=name, progress=spy, stage=stage)

    monkeypatch.setattr(datasets, "load_events", load)
    monkeypatch.setattr(validate_module, "PROGRESS_EVERY", 100)
    at = run()
    upload(at, many_events_csv(N + 1), "progress.csv")  # content not loaded by other tests
    assert seen == list(range(100, N + 1, 100))
    assert shown(at) > 0
    assert not at.sidebar.exception and at.sidebar.success  # the report's first line


def test_a_slider_move_touches_only_what_it_shows(monkeypatch):
    """After the upload, a move calls no filter over the dataset, builds no index or live
    document, and looks at no more rows than it shows (day-precise events: exactly those)."""
    monkeypatch.setattr(liveagg, "BIG_ABOVE", 100)  # the large-dataset path at test size
    at = run()
    upload(at, many_events_csv(N))
    at.radio(key="mode").set_value("day").run()
    assert not at.exception

    calls: Counter = Counter()
    touched: list[tuple[int, int]] = []

    def count(module, name):
        real = getattr(module, name)

        def wrapper(*a, **k):
            calls[name] += 1
            return real(*a, **k)

        monkeypatch.setattr(module, name, wrapper)

    for name in ("by_actor", "by_claimant", "by_claim_status", "by_precision", "by_date"):
        count(filters, name)
    count(livemap, "position_ranges")
    count(livemap, "big_live_data")
    count(livemap, "live_data")
    count(datasets, "day_span")
    count(panels, "upload_digest")  # no hashing of the upload per move
    real_shown, real_init = dayindex.DayIndex.shown, dayindex.DayIndex.__init__

    def spy_shown(self, *a, **k):
        out = real_shown(self, *a, **k)
        touched.append((self.touched, len(out), len(self)))
        return out

    def spy_init(self, *a, **k):
        calls["DayIndex"] += 1
        real_init(self, *a, **k)

    monkeypatch.setattr(dayindex.DayIndex, "shown", spy_shown)
    monkeypatch.setattr(dayindex.DayIndex, "__init__", spy_init)

    for day in (dt.date(2023, 5, 10), dt.date(2023, 5, 20)):
        touched.clear()
        at.slider(key="date").set_value(day).run()
        assert not at.exception
        assert calls == Counter(), calls  # nothing over the whole dataset
        assert len(touched) == 1
        rows, out, size = touched[0]
        assert size == N and rows == out == shown(at) < N / 10
