"""What a reader meets at the map's edges and on a phone (issue 14, session 5), in headless
Chromium: every shown place, claim and country label lies inside the map whatever edge its
place is pushed to (render/labels.js's edge rule, shared by the app, the embed and the HTML
snapshot); on a phone the snapshot's Play and modes stay on one line."""

from __future__ import annotations

import pytest

from render.snapshot_html import snapshot_html
from tests.test_browser_snapshot import open_snapshot

pytestmark = pytest.mark.browser

# The embed's frame, a phone and a desktop.
SIZES = {"embed": (640, 480), "phone": (390, 844)}
DESKTOP = (1400, 900)

# JS: the permanent labels' anchors (labelled places), as container points.
ANCHORS_JS = """() => {
  const map = rmSnapshot.map, out = [];
  map.eachLayer(l => {
    const t = l.getTooltip && l.getTooltip();
    if (t && t.options.permanent && l.getLatLng) {
      const p = map.latLngToContainerPoint(l.getLatLng());
      out.push({text: t.getContent(), x: p.x, y: p.y});
    }
  });
  return out; }"""

# JS: every label shown (not hidden by the placement) and how far each side of its box is
# inside the map (negative: cut by the map's edge).
SHOWN_JS = """() => {
  const f = rmSnapshot.map.getContainer().getBoundingClientRect();
  return [...document.querySelectorAll('.leaflet-tooltip.rm-label, .rm-country')]
    .filter(el => getComputedStyle(el).visibility !== 'hidden')
    .map(el => { const r = el.getBoundingClientRect();
      return {text: el.textContent, l: r.left - f.left, r: f.right - r.right,
              t: r.top - f.top, b: f.bottom - r.bottom}; }); }"""

# JS: the place and claim labels shown that a map control (zoom, scale, credit, the far-off
# note) covers in part.
UNDER_CONTROLS_JS = """() => {
  const box = rmSnapshot.map.getContainer();
  const ctl = [...box.querySelectorAll('.leaflet-control')].map(el => el.getBoundingClientRect())
    .filter(r => r.width > 0);
  return [...box.querySelectorAll('.leaflet-tooltip.rm-label')]
    .filter(el => getComputedStyle(el).visibility !== 'hidden')
    .filter(el => { const r = el.getBoundingClientRect();
      return ctl.some(c => r.left < c.right - 0.5 && c.left < r.right - 0.5 &&
                           r.top < c.bottom - 0.5 && c.top < r.bottom - 0.5); })
    .map(el => el.textContent); }"""


@pytest.fixture(scope="module")
def june_first_file(record, tmp_path_factory):
    path = tmp_path_factory.mktemp("snap") / "june1.html"
    path.write_text(
        snapshot_html(record.events, date="2023-06-01", sources=record.sources), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("size", list(SIZES))
def test_labels_pushed_to_each_edge_stay_inside_the_map(browser, june_first_file, size):
    """Each of a few labelled places is panned to 6 px inside each edge of the map in turn;
    after the placement every label shown lies wholly inside the map (moved or hidden, never
    cut) and clear of the map's controls, and labels near that edge are still shown (the rule
    moves them, it does not hide every label near an edge)."""
    page, blocked, dialogs, errors = open_snapshot(browser, june_first_file, SIZES[size])
    w, h = page.evaluate("[rmSnapshot.map.getSize().x, rmSnapshot.map.getSize().y]")
    anchors = page.evaluate(ANCHORS_JS)
    names = [a["text"] for a in anchors]
    assert len(anchors) >= 5, names
    # two of the labelled places (the first and the last in the page)
    picks = [0, len(anchors) - 1]
    checked, near_edge_shown = 0, 0
    for i in picks:
        for edge, (tx, ty) in {
            "left": (6, h / 2),
            "right": (w - 6, h / 2),
            "top": (w / 2, 6),
            "bottom": (w / 2, h - 6),
        }.items():
            a = page.evaluate(ANCHORS_JS)[i]
            page.evaluate(
                "([dx, dy]) => rmSnapshot.map.panBy([dx, dy], {animate: false})",
                [a["x"] - tx, a["y"] - ty],
            )
            page.wait_for_timeout(250)  # moveend -> the placement (a timeout of 0)
            shown = page.evaluate(SHOWN_JS)
            cut = [s for s in shown if min(s["l"], s["r"], s["t"], s["b"]) < -0.5]
            assert not cut, (size, names[i], edge, cut)
            under = page.evaluate(UNDER_CONTROLS_JS)
            assert not under, (size, names[i], edge, under)
            near_edge_shown += any(s[edge[0]] < 40 for s in shown)
            checked += 1
    assert checked == 4 * len(picks)
    assert near_edge_shown >= checked // 2, near_edge_shown  # labels near edges are kept
    assert not errors and not dialogs and blocked == []


def test_snapshot_play_and_modes_on_one_line_on_a_phone(browser, june_first_file):
    """At 390x844 the snapshot's Play button and its three modes sit on one line (they
    wrapped to three), each mode's text whole; at 1400x900 the long texts are shown."""
    page, *_ = open_snapshot(browser, june_first_file, SIZES["phone"])
    rows = page.evaluate(
        """() => [document.getElementById('rm-play'),
                  ...[...document.querySelectorAll('input[name=rm-mode]')]
                    .map(i => i.closest('label'))]
          .map(el => { const r = el.getBoundingClientRect();
            return [el.innerText.trim(), (r.top + r.bottom) / 2, r.bottom, r.right,
                    el.scrollWidth <= el.clientWidth + 1]; })"""
    )
    panel = page.evaluate("document.getElementById('rm-panel').getBoundingClientRect().right")
    assert len(rows) == 4 and max(r[1] for r in rows) - min(r[1] for r in rows) < 4, rows
    assert all(r[3] <= panel for r in rows) and all(r[4] for r in rows), (rows, panel)
    assert [r[0] for r in rows[1:]] == ["up to", "this day", "7 days"]
    page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    page.wait_for_timeout(300)
    texts = page.evaluate(
        "[...document.querySelectorAll('input[name=rm-mode]')]"
        ".map(i => i.closest('label').innerText.trim())"
    )
    assert texts == ["up to this date", "this day only", "the 7 days to this date"]


def test_phone_speed_box_shows_each_speed_whole(browser, server):
    """At 390x844 the date bar's Play speed box shows its value whole ("1 day /" was cut):
    each choice's text, in the box's own font, fits the box's text area."""
    from raidmap.timebar import SPEEDS
    from tests.test_browser_time import open_page

    page, _frame, blocked, errors = open_page(browser, server, "phone", "?date=2023-06-01")
    fit = page.evaluate(
        """labels => { const inp = document.querySelector('.st-key-speed input');
             const cs = getComputedStyle(inp);
             const c = document.createElement('canvas').getContext('2d');
             c.font = cs.font;
             const pad = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
             const room = inp.clientWidth - pad;
             return {value: inp.value, room: room, fits: inp.scrollWidth <= inp.clientWidth,
                     widths: labels.map(t => c.measureText(t).width)}; }""",
        list(SPEEDS.values()),
    )
    assert fit["value"] == "1 day / s" and fit["fits"], fit
    assert max(fit["widths"]) <= fit["room"], fit
    box = page.locator(".st-key-speed").bounding_box()
    assert box["x"] + box["width"] <= 390, box  # and the box is on the screen
    assert blocked == [] and errors == []
