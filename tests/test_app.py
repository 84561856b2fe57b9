"""The Streamlit app through streamlit.testing.v1.AppTest: every widget path and error path.
(The folium component itself is exercised in the browser tests.)"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.data import GOOD_ROW, csv_bytes

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 60


def run(query: dict | None = None) -> AppTest:
    """The app after its first two runs: in a browser the map reporting its view starts the
    second, which draws the analyst views (deferred on the first run)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if query:
        at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> int:
    head = next(s.value for s in at.subheader if "event(s) shown" in s.value)
    return int(head.split()[0])


def timeline_text(at: AppTest) -> str:
    """The timeline's Markdown: each entry's label and caption (raidmap/timeline.py)."""
    pick = at.radio(key="timeline_pick")
    return " ".join([*pick.options, *pick.proto.captions])


@pytest.fixture(scope="module")
def app():
    return run()


def test_app_starts_on_the_bundled_record(app):
    heads = [h.value for h in app.get("html") if '<header class="rm-head">' in h.value]
    assert len(heads) == 1 and "<h1>Cross-border raids into Russia's Belgorod region" in heads[0]
    slider = app.slider(key="date")
    day = dt.timedelta(microseconds=slider.step)
    first = dt.date(1970, 1, 1) + dt.timedelta(microseconds=slider.min) // day * dt.timedelta(1)
    last = dt.date(1970, 1, 1) + dt.timedelta(microseconds=slider.max) // day * dt.timedelta(1)
    assert first == dt.date(2023, 3, 2) and last >= dt.date(2023, 6, 6)  # Bryansk: 2 March
    assert slider.value == dt.date(2023, 5, 22)
    assert shown(app) > 0
    assert not app.error


def test_moving_the_slider_changes_what_is_shown():
    at = run()
    at.slider(key="date").set_value(dt.date(2023, 3, 31)).run()
    early = shown(at)
    at.slider(key="date").set_value(dt.date(2023, 6, 6)).run()
    late = shown(at)
    assert 0 < early < late
    assert at.query_params["date"] == ["2023-06-06"] or at.query_params["date"] == "2023-06-06"


def test_day_mode_shows_only_that_day():
    at = run()
    at.slider(key="date").set_value(dt.date(2023, 5, 27)).run()
    at.radio(key="mode").set_value("day").run()
    # the billboard photo in Belgorod, and the two reports known only to a window that takes
    # in 27 May (the 138th Brigade video, 22 May-6 June; Newsweek's naming of the Polish
    # Volunteer Corps, 22 May-8 June): a day shows what may have happened on it
    assert shown(at) == 3
    at.radio(key="mode").set_value("window").run()
    assert at.number_input(key="window").value == 7
    assert shown(at) >= 1


def test_url_reproduces_the_view():
    at = run({"date": "2023-06-01", "mode": "day", "gp": "1,2", "zoom": "11"})
    assert at.slider(key="date").value == dt.date(2023, 6, 1)
    assert at.radio(key="mode").value == "day"
    assert at.multiselect(key="gp").value == [1, 2]


@pytest.mark.usefixtures("app")
def test_hostile_url_is_ignored():
    at = run({"date": "<script>alert(1)</script>", "mode": "${x}", "zoom": "1e99"})
    assert at.slider(key="date").value == dt.date(2023, 5, 22)
    assert at.radio(key="mode").value == "upto"


def test_filters():
    at = run({"date": "2023-06-06"})
    total = shown(at)
    at.multiselect(key="actors").set_value(["Russian Volunteer Corps"]).run()
    by_actor = shown(at)
    assert 0 < by_actor < total
    at.multiselect(key="actors").set_value([]).run()
    at.multiselect(key="statuses").set_value(["disputed"]).run()
    assert 0 < shown(at) < total
    at.multiselect(key="statuses").set_value([]).run()
    at.multiselect(key="gp").set_value([3]).run()
    assert 0 < shown(at) < total
    at.multiselect(key="claimants").set_value(["TASS"]).run()
    assert shown(at) == 0  # TASS's claims are about located (not region-level) events


