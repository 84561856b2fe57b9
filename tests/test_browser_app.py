"""The running app in headless Chromium, served on 127.0.0.1 with every other request
blocked: the map draws its layers offline, the slider changes what is drawn without reloading
the map, a click reports a depth, and hostile text from an upload runs nothing."""

from __future__ import annotations

import re

import pytest

from render import livemap
from tests.support.browser import (
    DRAWN_EVENTS_JS,
    WAIT_MS,
    event_popups,
    offline_page,
    streamlit_server,
)
from tests.support.hostile import MARKER, PAYLOADS, hostile_geojson
from tests.support.synthetic import many_events_csv

pytestmark = pytest.mark.browser
TIMEOUT = WAIT_MS


@pytest.fixture(autouse=True)
def close_pages(browser):
    """Each test's pages are closed after it: an open page is a live app session."""
    yield
    for context in list(browser.contexts):
        context.close()


def map_frame(page):
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=TIMEOUT)
    for _ in range(120):
        for f in page.frames:
            if "streamlit_folium" in f.url:
                try:
                    # the basemap drawn, and the live layers loaded (or failed, visibly)
                    if f.evaluate("document.querySelectorAll('path').length") > 20 and (
                        f.evaluate("document.body.getAttribute('data-rm-status')")
                        in ("ready", "error")
                    ):
                        return f
                except Exception:  # noqa: BLE001 - frame still loading
                    pass
        page.wait_for_timeout(500)
    frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
    seen = frame and frame.evaluate(
        "[document.querySelectorAll('path').length, document.body.getAttribute('data-rm-status'),"
        " typeof rmLive, window.rmLive && rmLive.url, window.rmLive && !!rmLive.spec]"
    )
    raise AssertionError(f"the map iframe never drew: paths, status, rmLive, url, spec = {seen}")


def wait_for_events(page, condition, timeout_s: float = 60) -> None:
    """Wait until the number of drawn event markers in the map iframe satisfies condition."""
    for _ in range(int(timeout_s * 4)):
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        try:
            if frame is not None and condition(n_events(frame)):
                return
        except Exception:  # noqa: BLE001 - frame navigating
            pass
        page.wait_for_timeout(250)
    raise AssertionError("the map's events never changed as expected")


def n_events(frame) -> int:
    return frame.evaluate(DRAWN_EVENTS_JS)  # markers, and the counts of grouped ones


def open_app(browser, url, query=""):
    page, blocked, dialogs, errors = offline_page(browser, allow_prefix=url)
    page.goto(url + "/" + query, timeout=TIMEOUT)
    frame = map_frame(page)
    return page, frame, blocked, dialogs, errors


def test_map_draws_offline(browser, server, tmp_path):
    page, frame, blocked, dialogs, errors = open_app(browser, server, "?date=2023-05-22")
    assert frame.evaluate("typeof L") == "object"  # Leaflet came from the app itself
    assert frame.evaluate("document.querySelectorAll('.leaflet-overlay-pane path').length") > 20
    assert n_events(frame) >= 3
    assert blocked == []  # nothing asked of the network (page, map, fonts, icon)
    assert not dialogs
    assert errors == []  # no uncaught script error
    # map_frame() also accepts a map whose live layers failed (to say so): this one loaded
    assert frame.evaluate("document.body.getAttribute('data-rm-status')") == "ready"
    page.screenshot(path=str(tmp_path / "app.png"), full_page=True)


def test_slider_updates_the_map_in_place(browser, server):
    page, frame, *_ = open_app(browser, server, "?date=2023-05-22")
    frame.evaluate("window.__sameMap = 42")
    frame.evaluate(
        """window.__states = [];
        new MutationObserver(() => __states.push(document.body.getAttribute('data-rm-state')))
          .observe(document.body, {attributes: true, attributeFilter: ['data-rm-state']});"""
    )
    before = n_events(frame)
    thumb = page.get_by_role("slider").first
    thumb.focus()
    thumb.press("End")  # keyboard: to the last day of the record
    wait_for_events(page, lambda n: n != before)
    assert n_events(frame) > before
    assert frame.evaluate("window.__sameMap") == 42  # the iframe was not reloaded
    # the address follows the view (same-document URL change, so poll location)
    page.wait_for_function("() => location.search.includes('date=2023-06')", timeout=TIMEOUT)
    last = page.evaluate("new URLSearchParams(location.search).get('date')")
    frame.wait_for_function(
        "d => (document.body.getAttribute('data-rm-state') || '').startsWith(d + ' upto')",
        arg=last,
        timeout=TIMEOUT,
    )
    # (the session's second run may re-apply 22 May first: it started before the key press)
    states = [x for x in frame.evaluate("__states") if not x.startswith("2023-05-22 ")]
    # the map drew the slider's date itself first, then the server's answer for it
    assert states[0] == f"{last} predicted", states
    assert states[-1].startswith(f"{last} upto "), states


