"""The HTML snapshot in real headless Chromium with every network request blocked: it draws
its layers, its slider works, and hostile text shows as text and runs nothing."""

from __future__ import annotations

import pytest

from layers import filters
from layers.events import load_events
from render.features import prepare_events
from render.snapshot_html import snapshot_html
from tests.support.browser import offline_page
from tests.support.hostile import MARKER, PAYLOADS, hostile_geojson

pytestmark = pytest.mark.browser


def open_snapshot(browser, path):
    page, blocked, dialogs, errors = offline_page(browser)
    page.goto(path.as_uri())
    page.wait_for_function("document.body.getAttribute('data-rm-shown') !== null")
    return page, blocked, dialogs, errors


def count(page, selector: str) -> int:
    return page.evaluate(f"document.querySelectorAll({selector!r}).length")


def set_slider(page, iso: str) -> None:
    page.evaluate(
        """iso => {
        const s = document.getElementById('rm-slider');
        const days = Array.from({length: +s.max + 1}, (_, i) => i);
        for (const i of days) { s.value = i; s.dispatchEvent(new Event('input'));
            if (document.body.getAttribute('data-rm-date') === iso) return; }
    }""",
        iso,
    )


def test_snapshot_draws_offline_and_scrubs(record, tmp_path, browser):
    path = tmp_path / "snap.html"
    path.write_text(
        snapshot_html(record.events, date="2023-05-22", sources=record.sources), encoding="utf-8"
    )
    page, blocked, dialogs, errors = open_snapshot(browser, path)
    assert not errors and not dialogs
    assert blocked == []  # it asked for nothing on the network
    # basemap drawn: land, border, rings, settlements
    assert count(page, ".leaflet-overlay-pane path") > 20
    assert count(page, "path.rm-events") >= 3
    assert page.inner_text("#rm-date") == "as of 22 May 2023"
    may22 = count(page, "path.rm-events")
    set_slider(page, "2023-06-06")
    assert page.inner_text("#rm-date") == "as of 6 June 2023"
    assert count(page, "path.rm-events") > may22
    set_slider(page, "2023-03-15")
    assert count(page, "path.rm-events") == 0  # Bryansk: district/region areas, no pin
    n = "k => rmSnapshot.layers[k] ? rmSnapshot.layers[k].getLayers().length : -1"
    for kind in ("axes", "presence", "zones"):
        assert page.evaluate(n, kind) <= 0, kind  # nothing of May or June in March
    # the Bryansk raid of 2 March: its villages are known only to their district, so every
    # event of it is an area (district or region), one area per place (its events listed in
    # it, so that tints never stack)
    march = record.events.loc[record.events["event_date"] <= "2023-03-15"]
    assert len(march) >= 3 and (march["draw_as"] == "area").all()
    prepared = prepare_events(record.events)
    places = {prepared.areas[eid][0] for eid in march["event_id"]}
    assert 1 < len(places) < len(march)  # several events share a place
    assert page.evaluate(n, "areas") == len(places)
    set_slider(page, "2023-05-22")
    assert page.evaluate(n, "presence") == 1 and page.evaluate(n, "axes") >= 2
    assert count(page, ".leaflet-overlay-pane path") > 20
    page.check("input[value=day]")
    set_slider(page, "2023-05-27")
    assert count(page, "path.rm-events") == 1
    assert "Sources" in page.inner_text(".rm-sources-box summary")
    page.screenshot(path=str(tmp_path / "snap.png"))


def test_hostile_snapshot_runs_nothing_and_shows_text(tmp_path, browser):
    gdf, rep = load_events(hostile_geojson(), name="hostile.geojson")
    assert rep.ok and len(gdf) == len(PAYLOADS)
    gdf = gdf.assign(
        claims=[
            [{"claimant": t, "claim_text": t, "status": "claimed", "source_id": t}]
            for t in PAYLOADS.values()
        ]
    )
    path = tmp_path / "hostile.html"
    path.write_text(
        snapshot_html(gdf, date="2023-05-22", title=PAYLOADS["script"]), encoding="utf-8"
    )
    page, blocked, dialogs, errors = open_snapshot(browser, path)
    assert count(page, "path.rm-events") == len(PAYLOADS), errors
    # open every popup and hover every tooltip
    for i in range(len(PAYLOADS)):
        page.evaluate("document.querySelector('.leaflet-popup-close-button')?.click()")
        page.locator("path.rm-events").nth(i).dispatch_event("click")
        page.wait_for_selector(".leaflet-popup-content")
        text = page.inner_text(".leaflet-popup-content")
        assert MARKER in text
    page.locator("path.rm-events").first.hover(force=True)
    assert PAYLOADS["script"] in page.inner_text(".rm-title")  # the title shows literally
    assert page.evaluate("window.__pwned") is None
    assert dialogs == [] and not errors
    assert blocked == []
    for key in ("img", "template"):
        page.locator("path.rm-events").nth(list(PAYLOADS).index(key)).dispatch_event("click")
        assert PAYLOADS[key] in page.inner_text(".leaflet-popup-content")


def test_snapshot_window_mode_follows_the_date_rule(record, tmp_path, browser):
    """The snapshot's slider has the app's three modes; in each, the point events it shows
    are those layers/dates.py shows (the rule is render/daterule.js, shared with the app)."""
    path = tmp_path / "window.html"
    path.write_text(
        snapshot_html(record.events, date="2023-06-03", mode="window", sources=record.sources),
        encoding="utf-8",
    )
    page, blocked, dialogs, errors = open_snapshot(browser, path)
    assert page.inner_text("#rm-date") == "in the 7 days to 3 June 2023"
    points = record.events.loc[record.events["draw_as"] == "point"]
    seen = set()
    for mode in ("window", "day", "upto"):
        page.check(f"input[value={mode}]")
        for iso in ("2023-05-22", "2023-05-27", "2023-06-03", "2023-06-06"):
            set_slider(page, iso)
            want = len(filters.by_date(points, iso, mode))
            assert count(page, "path.rm-events") == want, (mode, iso)
            seen.add((mode, want))
    # the modes differ on these days, so the check above tells them apart
    assert len({w for m, w in seen if m == "window"} ^ {w for m, w in seen if m == "day"}) > 0
    assert not errors and not dialogs and blocked == []


@pytest.mark.parametrize(("width", "height", "open_"), [(1400, 900, True), (390, 844, False)])
def test_snapshot_legend_folds_on_small_screens(record, tmp_path, browser, width, height, open_):
    path = tmp_path / "fold.html"
    path.write_text(
        snapshot_html(record.events, date="2023-06-01", sources=record.sources), encoding="utf-8"
    )
    page, blocked, dialogs, errors = offline_page(browser)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(path.as_uri())
    page.wait_for_function("document.body.getAttribute('data-rm-shown') !== null")
    assert page.evaluate("document.getElementById('rm-legend').open") is open_
    # on a wide screen the located events are fitted left of the open legend
    if open_:
        legend = page.locator("#rm-legend").bounding_box()
        xs = page.evaluate(
            "Array.from(document.querySelectorAll('path.rm-events'))"
            ".map(p => p.getBoundingClientRect().right)"
        )
        assert xs and max(xs) < legend["x"]
    assert not errors and blocked == []
