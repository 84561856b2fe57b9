"""The ruler (render/ruler.js) in headless Chromium at 1400x900: its geodesics against
pyproj's, two clicks drawing a labelled geodesic in the app (and the snapshot), neither of
them a depth click; and a double-click zoom that keeps the measured point."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyproj import Geod

from tests.support.browser import WAIT_MS, offline_page
from tests.test_browser_app import map_frame

pytestmark = pytest.mark.browser
RULER_JS = (Path(__file__).resolve().parents[1] / "render" / "ruler.js").read_text("utf-8")
GEOD = Geod(ellps="WGS84")
PAIRS = [  # (lat1, lon1, lat2, lon2)
    (50.4719, 35.6847, 50.6010, 36.5870),  # Kozinka - Belgorod
    (50.4130, 36.9254, 50.4720, 35.6850),  # Shebekino - Kozinka
    (50.0, 30.0, 50.0, 30.0000001),  # 1 cm
    (0.0, 0.0, 0.0, 1.0),  # on the equator
    (52.0, 4.0, 37.0, -122.0),  # 8,700 km
    (-33.9, 151.2, 51.5, -0.1),  # Sydney - London
    (89.9, 0.0, 89.9, 180.0),  # across the pole
]


@pytest.fixture(autouse=True)
def close_pages(browser):
    yield
    for context in list(browser.contexts):
        context.close()


def test_vincenty_in_chromium_agrees_with_pyproj(browser):
    page, *_ = offline_page(browser)
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=RULER_JS)
    for lat1, lon1, lat2, lon2 in PAIRS:
        js = page.evaluate("a => rmRulerGeo.inverse(...a)", [lat1, lon1, lat2, lon2])
        az1, az2, s12 = GEOD.inv(lon1, lat1, lon2, lat2)
        assert js["s12"] == pytest.approx(s12, abs=1e-3), (lat1, lon1, lat2, lon2)
        if s12 > 1:
            assert js["az1"] == pytest.approx(az1, abs=1e-7)
            # the path's end by the direct formula is the far point, to a millimetre
            end = page.evaluate("a => rmRulerGeo.direct(...a)", [lat1, lon1, js["az1"], s12])
            _, _, miss = GEOD.inv(lon2, lat2, end["lon"], end["lat"])
            assert miss < 1e-3
    # every vertex of a densified path lies on pyproj's geodesic between the ends
    lat1, lon1, lat2, lon2 = PAIRS[0]
    pts = page.evaluate("a => rmRulerGeo.path(...a, 500)", [lat1, lon1, lat2, lon2])
    _, _, s12 = GEOD.inv(lon1, lat1, lon2, lat2)
    assert len(pts) == int(-(-s12 // 500)) + 1
    ref = GEOD.npts(lon1, lat1, lon2, lat2, len(pts) - 2)
    for (lat, lon), (rlon, rlat) in zip(pts[1:-1], ref, strict=True):
        assert GEOD.inv(lon, lat, rlon, rlat)[2] < 1e-3


def _to_page(frame, box, lat, lon):
    p = frame.evaluate("a => rmRuler.map.latLngToContainerPoint(a)", [lat, lon])
    return box["x"] + p["x"], box["y"] + p["y"]


def _frame_box(frame):
    """The map's box in the page, once the whole map is in view (at 1400x900 its foot is
    below the fold, and the first click, focusing the map, would scroll the page under it)."""
    frame.locator(".leaflet-container").scroll_into_view_if_needed()
    frame.page.wait_for_timeout(300)
    return frame.locator(".leaflet-container").bounding_box()


def _open(browser, server):
    """The app at 1400x900 on 6 June, once its second run (sidebar controls, tabs) has drawn:
    until then the page's layout, and so the map's place in it, may still change."""
    page, blocked, dialogs, errors = offline_page(browser, allow_prefix=server)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(server + "/?date=2023-06-06&lat=50.5&lon=36.2&zoom=9", timeout=WAIT_MS)
    frame = map_frame(page)
    page.get_by_text("Layers and filters").wait_for(timeout=WAIT_MS)
    page.get_by_role("tab", name="Depth").wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(1000)
    return page, frame, blocked, dialogs, errors


def test_ruler_draws_a_labelled_geodesic_and_is_no_depth_click(browser, server, tmp_path):
    page, frame, blocked, dialogs, errors = _open(browser, server)
    # the penetration-over-time bands of the days up to 6 June are on the map, with tooltips
    frame.wait_for_function("document.body.getAttribute('data-rm-bands') === '4'")
    assert frame.locator("path.rm-band").count() == 4
    frame.locator(".rm-ruler-button").click()
    assert frame.evaluate("document.body.getAttribute('data-rm-ruler-on')") == "true"
    box = _frame_box(frame)
    a, b = (50.4719, 35.6847), (50.4130, 36.9254)  # Kozinka, Shebekino
    page.mouse.click(*_to_page(frame, box, *a))
    assert frame.evaluate("rmRuler.state.a.lat") == pytest.approx(a[0], abs=0.01)
    page.mouse.click(*_to_page(frame, box, *b))
    frame.wait_for_selector(".rm-ruler-label", timeout=WAIT_MS)
    last = frame.evaluate("rmRuler.state.last")
    (lat1, lon1), (lat2, lon2) = last["a"], last["b"]
    _, _, s12 = GEOD.inv(lon1, lat1, lon2, lat2)
    assert last["metres"] == pytest.approx(s12, abs=1e-3)
    assert 85_000 < s12 < 92_000  # the two clicks landed near the two towns (88 km apart)
    assert last["vertices"] > 150  # densified: a vertex every 500 m at most
    label = frame.locator(".rm-ruler-label").inner_text()
    assert label == f"{s12 / 1000:.1f} km (geodesic, WGS84)", label
    # the label is inside the map, on screen
    lb, mb = frame.locator(".rm-ruler-label").bounding_box(), box
    assert mb["x"] <= lb["x"] and lb["x"] + lb["width"] <= mb["x"] + mb["width"]
    page.screenshot(path=str(tmp_path / "ruler.png"))
    # Ruler clicks are not depth clicks: the app measured no clicked point.
    page.wait_for_timeout(1500)
    assert page.get_by_text("Clicked point: depth from the border").count() == 0
    # a third click starts again; switching the ruler off clears it
    page.mouse.click(*_to_page(frame, box, 50.45, 36.3))
    frame.wait_for_selector(".rm-ruler-label", state="detached", timeout=5000)  # fades out
    assert frame.locator(".rm-ruler-end").count() == 1  # the new start
    frame.locator(".rm-ruler-button").click()
    frame.wait_for_selector(".rm-ruler-end", state="detached", timeout=5000)
    assert frame.evaluate("document.body.getAttribute('data-rm-ruler-on')") == "false"
    assert not errors and not dialogs and blocked == []


def test_a_double_click_zoom_keeps_the_measured_point(browser, server):
    page, frame, *_ = _open(browser, server)
    box = _frame_box(frame)
    page.mouse.click(*_to_page(frame, box, 50.55, 36.0))
    page.get_by_text("Clicked point: depth from the border").wait_for(timeout=WAIT_MS)
    caption = page.get_by_text(re.compile(r"^lat 50\.5")).first
    before = caption.inner_text()
    zoom = frame.evaluate("rmRuler.map.getZoom()")
    page.mouse.dblclick(*_to_page(frame, box, 50.45, 36.5))
    frame.wait_for_function("z => rmRuler.map.getZoom() > z", arg=zoom, timeout=WAIT_MS)
    # the app has heard of the new view (the address follows it) ...
    page.wait_for_function(
        "z => new URLSearchParams(location.search).get('zoom') == String(z)",
        arg=zoom + 1,
        timeout=WAIT_MS,
    )
    page.wait_for_timeout(1500)
    # ... and still shows the point clicked before the double click
    assert page.get_by_text(re.compile(r"^lat 50\.5")).first.inner_text() == before
    assert "50.45" not in before


def test_the_snapshot_has_the_ruler(browser, tmp_path, record):
    from render.snapshot_html import snapshot_html

    path = tmp_path / "snap.html"
    path.write_text(snapshot_html(record.events, date="2023-06-01"), encoding="utf-8")
    page, _, _, errors = offline_page(browser)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_function("() => window.rmRuler && rmRuler.map")
    # the penetration bands follow the snapshot's slider: 3 days up to 1 June, none on the
    # first day (2 March), all 4 on the last
    assert page.evaluate("rmSnapshot.layers.bands.getLayers().length") == 3
    for to, n in (("0", 0), ("el.max", 4), ("el.value", 4)):
        page.evaluate(
            "() => { const el = document.getElementById('rm-slider');"
            f" el.value = {to}; el.dispatchEvent(new Event('input')); }}"
        )
        assert page.evaluate("rmSnapshot.layers.bands.getLayers().length") == n
    page.locator(".rm-ruler-button").click()
    box = page.locator(".leaflet-container").bounding_box()
    for x, y in ((600, 250), (1000, 330)):  # open map, clear of the panels
        page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector(".rm-ruler-label")
    last = page.evaluate("rmRuler.state.last")
    (lat1, lon1), (lat2, lon2) = last["a"], last["b"]
    km = GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000
    assert page.locator(".rm-ruler-label").inner_text() == f"{km:.1f} km (geodesic, WGS84)"
    assert not errors
