"""Static maps: what changes with the date (events, region areas, zones, presence, axes).
Region areas are layers/areas.py's, the web map's own shapes."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyArrowPatch

from geo.gazetteer import default_gazetteer
from geo.measure import AEQD
from layers import derived
from layers.areas import area_groups, area_text, uncertainty_text
from layers.penetration import penetration_bands
from render import style
from render.static.basemap import _basemap
from render.static.frame import _Map
from render.static.geometry import _add, _clip, _patch, _polys, _proj, _proj_geom
from render.static.labels import (
    LABEL_BOX,
    _event_label,
    _label_along,
    _name,
    _name_of,
    _offsets,
    _place_label,
    _reserve,
)


def _side(actor1) -> str:
    return style.side_of(actor1 if isinstance(actor1, str) else "")


def _zones(shown, layers) -> gpd.GeoDataFrame:
    """Evacuation zones ("zones") and uncertainty circles ("zones" or "uncertainty"), AEQD."""
    kinds = ({"evacuation", "uncertainty"} if "zones" in layers else set()) | (
        {"uncertainty"} if "uncertainty" in layers else set()
    )
    if not kinds:
        return gpd.GeoDataFrame({"kind": []}, geometry=[], crs=AEQD)
    z = derived.zones(shown)
    return _proj(z.loc[z["kind"].isin(kinds)])


def _zone_name(z, shown, lang: str) -> str:
    """A zone's place name in ``lang``: from its event, else from the curated gazetteer."""
    if z["event_id"] and len(shown):
        row = shown.loc[shown["event_id"] == z["event_id"]]
        if len(row):
            return _name_of(row.iloc[0], lang)
    place = next((p for p in default_gazetteer().curated if p.name == z["name"]), None)
    return _name(place, lang) if place else str(z["name"])


def _draw_zones_presence_axes(m: _Map, shown, footprint, layers, lang) -> None:
    if "presence" in layers and footprint is not None and len(footprint):
        for g in _proj(footprint).geometry:
            _add(
                m.ax,
                _patch(g, fc=style.PRESENCE_COLOUR, alpha=0.22, ec=style.PRESENCE_COLOUR, lw=0.8),
                3,
            )
    for _, z in _zones(shown, layers).iterrows():
        colour = style.ZONE_COLOURS.get(z["kind"], "#777777")
        evac = z["kind"] == "evacuation"
        _add(
            m.ax,
            _patch(
                z.geometry,
                fc=colour,
                alpha=0.08 if evac else 0.05,
                ec=colour,
                lw=1.1,
                ls=(0, (4, 2)) if evac else (0, (1, 1.5)),
            ),
            3.5,
        )
        b = z.geometry.bounds
        name = _zone_name(z, shown, lang)
        text = f"evacuated: {name}" if evac else f"{name}: {uncertainty_text(z['radius_m'])}"
        yy, off = (
            (b[1], ((0, -2, "center", "top"),)) if evac else (b[3], ((0, 2, "center", "bottom"),))
        )
        _place_label(m, (b[0] + b[2]) / 2, yy, text, off, color=colour, fontsize=5.8)
    if "axes" in layers:
        for g in _proj(derived.axes_of_advance(shown)).geometry:
            (ax0, ay0), (ax1, ay1) = np.asarray(g.coords)[[0, -1], :2]
            m.ax.add_artist(
                FancyArrowPatch(
                    (ax0, ay0),
                    (ax1, ay1),
                    arrowstyle="-|>",
                    mutation_scale=11,
                    color=style.AXIS_COLOUR,
                    lw=1.7,
                    shrinkA=0,
                    shrinkB=7,
                    zorder=9,
                    alpha=0.9,
                )
            )


def _draw_events(m: _Map, shown, layers, lang) -> None:
    if not len(shown) or "events" not in layers:
        return
    for grp, c in region_areas(shown):
        types = set(grp["event_type"])
        colour = style.type_colour(types.pop()) if len(types) == 1 else "#9e9e9e"
        _add(m.ax, _patch(c, fc=colour, alpha=0.05, ec="none"), 2.5)
        _add(m.ax, _patch(c, fc="none", ec=colour, alpha=0.5, lw=1.1, ls=(0, (6, 4))), 2.5)
    groups, marks = _marks(m, shown)
    if not groups:
        return
    for x, y, size, *_ in marks:
        r = (np.sqrt(size) / 2 + 1) * m.m_per_pt
        _reserve(m, x - r, y - r, x + r, y + r)
    for sure in (True, False):
        sel = [mk for mk in marks if mk[5] is sure]
        if sel:
            x, y, size, fill, edge, _ = zip(*sel, strict=True)
            m.ax.scatter(
                x,
                y,
                s=size,
                c=list(fill),
                edgecolors=list(edge),
                linewidths=1.8,
                linestyles="-" if sure else (0, (2, 1.2)),
                zorder=10,
            )
    if "labels" in layers:  # busiest places first; 150 at most
        for (gx, gy), grp in sorted(groups, key=lambda g: -len(g[1]))[:150]:
            r = (0 if len(grp) == 1 else max(7.0, 2.6 * len(grp))) + 10
            # then a wider ring: a busy town's spots next to the symbol are often taken by
            # its neighbours' markers (Shebekino on 1 June), and its name must still show
            _place_label(m, gx, gy, _event_label(grp, lang), _offsets(r) + _offsets(r + 14))


