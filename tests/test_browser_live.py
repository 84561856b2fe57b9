"""render/live.js in headless Chromium, without Streamlit: the map's own guess while the
server works (``rmLive.predict``) must equal what the server then sends
(:func:`render.livemap.show_spec` on :func:`layers.filters.by_date`), for every day of the
record, every mode and with filters; hostile text in the live data stays text."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from layers import derived, filters
from layers.events import day_span, load_events
from render import livemap, webmap
from render.assets import inline_head
from render.snapshot_html import InlineMap
from tests.support.browser import DRAWN_EVENTS_JS, event_popups, offline_page
from tests.support.hostile import MARKER, PAYLOADS, hostile_geojson
from tests.support.reach import reachable
from tests.support.synthetic import many_events_csv

pytestmark = pytest.mark.browser
ORIGIN = "http://raidmap.test"


def live_for(events, sources=None):
    return livemap.live_data(
        events,
        webmap.prepare_events(events, sources),
        presence=derived.presence_by_day(events),
        axes=derived.axes_of_advance(events),
        zones=derived.zones(events),
    )


def map_page_html() -> str:
    m = webmap.base_map(layers=(), map_class=InlineMap)
    livemap.LiveLayers().add_to(m)
    html = m.get_root().render()
    return html.replace("<head>", "<head>\n" + inline_head(), 1)


def open_live(browser, live):
    """A page with the map and the live layers, the dataset served at /live.json."""
    page, blocked, dialogs, errors = offline_page(browser)
    page.route(
        f"{ORIGIN}/map.html", lambda r: r.fulfill(body=map_page_html(), content_type="text/html")
    )
    page.route(
        f"{ORIGIN}/live.json", lambda r: r.fulfill(body=live.body, content_type="application/json")
    )
    page.goto(f"{ORIGIN}/map.html")
    page.wait_for_function("typeof window.rmLive === 'object'")
    return page, dialogs, errors


def show(page, spec):
    page.evaluate("spec => rmLive.show(spec)", spec)
    page.wait_for_function(
        "state => document.body.getAttribute('data-rm-state') === state", arg=spec["state"]
    )


def test_the_browser_guess_equals_the_server_answer(record, browser):
    live = live_for(record.events)
    page, dialogs, errors = open_live(browser, live)
    span = day_span(record.events)
    days = [d.date() for d in pd.date_range(span[0], span[1], freq="D")]
    rvc = filters.by_actor(record.events, ["Russian Volunteer Corps"])
    cases, expected = [], []
    for filtered in (record.events, rvc):
        for mode, window in (("upto", 7), ("day", 7), ("window", 3)):
            for d in days:
                shown = filters.by_date(filtered, d, mode, window)
                spec = livemap.show_spec(
                    live,
                    "/live.json",
                    shown,
                    day=d,
                    layers=webmap.DYNAMIC_LAYERS,
                    filtered=filtered,
                    mode=mode,
                    window=window,
                )
                cases.append([spec["rule"], d.isoformat()])
                expected.append({"show": spec["show"], "open": spec["open"]})
    first = livemap.show_spec(
        live, "/live.json", record.events.iloc[:0], day=days[0], layers=[], state="loaded"
    )
    show(page, first)
    got = page.evaluate("cases => cases.map(c => rmLive.predict(c[0], c[1]))", cases)
    assert len(got) == len(expected) > 300
    for case, g, e in zip(cases, got, expected, strict=True):
        assert g == e, (case[1], case[0]["mode"])
    assert not errors and not dialogs


def test_drawn_state_follows_the_server_spec(record, browser):
    live = live_for(record.events)
    page, dialogs, errors = open_live(browser, live)
    shown = filters.by_date(record.events, "2023-06-01", "day")
    spec = livemap.show_spec(
        live, "/live.json", shown, day="2023-06-01", layers=webmap.DYNAMIC_LAYERS, state="june-1"
    )
    show(page, spec)
    n_points = int((shown["draw_as"] == "point").sum())
    assert page.evaluate(DRAWN_EVENTS_JS) == n_points  # markers, and groups' counts
    assert int(page.evaluate("document.body.getAttribute('data-rm-shown')")) == n_points
    # still-open windows drawn dashed (those in a group are dashed once spread out)
    assert (
        page.evaluate(
            "rmLive.groups.events.getLayers().filter(l => l.options.dashArray === '3 3').length"
        )
        == sum(b - a + 1 for a, b in spec["open"])
        > 0
    )
    # switch the events layer off: the markers go, the state is still applied
    show(page, {**spec, "layers": ["halos"], "state": "no-events"})
    assert page.evaluate(DRAWN_EVENTS_JS) == 0
    assert not errors and not dialogs


def test_hostile_text_in_the_live_data_stays_text(browser):
    gdf, rep = load_events(hostile_geojson(), name="hostile.geojson")
    assert rep.ok
    gdf = gdf.assign(claims=[[] for _ in range(len(gdf))])
    live = live_for(gdf)
    page, dialogs, errors = open_live(browser, live)
    spec = livemap.show_spec(
        live,
        "/live.json",
        gdf.assign(certain_by_date=True),
        day="2023-05-22",
        layers=webmap.DYNAMIC_LAYERS,
        state="hostile",
    )
    show(page, spec)
    n = page.evaluate(DRAWN_EVENTS_JS)
    assert n == len(PAYLOADS)
    opened = 0
    for _ in event_popups(page):
        opened += 1
        assert MARKER in page.inner_text(".leaflet-popup-content")
        # the payloads' markup stays text: no element was made from it
        assert (
            page.evaluate(
                "document.querySelectorAll('.leaflet-popup-pane img, .leaflet-popup-pane script,"
                " .leaflet-popup-pane iframe, .leaflet-popup-pane svg').length"
            )
            == 0
        )
    assert opened == n
    assert page.evaluate("window.__pwned") is None
    assert dialogs == [] and not errors
    assert json.loads(live.body)  # still a valid document


def test_canvas_that_draws_additions_matches_a_full_redraw(browser):
    """Above CANVAS_ABOVE markers the map draws on a canvas that paints added markers on top
    instead of redrawing everything: the picture must be the one a full redraw gives."""
    gdf, rep = load_events(many_events_csv(livemap.CANVAS_ABOVE + 400), name="many.csv")
    assert rep.ok
    gdf = gdf.assign(claims=[[] for _ in range(len(gdf))])
    live = live_for(gdf)
    page, dialogs, errors = open_live(browser, live)

    def spec_for(day, state):
        shown = filters.by_date(gdf, day, "upto")
        spec = livemap.show_spec(live, "/live.json", shown, day=day, layers=["events"], state=state)
        # a view the reader chose (render/mapview.js does not refit it): a date step only adds
        return {**spec, "follow": False}

    show(page, spec_for("2023-05-10", "tenth"))
    page.evaluate(
        """(() => { const c = rmLive.canvas.events; window.__calls = {added: 0, redraw: 0};
        const a = c._drawAdded, r = c._redraw;
        c._drawAdded = function () { __calls.added += (this._added || []).length;
                                     return a.call(this); };
        c._redraw = function () { __calls.redraw += 1; return r.call(this); }; })()"""
    )
    show(page, spec_for("2023-05-20", "twentieth"))  # only additions
    page.wait_for_timeout(200)  # the added markers are painted in the next frame
    calls = page.evaluate("__calls")
    assert calls["added"] > 500 and calls["redraw"] == 0, calls  # drawn on top, no redraw
    pixels = "rmLive.canvas.events._container.toDataURL()"
    incremental = page.evaluate(pixels)
    assert page.evaluate("document.querySelectorAll('.leaflet-rm-events-pane canvas').length") == 1
    page.evaluate("rmLive.canvas.events._redrawBounds = null; rmLive.canvas.events._redraw()")
    full = page.evaluate(pixels)
    assert incremental == full
    blank = page.evaluate(
        "(() => { const c = document.createElement('canvas');"
        " const o = rmLive.canvas.events._container; c.width = o.width; c.height = o.height;"
        " return c.toDataURL(); })()"
    )
    assert full != blank  # the markers were drawn at all
    assert not errors and not dialogs


def test_an_area_lists_the_events_shown_in_it(record, browser):
    live = live_for(record.events)
    page, dialogs, errors = open_live(browser, live)
    doc = json.loads(live.body)
    for day, state in (("2023-06-06", "all"), ("2023-05-22", "some")):
        shown = filters.by_date(record.events, day, "upto")
        spec = livemap.show_spec(
            live, "/live.json", shown, day=day, layers=webmap.DYNAMIC_LAYERS, state=state
        )
        show(page, spec)
        items = [i for a, b in spec["show"]["area_items"] for i in range(a, b + 1)]
        for g in {doc["area_items"][i]["g"] for i in items}:
            mine = [i for i in items if doc["area_items"][i]["g"] == g]
            html = page.evaluate(
                "g => { const l = rmLive.subs.areas[g]; l.openPopup();"
                " return l.getPopup().getElement().querySelector('.leaflet-popup-content')"
                ".innerHTML; }",
                g,
            )
            assert html.count("<details>") == len(mine), (day, g)
            assert f"<p>{len(mine)} event(s); drawn as an area" in html
            tip = page.evaluate("g => rmLive.subs.areas[g].getTooltip().getContent()", g)
            assert f": {len(mine)} event(s), " in tip
    assert not errors and not dialogs


# JS: the events drawn inside the map's box (markers, and groups' counts).
DRAWN_IN_VIEW_JS = """(() => {
  const f = rmLive.map.getContainer().getBoundingClientRect();
  const inView = el => { const r = el.getBoundingClientRect(), x = (r.left + r.right) / 2,
                                y = (r.top + r.bottom) / 2;
                         return x >= f.left && x <= f.right && y >= f.top && y <= f.bottom; };
  return [...document.querySelectorAll('.rm-cluster')].filter(inView)
      .reduce((n, el) => n + Number(el.textContent), 0)
    + [...document.querySelectorAll('path.rm-events')].filter(inView).length;
})()"""


def test_a_document_sent_inline_draws_without_fetching(record, browser):
    live = live_for(record.events)
    page, dialogs, errors = open_live(browser, live)
    fetched = []
    page.route(f"{ORIGIN}/live.json", lambda r: (fetched.append(1), r.abort()))
    shown = filters.by_date(record.events, "2023-05-22", "upto")
    spec = livemap.show_spec(
        live, "/live.json", shown, day="2023-05-22", layers=webmap.DYNAMIC_LAYERS, state="inline"
    )
    page.evaluate(livemap.show_js(spec, live))  # the script the app sends, as it sends it
    page.wait_for_function("document.body.getAttribute('data-rm-state') === 'inline'")
    n_points = int((shown["draw_as"] == "point").sum())
    assert page.evaluate("rmLive.groups.events.getLayers().length") == n_points
    # drawn in the view (markers, and groups' counts), but for those the view leaves out and
    # its note names (22 May: the fit keeps to the raid and names Churovichi and Belgorod;
    # the grouping plugin draws what lies just off the view too, Belgorod here: not counted)
    page.wait_for_function(
        f"""() => {DRAWN_IN_VIEW_JS} +
             Number(document.body.getAttribute('data-rm-outside') || 0) === {n_points}"""
    )
    assert page.evaluate(DRAWN_IN_VIEW_JS) < n_points  # the note names at least one
    show(page, {**spec, "state": "again"})  # later specs of the session: no document, no fetch
    assert fetched == [] and not errors and not dialogs


# -- co-located events: every event shown is at most two clicks away -----------------------
# JS: which event (its position in the live document's events) the open popup belongs to.
OPENED_JS = """() => {
  const p = rmLive.map._popup, subs = rmLive.subs.events;
  if (!p || !rmLive.map.hasLayer(p)) { return null; }
  const k = Object.keys(subs).find(k => subs[k] === p._source);
  return k === undefined ? null : Number(k);
}"""


@pytest.mark.parametrize("size", [(1400, 900), (390, 844)], ids=["desktop", "phone"])
def test_every_event_shown_is_two_clicks_away_on_every_day(record, browser, size):
    live = live_for(record.events)
    page, dialogs, errors = open_live(browser, live)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    span = day_span(record.events)
    days = [d.date() for d in pd.date_range(span[0], span[1], freq="D")]
    seen, checked, grouped = set(), 0, 0
    for mode in ("upto", "day"):
        for d in days:
            shown = filters.by_date(record.events, d, mode, 7)
            spec = livemap.show_spec(
                live, "/live.json", shown, day=d, layers=["events"], state=f"{d} {mode}"
            )
            key = json.dumps(spec["show"]["events"])
            if key in seen:  # the same markers as a day already checked: the same picture
                continue
            seen.add(key)
            show(page, spec)
            want = {i for a, b in spec["show"]["events"] for i in range(a, b + 1)}
            # the reader's view of them: the map fitted to the events shown
            page.evaluate(
                "() => { const b = rmLive.groups.events.getBounds();"
                " if (b.isValid()) { rmLive.map.invalidateSize(); rmLive.map.fitBounds(b, "
                "{padding: [30, 30], maxZoom: 12, animate: false}); } }"
            )
            page.wait_for_timeout(300)  # let the fitted view settle (loaded machine)
            reached, bad = reachable(page, "rmLive.map", "rmLive.groups.events", OPENED_JS)
            assert not bad, (d, mode, bad)
            assert reached == want, (d.isoformat(), mode, sorted(want - reached))
            checked += 1
            grouped += page.evaluate("document.querySelectorAll('.rm-cluster').length") > 0
    assert checked > 5 and grouped > 0  # days with co-located events were among them
    assert not errors and not dialogs
