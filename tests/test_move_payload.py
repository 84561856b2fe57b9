"""What a slider move costs the server and the websocket (issues 14 and 16): the views that
depend on the whole dataset are made once, the large texts and tables sent per move are
bounded, and what did not change goes as a reference. Counts calls, rows and bytes, not time
(AppTest, in process)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from streamlit.runtime.scriptrunner_utils import script_run_context as src

from layers import analysis
from raidmap import panels, tabs
from render import charts
from tests.support.synthetic import many_events_csv
from tests.test_app import run, shown
from tests.test_app_scale import upload

N = 600


def with_bad_dates(data: bytes, n: int) -> bytes:
    """``data`` and ``n`` more rows whose date is not a date: ``n`` rejections, each a line
    of the report."""
    last = data.decode().rstrip("\r\n").splitlines()[-1].split(",", 2)
    bad = [",".join([f"BAD{i}", "not a date", last[2]]) for i in range(n)]
    return data.rstrip(b"\r\n") + ("\n" + "\n".join(bad) + "\n").encode()


def test_depth_table_view_with_a_limit_formats_only_the_deepest_rows(record):
    whole = analysis.depth_table_view(record.events)
    cut = analysis.depth_table_view(record.events, limit=3)
    assert len(whole) > 3
    assert cut.equals(whole.head(3))
    assert list(cut.columns) == list(whole.columns)


class Sent:
    """The delta messages a run sends: (bytes, element type, hash, cacheable)."""

    def __init__(self, monkeypatch):
        self.log: list[tuple[int, str, str, bool]] = []
        real = src.ScriptRunContext.enqueue

        def enqueue(ctx, msg):
            real(ctx, msg)
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == (
                "new_element"
            ):
                kind = msg.delta.new_element.WhichOneof("type")
                self.log.append((msg.ByteSize(), kind, msg.hash, msg.metadata.cacheable))

        monkeypatch.setattr(src.ScriptRunContext, "enqueue", enqueue)


def test_a_move_makes_no_whole_dataset_view_and_resends_no_report(monkeypatch):
    monkeypatch.setattr(tabs, "REPORT_LINES_MAX", 1)
    monkeypatch.setattr(panels, "REPORT_EXCERPT_MAX", 2)
    monkeypatch.setattr(tabs, "DEPTH_TABLE_MAX", 20)
    at = run()
    upload(at, with_bad_dates(many_events_csv(N), 3), "payload.csv")
    # the sidebar's report and the one beside the map: cut too, each with its download
    beside = [e for e in at.main.expander if e.label.startswith("Validation report of")]
    cut = [t.value for t in at.sidebar.text] + [t.value for e in beside for t in e.text]
    assert len(cut) == 2 and all(len(t.splitlines()) == 2 for t in cut), cut
    keys = {b.key for b in at.get("download_button")}
    assert {"dl_report_sidebar", "dl_report_notice"} <= keys
    report = at.tabs[3]
    assert any("report lines" in c.value for c in report.caption)
    assert len(report.text[0].value.splitlines()) == 1  # cut on the page ...
    assert report.get("download_button")  # ... and whole in the download
    lines = len(at.session_state["shown_dataset"].report_lines)
    assert tabs.report_text(("a", "b")) == "a\nb\n"
    assert lines > 1

    calls: Counter = Counter()
    for module, name in (
        (analysis, "per_day_counts"),
        (charts, "deepest_per_day_spec"),
        (analysis, "deepest_per_day"),
    ):
        real = getattr(module, name)

        def spy(*a, _real=real, _name=name, **k):
            calls[_name] += 1
            return _real(*a, **k)

        monkeypatch.setattr(module, name, spy)

    sent = Sent(monkeypatch)
    at.radio(key="mode").set_value("upto").run()
    before = {h for _, _, h, _ in sent.log}
    for day in (dt.date(2023, 5, 20), dt.date(2023, 5, 25)):
        sent.log.clear()
        at.slider(key="date").set_value(day).run()
        assert not at.exception
        assert shown(at) > 20
        assert calls == Counter(), calls  # made once per dataset, not per move
        assert len(at.dataframe[0].value) == 20  # the depth table: the deepest 20
        # the report's text is the same message as before: the browser has it (a reference)
        texts = [(b, h, c) for b, kind, h, c in sent.log if kind == "text"]
        assert texts and all(h in before for _, h, _ in texts)
        before = {h for _, _, h, _ in sent.log}


def test_a_moves_work_and_bytes_follow_what_is_shown_not_the_dataset(monkeypatch):
    """The same events shown from a dataset and from one four times its size (the extra
    events come later): the move looks at the same rows and sends the same picture."""
    import pandas as pd

    from layers.dayindex import DayIndex
    from layers.events import load_events
    from render import liveagg, livemap
    from tests.support.synthetic import acled_csv

    monkeypatch.setattr(liveagg, "BIG_ABOVE", 100)  # the large-dataset path at test size
    may, _ = load_events(many_events_csv(300), name="may.csv")
    later, _ = load_events(
        acled_csv(1200, seed=2, start=dt.date(2023, 9, 1), days=30, precise=True), name="l.csv"
    )
    later = later.assign(event_id="L" + later["event_id"].astype(str))
    both = pd.concat([may, later], ignore_index=True)
    assert len(both) == 1500 and len(both["event_id"].unique()) == 1500

    def moves(events):
        live = livemap.big_live_data(events)
        index = DayIndex(events)
        filtered = livemap.position_ranges(live, events)
        out = []
        for day, mode in ((dt.date(2023, 5, 10), "day"), (dt.date(2023, 5, 20), "upto")):
            shown = index.shown(day, mode)
            spec = livemap.show_spec(
                live, "u", shown, day=day, layers=["events"], filtered=events, mode=mode,
                filtered_ranges=filtered, slider="Date",
            )  # fmt: skip
            rule = spec.pop("rule")
            out.append((index.touched, len(shown), livemap.show_js(spec), rule["filtered"]))
        return out

    small, large = moves(may), moves(both)
    for (t1, n1, js1, f1), (t2, n2, js2, f2) in zip(small, large, strict=True):
        assert 0 < n1 == n2 == t1 == t2 < 300  # rows looked at: those shown
        assert js1 == js2  # the same bytes sent: which events, and their points
        assert len(f1) == len(f2) == 1  # the filtered set: one range in both


def test_a_large_datasets_positions_are_taken_by_row_label_and_checked(monkeypatch):
    """The shown rows' document positions come from their labels in the dataset's frame (no
    lookup by id); a frame relabelled on the way still gets the right positions."""
    from layers.dayindex import DayIndex
    from layers.events import load_events
    from render import livemap

    events, _ = load_events(many_events_csv(400), name="p.csv")
    events = events.iloc[::-1]  # labels in no particular order
    live = livemap.big_live_data(events)
    want = events["event_id"].map(live.ev).to_numpy()
    shown = DayIndex(events).shown(dt.date(2023, 5, 20), "upto")
    expect = shown["event_id"].map(live.ev).to_numpy()
    assert len(shown) > 100 and set(want) == set(range(400))

    class NoLookup:
        def reindex(self, *_a, **_k):
            raise AssertionError("looked up by id")

    monkeypatch.setattr(type(live), "positions", NoLookup())
    assert (livemap.shown_positions(live, shown) == expect).all()  # by label, no id lookup
    monkeypatch.undo()
    relabelled = shown.reset_index(drop=True)  # labels 0..n-1: other rows' labels
    assert (livemap.shown_positions(live, relabelled) == expect).all()
    shuffled = shown.sample(frac=1, random_state=3)
    assert (livemap.shown_positions(live, shuffled) == shuffled["event_id"].map(live.ev)).all()
