"""The HTML snapshot in real headless Chromium with every network request blocked: it draws
its layers, its slider works, and hostile text shows as text and runs nothing."""

from __future__ import annotations

import pytest

from layers import filters
from layers.events import load_events
from render.features import prepare_events
from render.snapshot_html import snapshot_html
from tests.support.browser import DRAWN_EVENTS_JS, event_popups, offline_page
from tests.support.hostile import MARKER, PAYLOADS, hostile_geojson

pytestmark = pytest.mark.browser


def open_snapshot(browser, path):
    page, blocked, dialogs, errors = offline_page(browser)
    page.goto(path.as_uri())
    page.wait_for_function("document.body.getAttribute('data-rm-shown') !== null")
    return page, blocked, dialogs, errors


def count(page, selector: str) -> int:
    return page.evaluate(f"document.querySelectorAll({selector!r}).length")


def drawn(page) -> int:
    """Events drawn: each marker plus each group's count (co-located events are drawn as
    one group marker, render/eventgroups.js, as in the app)."""
    return page.evaluate(DRAWN_EVENTS_JS)


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
    assert drawn(page) >= 3
    assert page.inner_text("#rm-date") == "as of 22 May 2023"
    may22 = drawn(page)
    set_slider(page, "2023-06-06")
    assert page.inner_text("#rm-date") == "as of 6 June 2023"
    assert drawn(page) > may22
    set_slider(page, "2023-03-15")
    assert drawn(page) == 0  # Bryansk: district/region areas, no pin
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
    assert drawn(page) == 1
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
    assert drawn(page) == len(PAYLOADS), errors
    # open every popup (spreading groups of co-located events) and hover a marker
    texts = []
    for _ in event_popups(page, "rmSnapshot.layers.events"):
        texts.append(page.inner_text(".leaflet-popup-content"))
        assert MARKER in texts[-1]
    assert len(texts) == len(PAYLOADS)
    page.locator("path.rm-events, .rm-cluster").first.hover(force=True)
    assert PAYLOADS["script"] in page.inner_text(".rm-title")  # the title shows literally
    assert page.evaluate("window.__pwned") is None
    assert dialogs == [] and not errors
    assert blocked == []
    for key in ("img", "template"):
        assert any(PAYLOADS[key] in t for t in texts), key


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
            assert drawn(page) == want, (mode, iso)
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
            "Array.from(document.querySelectorAll('path.rm-events, .rm-cluster'))"
            ".map(p => p.getBoundingClientRect().right)"
        )
        assert xs and max(xs) < legend["x"]
    assert not errors and blocked == []


def test_the_open_legend_at_1400x900_covers_no_event_and_leaves_east_of_shebekino_in_sight(
    record, tmp_path, browser
):
    """At 1400x900 on 1 June the legend opens top right: no event marker, group marker or
    event area drawn as a point is under it, and the border villages east of Shebekino
    (the map's lower right) are not covered."""
    path = tmp_path / "legend.html"
    path.write_text(
        snapshot_html(record.events, date="2023-06-01", sources=record.sources), encoding="utf-8"
    )
    page, blocked, dialogs, errors = offline_page(browser)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_function("document.body.getAttribute('data-rm-shown') !== null")
    page.wait_for_timeout(500)
    assert page.evaluate("document.getElementById('rm-legend').open") is True
    legend = page.locator("#rm-legend").bounding_box()
    marks = page.evaluate(
        "Array.from(document.querySelectorAll('path.rm-events, .rm-cluster')).map(p => {"
        " const b = p.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })"
    )
    assert len(marks) >= 5
    lx0, ly0 = legend["x"], legend["y"]
    lx1, ly1 = lx0 + legend["width"], ly0 + legend["height"]
    under = [b for b in marks if b[0] < lx1 and b[2] > lx0 and b[1] < ly1 and b[3] > ly0]
    assert under == []
    shebekino = page.evaluate(
        "(() => { const p = rmSnapshot.map.latLngToContainerPoint([50.41, 36.93]);"
        " const r = rmSnapshot.map.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; })()"
    )
    assert ly1 < shebekino[1] - 40, (legend, shebekino)  # east of Shebekino: in sight
    assert not errors and blocked == []


def test_the_claim_labels_at_1400x900_are_short_inside_the_map_and_apart(record, tmp_path, browser):
    """The claim lines' labels ("RVC claim: 42 km") are inside the map and overlap no other
    label; the full text is the line's popup."""
    path = tmp_path / "claims.html"
    path.write_text(
        snapshot_html(record.events, date="2023-06-01", sources=record.sources), encoding="utf-8"
    )
    page, blocked, dialogs, errors = offline_page(browser)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_function("document.body.getAttribute('data-rm-shown') !== null")
    page.wait_for_timeout(800)
    boxes = page.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-tooltip.rm-label'))"
        ".filter(e => getComputedStyle(e).visibility !== 'hidden').map(e => {"
        " const b = e.getBoundingClientRect();"
        " return [e.textContent, e.classList.contains('rm-label-claim'),"
        " b.left, b.top, b.right, b.bottom]; })"
    )
    frame = page.evaluate(
        "(() => { const b = rmSnapshot.map.getContainer().getBoundingClientRect();"
        " return [b.left, b.top, b.right, b.bottom]; })()"
    )
    claims = [b for b in boxes if b[1]]
    assert claims, boxes
    texts = " ".join(b[0] for b in claims)
    assert "Denis Nikitin" not in texts and "claimed," not in texts  # short labels
    for t, _, x0, y0, x1, y1 in claims:
        assert frame[0] <= x0 and x1 <= frame[2] and frame[1] <= y0 and y1 <= frame[3], t
        for u, _, a0, b0, a1, b1 in boxes:
            if u != t:
                assert not (x0 < a1 - 1 and a0 < x1 - 1 and y0 < b1 - 1 and b0 < y1 - 1), (t, u)
    assert not errors and blocked == []


