"""render/liveagg.py: a large dataset's live document (columns) and what a move sends."""

from __future__ import annotations

import json

import pytest

from layers.dayindex import DayIndex
from layers.events import load_events
from render import liveagg, livemap, livepoints
from tests.support.hostile import MARKER, PAYLOADS, hostile_geojson
from tests.support.synthetic import many_events_csv

N = 3_000


@pytest.fixture(scope="module")
def events():
    gdf, rep = load_events(many_events_csv(N), name="many.csv")
    assert rep.ok and len(gdf) == N
    return gdf


@pytest.fixture(scope="module")
def big(events):
    return livemap.big_live_data(events)


def test_document_is_columns_of_numbers_in_the_live_order(events, big):
    doc = json.loads(big.body)
    cols = doc["columns"]
    assert doc["format"] == liveagg.FORMAT and cols["n"] == N == len(big.ev)
    assert {k: len(cols[k]) for k in "seyx"} == dict.fromkeys("seyx", N)
    assert all(isinstance(v, int) for k in "seyx" for v in cols[k])
    order = events.sort_values(["event_date", "event_id"], kind="stable")
    assert list(big.ev) == list(order["event_id"])  # the small document's order
    first = order.iloc[0]
    assert cols["y"][0] == round(first.geometry.y * 1e4)
    assert cols["x"][0] == round(first.geometry.x * 1e4)
    assert cols["s"] == sorted(cols["s"]) and cols["s"][0] == 0
    assert doc["points_max"] == liveagg.POINTS_MAX and "not drawn" in doc["note"]


def test_document_size_stays_far_under_the_static_file_limit(big):
    """About 24 bytes an event: 500,000 events well under Streamlit's 200 MiB."""
    per_event = len(big.body) / N
    assert per_event < 40
    assert 500_000 * per_event < 25 * 1024 * 1024


def test_no_data_text_in_the_document():
    gdf, _ = load_events(hostile_geojson(), name="h.geojson")
    body = livemap.big_live_data(gdf).body.decode()
    for payload in PAYLOADS.values():
        assert payload not in body
    assert "<" not in body and "event_id" not in body


def test_spec_sends_ranges_and_points_only_when_few_are_shown(events, big):
    index = DayIndex(events)
    filtered = livemap.position_ranges(big, events)
    assert filtered == [[0, N - 1]]
    kwargs = {
        "layers": ["events"],
        "click": None,
        "state": "s",
        "mode": "upto",
        "window": 7,
        "slider": "Date",
        "filtered_ranges": filtered,
        "sources": None,
    }
    all_shown = index.shown("2023-05-31", "upto")
    spec = livemap.show_spec(big, "u", all_shown, day="2023-05-31", **kwargs)
    assert spec["big"] and spec["points"] is None  # more than POINTS_MAX: cells
    assert spec["show"]["events"] == [[0, N - 1]]
    assert spec["rule"]["filtered"] == filtered
    one_day = index.shown("2023-05-02", "day")
    assert 0 < len(one_day) <= liveagg.POINTS_MAX
    spec = livemap.show_spec(big, "u", one_day, day="2023-05-02", **kwargs)
    assert len(spec["points"]["events"]) + len(spec["points"]["areas"]) >= 1
    ids = {f["properties"]["event_id"] for f in spec["points"]["events"]}
    assert ids <= set(one_day["event_id"])
    positions = [p for a, b in spec["show"]["events"] for p in range(a, b + 1)]
    assert sorted(big.ev[e] for e in one_day["event_id"]) == positions


def test_a_days_points_are_built_once_and_their_popups_kept_served(events, big, monkeypatch):
    """Issue 16 ("day" mode): the points and popups of a shown set are built once; the same
    day again sends the same spec without building them, and writes the popups' file again
    if it was removed. Another day builds its own."""
    index = DayIndex(events)
    built = []
    real = liveagg.points
    monkeypatch.setattr(liveagg, "points", lambda *a, **k: built.append(1) or real(*a, **k))
    monkeypatch.setattr(livepoints, "_points_kept", type(livepoints._points_kept)())
    kwargs = {"layers": ["events"], "click": None, "state": "s", "mode": "day", "window": 7,
              "slider": "Date", "filtered_ranges": livemap.position_ranges(big, events),
              "sources": None}  # fmt: skip

    def spec(d: str) -> dict:
        return livemap.show_spec(big, "u", index.shown(d, "day"), day=d, **kwargs)

    first = spec("2023-05-03")
    assert len(built) == 1 and first["points"]["events"]
    url = first["points"]["popups"]
    path = livepoints.POPUP_DIR / url.rsplit("/", 1)[1]
    assert path.exists()
    path.unlink()
    again = spec("2023-05-03")
    assert len(built) == 1 and again == first  # not built again, the same answer
    assert path.exists()  # served again
    other = spec("2023-05-04")
    assert len(built) == 2 and other["points"] != first["points"]