def test_story_sets_date_and_caption():
    at = run()
    steps = at.selectbox(key="story").options
    (june1,) = [s for s in steps if "1 June:" in s]
    at.selectbox(key="story").set_value(june1).run()  # 1 June: Shebekino
    assert at.slider(key="date").value == dt.date(2023, 6, 1)
    assert at.radio(key="mode").value == "day"  # the step's mode, not just its date
    assert any("Shebekino" in i.value for i in at.info)


def test_depth_and_distance_tabs(app):
    frames = [d.value for d in app.dataframe]
    depth = frames[0]
    assert "depth_km" in depth.columns and depth["depth_km"].notna().any()
    assert any("claimed_km" in f.columns for f in frames)
    assert any("Kozinka" in m.label for m in app.metric)


def test_distance_with_unknown_place_shows_error():
    at = run()
    at.text_input(key="dist_b").set_value("Atlantis").run()
    assert any("unknown place" in e.value for e in at.error)
    at.text_input(key="dist_b").set_value("50.6,36.58").run()
    assert not at.error


def test_upload_good_file_replaces_the_record():
    at = run()
    at.sidebar.file_uploader[0].set_value(("mine.csv", csv_bytes(GOOD_ROW), "text/csv")).run()
    assert not at.exception
    assert any("1 rows in, 1 kept" in s.value for s in at.sidebar.success)


@pytest.mark.parametrize(
    "name, data, needle",
    [
        (
            "bad.csv",
            csv_bytes(GOOD_ROW, GOOD_ROW.replace("T-1", "T-2").replace("Kozinka", "Atlantis")),
            "unknown place",
        ),
        ("cut.geojson", b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
        ("empty.csv", b"", "empty"),
        ("page.geojson", b"<html><body>404</body></html>", "HTML"),
    ],
)
def test_upload_bad_file_shows_the_report_and_keeps_running(name, data, needle):
    at = run()
    at.sidebar.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception
    texts = " ".join(t.value for t in at.sidebar.text)
    assert needle in texts and name in texts


def test_upload_hostile_text_is_not_executed_in_the_timeline():
    row = GOOD_ROW.replace(
        "A clash.", '"<img src=x onerror=alert(1)> $\\\\alpha$ [x](javascript:1)"'
    )
    at = run()
    at.sidebar.file_uploader[0].set_value(("h.csv", csv_bytes(row), "text/csv")).run()
    md = timeline_text(at)  # the timeline: its entries' labels and captions (Markdown)
    assert "\\<img" in md and "\\$" in md and "\\](javascript" not in md.replace("\\]\\(", "")


def test_geojson_upload():
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [36.92537, 50.41342]},
                "properties": {
                    "event_id": "G1",
                    "event_date": "2023-06-01",
                    "time_precision": 1,
                    "event_type": "Battles",
                    "location": "Shebekino",
                    "geo_precision": 1,
                },
            }
        ],
    }
    at = run()
    at.sidebar.file_uploader[0].set_value(
        ("g.geojson", json.dumps(fc).encode(), "application/json")
    )
    at.run()
    assert not at.exception and any("1 kept" in s.value for s in at.sidebar.success)


def test_share_tab_has_the_link_and_embed(app):
    codes = " ".join(c.value for c in app.code)
    assert "date=2023-05-22" in codes and "<iframe" in codes and 'sandbox="' in codes


def test_snapshot_buttons_produce_downloads():
    at = run()
    at.button(key="prep_html").click().run()
    assert not at.exception
    at.button(key="prep_png").click().run()
    assert not at.exception
    assert at.session_state["snapshot_html"].startswith("<!DOCTYPE html>")
    assert at.session_state["snapshot_png"][:8] == b"\x89PNG\r\n\x1a\n"


def test_play_steps_the_date_only_on_the_timer():
    import time

    at = run({"date": "2023-05-22"})
    at.toggle(key="playing").set_value(True).run()
    assert not at.exception
    assert at.slider(key="date").value == dt.date(2023, 5, 22)  # a full rerun does not step
    time.sleep(1.0)
    at.run()  # stands in for the fragment's timer run
    assert at.slider(key="date").value == dt.date(2023, 5, 23)


