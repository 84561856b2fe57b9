"""Static maps (PNG, SVG, PDF, animated GIF) drawn with matplotlib, without a browser.

Everything is drawn in the local azimuthal-equidistant projection of :mod:`geo.measure`
(``AEQD``), so the scale bar is true. Colours and classes come from :mod:`render.style`.
Text from data is always literal: mathtext is switched off (``text.parse_math``), SVG keeps
text as XML-escaped ``<text>``. Output is deterministic: fixed SVG hash salt, no dates in
the metadata, no random ids.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, PathPatch, Rectangle
from matplotlib.path import Path as MPath
from matplotlib.transforms import Bbox
from PIL import Image
from pyproj import Transformer

from geo.border import fill_small_holes, load_border
from geo.gazetteer import default_gazetteer
from geo.measure import AEQD
from layers import derived, vocab
from layers.areas import area_groups, area_text, uncertainty_text
from layers.events import REGION_BOUNDS, day_span
from layers.filters import MODES, by_date
from layers.vocab import IMAGE_LAYERS, local_name
from render import style

ALL_LAYERS = IMAGE_LAYERS
# The web map's other layer names, accepted too: land is always drawn, region-level halos
# come with "events", "uncertainty" draws the uncertainty circles without the evacuation
# zones.
WEB_LAYERS = frozenset(vocab.ALL_LAYERS) - IMAGE_LAYERS
TITLE = "Cross-border raids into Belgorod region, 2023"
ATTRIBUTION = (
    "Border and land: © OpenStreetMap contributors (ODbL) · Places: GeoNames "
    "(CC BY 4.0) · Projection: azimuthal equidistant (50.8°N 36°E), true-scale km"
)
LANGS = vocab.LANGS
FORMATS = vocab.IMAGE_FORMATS
FIG_W, FIG_H = 9.0, 6.4  # inches: 1800 px wide at the default 200 dpi
MAP_RECT = (0.012, 0.06, 0.70, 0.815)  # figure fractions: left, bottom, width, height
PANEL_RECT = (0.725, 0.06, 0.265, 0.815)
MIN_VIEW_M = (60_000.0, 45_000.0)
DEFAULT_VIEW = (35.45, 50.28, 37.05, 50.72)  # lon/lat box of the Belgorod raids
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SHORT_SUB = {
    "Non-state actor overtakes territory": "taken",
    "Armed clash": "clash",
    "Shelling/artillery/missile attack": "shelling",
    "Air/drone strike": "drone strike",
    "Change to group/activity": "redeployment",
    "Arrests": "arrests",
}
SHORT_TYPE = {
    "Battles": "battle",
    "Explosions/Remote violence": "explosion",
    "Violence against civilians": "violence against civilians",
    "Protests": "protest",
    "Riots": "riot",
    "Strategic developments": "development",
}
RC = {
    "svg.hashsalt": "raidmap",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "text.parse_math": False,
    "text.usetex": False,
    "axes.unicode_minus": False,
}
LABEL_BOX = {"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.78}
DIRECTIONS = (
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
    (0.7, 0.7, "left", "bottom"),
    (-0.7, 0.7, "right", "bottom"),
    (0.7, -0.7, "left", "top"),
    (-0.7, -0.7, "right", "top"),
)


def _offsets(r_pt: float) -> tuple:
    """Candidate label offsets (points) around a symbol of radius ``r_pt``."""
    return tuple((dx * r_pt, dy * r_pt, ha, va) for dx, dy, ha, va in DIRECTIONS)


@dataclass
class _Map:
    fig: Figure
    ax: object
    panel: object
    view: tuple[float, float, float, float]  # x0, x1, y0, y1 in AEQD metres
    placed: list = field(default_factory=list)  # display bboxes of labels and obstacles

    @property
    def m_per_pt(self) -> float:
        return (self.view[1] - self.view[0]) / (MAP_RECT[2] * FIG_W * 72)

    @property
    def renderer(self):
        return self.fig.canvas.get_renderer()


@cache
def _fwd() -> Transformer:
    return Transformer.from_crs("EPSG:4326", AEQD, always_xy=True)


def _xy(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    x, y = _fwd().transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x), np.asarray(y)


def _proj(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf.to_crs(AEQD) if len(gdf) else gdf.set_crs(AEQD, allow_override=True)


def _fmt(d: dt.date, short: bool = False) -> str:
    return (
        f"{d.day} {MONTHS[d.month - 1][:3]}" if short else f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    )


# -- the basemap data, projected once per process -------------------------------------------
@cache
def _region_box() -> tuple[float, float, float, float]:
    """Largest AEQD rectangle inside the lon/lat region of the bundled extract."""
    lon0, lat0, lon1, lat1 = REGION_BOUNDS
    t = np.linspace(0, 1, 21)
    lons, lats = lon0 + t * (lon1 - lon0), lat0 + t * (lat1 - lat0)
    left, right = _xy(np.full(21, lon0), lats)[0], _xy(np.full(21, lon1), lats)[0]
    bottom, top = _xy(lons, np.full(21, lat0))[1], _xy(lons, np.full(21, lat1))[1]
    return left.max(), right.min(), bottom.max(), top.min()


@cache
def _basemap():
    border = load_border()
    land = {
        c: fill_small_holes(gpd.GeoSeries([g], crs="EPSG:4326").to_crs(AEQD).iloc[0])
        for c, g in sorted(border.land.items())
    }
    line = gpd.GeoSeries([border.line], crs="EPSG:4326").to_crs(AEQD).iloc[0]
    kinds = ("village", "town", "city")
    places = sorted(
        (p for p in default_gazetteer() if p.kind in kinds),
        key=lambda p: (p.origin != "curated", p.place_id),
    )
    x, y = _xy([p.lon for p in places], [p.lat for p in places])
    cur = np.array([p.origin == "curated" for p in places], bool)
    # GeoNames sometimes holds a second point for a curated town ("Gorod Shebekino"): drop
    # GeoNames places within 2.5 km of a curated one.
    near = np.zeros(len(places), bool)
    for cx, cy in zip(x[cur], y[cur], strict=True):
        near |= np.hypot(x - cx, y - cy) < 2500
    keep = cur | ~near
    return land, line, [p for p, k in zip(places, keep, strict=True) if k], x[keep], y[keep]


# -- geometry → matplotlib ---------------------------------------------------------------------
def _polys(geom):
    parts = getattr(geom, "geoms", [geom])
    return [g for g in parts if g.geom_type == "Polygon" and not g.is_empty]


def _patch(geom, **kw) -> PathPatch | None:
    verts, codes = [], []
    for poly in _polys(geom):
        for ring in (poly.exterior, *poly.interiors):
            c = np.asarray(ring.coords)[:, :2]
            verts.append(c)
            codes.append(np.r_[MPath.MOVETO, np.full(len(c) - 2, MPath.LINETO), MPath.CLOSEPOLY])
    if not verts:
        return None
    return PathPatch(MPath(np.concatenate(verts), np.concatenate(codes)), **kw)


def _lines(geom) -> list[np.ndarray]:
    parts = getattr(geom, "geoms", [geom])
    return [
        np.asarray(g.coords)[:, :2] for g in parts if g.geom_type == "LineString" and not g.is_empty
    ]


def _clip(geom, view, pad=0.05):
    x0, x1, y0, y1 = view
    px, py = (x1 - x0) * pad, (y1 - y0) * pad
    return shapely.clip_by_rect(geom, x0 - px, y0 - py, x1 + px, y1 + py)


def _add(ax, artist, z):
    if artist is not None:
        artist.set_zorder(z)
        ax.add_artist(artist)
    return artist


# -- the view ----------------------------------------------------------------------------------
def _view(events: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """Point events and their border crossings plus a margin, at least MIN_VIEW_M, at most the
    region, with the map frame's aspect ratio."""
    pts = events.loc[events["draw_as"] == "point"] if len(events) else events
    if len(pts):
        lon = np.r_[pts["longitude"].astype(float), pts["border_lon"].astype(float)]
        lat = np.r_[pts["latitude"].astype(float), pts["border_lat"].astype(float)]
        ok = np.isfinite(lon) & np.isfinite(lat)
        x, y = _xy(lon[ok], lat[ok])
    else:
        x, y = _xy(DEFAULT_VIEW[::2], DEFAULT_VIEW[1::2])
    cx, cy = (x.min() + x.max()) / 2, (y.min() + y.max()) / 2
    w = max(np.ptp(x) * 1.2 + 8000, MIN_VIEW_M[0])
    h = max(np.ptp(y) * 1.2 + 8000, MIN_VIEW_M[1])
    aspect = (MAP_RECT[2] * FIG_W) / (MAP_RECT[3] * FIG_H)
    w, h = max(w, h * aspect), max(h, w / aspect)
    rx0, rx1, ry0, ry1 = _region_box()
    scale = min(1.0, (rx1 - rx0) / w, (ry1 - ry0) / h)
    w, h = w * scale, h * scale
    cx = min(max(cx, rx0 + w / 2), rx1 - w / 2)
    cy = min(max(cy, ry0 + h / 2), ry1 - h / 2)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _new_map(view, dpi: float) -> _Map:
    fig = Figure(figsize=(FIG_W, FIG_H), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes(MAP_RECT)
    ax.set_autoscale_on(False)
    ax.set_xlim(view[0], view[1])
    ax.set_ylim(view[2], view[3])
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(style.SEA_COLOUR)
    panel = fig.add_axes(PANEL_RECT)
    panel.set_axis_off()
    return _Map(fig, ax, panel, view)


# -- labels that avoid each other ------------------------------------------------------------
def _place_label(m: _Map, x, y, text, offsets=None, **kw):
    """Try each offset (points); keep the first spot inside the map that overlaps nothing."""
    kw = {
        "fontsize": 6.2,
        "color": "#222222",
        "bbox": LABEL_BOX,
        "zorder": 20,
        "multialignment": "left",
        **kw,
    }
    frame = m.ax.get_window_extent(m.renderer)
    for dx, dy, ha, va in offsets or _offsets(5):
        t = m.ax.annotate(
            text,
            (x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            annotation_clip=False,
            **kw,
        )
        bb = t.get_window_extent(m.renderer).expanded(1.04, 1.15)
        inside = bb.x0 >= frame.x0 and bb.x1 <= frame.x1 and bb.y0 >= frame.y0 and bb.y1 <= frame.y1
        if inside and not any(bb.overlaps(o) for o in m.placed):
            m.placed.append(bb)
            return t
        t.remove()
    return None


def _reserve(m: _Map, x0, y0, x1, y1) -> None:
    """Keep labels off this rectangle (data coordinates)."""
    (a, b), (c, d) = m.ax.transData.transform([(x0, y0), (x1, y1)])
    m.placed.append(Bbox.from_extents(a, b, c, d))


# -- layers ------------------------------------------------------------------------------------
def _draw_basemap(m: _Map, layers) -> None:
    land, line, _, _, _ = _basemap()
    tol = m.m_per_pt * 0.3
    for code, poly in land.items():
        g = shapely.simplify(_clip(poly, m.view), tol)
        _add(m.ax, _patch(g, fc=style.LAND_COLOURS.get(code, "#eeeeee"), ec="none"), 1)
    if "rings" in layers:
        _draw_rings(m, _proj(derived.depth_rings()))
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


def _label_along(m: _Map, geom, text, **kw) -> None:
    """A label lying along the longest visible part of a line, where it overlaps nothing."""
    inner = _lines(shapely.line_merge(_clip(geom, m.view, pad=-0.08)))
    if not inner:
        return
    seg = max((shapely.LineString(c) for c in inner), key=lambda g: g.length)
    for frac in (0.5, 0.3, 0.7, 0.15, 0.85, 0.05, 0.4, 0.6, 0.95):
        p = seg.interpolate(frac, normalized=True)
        q = seg.interpolate(min(frac + 0.02, 1), normalized=True)
        ang = np.degrees(np.arctan2(q.y - p.y, q.x - p.x))
        ang = ang - 180 if ang > 90 else ang + 180 if ang < -90 else ang
        if _place_label(
            m,
            p.x,
            p.y,
            text,
            ((0, 0, "center", "center"),),
            rotation=ang,
            rotation_mode="anchor",
            **{"fontsize": 6, **kw},
        ):
            return


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


def _settlement_labels(m: _Map, layers, lang, skip_ids) -> None:
    """Curated raid places first (bold), then the most populous places, where space allows."""
    if "labels" not in layers:
        return
    places, x, y, inside, big = _settlements_in_view(m)
    ranked = sorted(
        np.flatnonzero(inside),
        key=lambda i: (places[i].origin != "curated", -(places[i].population or 0), places[i].name),
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


def _side(actor1) -> str:
    return style.side_of(actor1 if isinstance(actor1, str) else "")


def _name_of(ev, lang: str) -> str:
    """An event's place name in ``lang`` (gazetteer names), else as recorded."""
    return local_name(ev, lang) or str(ev["place_name"])


def _name(p, lang: str) -> str:
    return local_name(p, lang)


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
    pts = _proj(shown.loc[shown["draw_as"] == "point"])
    if not len(pts):
        return
    pts = pts.assign(_x=pts.geometry.x.round(-2), _y=pts.geometry.y.round(-2))
    groups = list(pts.groupby(["_x", "_y"], sort=True))
    marks = []  # x, y, size, fill, edge, sure: events at one place sit on a small ring
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
            r = (r_pt + 1) * m.m_per_pt
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
            _place_label(m, gx, gy, _event_label(grp, lang), _offsets(r))


def region_areas(shown) -> list:
    """Region-level events and places known only roughly, one area per place: (its events,
    its shape in AEQD metres), clipped to its country by :mod:`layers.areas` (the web map's
    shapes)."""
    groups = area_groups(shown.loc[shown["draw_as"] == "area"]) if len(shown) else []
    return [(grp, _proj_geom(shape)) for _, grp, shape in groups]


def _proj_geom(geom):
    return gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(AEQD).iloc[0]


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


def _event_label(grp, lang) -> str:
    """Place name, then one compact line per event ("22 May clash"), per place in the group."""
    out = []
    for _, evs in grp.groupby("place_name", sort=False):
        first = evs.iloc[0]
        lines = []
        for _, ev in evs.iterrows():
            d0 = ev["event_date"].date()
            d1 = ev["end_date"].date() if pd.notna(ev["end_date"]) else d0
            when = _fmt(d0, True) + ("" if d1 == d0 else f"–{_fmt(d1, True)}")
            what = SHORT_SUB.get(ev["sub_event_type"]) or SHORT_TYPE.get(ev["event_type"], "")
            lines.append(f"{when} {what}".strip())
        if len(lines) > 3:
            lines = [*lines[:2], f"+{len(lines) - 2} more"]
        out += [_name_of(first, lang), *lines]
    return "\n".join(out)


# -- furniture ---------------------------------------------------------------------------------
def _scale_bar(m: _Map) -> None:
    """0–L/2–L km, measured in the projected (true-distance) metres."""
    x0, x1, y0, y1 = m.view
    w, h = x1 - x0, y1 - y0
    km = max(k for k in (1, 2, 4, 10, 20, 40, 100, 200) if k * 1000 <= w / 4)
    bx, by, bh, L = x0 + 0.035 * w, y0 + 0.05 * h, 0.011 * h, km * 1000.0
    box = (bx - 0.015 * w, by - 0.03 * h, bx + L + 0.035 * w, by + 0.055 * h)
    m.ax.add_artist(
        Rectangle(
            box[:2], box[2] - box[0], box[3] - box[1], fc="white", ec="none", alpha=0.8, zorder=30
        )
    )
    for i, fc in enumerate(("#222222", "white")):
        m.ax.add_artist(
            Rectangle((bx + i * L / 2, by), L / 2, bh, fc=fc, ec="#222222", lw=0.7, zorder=31)
        )
    for frac, t in ((0, "0"), (0.5, f"{km / 2:g}"), (1, f"{km:g}")):
        m.ax.text(
            bx + frac * L, by + bh * 1.5, t, ha="center", va="bottom", fontsize=6.5, zorder=31
        )
    m.ax.text(bx + L * 1.04, by + bh / 2, "km", ha="left", va="center", fontsize=6.5, zorder=31)
    _reserve(m, *box)


def _north_arrow(m: _Map) -> None:
    x0, x1, y0, y1 = m.view
    x, y = x1 - 0.05 * (x1 - x0), y1 - 0.15 * (y1 - y0)
    lon, lat = _fwd().transform(x, y, direction="INVERSE")
    nx, ny = _xy([lon], [lat + 0.05])
    ang = np.arctan2(ny[0] - y, nx[0] - x)
    length = 0.07 * (y1 - y0)
    tip = (x + length * np.cos(ang), y + length * np.sin(ang))
    m.ax.annotate(
        "N",
        xy=tip,
        xytext=(x, y),
        ha="center",
        va="top",
        fontsize=8,
        fontweight="bold",
        zorder=31,
        annotation_clip=False,
        arrowprops={"arrowstyle": "-|>", "color": "#222222", "lw": 1.4, "mutation_scale": 12},
    )
    _reserve(
        m,
        x - 0.03 * (x1 - x0),
        y - 0.04 * (y1 - y0),
        x + 0.03 * (x1 - x0),
        y + length + 0.02 * (y1 - y0),
    )


def _legend(m: _Map, shown, footprint, layers):
    def head(t):
        return Line2D([], [], visible=False), t

    items = []
    if len(shown) and "events" in layers:
        items.append(head("What happened (fill)"))
        for t in sorted(set(shown["event_type"])):
            items.append(
                (
                    Line2D(
                        [], [], marker="o", ls="none", ms=7, mfc=style.type_colour(t), mec="#666666"
                    ),
                    str(t),
                )
            )
        items.append(head("Who acted (outline)"))
        for s in sorted({_side(a) for a in shown["actor1"]}):
            items.append(
                (
                    Line2D(
                        [],
                        [],
                        marker="o",
                        ls="none",
                        ms=7,
                        mfc="white",
                        mew=2,
                        mec=style.SIDE_COLOURS[s],
                    ),
                    style.SIDE_LABELS[s],
                )
            )
        if not shown["certain_by_date"].all():
            items.append(
                (
                    Line2D(
                        [],
                        [],
                        marker="o",
                        ls="none",
                        ms=7,
                        mfc=(0.6, 0.6, 0.6, 0.3),
                        mew=1.5,
                        mec="#555555",
                    ),
                    "date window still open (pale)",
                )
            )
        if (shown["draw_as"] == "area").any():
            items.append(
                (
                    Patch(fc="#9e9e9e", alpha=0.25, ec="#666666", ls="--"),
                    "region, or place known roughly (area)",
                )
            )
    items.append(head("Layers"))
    if "border" in layers:
        items.append((Line2D([], [], color=style.BORDER_COLOUR, lw=2.4), "Russia–Ukraine border"))
    if "rings" in layers:
        items.append((Line2D([], [], color=style.RING_COLOUR, ls="--"), "5/10/20 km from border"))
        items.append(
            (
                Line2D([], [], color=style.CLAIMED_RING_COLOUR, ls="--", lw=1.6),
                "40 km: claimed raid depth",
            )
        )
    if "presence" in layers and footprint is not None and len(footprint):
        items.append((Patch(fc=style.PRESENCE_COLOUR, alpha=0.3), "reported raider presence"))
    if "axes" in layers and len(derived.presence_events(shown)):
        items.append(
            (
                Line2D([], [], color=style.AXIS_COLOUR, lw=1.7, marker=">", ms=5),
                "axis of advance (crossing → place)",
            )
        )
    kinds = set(_zones(shown, layers)["kind"])
    for kind, ls, text in (
        ("uncertainty", ":", "place known only roughly (area)"),
        ("evacuation", "--", "evacuated area"),
    ):
        if kind in kinds:
            c = style.ZONE_COLOURS[kind]
            items.append((Patch(fc=c, alpha=0.15, ls=ls, ec=c), text))
    if "settlements" in layers:
        items.append(
            (
                Line2D([], [], marker="o", ls="none", ms=3, color=style.SETTLEMENT_COLOUR),
                "settlement (GeoNames)",
            )
        )
    leg = m.panel.legend(
        *zip(*items, strict=True),
        loc="upper left",
        bbox_to_anchor=(0, 1),
        frameon=False,
        fontsize=6.6,
        handlelength=1.8,
        borderaxespad=0,
        labelspacing=0.45,
    )
    for (h, _), txt in zip(items, leg.get_texts(), strict=True):
        if not h.get_visible():
            txt.set_fontweight("bold")
    return leg


def _side_text(m: _Map, leg, shown, sources) -> None:
    """Region-level events and the sources cited, stacked under the legend."""
    bb = leg.get_window_extent(m.renderer).transformed(m.panel.transAxes.inverted())
    blocks = []
    areas = region_areas(shown)
    if areas:
        blocks.append(
            "Areas (no single position): "
            + " · ".join(
                f"{g.iloc[0]['place_name']} ({area_text(g.iloc[0])}) ×{len(g)}" for g, _ in areas
            )
        )
    ids = list(dict.fromkeys(s for ss in shown.get("source_ids", []) for s in (ss or [])))
    if ids:
        table = (
            {} if sources is None else {r["source_id"]: r for r in sources.to_dict("records")[::-1]}
        )
        lines = [
            f"[{sid}] {table[sid]['publication']} — {table[sid]['headline']}, "
            f"{table[sid]['published_date']}"
            if sid in table
            else f"[{sid}]"
            for sid in ids
        ]
        blocks.append("Sources:\n" + "\n".join(lines))
    if blocks:
        _fit_text(m, bb.y0 - 0.03, [ln for b in blocks for ln in (*b.split("\n"), "")][:-1])


def _wrapped(m: _Map, top: float, lines: list[str], fs: float):
    """``lines`` wrapped to the panel's width (measured, not guessed) at font size ``fs``."""
    chars = int(PANEL_RECT[2] * FIG_W * 72 / (fs * 0.56))
    while True:
        text = "\n".join(textwrap.fill(ln, chars, subsequent_indent="   ") for ln in lines)
        t = m.panel.text(
            0,
            top,
            text,
            va="top",
            ha="left",
            fontsize=fs,
            linespacing=1.2,
            color="#333333",
            transform=m.panel.transAxes,
        )
        if chars <= 20 or t.get_window_extent(m.renderer).x1 <= m.fig.bbox.x1 - 4:
            return t
        t.remove()
        chars = int(chars * 0.9)


def _fit_text(m: _Map, top: float, lines: list[str]) -> None:
    """Smaller font, then fewer lines, until the text fits above the panel's bottom."""
    bottom = m.panel.get_window_extent(m.renderer).y0
    for fs in (6.2, 5.7, 5.2, 4.8):
        t = _wrapped(m, top, lines, fs)
        if t.get_window_extent(m.renderer).y0 >= bottom:
            return
        t.remove()
    for keep in range(len(lines) - 1, 0, -1):
        t = _wrapped(m, top, [*lines[:keep], f"… {len(lines) - keep} more not shown"], 4.8)
        if keep == 1 or t.get_window_extent(m.renderer).y0 >= bottom:
            return
        t.remove()


def _stamp(shown, date, mode) -> str:
    if date is None:
        return ""
    when = {"upto": "as of", "day": "on", "window": "in the 7 days to"}[mode]
    n = len(shown)
    return f"{when} {_fmt(pd.Timestamp(date).date())} · {n} event{'' if n == 1 else 's'} shown"


def _header(m: _Map, title) -> None:
    t = textwrap.fill(str(TITLE if title is None else title), 95, replace_whitespace=False)
    m.fig.text(0.012, 0.985, t, ha="left", va="top", fontsize=13, fontweight="bold")
    m.fig.text(0.012, 0.012, ATTRIBUTION, ha="left", va="bottom", fontsize=5.8, color="#555555")
    _scale_bar(m)
    _north_arrow(m)


def _draw_stamp(m: _Map, shown, date, mode):
    return m.fig.text(
        0.012,
        0.905,
        _stamp(shown, date, mode),
        ha="left",
        va="bottom",
        fontsize=9.5,
        color="#333333",
    )


def _draw_dynamic(m: _Map, shown, fp, layers, lang) -> None:
    """Everything on the map that changes with the date."""
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


def _shown(events, date, mode):
    if events is None or not len(events):
        return gpd.GeoDataFrame(
            {"draw_as": [], "certain_by_date": []}, geometry=[], crs="EPSG:4326"
        )
    return by_date(events, date, mode)


def _footprints(events):
    return derived.presence_by_day(events) if events is not None and len(events) else None


def _save_meta(fmt: str) -> dict:
    return {
        "png": {"Software": "raidmap"},
        "svg": {"Date": None, "Creator": "raidmap"},
        "pdf": {"CreationDate": None, "Creator": "raidmap", "Producer": "raidmap"},
    }[fmt]


@contextmanager
def _literal_text():
    """rc settings for literal, deterministic text; no warnings for glyphs DejaVu lacks."""
    with matplotlib.rc_context(RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"(?s).*missing from font")
        yield


def _check(lang, layers, mode="upto") -> frozenset:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    given = ALL_LAYERS if layers is None else frozenset(layers)
    if given - ALL_LAYERS - WEB_LAYERS:
        raise ValueError(
            f"unknown layer(s) {', '.join(sorted(given - ALL_LAYERS - WEB_LAYERS))}"
            f"; known: {', '.join(sorted(ALL_LAYERS | WEB_LAYERS))}"
        )
    # The web map's vocabulary (raidmap.state) has no label switch: labels stay on with it.
    return given | ({"labels"} if given & WEB_LAYERS else set())


def render_static(
    events,
    *,
    date,
    mode="upto",
    title=None,
    lang="en",
    layers=None,
    sources=None,
    out_path,
    dpi=200,
    width_px=None,
) -> Path:
    """Draw the map of ``events`` on ``date`` (``mode`` as in :func:`layers.filters.by_date`)
    to ``out_path``; the format follows its extension (.png .svg .pdf .gif)."""
    out = Path(out_path)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ValueError(f"unsupported image format {out.suffix!r}; use one of {sorted(FORMATS)}")
    if fmt == "gif":
        return render_gif(
            events,
            title=title,
            lang=lang,
            layers=layers,
            sources=sources,
            out_path=out,
            dpi=min(dpi, 100),
        )
    layers = _check(lang, layers, mode)
    dpi = width_px / FIG_W if width_px else dpi
    with _literal_text():
        shown = _shown(events, date, mode)
        fps = _footprints(events)
        fp = derived.presence_on(fps, date) if fps is not None else None
        m = _new_map(_view(shown), dpi)
        _draw_basemap(m, layers)
        _header(m, title)
        _draw_stamp(m, shown, date, mode)
        _draw_dynamic(m, shown, fp, layers, lang)
        skip = set(shown["place_id"]) if len(shown) and "events" in layers else set()
        _draw_settlements(m, layers)
        _settlement_labels(m, layers, lang, skip)
        _halo_labels(m, shown, layers, lang)
        _side_text(m, _legend(m, shown, fp, layers), shown, sources)
        m.fig.savefig(out, format=fmt, dpi=dpi, metadata=_save_meta(fmt))
    return out


def _palette(img: Image.Image) -> Image.Image:
    """A 255-colour palette for ``img`` that keeps every style colour exact (small legend
    symbols would otherwise be merged into their neighbours)."""
    colours = sorted(
        {
            *style.TYPE_COLOURS.values(),
            *style.SIDE_COLOURS.values(),
            *style.ZONE_COLOURS.values(),
            style.BORDER_COLOUR,
            style.RING_COLOUR,
            style.CLAIMED_RING_COLOUR,
            style.PRESENCE_COLOUR,
            style.AXIS_COLOUR,
            *style.LAND_COLOURS.values(),
            style.SEA_COLOUR,
            "#ffffff",
            "#333333",
        }
    )
    swatch = Image.new("RGB", (img.width, img.height + 40), "white")
    swatch.paste(img, (0, 0))
    w = img.width // len(colours)
    for i, c in enumerate(colours):
        swatch.paste(matplotlib.colors.to_hex(c), (i * w, img.height, (i + 1) * w, img.height + 40))
    return swatch.quantize(255, dither=Image.Dither.NONE)


def render_gif(
    events, *, title=None, lang="en", layers=None, sources=None, out_path, dpi=100
) -> Path:
    """One frame per day of the record's span (first event → last end date), each the
    'upto' map of that day. The basemap is drawn once; each frame redraws only what changes."""
    out = Path(out_path)
    layers = _check(lang, layers)
    span = day_span(events) if events is not None and len(events) else None
    days = list(pd.date_range(*span, freq="D")) if span else [None]
    with _literal_text():
        full = _shown(events, days[-1], "upto")
        fps = _footprints(events)
        m = _new_map(_view(full), dpi)
        _draw_basemap(m, layers)
        _header(m, title)
        _draw_settlements(m, layers)
        # The legend covers every frame: multi-day events are "still open" in some of them.
        multi = (
            full["end_date"].notna() & (full["end_date"] > full["event_date"])
            if len(full)
            else full["certain_by_date"]
        )
        legend = _legend(m, full.assign(certain_by_date=~multi.astype(bool)), fps, layers)
        canvas = m.fig.canvas
        canvas.draw()
        background, static_placed = canvas.copy_from_bbox(m.fig.bbox), list(m.placed)
        frames, drawn, key0, palette, layer = [], [], None, None, None
        for day in days:
            shown = _shown(events, day, "upto")
            fp = derived.presence_on(fps, day) if fps is not None else None
            key = (
                tuple(shown.get("event_id", ())),
                tuple(shown["certain_by_date"]),
                tuple(fp["event_ids"]) if fp is not None else (),
            )
            if key != key0:  # the map changed: rebuild and draw the dynamic artists
                for a in drawn:
                    a.remove()
                m.placed = list(static_placed)
                before = {id(a) for a in (*m.ax.get_children(), *m.panel.texts)}
                _draw_dynamic(m, shown, fp, layers, lang)
                skip = set(shown["place_id"]) if len(shown) and "events" in layers else set()
                _settlement_labels(m, layers, lang, skip)
                _halo_labels(m, shown, layers, lang)
                _side_text(m, legend, shown, sources)
                drawn = sorted(
                    (a for a in (*m.ax.get_children(), *m.panel.texts) if id(a) not in before),
                    key=lambda a: a.get_zorder(),
                )
                canvas.restore_region(background)
                for a in drawn:
                    m.fig.draw_artist(a)
                layer = canvas.copy_from_bbox(m.fig.bbox)
            canvas.restore_region(layer)  # same map as the day before: only the stamp changes
            stamp = _draw_stamp(m, shown, day, "upto")
            m.fig.draw_artist(stamp)
            stamp.remove()
            img = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
            if key != key0 or palette is None:
                palette = _palette(img)
            frames.append(img.quantize(palette=palette, dither=Image.Dither.NONE))
            key0 = key
    durations = [300] * (len(frames) - 1) + [2500]
    frames[0].save(
        out, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0
    )
    return out
