"""Who says, on the map (issue 15): the claimant-family filter reaches the map, and the legend
says which families the map is showing (app, map-only page and the HTML snapshot)."""

from __future__ import annotations

from layers.confidence import by_family
from render.legend import legend_html
from render.snapshot_html import snapshot_html
from tests.test_app import run, shown


def _legend(at) -> str:
    return next(h.proto.body for h in at.get("html") if "rm-legend" in h.proto.body)


def test_the_family_filter_changes_the_map_and_the_legend_says_so():
    at = run({"date": "2023-06-06"})
    total = shown(at)
    assert "Who says" not in _legend(at)
    at.multiselect(key="families").set_value(["russian_state"]).run()
    assert not at.exception
    russian = shown(at)
    # The family is a filter of the cached view: choosing one alone must change what is shown.
    assert 0 < russian < total
    assert "Who says:</b> only events with a claim by Russian state" in _legend(at)
    at.multiselect(key="families").set_value(["russian_state", "independent"]).run()
    assert russian <= shown(at) <= total
    assert "Russian state or Independent media and analysts" in _legend(at)
    at.multiselect(key="families").set_value([]).run()
    assert shown(at) == total and "Who says" not in _legend(at)


def test_a_links_family_reaches_the_map_only_page():
    at = run({"date": "2023-06-06", "map_only": "1", "family": "raiders_ukraine"})
    assert "only events with a claim by Raiders and Ukrainian officials" in _legend(at)


def test_legend_names_the_families_escaped():
    html = legend_html(_no_events(), families=("independent", "<b>x</b>"))
    assert "Independent media and analysts or &lt;b&gt;x&lt;/b&gt;" in html
    assert "Who says" not in legend_html(_no_events())


def _no_events():
    import geopandas as gpd

    return gpd.GeoDataFrame({"event_type": [], "actor1": []}, geometry=[], crs="EPSG:4326")


def test_snapshot_of_a_family_shows_its_events_and_says_so(record):
    mine = by_family(record.events, ["russian_state"])
    assert 0 < len(mine) < len(record.events)
    html = snapshot_html(
        mine, date="2023-06-06", sources=record.sources, families=["russian_state"]
    )
    assert "only events with a claim by Russian state" in html
    others = set(record.events["event_id"]) - set(mine["event_id"])
    every = snapshot_html(record.events, date="2023-06-06", sources=record.sources)
    # an event id of another family is in the whole record's snapshot, not in this one
    missing = [e for e in sorted(others) if f'"{e}"' in every or f">{e}<" in every]
    assert missing and not any(f'"{e}"' in html or f">{e}<" in html for e in missing)