def test_play_steps_one_day_even_when_the_rerun_is_slow(monkeypatch):
    """The full rerun that a tick asks for runs the ticking fragment again: on a slow server
    (here a clock that moves 2 s per reading) it must not step a second day."""
    import itertools

    from raidmap import session

    at = run({"date": "2023-05-22"})
    at.toggle(key="playing").set_value(True).run()
    assert at.slider(key="date").value == dt.date(2023, 5, 22)
    ticks = itertools.count(start=session._clock() + 2.0, step=2.0)
    monkeypatch.setattr(session, "_clock", lambda: next(ticks))
    at.run()  # the timer's run: one step, then the full rerun it asks for
    assert at.slider(key="date").value == dt.date(2023, 5, 23)
    at.run()
    assert at.slider(key="date").value == dt.date(2023, 5, 24)


def test_layers_and_tiles_toggles():
    at = run()
    at.multiselect(key="layers").set_value(["events", "border"]).run()
    assert not at.exception
    assert at.query_params["layers"] in ("events,border", ["events,border"])
    at.toggle(key="tiles").set_value(True).run()
    assert not at.exception and at.query_params["tiles"] in ("1", ["1"])


def test_window_mode_uses_the_window():
    at = run({"date": "2023-06-06", "mode": "window", "window": "2"})
    narrow = shown(at)
    at.number_input(key="window").set_value(30).run()
    assert shown(at) > narrow


def test_place_names_language():
    at = run({"lang": "uk"})
    assert at.selectbox(key="lang").value == "uk"
    at.selectbox(key="lang").set_value("ru").run()
    assert not at.exception and at.query_params["lang"] in ("ru", ["ru"])


def test_upload_over_the_limit_is_refused_by_the_app():
    from layers.schema import MAX_UPLOAD_BYTES

    at = run()
    big = b"event_id\n" + b"x" * (MAX_UPLOAD_BYTES + 1)
    at.sidebar.file_uploader[0].set_value(("big.csv", big, "text/csv")).run()
    assert not at.exception
    assert any("limit" in e.value and "big" in e.value for e in at.sidebar.error)
    assert shown(at) > 0  # the bundled record stays on the map


def test_bad_link_values_are_reported():
    at = run({"date": "yesterday", "zoom": "99"})
    assert any("Ignored in the link" in w.value for w in at.warning)


def test_timeline_is_capped_for_large_imports():
    from raidmap.timeline import TIMELINE_MAX

    rows = [GOOD_ROW.replace("T-1", f"T-{i}") for i in range(TIMELINE_MAX + 20)]
    at = run()
    at.sidebar.file_uploader[0].set_value(("many.csv", csv_bytes(*rows), "text/csv")).run()
    assert not at.exception
    assert shown(at) == TIMELINE_MAX + 20
    assert any("and 20 more" in m.value for m in at.markdown)


def test_depth_table_is_capped_and_says_so(monkeypatch):
    from raidmap import tabs

    monkeypatch.setattr(tabs, "DEPTH_TABLE_MAX", 5)
    rows = [GOOD_ROW.replace("T-1", f"T-{i}") for i in range(12)]
    at = run()
    at.sidebar.file_uploader[0].set_value(("many.csv", csv_bytes(*rows), "text/csv")).run()
    assert not at.exception
    assert shown(at) == 12
    assert len(at.dataframe[0].value) == 5
    assert any("5 deepest of 12 events" in c.value for c in at.caption)


