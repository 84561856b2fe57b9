"""One region-area builder (layers/areas.py): the static images draw the same clipped areas
as the web map, none of them reaching into the other country; one wording for a place known
only roughly (the Belgorod-22 site)."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from geo.border import load_border
from geo.measure import AEQD
from layers import areas, derived
from layers.filters import by_date
from render import static, webmap
from render.legend import legend_html

GEOD = Geod(ellps="WGS84")
OTHER = {"RU": "UA", "UA": "RU"}


def km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def lonlat(geom):
    return gpd.GeoSeries([geom], crs=AEQD).to_crs("EPSG:4326").iloc[0]


@pytest.mark.parametrize("date", ["2023-03-02", "2023-05-22", "2023-06-01", "2023-06-30"])
def test_static_region_areas_stay_in_their_country(record, date):
    shown = by_date(record.events, date, "upto")
    drawn = static.region_areas(shown)
    assert drawn, "the record has region-level events by every one of these dates"
    land = load_border().land
    for grp, shape in drawn:
        side = grp.iloc[0]["side"]
        assert side in OTHER
        spill = km2(shapely.intersection(lonlat(shape), land[OTHER[side]]))
        assert spill < 1.0, f"{grp.iloc[0]['place_name']}: {spill:.0f} km² in {OTHER[side]}"
        assert km2(lonlat(shape)) > 10  # and something is drawn


def test_the_unclipped_circle_would_spill(record):
    """What the static images drew before: the Belgorod Oblast circle, ~28,000 km² of it in
    Ukraine. The clipping above is what keeps it out."""
    shown = by_date(record.events, "2023-06-01", "upto")
    region = shown.loc[(shown["draw_as"] == "area") & (shown["geo_precision"] == 3)]
    region = region.loc[region["side"] == "RU"].iloc[:1]
    centre = gpd.GeoSeries(region.geometry.values, crs="EPSG:4326").to_crs(AEQD).iloc[0]
    circle = lonlat(centre.buffer(float(region["radius_m"].iloc[0]), 64))
    assert km2(shapely.intersection(circle, load_border().land["UA"])) > 10_000


def test_web_map_and_static_draw_the_same_areas(record):
    events = record.events
    prepared = webmap.prepare_events(events)
    groups = areas.area_groups(events.loc[events["draw_as"] == "area"])
    assert {k for k, _, _ in groups} == set(prepared.area_shapes)
    for key, _, shape in groups:
        web = prepared.area_shapes[key]
        assert shapely.symmetric_difference(shape, web).area < 1e-6 * shape.area


def test_one_wording_for_a_place_known_only_roughly(record, tmp_path):
    b22 = record.events.loc[record.events["place_name"].str.contains("Belgorod-22", na=False)]
    assert len(b22) and (b22["draw_as"] == "area").all()
    row = b22.iloc[0]
    text = areas.area_text(row)
    assert text == areas.uncertainty_text(row["radius_m"]) == "position known only within 12 km"
    zone = webmap.uncertainty_geojson()["features"][0]["properties"]
    assert text in zone["tooltip"] and "not published" not in zone["tooltip"]
    legend = legend_html(record.events)
    assert f"Belgorod-22: {text}" in legend and "position unknown" not in legend
    # The raid's own view (south, west, north, east): "up to" 25 May also reaches Bryansk,
    # and at that scale the site's label gives way to others.
    out = static.render_static(
        record.events,
        date="2023-05-25",
        out_path=tmp_path / "m.svg",
        sources=record.sources,
        bounds=(50.25, 35.3, 50.75, 36.3),
    )
    svg = out.read_text(encoding="utf-8")
    # said once, as the zone's label or (precision 2, drawn as an area) in the panel's list
    # (the panel wraps its line after "only")
    said = re.findall(r"Belgorod-22(?:: | \()position known only", svg)
    assert len(said) == 1, said
    for old in ("position uncertain", "no position", "Region-level events:"):
        assert old not in svg


def test_zones_stay_in_their_country(record):
    """The Belgorod-22 uncertainty circle and evacuation zones are clipped like region
    areas (the site's 12 km circle reached into Ukraine)."""
    z = derived.zones(record.events)
    assert "uncertainty" in set(z["kind"])
    ua = load_border().land["UA"]
    for _, r in z.iterrows():
        assert km2(shapely.intersection(r.geometry, ua)) < 1.0, r["name"]
        assert km2(r.geometry) > 1.0


# Places known to lie in (and out of) each oblast: (lat, lon), by name for the message.
INSIDE = {
    "Belgorod Oblast": {
        "Belgorod": (50.6034, 36.5809),
        "Grayvoron": (50.4786, 35.6783),
        "Kozinka": (50.4427, 35.6327),
        "Shebekino": (50.4079, 36.8970),
        "Novaya Tavolzhanka": (50.3527, 36.8395),
        "Stary Oskol": (51.2967, 37.8350),
        "Valuyki": (50.2111, 38.0998),
    },
    "Sumy Oblast": {"Sumy": (50.9174, 34.7991), "Shostka": (51.8653, 33.4697)},
    "Bryansk Oblast": {"Bryansk": (53.2521, 34.3717), "Klimovo": (52.3788, 32.1963)},
}
OUTSIDE = {
    "Belgorod Oblast": {
        "Kursk": (51.7373, 36.1874),
        "Kharkiv": (49.9935, 36.2304),
        "Voronezh": (51.6720, 39.1843),
        "Sumy": (50.9174, 34.7991),
    },
    "Sumy Oblast": {"Chernihiv": (51.4982, 31.2893), "Kharkiv": (49.9935, 36.2304)},
    "Bryansk Oblast": {"Kursk": (51.7373, 36.1874), "Chernihiv": (51.4982, 31.2893)},
}
# The oblasts' areas (km², Rosstat / Ukrstat): the outline must be of that order, not the
# 170 km circle's ~90,000 km².
OFFICIAL_KM2 = {"Belgorod Oblast": 27_134, "Sumy Oblast": 23_834, "Bryansk Oblast": 34_857}


@pytest.mark.parametrize("oblast", sorted(INSIDE))
def test_region_outline_is_the_oblast_not_a_circle(oblast):
    shape = areas.region_outline(oblast)
    assert shape is not None
    for name, (lat, lon) in INSIDE[oblast].items():
        assert shape.covers(shapely.Point(lon, lat)), f"{name} should lie in {oblast}"
    for name, (lat, lon) in OUTSIDE[oblast].items():
        assert not shape.covers(shapely.Point(lon, lat)), f"{name} is not in {oblast}"
    assert 0.7 * OFFICIAL_KM2[oblast] < km2(shape) < 1.4 * OFFICIAL_KM2[oblast]


def test_region_level_events_are_drawn_as_their_oblast(record):
    events = record.events
    shapes = areas.area_shapes(events)
    regional = (events["draw_as"] == "area") & (events["geo_precision"] == 3)
    assert regional.sum() >= 10
    for i in regional.to_numpy().nonzero()[0]:
        row = events.iloc[i]
        place = row["place_name"]
        oblast = {"RU": None, "UA": "Sumy Oblast"}[row["side"]] or (
            "Bryansk Oblast" if row["event_id"].startswith("BRY") else "Belgorod Oblast"
        )
        assert shapes[i].equals(areas.region_outline(oblast)), f"{row['event_id']} ({place})"


def test_region_level_point_outside_every_oblast_keeps_its_circle(record):
    """A region-level event whose point is far from every place of the extract (here moved
    to the Rostov edge of the map box) is in none of its oblasts: it keeps its clipped circle."""
    events = record.events.copy()
    k = int(((events["draw_as"] == "area") & (events["geo_precision"] == 3)).to_numpy().argmax())
    moved = events.iloc[[k]].copy()
    moved["geometry"] = [shapely.Point(40.9, 48.6)]
    shape = areas.area_shapes(moved)[0]
    assert areas.region_of(*lonlat_to_aeqd(40.9, 48.6), "RU") is None
    assert not any(shape.equals(areas.region_outline(o)) for o in OFFICIAL_KM2)


def lonlat_to_aeqd(lon: float, lat: float) -> tuple[float, float]:
    p = gpd.GeoSeries([shapely.Point(lon, lat)], crs="EPSG:4326").to_crs(AEQD).iloc[0]
    return p.x, p.y
