"""render/mapview.js and render/labels.js in headless Chromium, at the map's sizes in the app at
1400x900 and 390x844: on 22 May (everything up to it) the fit keeps to the raid's densest group
of sites, centred on it, and names the day's far-off claim (Churovichi) in the note; the
far-off note covers no label or country name; no label is struck through by a claim line or an
axis of advance; on a phone the places the raids are about keep their labels."""

from __future__ import annotations

import pytest

from tests.test_browser_live import live_for
from tests.test_browser_mapview import (
    DAYS,
    LABELS_JS,
    MAP_SIZES,
    NOTE_JS,
    OUTSIDE_JS,
    SIZE_IDS,
    _overlapping,
    open_map,
    show_day,
)

pytestmark = pytest.mark.browser

RAID = ("Kozinka", "Grayvoron", "Gora-Podol", "Glotovo")

# JS: the raid villages' labels as the reader sees them: [name, shown, inside the map].
VILLAGES_JS = """(names) => {
  const box = rmLive.map.getContainer().getBoundingClientRect();
  const els = [...document.querySelectorAll('.leaflet-tooltip.rm-label')];
  return names.map(n => {
    const el = els.find(e => e.textContent.trim() === n);
    if (!el) { return [n, false, false]; }
    const r = el.getBoundingClientRect();
    return [n, getComputedStyle(el).visibility !== 'hidden',
            r.left >= box.left && r.right <= box.right && r.top >= box.top
            && r.bottom <= box.bottom];
  });
}"""

# JS: each shown claim label's box (page pixels) and its own line's screen segments.
CLAIMS_JS = """() => {
  const m = rmLive.map, f = m.getContainer().getBoundingClientRect(), out = [];
  m.eachLayer(l => {
    const t = l.getTooltip && l.getTooltip();
    const el = t && t.getElement && t.getElement();
    if (!el || !el.classList.contains('rm-label-claim') || !l.getLatLngs) { return; }
    if (getComputedStyle(el).visibility === 'hidden' || !m.hasLayer(l)) { return; }
    const r = el.getBoundingClientRect();
    const pts = l.getLatLngs().flat(3).map(ll => {
      const p = m.latLngToContainerPoint(ll); return [p.x + f.left, p.y + f.top]; });
    out.push([el.textContent, [r.left, r.top, r.right, r.bottom], pts]);
  });
  return out;
}"""