def test_first_run_draws_the_map_and_defers_the_controls_and_analyst_views():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert shown(at) > 0  # the reader's views are there at once
    assert at.slider(key="date") and at.radio(key="mode")  # the date controls too
    assert not at.dataframe and not at.tabs  # the depth table and its kin come next run
    assert not at.sidebar.multiselect and not at.sidebar.file_uploader
    assert any("Loading the filters" in c.value for c in at.sidebar.caption)
    at.sidebar.button(key="show_controls").click().run()  # should the map never report
    assert not at.exception
    assert len(at.dataframe) >= 2 and len(at.tabs) == 5  # 4 analyst tabs + Read a report
    assert at.sidebar.multiselect(key="layers") and at.sidebar.file_uploader
    assert not any("Loading the filters" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize(
    ("link", "widget", "value", "warned"),
    [
        ({"gp": "3"}, "gp", [3], None),  # region-level events only
        ({"actor": "civilians (russia)"}, "actors", ["Civilians (Russia)"], None),
        ({"status": "DISPUTED"}, "statuses", ["disputed"], None),
        (
            {"actor": ["Nobody", "Russian Volunteer Corps"]},
            "actors",
            ["Russian Volunteer Corps"],
            "'Nobody'",
        ),
        ({"claimant": "Nobody at all"}, "claimants", [], "'Nobody at all'"),
    ],
)
def test_a_links_filters_apply_on_the_first_run_and_the_controls_agree_after(
    link, widget, value, warned
):
    """The first run has no filter widgets: it filters by the link, which must mean what the
    widgets will show on the second run, or the map would change under the reader."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"date": "2023-06-01", "mode": "upto", **link})
    at.run()
    assert not at.exception and not at.sidebar.multiselect
    first = shown(at)
    warnings = [w.value for w in at.warning]
    at.run()  # the second run draws the controls, set as the link says: nothing changes
    assert not at.exception
    assert at.sidebar.multiselect(key=widget).value == value
    assert shown(at) == first
    assert [w.value for w in at.warning] == warnings  # the same warnings, on both runs
    if warned:
        assert any(warned in w for w in warnings), warnings
    else:
        assert not warnings


@pytest.mark.parametrize(
    "lat, lng, says",
    [
        (36.5, 50.5, ["not on Russian or Ukrainian territory", "did you mean lat=50.5, lon=36.5"]),
        (50.45, 35.59, None),  # Kozinka's neighbourhood, on the Russian side: a depth
    ],
    ids=["swapped-pair", "inside-russia"],
)
def test_a_click_off_russia_and_ukraine_keeps_its_warning_after_the_rerun(
    monkeypatch, lat, lng, says
):
    """The click handler reruns the script at once: a warning drawn before that rerun would
    vanish with it, so the message must survive it (and later reruns, until the next click)."""
    from raidmap import mapframe

    out = {"last_clicked": {"lat": lat, "lng": lng}, "center": None, "zoom": None}

    def live_map(*_args, **_kwargs) -> dict:  # the map's component, reporting a click
        return out

    monkeypatch.setattr(mapframe, "live_map", live_map)
    at = run()  # the click is seen on the first run, which reruns at once
    at.run()  # a later rerun, the same click: still said
    warnings = [w.value for w in at.warning]
    if says:
        assert all(any(s in w for w in warnings) for s in says), warnings
        assert not [m for m in at.metric if m.label.startswith("Clicked point")]
    else:
        assert not any("territory" in w for w in warnings), warnings
        depth = next(m for m in at.metric if m.label.startswith("Clicked point"))
        assert depth.value.startswith("+")


def map_spec(at: AppTest) -> dict:
    """What the map was told to show (render/livemap.py's spec, the first argument of
    window.rmLive.show in the script streamlit-folium's front end evaluates)."""
    (el,) = at.get("component_instance")
    script = json.loads(el.proto.json_args)["feature_group"]
    start = script.index("window.rmLive.show(") + len("window.rmLive.show(")
    return json.JSONDecoder().raw_decode(script, start)[0]


def test_first_run_sends_the_map_with_the_date_bars_values_and_the_rest_next_run():
    """The first run draws the map before the date bar (so that the browser fetches the
    map's front end first) with the values the bar then shows; the story, the legend and the
    timeline's entries come with the second run."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"date": "2023-06-01", "mode": "day"})
    at.run()
    assert not at.exception
    assert at.slider(key="date").value == dt.date(2023, 6, 1)
    assert at.radio(key="mode").value == "day"
    spec = map_spec(at)
    assert spec["rule"]["date"] == "2023-06-01" and spec["rule"]["mode"] == "day"
    assert spec["state"] == f"2023-06-01 day {shown(at)}" and shown(at) > 0
    keys = {getattr(w, "key", None) for w in (*at.radio, *at.selectbox)}
    assert "timeline_pick" not in keys and "story" not in keys
    assert not any("rm-legend" in h.proto.body for h in at.get("html"))
    at.run()
    assert not at.exception
    assert map_spec(at)["state"] == spec["state"]  # the same picture
    assert at.radio(key="timeline_pick") and at.selectbox(key="story")
    assert any("rm-legend" in h.proto.body for h in at.get("html"))