def test_click_reports_depth(browser, server):
    page, frame, *_ = open_app(browser, server, "?date=2023-05-22")
    box = frame.locator(".leaflet-container").bounding_box()
    # a spot inside Russia within the fitted view (some 25 km in, or, the 22 May view keeping
    # to the raid, some 8 km north-east of Grayvoron), wherever the view puts it
    frame.wait_for_function("rmLive.view.pending === 0", timeout=TIMEOUT)
    p = frame.evaluate(
        """() => { const inner = map_div.getBounds().pad(-0.15);
             const ll = [[50.75, 36.45], [50.53, 35.75]].find(q => inner.contains(q));
             return ll && map_div.latLngToContainerPoint(ll); }"""
    )
    assert p is not None, frame.evaluate("map_div.getBounds().toBBoxString()")
    page.mouse.click(box["x"] + p["x"], box["y"] + p["y"])
    metric = page.get_by_text("Clicked point: depth from the border")
    metric.wait_for(timeout=TIMEOUT)
    value = page.locator("[data-testid='stMetricValue']").first.inner_text()
    assert re.fullmatch(r"[+-]\d+\.\d\d km", value.strip()), value
    frame.wait_for_selector("path.rm-measure", timeout=TIMEOUT)


def test_hostile_upload_shows_text_and_runs_nothing(browser, server, tmp_path):
    page, frame, blocked, dialogs, errors = open_app(browser, server, "?date=2023-05-22")
    path = tmp_path / "hostile.geojson"
    path.write_bytes(hostile_geojson())
    page.get_by_text("event(s) shown").first.wait_for(timeout=TIMEOUT)  # app settled
    page.locator("input[type=file]").set_input_files(str(path))
    try:
        page.get_by_text(f"{len(PAYLOADS)} kept").first.wait_for(timeout=TIMEOUT)
    except Exception:
        page.screenshot(path=str(tmp_path / "upload_failed.png"), full_page=True)
        print("page text at failure:", page.inner_text("body")[:3000])
        raise
    frame = map_frame(page)
    wait_for_events(page, lambda n: n == len(PAYLOADS))
    opened = 0
    for _ in event_popups(frame):
        opened += 1
        assert MARKER in frame.inner_text(".leaflet-popup-content")
    assert opened == len(PAYLOADS)
    body = page.inner_text("body")
    for text in (PAYLOADS["img"], PAYLOADS["template"]):
        assert text in body  # the timeline shows it literally
    assert frame.evaluate("window.__pwned") is None
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    page.screenshot(path=str(tmp_path / "hostile_app.png"), full_page=True)


def test_map_says_so_when_its_events_cannot_load(browser, server):
    """The live layers' data file blocked: a session's first map gets the data inline, but a
    map mounted later in the session (another language) fetches it; blocked, the basemap
    still draws and the map states the failure in words (never a silently empty map)."""
    page, blocked, dialogs, errors = offline_page(browser, allow_prefix=server)
    page.route("**/app/static/live/**", lambda r: r.abort())
    page.goto(server + "/?date=2023-05-22", timeout=TIMEOUT)
    first = map_frame(page)
    assert first.evaluate("document.body.getAttribute('data-rm-status')") == "ready"
    assert n_events(first) > 0  # drawn from the inline document, no fetch
    page.get_by_role("combobox", name="Place names").click()
    page.get_by_role("option", name="Русский").click()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('iframe')).some(f => {"
        " try { return f.contentDocument.body.getAttribute('data-rm-status') === 'error'; }"
        " catch (e) { return false; } })",
        timeout=TIMEOUT,
    )
    frame = next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())
    status = frame.locator(".rm-status")
    assert status.is_visible()
    assert "could not be loaded" in status.inner_text()
    assert n_events(frame) == 0
    # the new base map is the Russian one (its labels come from its own data file)
    assert "Белгород" in frame.locator(".rm-label").all_inner_texts()
    assert not errors, errors


def test_large_upload_draws_on_a_canvas_with_working_popups(browser, server, tmp_path):
    n = livemap.CANVAS_ABOVE + 500
    page, frame, blocked, dialogs, errors = open_app(browser, server, "?date=2023-05-31")
    path = tmp_path / "big.csv"
    path.write_bytes(many_events_csv(n))
    page.get_by_text("event(s) shown").first.wait_for(timeout=TIMEOUT)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text(f"{n} kept").first.wait_for(timeout=2 * TIMEOUT)  # validated
    wait_for_shown(page, lambda k: k == n, timeout_s=120)
    frame = map_frame(page)
    assert frame.locator(".leaflet-rm-events-pane canvas").count() == 1
    assert n_events(frame) == 0  # no SVG path per marker
    # Click the first marker where the canvas draws it: its popup opens, text intact.
    xy = frame.evaluate(
        "(() => { const l = rmLive.subs.events[0];"
        " const p = map_div.latLngToContainerPoint(l.getLatLng()); return [p.x, p.y]; })()"
    )
    box = frame.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    frame.wait_for_selector(".leaflet-popup-content", timeout=TIMEOUT)
    # the event's own summary (tests/support/synthetic.acled_csv: "... near point <i>.")
    assert re.search(r"near point \d+\.", frame.inner_text(".leaflet-popup-content"))
    # one day only: the drawn set shrinks to that day's events
    page.get_by_text("this day only").click()
    wait_for_shown(page, lambda k: 0 < k < n / 20)
    assert not errors and not dialogs


