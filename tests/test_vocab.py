"""One vocabulary, one settings place, one rule each for place names, citations, the raider
test, settlement selection and small holes."""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys

import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from geo import settings
from geo.border import fill_small_holes
from layers import derived, settlements, validate, vocab
from raidmap import state
from render import popup, style, webmap
from render import static as static_images
from render.snapshot_html import _sources_list
from tests.support.browser import REPO


def test_one_region_box():
    spec = importlib.util.spec_from_file_location("xb", REPO / "scripts" / "extract_border.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    # (the importer's region check: layers/validate.py, row by row)
    assert validate.REGION_BOUNDS == webmap.MAP_BOUNDS == script.BBOX == settings.REGION_BOUNDS
    span = (dt.date(2023, 3, 1), dt.date(2023, 6, 30))
    lon0, lat0, lon1, lat1 = settings.REGION_BOUNDS
    inside = state.from_query({"lat": str(lat1), "lon": str(lon0)}, span=span, default_date=span[0])
    assert (inside.lat, inside.lon) == (lat1, lon0) and not inside.warnings
    # a link may not centre the map where the extract has no data (was accepted: lat 44..56)
    out = state.from_query({"lat": "45.0", "lon": "29.0"}, span=span, default_date=span[0])
    assert (out.lat, out.lon) == (settings.DEFAULT_LAT, settings.DEFAULT_LON)
    assert len(out.warnings) == 2


def test_one_layer_vocabulary():
    assert webmap.ALL_LAYERS == vocab.ALL_LAYERS == state.DEFAULT_LAYERS
    assert set(vocab.LAYER_LABELS) == set(vocab.ALL_LAYERS)
    assert set(vocab.ALL_LAYERS) | {"labels"} == static_images.ALL_LAYERS | static_images.WEB_LAYERS
    assert state.MODES == vocab.MODES and state.LANGS == vocab.LANGS == static_images.LANGS


def test_vocabulary_and_settings_load_no_drawing_library():
    code = (
        "import sys, layers.vocab, layers.dates, layers.areas, layers.settlements, geo.settings,"
        " render.features, render.basemap, raidmap.state\n"
        "print(sorted(m for m in ('folium', 'branca', 'streamlit', 'matplotlib')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_place_name_by_language(gaz, record):
    kozinka = gaz.curated_by_id("kozinka") if hasattr(gaz, "curated_by_id") else None
    kozinka = kozinka or next(p for p in gaz.curated if p.place_id == "kozinka")
    assert vocab.local_name(kozinka, "ru") == kozinka.name_ru != kozinka.name
    assert vocab.local_name(kozinka, "en") == kozinka.name
    assert webmap.place_label(kozinka, "uk") == kozinka.name_uk
    row = record.events.loc[record.events["place_id"] == "kozinka"].iloc[0]
    assert vocab.local_name(row, "ru") == kozinka.name_ru
    assert vocab.local_name(row.to_dict(), "xx") == row["place_name"]
    assert vocab.local_name({"place_name": "Somewhere", "name_ru": ""}, "ru") == "Somewhere"


def test_one_citation(record):
    src = record.sources.to_dict("records")[0]
    text = vocab.citation(src)
    assert src["headline"] in text and str(src["published_date"]) in text
    lookup = {src["source_id"]: src}
    ids = [src["source_id"]]
    assert popup.esc(text) in popup._sources_html(ids, lookup)
    assert popup.esc(text) in _sources_list(pd.DataFrame({"source_ids": [ids]}), record.sources)


def test_one_raider_test():
    names = ["Russian Volunteer Corps", "freedom of russia legion", "Military Forces of Russia"]
    assert [vocab.is_raider(n) for n in names] == [True, True, False]
    assert [style.side_of(n) for n in names[:2]] == ["raiders", "raiders"]
    ev = pd.DataFrame(
        {
            "actor1": names,
            "sub_event_type": ["Non-state actor overtakes territory"] * 3,
            "geo_precision": [1, 1, 1],
            "draw_as": ["point"] * 3,
            "depth_km": [3.0, 3.0, 3.0],
        }
    )
    # lower-case spelling counts the same here as in the map's colours
    assert list(derived.presence_events(ev).index) == [0, 1]


def test_one_settlement_selection():
    web = {f["properties"]["label"] for f in webmap.settlements_geojson("en")["features"]}
    every = settlements.settlements()
    assert web <= {popup.esc(p.name) for p in every}
    assert all(p.kind in settlements.KINDS and not p.is_region for p in every)
    curated = [p for p in every if p.origin == "curated"]
    geod = Geod(ellps="WGS84")
    for p in every:
        if p.origin == "curated":
            continue
        assert p.geonames_id not in {c.geonames_id for c in curated}
        d = [geod.inv(c.lon, c.lat, p.lon, p.lat)[2] for c in curated]
        assert min(d) >= settlements.DUPLICATE_M, p.name
    assert len(settlements.settlements(min_population=2000)) < len(every)
    assert static_images.basemap._basemap()[2] == every


def test_one_fill_small_holes():
    outer = [(0, 0), (10_000, 0), (10_000, 10_000), (0, 10_000)]
    small = [(100, 100), (200, 100), (200, 200), (100, 200)]  # 0.01 km²
    big = [(3000, 3000), (6000, 3000), (6000, 6000), (3000, 6000)]  # 9 km²
    g = fill_small_holes(shapely.Polygon(outer, [small, big]))
    assert [len(p.interiors) for p in g.geoms] == [1]
    halved = fill_small_holes(shapely.Polygon(outer, [small, big]), area_m2=lambda p: p.area / 2)
    assert [len(p.interiors) for p in halved.geoms] == [0]  # 4.5 km² < 5 km²
    assert np.isclose(g.area, 100e6 - 9e6)
