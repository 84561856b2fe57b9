"""The app's live layers: the per-dataset JSON, the per-move spec, and the map frame that
streamlit-folium's front end receives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from layers import derived, filters
from layers.events import load_events
from render import livemap, webmap
from tests.support.hostile import PAYLOADS, hostile_geojson


def build(events):
    return livemap.live_data(
        events,
        webmap.prepare_events(events),
        presence=derived.presence_by_day(events),
        axes=derived.axes_of_advance(events),
        zones=derived.zones(events),
    )


@pytest.fixture(scope="module")
def live(record):
    return build(record.events)


@pytest.mark.parametrize(
    "positions, expected",
    [
        ([], []),
        ([0], [[0, 0]]),
        ([0, 1, 2, 5], [[0, 2], [5, 5]]),
        ([5, 2, 1, 0, 1, 9, 10], [[0, 2], [5, 5], [9, 10]]),
    ],
)
def test_ranges(positions, expected):
    assert livemap.ranges(positions) == expected


def test_every_event_is_in_the_document_once(record, live):
    doc = json.loads(live.body)
    ev = record.events
    points = ev.loc[ev["draw_as"] == "point", "event_id"]
    areas = ev.loc[ev["draw_as"] == "area"]
    assert len(doc["ev"]) == len(ev) == len(live.ev)
    assert live.n["events"] == len(points) and len(doc["events"]) == len(points)
    assert sorted(live.index["events"]) == sorted(points)
    assert all(len(v) == 1 for v in live.index["events"].values())
    # region-level events: one outline per place, one popup entry per event
    assert live.n["area_items"] == len(areas)
    assert live.n["areas"] == areas["place_id"].fillna(areas["location"]).nunique()
    # date order: "everything up to a date" is a prefix of the events
    starts = [s for s, _ in doc["ev"]]
    assert starts == sorted(starts)
    for kind in ("events", "halos", "axes"):
        for f in doc[kind]:  # each feature knows its event, and the dates agree
            e = f["properties"]["e"]
            assert doc["ev"][e][0] == f["properties"]["event_date"]
    assert live.n["presence"] > 0 and live.n["axes"] > 0
    assert doc["canvas_above"] == livemap.CANVAS_ABOVE


def test_document_is_strict_json_and_content_addressed(record, live):
    json.loads(live.body, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert build(record.events).digest == live.digest  # same data, same file name
    other = build(record.events.iloc[:-1])
    assert other.digest != live.digest


def test_spec_for_everything_up_to_a_date_is_one_range(record, live):
    shown = filters.by_date(record.events, "2023-05-22", "upto")
    spec = livemap.show_spec(live, "/u.json", shown, day="2023-05-22", layers=webmap.ALL_LAYERS)
    n_points = int((shown["draw_as"] == "point").sum())
    assert n_points >= 3
    assert spec["show"]["events"] == [[0, n_points - 1]]
    assert spec["show"]["presence"], "22 May has a presence footprint"
    assert spec["layers"] == list(webmap.DYNAMIC_LAYERS)  # basemap layers are not live
    assert spec["measure"] == [] and spec["url"] == "/u.json"
    assert len(livemap.show_js(spec)) < 2000  # a slider move sends a few hundred bytes


def test_spec_for_one_day_and_open_windows(record, live):
    shown = filters.by_date(record.events, "2023-06-01", "day")
    spec = livemap.show_spec(live, "/u.json", shown, day="2023-06-01", layers=["events"])
    doc = json.loads(live.body)
    idx = [i for a, b in spec["show"]["events"] for i in range(a, b + 1)]
    shown_ids = {doc["events"][i]["properties"]["event_id"] for i in idx}
    assert shown_ids == set(shown.loc[shown["draw_as"] == "point", "event_id"])
    open_idx = [i for a, b in spec["open"] for i in range(a, b + 1)]
    assert open_idx and set(open_idx) <= set(idx)  # week-precision events still open
    assert "rule" not in spec  # no filtered set given: the map only follows the server


def test_spec_lists_each_area_once_with_its_shown_events(record, live):
    shown = filters.by_date(record.events, "2023-06-06", "upto")
    spec = livemap.show_spec(live, "/u.json", shown, day="2023-06-06", layers=["halos"])
    items = [i for a, b in spec["show"]["area_items"] for i in range(a, b + 1)]
    areas = [i for a, b in spec["show"]["areas"] for i in range(a, b + 1)]
    assert len(items) == int((shown["draw_as"] == "area").sum()) > len(areas) > 0
    assert sorted({live.item_group[i] for i in items}) == areas


def test_spec_rule_for_the_browser(record, live):
    filtered = filters.by_actor(record.events, ["Russian Volunteer Corps"])
    shown = filters.by_date(filtered, "2023-05-22", "window", 3)
    spec = livemap.show_spec(
        live,
        "/u",
        shown,
        day="2023-05-22",
        layers=[],
        filtered=filtered,
        mode="window",
        window=3,
        slider="Date",
    )
    rule = spec["rule"]
    assert rule["date"] == "2023-05-22" and rule["mode"] == "window" and rule["window"] == 3
    assert rule["slider"] == "Date"
    pos = [i for a, b in rule["filtered"] for i in range(a, b + 1)]
    assert sorted(pos) == sorted(live.ev[e] for e in filtered["event_id"])
    assert len(pos) < len(record.events)


def test_spec_carries_the_measuring_line(live, record):
    click = {
        "lat": 50.5,
        "lon": 36.5,
        "depth_km": 12.3456,
        "nearest_border_lat": 50.4,
        "nearest_border_lon": 36.4,
    }
    spec = livemap.show_spec(
        live, "/u", record.events.iloc[:0], day="2023-05-22", layers=[], click=click
    )
    assert [f["geometry"]["type"] for f in spec["measure"]] == ["LineString", "Point"]
    # GeoJSON order: lon, lat
    assert spec["measure"][1]["geometry"]["coordinates"] == (36.5, 50.5)
    assert "+12.35 km" in spec["measure"][0]["properties"]["tooltip"]


def test_hostile_text_is_escaped_in_the_document_and_the_script():
    gdf, rep = load_events(hostile_geojson(), name="hostile.geojson")
    assert rep.ok
    gdf = gdf.assign(claims=[[] for _ in range(len(gdf))])
    body = build(gdf).body.decode()
    for key in ("img", "script", "template"):
        assert PAYLOADS[key] not in body, key
    assert "<img src=x" not in body and "<script" not in body.lower()
    js = livemap.show_js({"state": "</script><script>window.__pwned=1</script>", "x": "\u2028"})
    assert "</script" not in js and "\u2028" not in js


def test_publish_writes_once_and_prunes(tmp_path, live, monkeypatch):
    url = livemap.publish(live, tmp_path)
    path = tmp_path / f"{live.digest}.json"
    assert url == livemap.LIVE_URL + path.name and path.read_bytes() == live.body
    assert livemap.publish(live, tmp_path) == url
    monkeypatch.setattr(livemap, "KEEP_FILES", 2)
    for i in range(4):
        (tmp_path / f"old{i}.json").write_text("{}")
    livemap.publish(live, tmp_path)
    left = sorted(p.name for p in tmp_path.glob("*.json"))
    assert len(left) == 2 and path.name in left  # the current one is kept
    assert not list(tmp_path.glob("*.part"))


# -- the map frame handed to streamlit-folium's front end ----------------------------------
def test_frame_is_local_and_defines_the_live_layers():
    from raidmap.mapframe import FRAME_URL, build_frame
    from render.gestures import GESTURE_URL_BASE

    f = build_frame("en", False, webmap.STATIC_LAYERS)
    # the live layers' definitions are a static file; the frame's script starts them
    assert "window.rmLiveOn(map_div)" in f.script and "window.rmLive = live" not in f.script
    assert "window.rmLive = live" in livemap.live_frame_js()
    # Leaflet's, the gesture plugin's (render/gestures.py), the basemap data the script
    # refers to, then the live layers' definitions
    *leaflet, gestures, data, live = f.js_links
    assert leaflet and all(s.startswith(webmap.LEAFLET_URL_BASE) for s in leaflet)
    assert gestures == GESTURE_URL_BASE + "leaflet-gesture-handling.min.js"
    assert data == FRAME_URL + f.data_name
    assert live == FRAME_URL + livemap.live_frame_name()
    *css, gesture_css = f.css_links
    assert css and all(s.startswith(webmap.LEAFLET_URL_BASE) for s in css)
    assert gesture_css.startswith(GESTURE_URL_BASE)
    assert "http" not in " ".join(f.js_links + f.css_links)
    assert "tile.openstreetmap" in build_frame("en", True, ()).script


def test_frame_serves_the_basemap_data_apart_from_its_script():
    from raidmap.mapframe import build_frame

    f = build_frame("en", False, webmap.STATIC_LAYERS)
    assert f.data_js.startswith("window.rmBasemap = [") and f.data_js.endswith("];\n")
    collections = json.loads(f.data_js[len("window.rmBasemap = ") : -2])
    assert len(collections) >= 5 and all(c["type"] == "FeatureCollection" for c in collections)
    assert any("Belgorod" in json.dumps(c) for c in collections)
    # the data went out (~0.4 MB), and the live layers' definitions (~63 KB: live, mapview,
    # labels...; a static file too); what is left (the map, its basemap layers, the ruler,
    # ~25 KB) goes with every rerun
    assert len(f.script) < 40_000 and '"features"' not in f.script
    assert all(f"rmBasemap[{i}]" in f.script for i in range(len(collections)))


def test_split_data_puts_each_argument_back_where_it_was():
    from raidmap.mapframe import split_data

    script = (
        "function geo_json_a_add (data) { x.addData(data); }\n"
        'geo_json_a_add({"features": [{"properties": {"label": "geo_json_b_add({\\"x\\": 1})"}}],'
        ' "type": "FeatureCollection"});\n'
        'geo_json_b_add({"type": "FeatureCollection", "features": []});\n'
        "geo_json_c_add(data);\n"
    )
    split, data_js = split_data(script)
    parts = json.loads(data_js[len("window.rmBasemap = ") : -2])
    assert len(parts) == 2 and "geo_json_c_add(data)" in split  # not a literal: left alone
    rebuilt = split
    for i, part in enumerate(parts):
        rebuilt = rebuilt.replace(f"rmBasemap[{i}]", json.dumps(part))
    assert rebuilt == script  # (the literals are written as json.dumps writes them)
    assert parts[0]["features"][0]["properties"]["label"] == 'geo_json_b_add({"x": 1})'


def test_frame_arguments_are_the_ones_streamlit_folium_reads():
    """mapframe calls streamlit-folium's component directly: every argument it passes must
    be one the installed front end reads (a renamed one would be silently ignored)."""
    import streamlit_folium

    build = Path(streamlit_folium.__file__).parent / "frontend" / "build" / "static" / "js"
    js = "".join(p.read_text(encoding="utf-8") for p in build.glob("main*.js"))
    src = Path(__file__).parents[1].joinpath("raidmap", "mapframe.py").read_text()
    call = src[src.index("stf._component_func(") :]
    names = re.findall(r"^\s+(\w+)=", call, flags=re.M)
    assert {"script", "feature_group", "center", "zoom", "js_links"} <= set(names)
    # key and default are Streamlit's own; id is passed as st_folium passes it, unread
    for name in set(names) - {"key", "default", "id"}:
        assert f"args.{name}" in js, name


def test_show_js_can_carry_the_document(live, record):
    spec = livemap.show_spec(live, "/u.json", record.events.iloc[:0], day="2023-05-22", layers=[])
    js = livemap.show_js(spec, live)
    assert js.startswith("window.rmLive.show({") and len(js) > len(live.body)
    assert "</" not in js and "<b>" not in js  # markup in the document is \\u-escaped
    doc = js[js.index("}, ") + 3 : js.rindex(");")]
    assert json.loads(doc) == json.loads(live.body)
    big = livemap.LiveData(b"x" * (livemap.INLINE_MAX_BYTES + 1), "d", {}, {}, (), {})
    assert livemap.show_js(spec, big) == livemap.show_js(spec)  # large: fetched instead


def test_ensure_published_writes_only_what_is_missing(tmp_path, live):
    url = livemap.ensure_published(live, tmp_path)
    path = tmp_path / f"{live.digest}.json"
    assert url == livemap.LIVE_URL + path.name and path.read_bytes() == live.body
    path.write_bytes(b"left alone")  # present: not written again
    assert livemap.ensure_published(live, tmp_path) == url
    assert path.read_bytes() == b"left alone"
    path.unlink()  # removed (say, static/ cleaned while the app runs): written again
    livemap.ensure_published(live, tmp_path)
    assert path.read_bytes() == live.body


def test_frame_data_file_is_written_again_when_removed(tmp_path):
    from raidmap.mapframe import build_frame, ensure_data_file

    f = build_frame("en", False, ("border",))
    ensure_data_file(f, tmp_path)
    path = tmp_path / f.data_name
    assert path.read_text() == f.data_js
    path.unlink()
    ensure_data_file(f, tmp_path)  # e.g. static/ cleaned while the server runs
    assert path.read_text() == f.data_js
