"""Static maps: labels that avoid each other, and the words they use (dates, short event
types, place names by language)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import shapely
from matplotlib.transforms import Bbox

from layers.vocab import local_name
from render.static.frame import _Map
from render.static.geometry import _clip, _lines

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


def _fmt(d: dt.date, short: bool = False) -> str:
    return (
        f"{d.day} {MONTHS[d.month - 1][:3]}" if short else f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    )


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
    t = None  # one annotation, moved from spot to spot (making one per spot cost ~0.3 s)
    for dx, dy, ha, va in offsets or _offsets(5):
        if t is None:
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
        else:
            t.xyann = (dx, dy)
            t.set_horizontalalignment(ha)
            t.set_verticalalignment(va)
        bb = t.get_window_extent(m.renderer).expanded(1.04, 1.15)
        inside = bb.x0 >= frame.x0 and bb.x1 <= frame.x1 and bb.y0 >= frame.y0 and bb.y1 <= frame.y1
        if inside and not any(bb.overlaps(o) for o in m.placed):
            m.placed.append(bb)
            return t
    if t is not None:
        t.remove()
    return None


def _reserve(m: _Map, x0, y0, x1, y1) -> None:
    """Keep labels off this rectangle (data coordinates)."""
    (a, b), (c, d) = m.ax.transData.transform([(x0, y0), (x1, y1)])
    m.placed.append(Bbox.from_extents(a, b, c, d))


def _label_along(m: _Map, geom, text, **kw) -> bool:
    """A label lying along the longest visible part of a line, where it overlaps nothing.
    False if there is no such place."""
    inner = _lines(shapely.line_merge(_clip(geom, m.view, pad=-0.08)))
    if not inner:
        return False
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
            return True
    return False


def _label_near(m: _Map, geoms, text, width: int = 34, **kw) -> bool:
    """A horizontal label (wrapped to ``width`` characters) beside the visible part of the
    first of ``geoms`` that shows in the frame, fully inside it: for a line whose visible
    part is too short to carry its label along it (a close view)."""
    import textwrap

    for geom in geoms:
        inner = _lines(shapely.line_merge(_clip(geom, m.view, pad=-0.04)))
        if not inner:
            continue
        seg = max((shapely.LineString(c) for c in inner), key=lambda g: g.length)
        for frac in (0.5, 0.2, 0.8, 0.0, 1.0):
            p = seg.interpolate(frac, normalized=True)
            if _place_label(
                m, p.x, p.y, textwrap.fill(text, width), _offsets(4), **{"fontsize": 6, **kw}
            ):
                return True
    return False


def _name_of(ev, lang: str) -> str:
    """An event's place name in ``lang`` (gazetteer names), else as recorded."""
    return local_name(ev, lang) or str(ev["place_name"])


def _name(p, lang: str) -> str:
    return local_name(p, lang)


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
