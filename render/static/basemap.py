"""Static maps: the base map (land, border, depth rings, settlements), projected once per
process."""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import shapely

from geo.border import fill_small_holes, load_border
from geo.measure import AEQD
from layers import claimlines, derived
from layers.settlements import settlements
from render import style
from render.static.frame import _Map
from render.static.geometry import _add, _clip, _lines, _patch, _proj, _xy
from render.static.labels import _label_along, _label_near, _name, _offsets, _place_label

CLOSE_VIEW_M = 120_000  # views at most this wide are close: every claim label is placed


@cache
def _basemap():
    border = load_border()
    land = {
        c: fill_small_holes(gpd.GeoSeries([g], crs="EPSG:4326").to_crs(AEQD).iloc[0])
        for c, g in sorted(border.land.items())
    }
    line = gpd.GeoSeries([border.line], crs="EPSG:4326").to_crs(AEQD).iloc[0]
    places = settlements()  # every one: labels are placed where space allows
    x, y = _xy([p.lon for p in places], [p.lat for p in places])
    return land, line, places, x, y


def _draw_basemap(m: _Map, layers) -> None:
    land, line, _, _, _ = _basemap()
    tol = m.m_per_pt * 0.3
    for code, poly in land.items():
        g = shapely.simplify(_clip(poly, m.view), tol)
        _add(m.ax, _patch(g, fc=style.LAND_COLOURS.get(code, "#eeeeee"), ec="none"), 1)
    if "rings" in layers:
        _draw_rings(m, _proj(derived.depth_rings()))
        _draw_claim_lines(m, _proj(claimlines.record_claim_lines()))
    if "border" in layers:
        for c in _lines(_clip(line, m.view)):
            m.ax.plot(
                c[:, 0],
                c[:, 1],
                color=style.BORDER_COLOUR,
                lw=2.4,
                zorder=6,
                solid_capstyle="round",
            )


def _draw_rings(m: _Map, rings) -> None:
    x0, x1, y0, y1 = m.view
    for _, r in rings.iterrows():
        colour = style.CLAIMED_RING_COLOUR if r["claimed"] else style.RING_COLOUR
        parts = _lines(shapely.line_merge(_clip(r.geometry, m.view)))
        for c in parts:
            m.ax.plot(
                c[:, 0],
                c[:, 1],
                color=colour,
                lw=1.6 if r["claimed"] else 1.0,
                ls=(0, (5, 3)),
                zorder=4,
            )
        _label_along(
            m, r.geometry, r["label"], color=colour, fontweight="bold" if r["claimed"] else "normal"
        )


def _draw_claim_lines(m: _Map, lines) -> None:
    """Each depth claim's line and the labelled gap to the measured deepest event."""
    for _, r in lines.iterrows():
        claim = r["kind"] == "claim"
        for c in _lines(_clip(r.geometry, m.view)):
            m.ax.plot(
                c[:, 0],
                c[:, 1],
                color=style.CLAIMED_RING_COLOUR,
                lw=2.6 if claim else 1.4,
                ls="-" if claim else (0, (1, 3)),
                zorder=5,
            )
    # One label, along the claim line (the gap's own label would crowd the border villages
    # the gap starts from): the claim, the measurement and the gap.
    gaps = lines.loc[lines["kind"] == "gap"]
    claims = lines.loc[lines["kind"] == "claim"]
    # In a close view the visible part of the claim line may be too short for the label, or
    # only the gap shows: then the label goes beside whichever shows, inside the frame. (In
    # a wide view a short claim's label beside its gap would bury the border villages.)
    close = m.view[1] - m.view[0] <= CLOSE_VIEW_M
    # Where the full label finds no free place along the line (event markers, other labels),
    # a short one says the claim and the gap; the legend says what the line and gap are.
    for (_, c), (_, g) in zip(claims.iterrows(), gaps.iterrows(), strict=True):
        colour = style.CLAIMED_RING_COLOUR
        if _label_along(m, c.geometry, g["label"], color=colour):
            continue
        if _label_along(m, c.geometry, short_claim_label(g), color=colour):
            continue
        if close:
            _label_near(m, (c.geometry, g.geometry), g["label"], color=colour)


def short_claim_label(gap) -> str:
    """A claim line's short label: "40 km claimed: 32.5 km apart" (from a gap row of
    :func:`layers.claimlines.claim_lines`)."""
    return f"{gap['claimed_km']:g} km claimed: {gap['gap_km']:.1f} km apart"


def _settlements_in_view(m: _Map):
    _, _, places, x, y = _basemap()
    x0, x1, y0, y1 = m.view
    inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    big = np.array([(p.population or 0) >= 10_000 or p.kind == "city" for p in places], bool)
    return places, x, y, inside, big


def _draw_settlements(m: _Map, layers) -> None:
    """GeoNames and curated settlements as small grey dots (larger towns a bit larger)."""
    if "settlements" not in layers:
        return
    _, x, y, inside, big = _settlements_in_view(m)
    for sel, size in ((inside & ~big, 2.2), (inside & big, 4.0)):
        m.ax.plot(
            x[sel],
            y[sel],
            "o",
            ms=size,
            color=style.SETTLEMENT_COLOUR,
            mec="white",
            mew=0.3,
            zorder=7,
            ls="none",
        )


def _rank(p) -> int:
    """Label priority by place importance: the curated cities (Belgorod, the regional
    capital; Sumy), the curated raid towns, the curated raid villages and crossings, then
    GeoNames places (by population)."""
    if p.origin != "curated":
        return 3
    return {"city": 0, "town": 1}.get(p.kind, 2)


def _city_labels(m: _Map, layers, lang) -> set:
    """The curated cities in view (Belgorod, the regional capital) named before any other
    label is placed, so that no village, ring or event label takes their place; their
    events' markers are reserved before (:func:`render.static.layers.reserve_markers`).
    Returns the ids of the places named."""
    if "labels" not in layers:
        return set()
    places, x, y, inside, _ = _settlements_in_view(m)
    done = set()
    for i in np.flatnonzero(inside):
        p = places[i]
        if _rank(p) == 0 and _place_label(
            m,
            x[i],
            y[i],
            _name(p, lang),
            (*_offsets(8), *_offsets(16), *_offsets(26)),
            fontsize=7.6,
            color="#111111",
            fontweight="bold",
        ):
            done.add(p.place_id)
    return done


def _settlement_labels(m: _Map, layers, lang, skip_ids) -> None:
    """Curated raid places first (bold: cities, towns, villages), then the most populous
    places, where space allows."""
    if "labels" not in layers:
        return
    places, x, y, inside, big = _settlements_in_view(m)
    ranked = sorted(
        np.flatnonzero(inside),
        key=lambda i: (_rank(places[i]), -(places[i].population or 0), places[i].name),
    )
    for i in ranked[:60]:
        p = places[i]
        if p.place_id in skip_ids:
            continue
        curated = p.origin == "curated"
        _place_label(
            m,
            x[i],
            y[i],
            _name(p, lang),
            _offsets(4),
            fontsize=6.6 if curated or big[i] else 5.6,
            color="#111111" if curated else "#555555",
            fontweight="bold" if curated else "normal",
        )
