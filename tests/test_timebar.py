"""The date bar, the story on the main page and the clickable timeline, through AppTest and
their functions (the browser side: tests/test_browser_time.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from raidmap import timebar, timeline
from render.escape import md_link

APP = str(Path(__file__).resolve().parents[1] / "app.py")
D = dt.date


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_run_never_pushes_the_date_back_to_the_slider():
    """The root of the lost key presses: a run that writes the date sends it back to the
    browser's slider (set_value) and resets presses made meanwhile. A reader's move must
    come back without set_value; a button's move must carry it."""
    at = run({"date": "2023-05-22"})
    at.slider(key="date").set_value(D(2023, 5, 25)).run()
    assert at.slider(key="date").value == D(2023, 5, 25)
    assert not at.slider(key="date").proto.set_value
    at.run()  # any later run (the map reporting its view) leaves the slider alone too
    assert not at.slider(key="date").proto.set_value
    at.button(key="next_event").click().run()
    assert at.slider(key="date").proto.set_value  # the button moved it: the browser follows


def test_previous_and_next_event_step_between_event_days():
    at = run({"date": "2023-05-22", "mode": "day"})
    days = timebar.event_days(_record_frame())
    after = [d for d in days if d > D(2023, 5, 22)][0]
    before = [d for d in days if d < D(2023, 5, 22)][-1]
    at.button(key="next_event").click().run()
    assert at.slider(key="date").value == after
    at.button(key="prev_event").click().run()
    at.button(key="prev_event").click().run()
    assert at.slider(key="date").value == before
    at.slider(key="date").set_value(days[0]).run()
    assert at.button(key="prev_event").disabled  # nothing earlier
    at.slider(key="date").set_value(days[-1]).run()
    assert at.button(key="next_event").disabled


def _record_frame() -> pd.DataFrame:
    from raidmap.datasets import record_dataset

    return record_dataset().events


def test_step_event_and_ticks():
    days = (D(2023, 3, 2), D(2023, 5, 22), D(2023, 5, 23), D(2023, 6, 1))
    assert timebar.step_event(days, D(2023, 5, 22), +1) == D(2023, 5, 23)
    assert timebar.step_event(days, D(2023, 5, 22), -1) == D(2023, 3, 2)
    assert timebar.step_event(days, D(2023, 5, 25), +1) == D(2023, 6, 1)
    assert timebar.step_event(days, D(2023, 5, 25), -1) == D(2023, 5, 23)
    assert timebar.step_event(days, D(2023, 6, 1), +1) is None
    assert timebar.step_event(days, D(2023, 3, 2), -1) is None
    html = timebar.ticks_html(days, (D(2023, 3, 2), D(2023, 6, 6)))
    assert html.count("<i ") == 4 and 'data-day="2023-05-22"' in html
    assert (
        'left:0.000%"' in html
        and f"left:{100 * (D(2023, 6, 1) - D(2023, 3, 2)).days / 96:.3f}%" in html
    )
    # one short element a day: the strip goes with every rerun (~1,400 days over the war)
    war = tuple(D(2022, 2, 24) + dt.timedelta(days=i) for i in range(1400))
    assert len(timebar.ticks_html(war, (war[0], war[-1]))) < 60 * len(war)


def test_the_bar_has_ticks_for_the_records_event_days_and_a_readable_play():
    at = run()
    ticks = " ".join(h.proto.body for h in at.get("html") if "rm-ticks" in h.proto.body)
    days = timebar.event_days(_record_frame())
    assert len(days) > 5 and ticks.count("data-day=") == len(days)
    assert at.toggle(key="playing").label == "▶ Play"
    speed = at.selectbox(key="speed")
    assert speed.value == 1.0 and set(speed.options) == set(timebar.SPEEDS.values())


def test_play_at_the_chosen_speed(monkeypatch):
    from raidmap import session

    calls = []
    monkeypatch.setitem(session._TICKERS, 0.5, lambda _span, step: calls.append(step))
    at = run({"date": "2023-05-22"})
    at.selectbox(key="speed").set_value(0.5).run()
    at.toggle(key="playing").set_value(True).run()
    assert calls and calls[-1] == 0.5
    assert session.play_step_s() == 1.0  # outside a session: the default