# -- render/liveagg.js in headless Chromium ----------------------------------------------
@pytest.mark.browser
def test_browser_draws_cells_then_points_and_guesses_as_the_server_answers(events, big):
    from tests.support.browser import launch
    from tests.test_browser_live import open_live, show

    index = DayIndex(events)
    filtered = livemap.position_ranges(big, events)

    def spec(day, mode, state):
        return livemap.show_spec(
            big, "/live.json", index.shown(day, mode), day=day, layers=["events"],
            click=None, state=state, mode=mode, window=7, slider=None,
            filtered_ranges=filtered, sources=None,
        )  # fmt: skip

    with launch() as browser:
        page, dialogs, errors = open_live(browser, big)
        show(page, spec("2023-05-31", "upto", "all"))
        label = page.evaluate("document.body.getAttribute('data-rm-agg')")
        cells = int(label.split(" cells")[0].split()[-1].replace(",", ""))
        assert label.startswith(f"{N:,} events aggregated into ") and 1 < cells < N
        drawn = page.evaluate("document.body.getAttribute('data-rm-shown')")
        assert drawn == str(N)
        # a popup gives its cell's count; the counts add up to every event shown
        total = page.evaluate(
            """() => { let t = 0; window.rmLive.bigCells().eachLayer(l => {
                 t += Number(l.getPopup().getContent().match(/<b>([0-9,]+) event/)[1]
                   .replace(/,/g, '')); }); return t; }"""
        )
        assert total == N
        one = spec("2023-05-02", "day", "one day")
        show(page, one)
        n_points = len(one["points"]["events"])
        assert page.evaluate("document.querySelectorAll('path.rm-events').length") == n_points
        assert page.evaluate("window.rmLive.bigCells().getLayers().length") == 0
        # the map's own guess while the server works equals the server's answer
        cases = [
            [{"filtered": filtered, "mode": m, "window": 7}, d]
            for m in ("upto", "day", "window")
            for d in ("2023-04-30", "2023-05-01", "2023-05-15", "2023-05-31", "2023-06-02")
        ]
        got = page.evaluate("cs => cs.map(c => rmLive.predict(c[0], c[1]))", cases)
        for (rule, d), g in zip(cases, got, strict=True):
            want = spec(d, rule["mode"], "x")
            assert g["show"]["events"] == want["show"]["events"], (d, rule["mode"])
            assert g["open"] == want["open"], (d, rule["mode"])
        assert not errors and not dialogs


class _NoWalk(dict):
    """An ``ev`` that fails when walked whole (a lookup per shown event is fine)."""

    walk = True

    def __iter__(self):
        assert _NoWalk.walk, "the whole dataset's positions walked per move"
        return super().__iter__()

    def items(self):
        assert _NoWalk.walk, "the whole dataset's positions walked per move"
        return super().items()

    def keys(self):
        assert _NoWalk.walk, "the whole dataset's positions walked per move"
        return super().keys()


def test_a_move_does_not_walk_every_event_position(events, big):
    data = livemap.LiveData(big.body, big.digest, _NoWalk(big.ev), {}, (), big.n, big=True)
    index = DayIndex(events)
    kwargs = {"layers": ["events"], "click": None, "state": "s", "mode": "day", "window": 7}
    livemap.show_spec(data, "u", index.shown("2023-05-02", "day"), day="2023-05-02", **kwargs)
    _NoWalk.walk = False  # the first move made the per-dataset lookup; later ones use it
    try:
        shown = index.shown("2023-05-03", "day")
        spec = livemap.show_spec(data, "u", shown, day="2023-05-03", **kwargs)
    finally:
        _NoWalk.walk = True
    positions = [p for a, b in spec["show"]["events"] for p in range(a, b + 1)]
    assert positions == sorted(big.ev[e] for e in shown["event_id"])


# -- lazy popups: a move sends the points shown, their popups are a file ---------------------
def _one_day_spec(events, big, day="2023-05-02"):
    return livemap.show_spec(
        big, "u", DayIndex(events).shown(day, "day"), day=day, layers=["events"], click=None,
        state="s", mode="day", window=7, slider="Date",
        filtered_ranges=livemap.position_ranges(big, events), sources=None,
    )  # fmt: skip


