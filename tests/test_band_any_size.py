"""The penetration-over-time band at any dataset size (issue 15): above 20,000 events (a
large import, drawn as counted cells) the app still draws one band per day, since the band is
one value per day whatever the number of events."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from types import SimpleNamespace

import pytest

from layers.events import load_events
from layers.penetration import bands_on, deepest_by_day, penetration_bands
from raidmap.panels import band_overlay
from raidmap.state import ViewState
from render import liveagg
from tests.support.synthetic import many_events_csv

N = 25_000  # over liveagg.BIG_ABOVE (20,000)


@pytest.fixture(scope="module")
def big():
    gdf, rep = load_events(many_events_csv(N), name="many.csv")
    assert rep.ok and len(gdf) == N
    return gdf


def test_a_large_dataset_gets_a_band_per_day(big):
    assert liveagg.is_big(big)
    t0 = time.process_time()
    bands = penetration_bands(big)
    cpu = time.process_time() - t0
    per_day = deepest_by_day(big)
    assert len(per_day) > 20  # the synthetic raids: May 2023, raider events most days
    assert len(bands) == len(per_day)
    assert list(bands["event_id"]) == list(per_day["event_id"])
    print(f"{N} events: {len(bands)} bands in {cpu:.2f} s of CPU")


def _features(js: str) -> list:
    data = re.search(r"\}\)\((\{.*\})\);\s*$", js, re.S)
    assert data, js[-300:]
    return json.loads(data.group(1))["features"]


def test_the_app_draws_the_band_of_a_large_dataset(big):
    ds = SimpleNamespace(key="synthetic-25000", events=big)
    view = SimpleNamespace(frame=big)
    day = ViewState(date=dt.date(2023, 5, 20), mode="day")
    feats = _features(band_overlay(ds, view, day))
    assert len(feats) == 1  # that day's deepest raider event
    upto = ViewState(date=dt.date(2023, 5, 20), mode="upto")
    want = bands_on(penetration_bands(big), upto.date, "upto")
    assert len(_features(band_overlay(ds, view, upto))) == len(want) == 20
    no_rings = day.with_(layers=tuple(x for x in day.layers if x != "rings"))
    assert _features(band_overlay(ds, view, no_rings)) == []