def test_story_on_the_main_page_with_next_and_previous():
    at = run()
    assert all(s.key != "story" for s in at.sidebar.selectbox)  # not in the sidebar
    assert at.selectbox(key="story")
    at.button(key="story_next").click().run()  # starts the story: step 1, 2 March
    assert at.selectbox(key="story").value.startswith("1.")
    assert at.slider(key="date").value == D(2023, 3, 2)
    at.button(key="story_next").click().run()
    assert at.selectbox(key="story").value.startswith("2.")
    assert at.slider(key="date").value == D(2023, 5, 22)
    assert any("Step 2 of" in i.value for i in at.info)
    at.button(key="story_prev").click().run()
    assert at.selectbox(key="story").value.startswith("1.")
    assert at.button(key="story_prev").disabled


def test_timeline_newest_first_sources_linked_and_a_click_focuses_the_map():
    at = run({"date": "2023-06-06", "mode": "upto"})
    pick = at.radio(key="timeline_pick")
    labels = pick.options
    assert "June" in labels[0] and "March" in labels[-1]  # newest first
    captions = " ".join(pick.proto.captions)
    assert "](https://" in captions  # sources as links ...
    assert "Business Insider: Anti" in captions  # ... by publisher and title
    assert any("drawn as markers" in c.value for c in at.caption)
    assert any("shaded area" in c.value for c in at.caption)  # region-level events said so
    first = pick.value
    assert first is None
    pick.set_value(_ids(at)[0]).run()
    focus = at.session_state["focus"]
    assert focus["id"] == _ids(at)[0] and focus["n"] == 1


def _ids(at: AppTest) -> list[str]:
    shown = at.session_state["view"]
    from raidmap.datasets import record_dataset
    from raidmap.panels import filtered_view_of, visible_events

    ds = record_dataset()
    frame = visible_events(filtered_view_of(ds, shown), shown)
    return list(frame.sort_values(["event_date", "event_id"], ascending=[False, True])["event_id"])


def test_focus_spec_finds_markers_and_areas():
    from raidmap.datasets import live_data, record_dataset
    from render.livemap import focus_spec

    ds = record_dataset()
    live = live_data(ds.key, ds)
    ev = ds.events
    point = ev.loc[ev["draw_as"] == "point", "event_id"].iloc[0]
    area = ev.loc[ev["draw_as"] == "area", "event_id"].iloc[0]
    f = focus_spec(live, {"id": point, "n": 3})
    assert f["kind"] == "events" and f["n"] == 3
    assert live.index["events"][point] == [f["i"]]
    g = focus_spec(live, {"id": area, "n": 4})
    assert g["kind"] == "areas" and 0 <= g["i"] < live.n["areas"]
    assert focus_spec(live, {"id": "nope", "n": 1}) is None and focus_spec(live, None) is None


def test_sources_markdown_links_only_http():
    sources = {
        "S1": {"publisher": "Pub", "title": "A (b) [c]", "url": "https://x.org/a_(b)"},
        "S2": {"publisher": "Evil", "title": "t", "url": "javascript:alert(1)"},
    }
    md = timeline.sources_md(["S1", "S2", "S9"], sources)
    assert "[Pub: A \\(b\\) \\[c\\]](https://x.org/a_%28b%29)" in md
    assert "javascript" not in md and "Evil: t" in md and "S9" in md
    assert md_link("data:text/html,x", "x") == "x"


def test_depth_table_reads_place_first():
    """On a phone only the first columns fit: the place (pinned) and its depth come first."""
    at = run()
    table = at.dataframe[0]
    order = list(table.proto.column_order)
    assert order[:3] == ["place_name", "depth_km", "uncertainty_km"], order
    assert "place_name" in table.value.columns  # the data itself is unchanged


def test_a_picked_entry_that_leaves_the_timeline_is_no_error():
    at = run({"date": "2023-06-06", "mode": "upto"})
    at.radio(key="timeline_pick").set_value(_ids(at)[0]).run()  # a June event
    at.slider(key="date").set_value(D(2023, 5, 22)).run()  # no longer shown
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="timeline_pick").value is None
