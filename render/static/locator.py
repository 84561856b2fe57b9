"""Static maps: country names on the map and a small locator inset (where the map is in
Europe), from the bundled data only: the region's land (``data/border/land.geojson``) and a
small extract of Natural Earth's 1:110m countries (``data/border/locator_europe.geojson``,
made by ``scripts/extract_locator.py``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from matplotlib.patches import Rectangle
from shapely.geometry import shape
from shapely.ops import polylabel

from render import style
from render.static.basemap import _basemap
from render.static.frame import (
    LOCATOR_BOX,
    LOCATOR_LAT,
    LOCATOR_PAD,
    LOCATOR_WIDTH,
    _Map,
    locator_height,
)
from render.static.geometry import _clip, _fwd, _patch, _polys
from render.static.labels import _reserve

LOCATOR_FILE = Path(__file__).resolve().parents[2] / "data" / "border" / "locator_europe.geojson"
COUNTRY_NAMES = {
    "en": {"RU": "RUSSIA", "UA": "UKRAINE", "BY": "BELARUS"},
    "ru": {"RU": "РОССИЯ", "UA": "УКРАИНА", "BY": "БЕЛАРУСЬ"},
    "uk": {"RU": "РОСІЯ", "UA": "УКРАЇНА", "BY": "БІЛОРУСЬ"},
}
LOCATOR_COUNTRIES = {"Russia": "RU", "Ukraine": "UA"}  # coloured as on the map


@cache
def _europe() -> tuple[tuple[str, object], ...]:
    fc = json.loads(LOCATOR_FILE.read_text("utf-8"))
    return tuple((f["properties"]["name"], shape(f["geometry"])) for f in fc["features"])


def _inset_xy(geom):
    k = np.cos(np.radians(LOCATOR_LAT))
    return shapely.transform(geom, lambda c: np.c_[c[:, 0] * k, c[:, 1]])


def draw_country_names(m: _Map, lang: str) -> None:
    """Each country's name at the point of its land in view farthest from the land's edges
    (and the map frame's), under every symbol; kept off by labels placed later. A name that
    would be cut by the frame or lie under the locator inset is left out."""
    land, *_ = _basemap()
    names = COUNTRY_NAMES.get(lang, COUNTRY_NAMES["en"])
    for code, poly in land.items():
        g = _clip(poly, m.view)
        parts = _polys(g)
        if not parts or code not in names:
            continue
        big = max(parts, key=lambda p: p.area)
        x0, x1, y0, y1 = m.view
        if big.area < 0.04 * (x1 - x0) * (y1 - y0):
            continue  # a sliver of the country: its name would not fit
        p = polylabel(big, tolerance=(x1 - x0) / 200)
        t = m.ax.text(
            p.x,
            p.y,
            names[code],
            ha="center",
            va="center",
            fontsize=13,
            color="#9a9a9a",
            fontweight="bold",
            alpha=0.8,
            zorder=2,
        )
        bb = t.get_window_extent(m.renderer)
        frame = m.ax.get_window_extent(m.renderer)
        inside = frame.x0 <= bb.x0 and bb.x1 <= frame.x1 and frame.y0 <= bb.y0 and bb.y1 <= frame.y1
        if not inside or any(bb.overlaps(o) for o in m.placed):
            t.remove()  # cut by the frame or under the inset: a fragment of a name misleads
            continue
        m.placed.append(bb)


def draw_locator(m: _Map) -> None:
    """A small map of Europe in the map frame's upper-left corner, the map's view boxed."""
    frame = m.ax.get_position()
    lon0, lat0, lon1, lat1 = LOCATOR_BOX
    k = np.cos(np.radians(LOCATOR_LAT))
    fig_w, fig_h = m.fig.get_size_inches()
    w = LOCATOR_WIDTH * frame.width
    h = locator_height((fig_w, fig_h))
    pad = LOCATOR_PAD
    inset = m.fig.add_axes((frame.x0 + pad, frame.y1 - h - pad * fig_w / fig_h, w, h))
    inset.set_xlim(lon0 * k, lon1 * k)
    inset.set_ylim(lat0, lat1)
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_facecolor(style.SEA_COLOUR)
    for sp in inset.spines.values():
        sp.set_edgecolor("#555555")
        sp.set_linewidth(0.6)
    inset.set_zorder(40)
    for name, geom in _europe():
        code = LOCATOR_COUNTRIES.get(name)
        fc = style.LAND_COLOURS[code] if code else "#f7f7f7"
        patch = _patch(_inset_xy(geom), fc=fc, ec="#8a8a8a", lw=0.25)
        if patch is not None:
            inset.add_patch(patch)
    # the map's view, as a lon/lat box
    x0, x1, y0, y1 = m.view
    lon, lat = _fwd().transform([x0, x1, x1, x0], [y0, y0, y1, y1], direction="INVERSE")
    bx0, bx1 = min(lon) * k, max(lon) * k
    size = max(bx1 - bx0, max(lat) - min(lat), 1.2)  # at least visible
    cx, cy = (bx0 + bx1) / 2, (min(lat) + max(lat)) / 2
    inset.add_patch(
        Rectangle(
            (cx - size / 2, cy - size / 2), size, size, fc="none", ec="#c62828", lw=1.2, zorder=5
        )
    )
    # keep the map's labels off the inset
    bb = inset.get_window_extent(m.renderer)
    (a, b), (c, d) = m.ax.transData.inverted().transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
    _reserve(m, a, b, c, d)
