"""Penetration over time as a band (issue 15): each day's deepest located raider event drawn
as the land between depth - uncertainty and depth + uncertainty from the border, near it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geo.geodesic import GEOD
from geo.measure import default_depth_model
from layers.analysis import deepest_per_day
from layers.penetration import HALF_WIDTH_KM, bands_on, deepest_by_day, penetration_bands


@pytest.fixture(scope="module")
def bands(record):
    return penetration_bands(record.events)


def test_one_band_per_day_of_the_deepest_per_day_table(record, bands):
    per_day = deepest_per_day(record.events)
    assert len(bands) == len(per_day) > 0
    assert list(bands["event_date"]) == [pd.Timestamp(d) for d in per_day["date"]]
    assert list(bands["event_id"]) == list(per_day["event_id"])
    assert (bands["inner_km"] == np.maximum(bands["depth_km"] - bands["uncertainty_km"], 0)).all()


@pytest.mark.parametrize("cut", [None, "2023-05-23", "2023-06-02"])
def test_deepest_by_day_is_deepest_per_day(record, cut):
    ev = record.events
    if cut:
        ev = ev.loc[ev["event_date"] <= pd.Timestamp(cut)]
    # an equally deep copy later in the frame: the first one is kept, as deepest_per_day does
    ev = pd.concat([ev, ev.iloc[[-1]].assign(event_id="COPY")], ignore_index=True)
    slow = deepest_per_day(ev)[["date", "depth_km", "uncertainty_km", "event_id", "place_name"]]
    fast = deepest_by_day(ev)
    pd.testing.assert_frame_equal(
        fast.reset_index(drop=True), slow.reset_index(drop=True), check_dtype=False
    )


def test_the_band_holds_its_event_and_only_land_at_its_depths(record, bands):
    model = default_depth_model()
    rng = np.random.default_rng(15)
    for b in bands.itertuples():
        ev = record.events.loc[record.events["event_id"] == b.event_id].iloc[0]
        pt = shapely.Point(ev["longitude"], ev["latitude"])
        assert b.geometry.buffer(1e-6).contains(pt), b.event_id
        # random points of the band: depths between the band's edges (50 m of drawing slack)
        x0, y0, x1, y1 = b.geometry.bounds
        xs, ys = rng.uniform(x0, x1, 4000), rng.uniform(y0, y1, 4000)
        inside = shapely.contains_xy(b.geometry, xs, ys)
        assert inside.sum() > 50
        d = model.depth(lon=xs[inside], lat=ys[inside]).depth_km
        assert d.min() >= b.inner_km - 0.05 and d.max() <= b.outer_km + 0.05, b.label
        assert d.min() < b.inner_km + 0.5 and d.max() > b.outer_km - 0.5  # fills the band
        # ... and no farther than HALF_WIDTH_KM from the event
        far = max(
            GEOD.inv(ev["longitude"], ev["latitude"], x, y)[2]
            for x, y in zip(xs[inside], ys[inside], strict=True)
        )
        assert far <= HALF_WIDTH_KM * 1000 + 100


def test_labels_say_day_place_depth_and_uncertainty(bands):
    b = bands.iloc[0]
    assert b.label.startswith(f"{b.event_date.day} {b.event_date.strftime('%B')} 2023: ")
    assert f"{b.place_name}, {b.depth_km:.1f} ± {b.uncertainty_km:.1f} km" in b.label


def test_bands_follow_the_date_rule(bands):
    first = bands["event_date"].min()
    assert len(bands_on(bands, first, "upto")) == 1
    assert len(bands_on(bands, first - pd.Timedelta(days=1), "upto")) == 0
    last = bands["event_date"].max()
    assert len(bands_on(bands, last, "upto")) == len(bands)
    assert list(bands_on(bands, last, "day")["event_date"]) == [last]


def test_no_located_raider_event_no_band(record):
    none = record.events.iloc[0:0]
    assert penetration_bands(none).empty


def test_the_app_script_and_the_snapshot_carry_the_bands_escaped(record, bands):
    from render.bandlayer import bands_js
    from render.snapshot_html import snapshot_html

    js = bands_js(bands_on(bands, "2023-05-23", "upto"))
    assert js.count('"className":"rm-band"') == 2
    assert "Glotovo, 3.4 ± 3.0 km from the border" in js
    assert '"features":[]' in bands_js(None)
    hostile = bands.iloc[[0]].assign(label="<img src=x onerror=alert(1)></script>")
    out = bands_js(hostile)
    assert "<img" not in out and "</script>" not in out
    html = snapshot_html(record.events, date="2023-06-01", sources=record.sources)
    import re

    tips = re.findall(r"\d+ \w+ 2023: deepest located raider event", html)
    assert len(tips) == len(bands)  # one tooltip per band
    no_rings = snapshot_html(
        record.events, date="2023-06-01", sources=record.sources, layers=["events", "border"]
    )
    assert not re.findall(r"\d+ \w+ 2023: deepest located raider event", no_rings)
