"""The date bar in the app (raidmap/timebar.py TICKS_CSS, issue 14): on a 390x844 phone the mode
selector is one segmented control whose segments fill it from border to border (no white gap
around the chosen one), each text in the middle of its segment, and Play has no help icon (a
hover text a touch screen cannot show); at 1400x900 the help icon stays."""

from __future__ import annotations

import pytest

from tests.test_browser_app import wait_for_shown
from tests.test_browser_time import open_page, shot

pytestmark = pytest.mark.browser

# JS: the mode group's box and its segments' boxes, and whether Play's help icon is shown.
BAR_JS = """() => {
  const g = document.querySelector('.st-key-rm_modes [role="radiogroup"]');
  const box = el => { const r = el.getBoundingClientRect();
                      return [r.left, r.top, r.right, r.bottom]; };
  const segs = [...g.children].map(el => [el.getAttribute('data-selected'), box(el),
                                          getComputedStyle(el).backgroundColor,
                                          box(el.querySelector('p'))]);
  const cs = getComputedStyle(g);
  const icon = document.querySelector('.st-key-playing [data-testid="stTooltipIcon"]');
  return {group: box(g), border: parseFloat(cs.borderTopWidth), segs,
          help: !!icon && icon.getBoundingClientRect().width > 0
                && getComputedStyle(icon).display !== 'none'};
}"""


def test_phone_modes_fill_their_control_and_play_has_no_help_icon(browser, server, tmp_path):
    page, _frame, blocked, errors = open_page(browser, server, "phone", "?date=2023-05-22")
    wait_for_shown(page, lambda k: k > 0)
    bar = page.evaluate(BAR_JS)
    g, b = bar["group"], bar["border"]
    assert len(bar["segs"]) == 3
    for _sel, s, _bg, p in bar["segs"]:
        # each segment runs from the group's top border to its bottom border
        assert abs(s[1] - (g[1] + b)) <= 1 and abs(s[3] - (g[3] - b)) <= 1, (s, g)
        # and its text sits in its middle (it sat at the top: 6 px above the centre)
        assert abs((p[1] + p[3]) / 2 - (s[1] + s[3]) / 2) <= 2, ("vertical", p, s)
        assert abs((p[0] + p[2]) / 2 - (s[0] + s[2]) / 2) <= 2, ("horizontal", p, s)
    chosen = [bg for sel, _s, bg, _p in bar["segs"] if sel == "true"]
    assert chosen == ["rgb(178, 24, 43)"]  # the chosen one is filled red, wholly
    assert bar["help"] is False
    assert page.get_by_text("▶ Play", exact=True).is_visible()  # Play itself stays
    shot(page, tmp_path, "datebar_phone")
    assert blocked == [] and errors == []


def test_desktop_play_keeps_its_help_icon(browser, server, tmp_path):
    page, _frame, blocked, errors = open_page(browser, server, "desktop", "?date=2023-05-22")
    wait_for_shown(page, lambda k: k > 0)
    assert page.evaluate(BAR_JS)["help"] is True
    shot(page, tmp_path, "datebar_desktop")
    assert blocked == [] and errors == []