def test_a_moves_points_carry_no_popups_and_the_file_has_each_events_own(
    events, big, tmp_path, monkeypatch
):
    """Issue 16: a day at 500,000 events sent ~1.4 MB of popups per move. The points go
    without them (a few hundred bytes each); each marker's ``pop`` finds its own event's
    popup in the file the spec names."""
    from render.popup import popup_html

    monkeypatch.setattr(livepoints, "POPUP_DIR", tmp_path)
    spec = _one_day_spec(events, big)
    feats = spec["points"]["events"]
    sent = livemap.show_js(spec)
    assert len(feats) >= 5 and "rm-popup" not in sent and "<table" not in sent
    # each point: position, style, tooltip and its halo; no claims, no sources
    assert len(sent.encode()) / len(feats) < 1000
    url = spec["points"]["popups"]
    assert url.startswith(livepoints.POPUP_URL)
    popups = json.loads((tmp_path / url.rsplit("/", 1)[1]).read_text(encoding="utf-8"))
    assert len(popups) == len(feats) + len(spec["points"]["areas"])
    assert sum(len(x.encode()) for x in popups) > 0.5 * len(sent.encode())  # what is not sent
    rows = events.set_index("event_id", drop=False)
    for f in feats:
        eid = f["properties"]["event_id"]  # plain ids here: escaping leaves them as they are
        assert popups[f["properties"]["pop"]] == popup_html(rows.loc[eid].to_dict())
    assert sorted(f["properties"]["pop"] for f in feats) == list(range(len(feats)))
    # the same points shown again: the same file, nothing new written
    assert _one_day_spec(events, big)["points"]["popups"] == url
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.browser
def test_browser_lazy_popup_shows_its_events_text_and_hostile_text_stays_text(
    tmp_path, monkeypatch
):
    import html

    from tests.support.browser import launch
    from tests.test_browser_live import ORIGIN, open_live, show

    monkeypatch.setattr(livepoints, "POPUP_DIR", tmp_path)
    gdf, rep = load_events(hostile_geojson(), name="h.geojson")
    assert rep.ok
    big = livemap.big_live_data(gdf)
    spec = livemap.show_spec(
        big, "/live.json", gdf.assign(certain_by_date=True), day="2023-05-22",
        layers=["events"], click=None, state="hostile", mode="day", window=7, slider=None,
        filtered_ranges=livemap.position_ranges(big, gdf), sources=None,
    )  # fmt: skip
    sent = livemap.show_js(spec)
    for key in ("img", "script"):  # markup: escaped in the tooltips, popups not sent
        assert PAYLOADS[key] not in sent
    assert "rm-popup" not in sent
    url = spec["points"]["popups"]
    body = (tmp_path / url.rsplit("/", 1)[1]).read_bytes()
    fetched = []
    with launch() as browser:
        page, dialogs, errors = open_live(browser, big)
        page.route(
            f"{ORIGIN}{url}",
            lambda r: (fetched.append(1), r.fulfill(body=body, content_type="application/json")),
        )
        show(page, spec)
        ids = page.evaluate(
            "rmLive.bigPoints().getLayers().filter(l => l.feature && l.feature.properties.pop"
            " !== undefined).map(l => l.feature.properties.event_id)"
        )
        assert len(ids) == len(PAYLOADS) and not fetched  # nothing fetched before a click
        layer = (
            "i => rmLive.bigPoints().getLayers().filter(l => l.feature &&"
            " l.feature.properties.pop !== undefined)[i]"
        )
        for i, eid in enumerate(ids):
            page.evaluate(f"({layer})({i}).openPopup()")
            # this marker's own popup (the one closed before fades out a while longer)
            content = (
                f"i => ({layer})(i).getPopup().getElement().querySelector('.leaflet-popup-content')"
            )
            page.wait_for_function(f"i => !({content})(i).textContent.includes('Loading')", arg=i)
            text = page.evaluate(f"i => ({content})(i).innerText", i)
            raw = html.unescape(eid)  # the marker's own event: its id and summary shown
            key = list(PAYLOADS)[int(raw[len(MARKER) :].split("-", 1)[0])]
            assert raw.strip("\u2068\u2069") in text.replace("\u2068", "").replace("\u2069", "")
            assert f"{MARKER}{key}: " in text
            assert (
                page.evaluate(
                    "document.querySelectorAll('.leaflet-popup-pane img, .leaflet-popup-pane"
                    " script, .leaflet-popup-pane iframe, .leaflet-popup-pane svg').length"
                )
                == 0
            )
        assert len(fetched) == 1  # one file for the move, fetched once
        assert page.evaluate("window.__pwned") is None
        assert not errors and not dialogs