# -- co-located events: every event shown is at most two clicks away, as in the app ----------
# JS: the page's targets a reader can click, as [kind, x, y] at their centres: each event
# marker drawn and each group marker (with its count).
TARGETS_JS = """() => {
  const c = el => { const b = el.getBoundingClientRect(); return [b.x + b.width / 2,
                                                                   b.y + b.height / 2]; };
  const all = sel => [...document.querySelectorAll(sel)];
  return all('path.rm-events').map(el => ['event', ...c(el)])
    .concat(all('.rm-cluster').map(el => ['group', ...c(el), Number(el.textContent)]));
}"""
OPENED_JS = """() => {
  const m = rmSnapshot.map, p = m._popup;
  if (!p || !m.hasLayer(p) || !p._source || !p._source.feature) { return null; }
  return p._source.feature.properties.event_id;
}"""
SHOWN_JS = "() => rmSnapshot.layers.events.getLayers().map(l => l.feature.properties.event_id)"
# The reader's view of the events shown: fitted clear of the panel (and of the open legend on
# a wide screen), as the snapshot fits its first view.
FIT_JS = """small => {
  const m = rmSnapshot.map, b = rmSnapshot.layers.events.getBounds();
  if (!b.isValid()) { return; }
  m.fitBounds(b, small ? {paddingTopLeft: [30, 170], paddingBottomRight: [30, 60], maxZoom: 12}
                       : {paddingTopLeft: [60, 170], paddingBottomRight: [380, 60], maxZoom: 12});
}"""


def _click_opens(page, x, y):
    page.evaluate("rmSnapshot.map.closePopup()")
    page.wait_for_function("!document.querySelector('.leaflet-popup')")
    page.mouse.click(x, y)
    return page.evaluate(OPENED_JS)


def _reachable(page) -> tuple[set, list]:
    """Events opened by one click on a marker, or a click on a group then one on an event;
    and the groups whose click did not spread all their events."""
    reached, bad = set(), []
    page.evaluate("rmSnapshot.layers.events.unspiderfy()")
    top = page.evaluate(TARGETS_JS)
    for kind, x, y, *_ in top:
        if kind == "event":
            reached.add(_click_opens(page, x, y))
    before = {(t[1], t[2]) for t in top if t[0] == "event"}
    for kind, x, y, *n in top:
        if kind != "group":
            continue
        page.evaluate("rmSnapshot.map.closePopup()")
        page.wait_for_function("!document.querySelector('.leaflet-popup')")
        page.mouse.click(x, y)  # first click: the group spreads its events
        spread = [t for t in page.evaluate(TARGETS_JS) if t[0] == "event"]
        spread = [t for t in spread if (t[1], t[2]) not in before]
        if len(spread) < n[0]:
            bad.append((x, y, n[0], len(spread)))
        for _, sx, sy in spread:
            reached.add(_click_opens(page, sx, sy))  # second click: the event's popup
        page.evaluate("rmSnapshot.layers.events.unspiderfy()")
    reached.discard(None)
    return reached, bad


@pytest.mark.skip(
    reason="does not finish: over 9 minutes for the desktop size alone on a quiet machine "
    "(session 3, 2026-11-30); its day loop must be bounded before it can run in CI"
)
@pytest.mark.parametrize("size", [(1400, 900), (390, 844)], ids=["desktop", "phone"])
def test_every_event_in_the_snapshot_is_two_clicks_away_on_every_day(
    record, tmp_path, browser, size
):
    path = tmp_path / "reach.html"
    path.write_text(
        snapshot_html(record.events, date="2023-06-01", sources=record.sources), encoding="utf-8"
    )
    page, blocked, dialogs, errors = offline_page(browser)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(path.as_uri())
    page.wait_for_function("document.body.getAttribute('data-rm-shown') !== null")
    n_days = int(page.get_attribute("#rm-slider", "max")) + 1
    seen, checked, grouped = set(), 0, 0
    for mode in ("upto", "day"):
        page.check(f"input[value={mode}]")
        for i in range(n_days):
            page.evaluate(
                "i => { const s = document.getElementById('rm-slider'); s.value = i;"
                " s.dispatchEvent(new Event('input')); }",
                i,
            )
            want = set(page.evaluate(SHOWN_JS))
            key = tuple(sorted(want))
            if not want or key in seen:
                continue
            seen.add(key)
            page.evaluate(FIT_JS, size[0] < 700)
            page.wait_for_timeout(300)  # the fitted view and its labels settle
            reached, bad = _reachable(page)
            assert not bad, (i, mode, bad)
            assert reached == want, (i, mode, sorted(want - reached))
            checked += 1
            grouped += count(page, ".rm-cluster") > 0
    assert checked > 5 and grouped > 0  # days with co-located events were among them
    # the snapshot places its labels as the app does: none visible overlaps another
    labels = page.evaluate(
        """() => [...document.querySelectorAll('.leaflet-tooltip.rm-label, .rm-country')]
             .filter(el => getComputedStyle(el).visibility !== 'hidden')
             .map(el => el.getBoundingClientRect())
             .filter(r => r.width > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth
                          && r.top < innerHeight)
             .map(r => [r.left, r.top, r.right, r.bottom])"""
    )
    overlaps = [
        (a, b)
        for j, a in enumerate(labels)
        for b in labels[j + 1 :]
        if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5
    ]
    assert len(labels) > 5 and not overlaps, overlaps
    assert not errors and not dialogs and blocked == []
