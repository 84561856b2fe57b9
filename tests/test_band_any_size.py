"""The penetration-over-time band at any dataset size (issue 15): above 20,000 events (a
large import, drawn as counted cells) the app still draws one band per day, since the band is
one value per day whatever the number of events."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from types import SimpleNamespace

import pandas as pd
import pytest

from layers.events import load_events
from layers.penetration import bands_on, deepest_by_day, penetration_bands
from raidmap.panels import band_overlay
from raidmap.state import ViewState
from render import liveagg, livemap
from render.bandlayer import BANDS_DIR, BANDS_URL
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


def _shown(js: str) -> tuple[str | None, dict | None]:
    """The document URL and the date rule a band script sends."""
    got = re.search(r"window\.rmBands\.show\((null|\"[^\"]*\"), (null|\{[^}]*\})\);\s*$", js)
    assert got, js[-300:]
    return json.loads(got.group(1)), json.loads(got.group(2))


def _document(url: str) -> list:
    assert url.startswith(BANDS_URL)
    return json.loads((BANDS_DIR / url[len(BANDS_URL) :]).read_text("utf-8"))["features"]


PICK_JS = "([fc, rule]) => window.rmBands.pick(fc, rule).map(f => f.properties.event_date)"


def _iso(values) -> list[str]:
    return [pd.Timestamp(v).date().isoformat() for v in values]


def test_the_app_sends_the_bands_once_and_the_date_with_each_move(big):
    """Every band goes into one document, written once per dataset and filter choice; a
    move sends its URL and the date rule only (issue 16: the bands of the days shown went
    with every move: 550 KB and 0.6 s an "up to" move at 500,000 rows)."""
    ds = SimpleNamespace(key="synthetic-25000", events=big)
    view = SimpleNamespace(frame=big)
    day = ViewState(date=dt.date(2023, 5, 20), mode="day")
    url, rule = _shown(band_overlay(ds, view, day))
    assert rule == {"date": "2023-05-20", "mode": "day", "window": 7}
    every = penetration_bands(big)
    feats = _document(url)
    assert len(feats) == len(every) > 20  # every day's band, in one document
    assert [f["properties"]["event_date"] for f in feats] == _iso(every["event_date"])
    upto = ViewState(date=dt.date(2023, 5, 20), mode="upto")
    js = band_overlay(ds, view, upto)
    assert _shown(js) == (url, {"date": "2023-05-20", "mode": "upto", "window": 7})
    later = band_overlay(ds, view, upto.with_(date=dt.date(2023, 5, 30)))
    assert len(later) == len(js)  # a move's script does not grow with the bands shown
    assert len(js) < 4096 < len(json.dumps(feats))
    # the bands' code (window.rmBands) is the frame's, loaded once: a move sends the call
    assert "function" not in js and len(js) < 200, js
    assert "window.rmBands = (function" in livemap.live_frame_js()
    no_rings = day.with_(layers=tuple(x for x in day.layers if x != "rings"))
    assert _shown(band_overlay(ds, view, no_rings)) == (None, None)


@pytest.mark.browser
def test_the_map_shows_the_bands_the_date_rule_shows(big):
    """The map's choice (render/bandlayer.py's pick, with render/daterule.js) is
    :func:`layers.penetration.bands_on`'s, for each mode, on days with and without bands."""
    from render.assets import date_rule_js
    from render.bandlayer import BANDS_FN
    from tests.support.browser import launch, offline_page

    ds = SimpleNamespace(key="synthetic-25000", events=big)
    view = SimpleNamespace(frame=big)
    bands = penetration_bands(big)
    url, _ = _shown(band_overlay(ds, view, ViewState(date=dt.date(2023, 5, 20))))
    feats = _document(url)
    days = pd.date_range(bands["event_date"].min() - pd.Timedelta(days=2), periods=40)
    with launch() as browser:
        page, _, _, errors = offline_page(browser)
        page.set_content(f"<html><body><script>{date_rule_js()}{BANDS_FN}</script></body></html>")
        checked = 0
        for mode, window in (("upto", 7), ("day", 7), ("window", 3)):
            for d in days:
                rule = {"date": d.date().isoformat(), "mode": mode, "window": window}
                got = page.evaluate(PICK_JS, [feats, rule])
                want = _iso(bands_on(bands, d, mode, window)["event_date"])
                assert got == want, (rule, got, want)
                checked += bool(want)
        assert not errors
    assert checked > 40  # most days show bands: the comparison is not empty