def _crosses(a, b, box) -> bool:
    """Whether the segment a-b crosses the box (left, top, right, bottom): Liang-Barsky."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in (
        (-dx, a[0] - box[0]),
        (dx, box[2] - a[0]),
        (-dy, a[1] - box[1]),
        (dy, box[3] - a[1]),
    ):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def test_crosses_tells_a_line_through_a_box_from_one_beside_it():
    box = (0, 0, 10, 4)
    assert _crosses((-5, 2), (15, 2), box)  # through its middle: struck through
    assert not _crosses((-5, 7), (15, 7), box)  # 3 px below it
    assert not _crosses((-5, -20), (-1, 20), box)  # to its left


@pytest.mark.parametrize("size", MAP_SIZES, ids=SIZE_IDS)
def test_22_may_fits_the_raid_and_names_churovichi(record, browser, size):
    """22 May, everything up to it: the day's events run from Churovichi (an RVC claim, 200 km
    north-west) to Belgorod; the view keeps to the raid's sites (their labels shown, in the
    map) and the note names Churovichi (and any other of the day's sites it leaves out: Belgorod,
    Borisovka) with its "Show all"."""
    live = live_for(record.events)
    page, dialogs, errors = open_map(browser, live, size)
    show_day(page, live, record.events, "2023-05-22")
    page.wait_for_timeout(300)  # the labels are placed after the groups' redraw
    assert page.evaluate("rmLive.map.getZoom()") >= 9
    # Kozinka and Grayvoron labelled, and Glotovo or Gora-Podol: the four sit within 6 km,
    # under the axes of advance and claim lines no label may sit on (one may give way)
    seen = {n: shown and inside for n, shown, inside in page.evaluate(VILLAGES_JS, list(RAID))}
    assert seen["Kozinka"] and seen["Grayvoron"], seen
    assert seen["Glotovo"] or seen["Gora-Podol"], seen
    # named: the day's events left out (Churovichi first, the farthest), and only those
    named = int(page.evaluate(NOTE_JS))
    assert 1 <= named <= 3 and page.evaluate(OUTSIDE_JS)[0] == named, named
    note = page.locator(".rm-outside")
    what = f"{named} other event{'s' if named > 1 else ''} outside the view: Churovichi, 22 May"
    assert note.inner_text().startswith(what), note.inner_text()
    note.get_by_role("button", name="Show all").click()
    page.wait_for_function(NOTE_JS + " === '0'")
    assert page.evaluate("rmLive.map.getZoom()") < 9
    assert not errors and not dialogs


@pytest.mark.parametrize("size", MAP_SIZES, ids=SIZE_IDS)
def test_no_label_under_the_note_and_claim_labels_off_their_lines(record, browser, size):
    live = live_for(record.events)
    page, dialogs, errors = open_map(browser, live, size)
    noted = claims_seen = 0
    for day in DAYS:
        show_day(page, live, record.events, day)
        page.wait_for_timeout(100)
        note = page.locator(".rm-outside")
        if note.is_visible():
            noted += 1
            b = note.bounding_box()
            n = (b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"])
            for text, left, top, right, bottom in page.evaluate(LABELS_JS):
                assert not (left < n[2] and n[0] < right and top < n[3] and n[1] < bottom), (
                    day,
                    text,
                )
        for text, box, pts in page.evaluate(CLAIMS_JS):
            claims_seen += 1
            bad = [(a, b) for a, b in zip(pts, pts[1:], strict=False) if _crosses(a, b, box)]
            assert not bad, (day, text, box, bad[:2])
    assert noted >= 2 and claims_seen >= 2, (noted, claims_seen)  # the test saw both cases
    assert not errors and not dialogs


# JS: the screen segments (page pixels) of every claim line and axis of advance drawn.
LINES_JS = """() => {
  const m = rmLive.map, f = m.getContainer().getBoundingClientRect(), segs = [];
  const path = lls => {
    if (lls.length && Array.isArray(lls[0])) { lls.forEach(path); return; }
    const pts = lls.map(ll => { const p = m.latLngToContainerPoint(ll);
                                return [p.x + f.left, p.y + f.top]; });
    for (let i = 1; i < pts.length; i++) { segs.push([pts[i - 1], pts[i]]); }
  };
  const add = (kind, l) => {
    if (l.getLatLngs) { path(l.getLatLngs()); segs.kinds[kind] = (segs.kinds[kind] || 0) + 1; }
    else if (l.eachLayer) { l.eachLayer(s => add(kind, s)); }
  };
  segs.kinds = {};
  m.eachLayer(l => {
    const t = l.getTooltip && l.getTooltip();
    if (t && t.options.className.includes('rm-label-claim') && l.getLatLngs) { add('claim', l); }
  });
  if (m.hasLayer(rmLive.groups.axes)) { add('axis', rmLive.groups.axes); }
  return {segs, kinds: segs.kinds};
}"""


@pytest.mark.parametrize("size", MAP_SIZES, ids=SIZE_IDS)
def test_no_label_sits_on_a_claim_line_or_an_axis_of_advance(record, browser, size):
    """1 and 4 June on a desktop: "RVC gap: 34.5 km" sat on the axis of advance to Kozinka.
    No label shown (place, claim or country) meets a claim line's or an axis's segment."""
    live = live_for(record.events)
    page, dialogs, errors = open_map(browser, live, size)
    kinds: dict = {}
    for day in DAYS:
        show_day(page, live, record.events, day)
        page.wait_for_timeout(100)
        lines = page.evaluate(LINES_JS)
        for k, n in lines["kinds"].items():
            kinds[k] = kinds.get(k, 0) + n
        labels = page.evaluate(LABELS_JS)
        bad = [
            (text, [round(v) for v in box], a, b)
            for text, *box in labels
            for a, b in lines["segs"]
            if _crosses(a, b, box)
        ]
        assert not bad, (day, bad[:3])
        assert len(labels) >= 5, (day, labels)  # the test sees labels
    assert kinds.get("claim", 0) >= 6 and kinds.get("axis", 0) >= 3, kinds  # both were drawn
    assert not errors and not dialogs


# The 22 May raid's villages: their events' points (Kozinka, Gora-Podol, Glotovo, Grayvoron).
RAID_JS = """(names) => rmLive.groups.events.getLayers()
  .filter(l => names.includes(l.feature.properties.place.replace(/<[^>]*>/g, '')))
  .map(l => { const p = rmLive.map.latLngToContainerPoint(l.getLatLng()); return [p.x, p.y]; })"""


@pytest.mark.parametrize("size", MAP_SIZES, ids=SIZE_IDS)
def test_22_may_centres_the_raid_villages(record, browser, size):
    """The fit of 22 May took in Borisovka on one side: the raid's villages sat in the map's
    lower left. Their markers' centroid lies in the middle half of the map (both axes) and
    every one of them is on screen."""
    live = live_for(record.events)
    page, dialogs, errors = open_map(browser, live, size)
    show_day(page, live, record.events, "2023-05-22")
    pts = page.evaluate(RAID_JS, list(RAID))
    w, h = size
    assert len(pts) >= 6, pts
    assert all(0 <= x <= w and 0 <= y <= h for x, y in pts), (pts, size)
    cx, cy = sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)
    assert w / 4 <= cx <= 3 * w / 4 and h / 4 <= cy <= 3 * h / 4, (cx, cy, size)
    # and near the middle: before, at 619x600, it was at (0.33, 0.60) of the map, inside
    # the middle half but a quarter of the map's diagonal off its centre
    assert abs(cx / w - 0.5) <= 0.12 and abs(cy / h - 0.5) <= 0.12, (cx / w, cy / h, size)
    assert not errors and not dialogs


def test_phone_labels_the_places_the_raids_are_about(record, browser):
    """390x844 (its map 358x644): Kozinka's label was dropped on 1 June in the crowded
    Kozinka-Grayvoron cluster. Kozinka and Grayvoron (their events shown from 22 May) and
    Shebekino and Novaya Tavolzhanka (from 31 May and 1 June) are labelled, inside the map, on
    22 May, 1 June and 4 June, and no two labels overlap."""
    live = live_for(record.events)
    page, dialogs, errors = open_map(browser, live, MAP_SIZES[1])
    want = {
        "2023-05-22": ["Kozinka", "Grayvoron"],
        "2023-06-01": ["Kozinka", "Grayvoron", "Shebekino", "Novaya Tavolzhanka"],
        "2023-06-04": ["Kozinka", "Grayvoron", "Shebekino", "Novaya Tavolzhanka"],
    }
    for day, names in want.items():
        show_day(page, live, record.events, day)
        page.wait_for_timeout(300)  # the labels are placed after the groups' redraw
        seen = page.evaluate(VILLAGES_JS, names)
        assert all(shown and inside for _n, shown, inside in seen), (day, seen)
        labels = page.evaluate(LABELS_JS)
        assert not _overlapping(labels), (day, _overlapping(labels))
    assert not errors and not dialogs


def test_labels_placed_before_leaflets_styles_are_placed_again(record, browser):
    """In the app's frame Leaflet's style sheet can apply after the first picture: its
    controls, still blocks as wide as the map, hid every place label (seen on 4 June at
    1400x900, 2 runs in 6) and nothing placed them again. Here the sheet is switched off for
    one placing and back on: the labels come back by themselves."""
    live = live_for(record.events)
    page, dialogs, errors = open_map(browser, live, MAP_SIZES[0])
    show_day(page, live, record.events, "2023-06-04")
    page.wait_for_timeout(300)
    before = len(page.evaluate(LABELS_JS))
    off = """(on) => [...document.styleSheets].forEach(s => {
      try { if ([...s.cssRules].some(r => (r.selectorText || '') === '.leaflet-control')) {
              s.disabled = !on; } } catch (e) { /* another origin's sheet */ } })"""
    page.evaluate(off, False)
    page.evaluate("rmLive.view.placeLabels()")
    hidden = len(page.evaluate(LABELS_JS))
    page.evaluate(off, True)
    page.wait_for_timeout(600)
    after = len(page.evaluate(LABELS_JS))
    assert hidden <= 2 < before, (hidden, before)  # the test made the fault: countries only
    assert after == before, (before, hidden, after)
    assert not errors and not dialogs