def wait_for_shown(page, condition, timeout_s: float = 90) -> None:
    """Wait until the live layers report a number of shown events satisfying condition."""
    for _ in range(int(timeout_s * 4)):
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        try:
            k = frame.evaluate("Number(document.body.getAttribute('data-rm-shown') || -1)")
            if frame is not None and condition(k):
                return
        except Exception:  # noqa: BLE001 - frame navigating
            pass
        page.wait_for_timeout(250)
    frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
    seen = frame and frame.evaluate(
        "['status', 'shown', 'state'].map(k => document.body.getAttribute('data-rm-' + k))"
    )
    raise AssertionError(f"the map's shown events never matched: status, shown, state = {seen}")


def test_play_steps_through_the_days_and_stops(browser, server):
    page, frame, *_ = open_app(browser, server, "?date=2023-05-22")
    frame.evaluate("window.__sameMap = 7")
    date = "new URLSearchParams(location.search).get('date')"
    page.get_by_text("▶ Play").click()
    page.wait_for_function(f"{date} >= '2023-05-24'", timeout=TIMEOUT)  # a day a second
    page.get_by_text("▶ Play").click()
    page.wait_for_timeout(1500)  # the pause takes effect, then nothing moves
    stopped = page.evaluate(date)
    page.wait_for_timeout(2500)
    assert page.evaluate(date) == stopped
    wait_for_shown(page, lambda k: k > 0)
    state = frame.evaluate("document.body.getAttribute('data-rm-state')")
    assert state.startswith(stopped), (state, stopped)  # the map shows the date reached
    assert frame.evaluate("window.__sameMap") == 7  # the same map throughout


def test_story_steps_keep_the_same_map(browser, server):
    page, frame, *_ = open_app(browser, server, "?date=2023-05-22")
    frame.evaluate("window.__sameMap = 9")
    page.get_by_role("combobox", name="Story").click()
    page.get_by_role("option").nth(2).click()  # step 2: 22 May, this day only, zoom 11
    page.locator("[data-testid='stAlert']").first.wait_for(timeout=TIMEOUT)  # the caption
    page.wait_for_timeout(1500)
    assert frame.evaluate("window.__sameMap") == 9
    # the step did what it says: the view (address and map) is the step's
    page.wait_for_function(
        "() => { const q = new URLSearchParams(location.search);"
        " return q.get('mode') === 'day' && q.get('zoom') === '11'; }",
        timeout=TIMEOUT,
    )
    frame.wait_for_function(
        "() => (document.body.getAttribute('data-rm-state') || '').startsWith('2023-05-22 day')",
        timeout=TIMEOUT,
    )
    frame.wait_for_function("() => map_div.getZoom() === 11", timeout=TIMEOUT)


def test_the_controls_follow_by_themselves_and_the_map_is_not_mounted_again(browser, server):
    """The first run draws the map without the sidebar's controls and the tabs; the map's
    report starts the run that draws them (no click), and the map keeps its iframe."""
    page, blocked, _dialogs, errors = offline_page(browser, allow_prefix=server)
    loads: list[str] = []
    page.on(
        "framenavigated",
        lambda f: loads.append(f.url) if "streamlit_folium" in f.url else None,
    )
    page.goto(server + "/?date=2023-06-01", timeout=TIMEOUT)
    frame = map_frame(page)
    page.get_by_role("tab", name="Depth").wait_for(timeout=TIMEOUT)
    page.locator("[data-testid='stSidebar']").get_by_text("Layers", exact=True).wait_for(
        timeout=TIMEOUT
    )
    page.wait_for_timeout(1500)  # any late remount would navigate a new frame meanwhile
    assert len(loads) == 1, loads  # one map, loaded once
    assert n_events(frame) >= 3
    assert page.get_by_role("button", name="Show them now").count() == 0
    assert blocked == [] and errors == []


def test_plain_streamlit_run_serves_the_map_too(browser):
    """README: `streamlit run app.py` works without the launcher (the component registers
    itself during the first script run)."""
    from tests.support.browser import REPO

    with streamlit_server(app=REPO / "app.py") as url:
        page, blocked, _dialogs, errors = offline_page(browser, allow_prefix=url)
        page.goto(url + "/?date=2023-05-22", timeout=TIMEOUT)
        frame = map_frame(page)
        assert n_events(frame) >= 3
        assert blocked == [] and errors == []
        page.close()
