"""render/tooltipbatch.js in headless Chromium: permanent tooltips (the app map's place
labels) are placed exactly where Leaflet places them, but their sizes are all read before
any of them is placed (one layout instead of one per label; issue 14's first render)."""

from __future__ import annotations

import pytest

from render.assets import leaflet_css_inline, leaflet_js, tooltip_batch_js
from tests.support.browser import offline_page

pytestmark = pytest.mark.browser
ORIGIN = "http://raidmap.test"

# Counts the tooltip size reads made after another tooltip was already placed (its direction
# class set): in a batch, every read comes first. Leaflet's own reads during a batched
# placement hit the size handed to it (an own property), not this getter.
SPY_JS = """
window.lateReads = 0;
const d = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth');
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {configurable: true, get() {
  if (this.classList.contains('leaflet-tooltip')
      && document.querySelector('.leaflet-tooltip-right, .leaflet-tooltip-left')) {
    window.lateReads += 1;
  }
  return d.get.call(this);
}});
"""

MAP_JS = """
const map = L.map('map', {zoomAnimation: false}).setView([50.5, 36.5], 9);
const tips = [];
for (let i = 0; i < 40; i++) {
  const m = L.circleMarker([50.3 + (i % 8) * 0.05, 36.1 + Math.floor(i / 8) * 0.15],
                           {radius: 3}).addTo(map);
  m.bindTooltip('Place ' + 'x'.repeat(i % 7) + i,
    {permanent: true, direction: i % 3 ? 'right' : 'auto', offset: [4, 0], className: 'lab'});
  tips.push(m.getTooltip());
}
window.positions = () => tips.map(t => [t._container.style.transform,
                                         t._container.className]);
window.map = map;
"""


def page_html(batched: bool) -> str:
    batch = f"<script>{tooltip_batch_js()}</script>" if batched else ""
    return (
        f"<!doctype html><html><head><style>{leaflet_css_inline()}</style>"
        f"<script>{SPY_JS}</script><script>{leaflet_js()}</script>{batch}</head>"
        f'<body><div id="map" style="width:800px;height:600px"></div>'
        f"<script>{MAP_JS}</script></body></html>"
    )


def placed(browser, batched: bool) -> dict:
    page, _blocked, _dialogs, errors = offline_page(browser)
    html = page_html(batched)
    page.route(f"{ORIGIN}/map.html", lambda r: r.fulfill(body=html, content_type="text/html"))
    page.goto(f"{ORIGIN}/map.html")
    page.wait_for_function("typeof window.positions === 'function'")
    out = {"open": page.evaluate("positions()"), "late": page.evaluate("lateReads")}
    page.evaluate("map.setView([50.45, 36.6], 11)")
    page.wait_for_timeout(50)
    out["zoomed"] = page.evaluate("positions()")
    out["errors"] = errors
    page.close()
    return out


def test_labels_are_placed_as_leaflet_places_them_with_every_size_read_first(browser):
    plain, batched = placed(browser, False), placed(browser, True)
    assert not plain["errors"] and not batched["errors"]
    assert all(t and "leaflet-tooltip-" in c for t, c in batched["open"])  # all placed
    assert batched["open"] == plain["open"]
    assert batched["zoomed"] == plain["zoomed"] != plain["open"]
    assert plain["late"] > 0  # Leaflet alone: a layout per label
    assert batched["late"] == 0