def reserve_markers(m: _Map, shown, layers) -> None:
    """Keep every label off the event markers (and their group's ring), however early it
    is placed: the base map's ring and claim labels, the city names (a single image; a
    GIF's base map is drawn once for every frame)."""
    if not len(shown) or "events" not in layers:
        return
    for x, y, size, *_ in _marks(m, shown)[1]:
        r = (np.sqrt(size) / 2 + 1) * m.m_per_pt
        _reserve(m, x - r, y - r, x + r, y + r)


def _marks(m: _Map, shown):
    """The point events' groups (one per place) and their markers: (x, y, size, fill,
    edge, sure); events at one place sit on a small ring."""
    pts = _proj(shown.loc[shown["draw_as"] == "point"])
    if not len(pts):
        return [], []
    pts = pts.assign(_x=pts.geometry.x.round(-2), _y=pts.geometry.y.round(-2))
    groups = list(pts.groupby(["_x", "_y"], sort=True))
    marks = []
    for (gx, gy), grp in groups:
        n = len(grp)
        for i, (_, ev) in enumerate(grp.iterrows()):
            r_pt = style.marker_radius_px(ev["geo_precision"]) * 0.8
            ang = np.pi / 2 - 2 * np.pi * i / n
            off = 0 if n == 1 else max(7.0, 2.6 * n) * m.m_per_pt
            x, y = gx + off * np.cos(ang), gy + off * np.sin(ang)
            sure = bool(ev.get("certain_by_date", True))
            # An event whose date window is still open: pale fill, dashed outline.
            marks.append(
                (
                    x,
                    y,
                    (2 * r_pt) ** 2,
                    to_rgba(style.type_colour(ev["event_type"]), 1.0 if sure else 0.3),
                    style.SIDE_COLOURS[_side(ev["actor1"])],
                    sure,
                )
            )
    return groups, marks


def region_areas(shown) -> list:
    """Region-level events and places known only roughly, one area per place: (its events,
    its shape in AEQD metres), clipped to its country by :mod:`layers.areas` (the web map's
    shapes). An image asks three times for the same frame (areas, their labels, the side
    text): the last frame's answer is kept (~0.1 s each)."""
    last = _last_areas
    if last is not None and last[0] is shown:
        return last[1]
    groups = area_groups(shown.loc[shown["draw_as"] == "area"]) if len(shown) else []
    out = [(grp, _proj_geom(shape)) for _, grp, shape in groups]
    _remember_areas(shown, out)
    return out


_last_areas: tuple | None = None  # (the frame, its region_areas): compared by identity


def _remember_areas(shown, out: list) -> None:
    global _last_areas
    _last_areas = (shown, out)


def _uncertain_places(shown, layers) -> set:
    """Names of the places drawn as uncertainty zones (labelled there, not twice)."""
    z = _zones(shown, layers)
    return set(z.loc[z["kind"] == "uncertainty", "name"]) if len(z) else set()


def _halo_labels(m: _Map, shown, layers, lang) -> None:
    """Name each region area along its edge (placed last: the least important label)."""
    if not len(shown) or not {"events", "labels"} <= layers:
        return
    skip = _uncertain_places(shown, layers)
    border = _basemap()[1].buffer(300)
    for grp, c in region_areas(shown):
        first = grp.iloc[0]
        if first["place_name"] in skip:
            continue
        n = len(grp)
        # Along the area's own edge, not where it follows the border (that line is the
        # border's, and a label there would read as the border's name).
        edge = max(_polys(c), key=lambda p: p.area).exterior.difference(border)
        _label_along(
            m,
            edge,
            f"{_name_of(first, lang)}: {area_text(first)}, {n} event{'s' if n > 1 else ''}",
            color="#666666",
            fontsize=5.5,
        )


def _draw_bands(m: _Map, shown, layers) -> None:
    """Penetration over time (with the depth rings): each shown day's deepest located raider
    event as the land at its depth ± uncertainty (:mod:`layers.penetration`); the latest
    day's band labelled with its day, depth and place."""
    if "rings" not in layers or not len(shown):
        return
    bands = m.bands = penetration_bands(shown)  # the legend asks again: made once
    if not len(bands):
        return
    for g in _proj(bands).geometry:
        _add(
            m.ax,
            _patch(
                _clip(g, m.view), fc=style.BAND_COLOUR, alpha=0.16, ec=style.BAND_COLOUR, lw=0.7
            ),
            2,
        )
    last = bands.iloc[-1]
    inside = _clip(_proj_geom(last.geometry), m.view, pad=-0.04)
    if inside.is_empty:
        return
    p = inside.representative_point()
    d = last["event_date"]
    _place_label(
        m,
        p.x,
        p.y,
        f"deepest {d.day} {d.strftime('%b')}: {last['depth_km']:.1f} ± "
        f"{last['uncertainty_km']:.1f} km ({last['place_name']})",
        (*_offsets(3), *_offsets(14), *_offsets(28)),  # round the markers (reserved first)
        fontsize=5.8,
        color=style.BAND_COLOUR,
    )


def _draw_dynamic(m: _Map, shown, fp, layers, lang) -> None:
    """Everything on the map that changes with the date."""
    _draw_bands(m, shown, layers)
    _draw_zones_presence_axes(m, shown, fp, layers, lang)
    _draw_events(m, shown, layers, lang)
    if not len(shown):
        t = m.ax.text(
            0.5,
            0.5,
            "0 events",
            transform=m.ax.transAxes,
            ha="center",
            va="center",
            fontsize=16,
            color="#555555",
            bbox=LABEL_BOX,
            zorder=40,
        )
        m.placed.append(t.get_window_extent(m.renderer).expanded(1.2, 1.4))
