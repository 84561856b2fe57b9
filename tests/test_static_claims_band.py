"""Static images (issue 15): the penetration-over-time band and its legend row, the claim
lines' legend rows, and the claim line's label kept inside the map frame (and off the
locator inset) in close views."""

from __future__ import annotations

import pytest

import render.static as static
from layers.penetration import penetration_bands

CLOSE_VIEWS = {  # south, west, north, east
    "Grayvoron": (50.40, 35.55, 50.56, 35.80),
    "Kozinka": (50.44, 35.60, 50.50, 35.72),
    "west of Belgorod": (50.30, 35.50, 50.90, 36.50),
}


def _render(record, tmp_path, monkeypatch, **kw):
    maps = []
    real = static._new_map

    def spy(*a, **k):
        maps.append(real(*a, **k))
        return maps[-1]

    monkeypatch.setattr(static, "_new_map", spy)
    static.render_static(record.events, sources=record.sources, out_path=tmp_path / "m.png", **kw)
    return maps[-1]


def _texts(m):
    return [t for t in m.ax.texts if t.get_visible()]


@pytest.mark.parametrize("name", list(CLOSE_VIEWS))
def test_the_claim_label_stays_in_the_frame_and_off_the_inset(record, tmp_path, monkeypatch, name):
    m = _render(record, tmp_path, monkeypatch, date="2023-05-23", bounds=CLOSE_VIEWS[name])
    frame = m.ax.get_window_extent(m.renderer)
    inset = [a for a in m.fig.axes if a not in (m.ax, m.panel)]
    assert inset  # the locator
    box = inset[0].get_window_extent(m.renderer)
    labels = [t for t in _texts(m) if "measured at" in t.get_text()]
    assert labels, [t.get_text() for t in _texts(m)]
    for t in labels:
        bb = t.get_window_extent(m.renderer)
        assert frame.x0 <= bb.x0 and bb.x1 <= frame.x1, t.get_text()
        assert frame.y0 <= bb.y0 and bb.y1 <= frame.y1, t.get_text()
        assert not bb.overlaps(box), t.get_text()


def test_the_band_is_drawn_labelled_and_in_the_legend(record, tmp_path, monkeypatch):
    m = _render(record, tmp_path, monkeypatch, date="2023-06-01", bounds=(50.3, 36.6, 50.6, 37.1))
    texts = " ".join(t.get_text() for t in _texts(m))
    assert "deepest 1 Jun: 7.1 ± 4.0 km (Shebekino)" in texts
    legend = " ".join(t.get_text() for t in m.panel.get_legend().get_texts())
    assert "deepest raider event per day (±)" in legend
    assert "depth claim at its claimed distance" in legend
    assert "gap to the measured deepest event" in legend
    band_colour = static.style.BAND_COLOUR
    from matplotlib.colors import to_rgba

    fills = [p for p in m.ax.patches if p.get_facecolor()[:3] == to_rgba(band_colour)[:3]]
    from shapely.geometry import box

    from render.static.geometry import _proj

    bands = penetration_bands(record.events)
    x0, x1, y0, y1 = m.view
    in_view = [
        g.intersects(box(x0, y0, x1, y1))
        for g in _proj(bands.loc[bands["event_date"] <= "2023-06-01"]).geometry
    ]
    assert sum(in_view) >= 1 and len(fills) == sum(in_view)


def test_no_band_before_any_raider_event(record, tmp_path, monkeypatch):
    m = _render(record, tmp_path, monkeypatch, date="2023-03-01")
    legend = " ".join(t.get_text() for t in m.panel.get_legend().get_texts())
    assert "deepest raider event per day" not in legend
