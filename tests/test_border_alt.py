"""The second, independent border line (Natural Earth 1:10m): how much an event's depth
depends on which line one trusts. Known values measured on 2026-11-30 (data/border/README.md)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from geo.border import ALT_BORDER_FILE, load_border, load_border_alt
from geo.geodesic import GEOD
from geo.measure import alt_depth_model, default_depth_model, place_depth, with_alt_depth
from geo.paths import data_file
from layers.analysis import depth_table
from render.popup import depth_alt_text, popup_html
from tests.test_cli import cli  # noqa: F401 - the fixture

# (place, OSM depth km, Natural Earth depth km): measured, see data/border/README.md
KNOWN = [
    ("Kozinka", 1.792, 4.412),
    ("Grayvoron", 7.529, 10.231),
    ("Shebekino", 7.057, 8.215),
    ("Novaya Tavolzhanka", 3.046, 3.347),
    ("Tetkino", 2.698, 1.958),
]


def test_the_line_is_a_separate_small_file_from_natural_earth():
    path = data_file(*ALT_BORDER_FILE)
    doc = json.loads(path.read_text(encoding="utf-8"))
    (feat,) = doc["features"]
    assert "Natural Earth" in feat["properties"]["source"]
    assert feat["properties"]["left"] == "RU"
    assert path.stat().st_size < 50_000
    line = load_border_alt().line
    assert line.geom_type == "LineString"
    # The same stretch as the OSM extract, but a different, simpler line.
    osm = load_border().line
    assert 1100 < GEOD.geometry_length(line) / 1000 < 1300
    assert len(line.coords) < len(osm.coords) / 5


@pytest.mark.parametrize(("name", "osm_km", "ne_km"), KNOWN)
def test_known_depths_against_both_lines(gaz, name, osm_km, ne_km):
    d = with_alt_depth(place_depth(gaz.lookup(name)))
    assert d["depth_km"] == pytest.approx(osm_km, abs=0.01)
    assert d["depth_km_alt"] == pytest.approx(ne_km, abs=0.01)
    assert d["depth_diff_km"] == pytest.approx(ne_km - osm_km, abs=0.02)
    assert d["border_alt"] == "Natural Earth 1:10m"


def test_kozinka_is_where_the_lines_differ_by_about_2_6_km(gaz):
    d = with_alt_depth(place_depth(gaz.lookup("Kozinka")))
    assert 2.55 < d["depth_diff_km"] < 2.7


def test_the_natural_earth_line_keeps_russia_positive_and_ukraine_negative():
    # Points well inside each country: the sign must not depend on the line.
    lon = np.array([36.58, 35.48, 36.23])  # Belgorod, Velyka Pysarivka, Kharkiv
    lat = np.array([50.60, 50.42, 49.99])
    alt = alt_depth_model().depth(lon=lon, lat=lat).depth_km
    osm = default_depth_model().depth(lon=lon, lat=lat).depth_km
    assert alt[0] > 30 and alt[1] < 0 and alt[2] < -30
    assert np.all(np.sign(alt) == np.sign(osm))


def test_region_places_get_no_alt_depth(gaz):
    d = with_alt_depth(place_depth(gaz.lookup("Belgorod Oblast")))
    assert d["depth_km"] is None and d["depth_km_alt"] is None and d["depth_diff_km"] is None


def test_every_located_event_has_both_depths(record):
    ev = record.events
    point = ev["draw_as"] == "point"
    assert ev.loc[point, "depth_km_alt"].notna().all()
    assert ev.loc[~point, "depth_km_alt"].isna().all()
    koz = ev.loc[ev["event_id"] == "BEL-2023-05-22-01"].iloc[0]
    assert koz["depth_km_alt"] - koz["depth_km"] == pytest.approx(2.62, abs=0.02)
    assert "depth_km_alt" in depth_table(ev).columns


def test_popup_shows_the_natural_earth_depth_and_the_difference(record):
    koz = record.events.loc[record.events["event_id"] == "BEL-2023-05-22-01"].iloc[0]
    assert depth_alt_text(koz) == "+4.4 km (+2.6 km against the OpenStreetMap line)"
    assert "depth, Natural Earth line" in popup_html(koz)
    area = record.events.loc[record.events["draw_as"] == "area"].iloc[0]
    assert depth_alt_text(area) == "" and "Natural Earth" not in popup_html(area)


def test_cli_depth_json_has_the_alt_line(cli):  # noqa: F811
    d = json.loads(cli("depth", "Kozinka", "--json").stdout)
    assert d["border_alt"] == "Natural Earth 1:10m"
    assert d["depth_km_alt"] == pytest.approx(4.412, abs=0.01)
    text = cli("depth", "Kozinka").stdout
    assert "Natural Earth 1:10m line: +4.41 km (+2.62 km)" in text
    p = json.loads(cli("depth", "50.60,36.58", "--json").stdout)
    assert not math.isnan(p["depth_km_alt"]) and p["depth_km_alt"] > 30
