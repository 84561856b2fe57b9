"""The first screen, in the app as a reader opens it (issue 14): at 1400x900 the whole map,
with every event marker or group drawn, is on the first screen; on a 390x844 phone the events
of the date opened (or the groups holding them) are inside the part of the map the first
screen shows, with no scrolling; events the fit leaves out are named on the map."""

from __future__ import annotations

import pytest

from tests.test_browser_app import wait_for_shown
from tests.test_browser_time import SIZES, open_page, shot

pytestmark = pytest.mark.browser
DAYS = ("2023-05-22", "2023-06-01", "2023-06-04")

# JS (in the map's frame): the page-viewport boxes of the markers or groups drawing the event
# markers shown, each with its event's first day; null where an event has no drawn element.
DRAWN_JS = """() => {
  const g = rmLive.groups.events, off = window.frameElement.getBoundingClientRect();
  return g.getLayers().map(l => {
    // a marker drawn on its own (a path), else the group drawing it
    const v = l._path && rmLive.map.hasLayer(l) ? l : g.getVisibleParent(l);
    const el = v && (v._icon || v._path);
    if (!el) { return [l.feature.properties.event_date, null]; }
    const r = el.getBoundingClientRect();
    return [l.feature.properties.event_date,
            [r.left + off.left, r.top + off.top, r.right + off.left, r.bottom + off.top]];
  });
}"""


def _fitted(frame, page) -> None:
    frame.wait_for_function("() => document.body.getAttribute('data-rm-fits')")
    frame.wait_for_function("() => rmLive.view.pending === 0")
    page.wait_for_timeout(1000)  # the frame's last resize, and its fit


def _inside(box, w, h) -> bool:
    return box is not None and box[0] >= 0 and box[1] >= 0 and box[2] <= w and box[3] <= h


@pytest.mark.parametrize("day", DAYS)
def test_desktop_first_screen_holds_the_whole_map_and_its_markers(browser, server, day, tmp_path):
    w, h = SIZES["desktop"]
    page, frame, blocked, errors = open_page(browser, server, "desktop", f"?date={day}")
    wait_for_shown(page, lambda k: k > 0)
    _fitted(frame, page)
    m = page.locator("iframe[title*='streamlit_folium']").bounding_box()
    assert m["y"] >= 0 and m["y"] + m["height"] <= h and m["x"] + m["width"] <= w, m
    drawn = frame.evaluate(DRAWN_JS)
    outside = int(frame.evaluate("document.body.getAttribute('data-rm-outside')"))
    seen = [b for _, b in drawn if b is not None]
    mapbox = [m["x"], m["y"], m["x"] + m["width"], m["y"] + m["height"]]
    inmap = [b for b in seen if b[0] >= mapbox[0] and b[2] <= mapbox[2] and b[3] <= mapbox[3]]
    # every event drawn is in the map on the first screen, but those the note names
    assert len([d for d, b in drawn if b is not None and b in inmap]) == len(drawn) - outside
    assert all(_inside(b, w, h) for b in inmap)
    if day == "2023-06-01":  # the Churovichi event of 22 May, 150 km off: named, not fitted
        assert outside == 1
        assert "Churovichi, 22 May" in frame.locator(".rm-outside").inner_text()
    shot(page, tmp_path, f"first_screen_desktop_{day}")
    assert blocked == [] and errors == []


@pytest.mark.parametrize("day", DAYS)
def test_phone_first_screen_shows_the_days_events(browser, server, day, tmp_path):
    w, h = SIZES["phone"]
    page, frame, blocked, errors = open_page(browser, server, "phone", f"?date={day}")
    wait_for_shown(page, lambda k: k > 0)
    _fitted(frame, page)
    assert page.evaluate("window.scrollY") == 0
    todays = [b for d, b in frame.evaluate(DRAWN_JS) if d == day]
    assert todays, day
    assert all(_inside(b, w, h) for b in todays), (day, todays)
    shot(page, tmp_path, f"first_screen_phone_{day}")
    assert blocked == [] and errors == []
