"""Static maps: the furniture (title, date stamp, scale bar, north arrow, legend, the side
panel's areas and sources)."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from layers import derived
from layers.areas import area_text
from layers.penetration import penetration_bands
from layers.vocab import citation
from render import style
from render.static.frame import MAP_RECT, PANEL_RECT, _Map, is_slide
from render.static.geometry import _fwd, _xy
from render.static.labels import _fmt, _reserve
from render.static.layers import _side, _zones, region_areas

TITLE = "Cross-border raids into Belgorod region, 2023"


ATTRIBUTION = (
    "Border and land: © OpenStreetMap contributors (ODbL) · Places: GeoNames "
    "(CC BY 4.0) · Locator: Natural Earth · Projection: azimuthal equidistant (50.8°N 36°E), "
    "true-scale km"
)


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


def _dot(**kw) -> Line2D:
    return Line2D([], [], marker="o", ls="none", ms=7, **kw)


def _event_legend_items(shown) -> list:
    """Legend rows for the events shown: what happened, who acted, open windows, areas."""
    items: list = [_head("What happened (fill)")]
    items += [
        (_dot(mfc=style.type_colour(t), mec="#666666"), str(t))
        for t in sorted(set(shown["event_type"]))
    ]
    items.append(_head("Who acted (outline)"))
    items += [
        (_dot(mfc="white", mew=2, mec=style.SIDE_COLOURS[s]), style.SIDE_LABELS[s])
        for s in sorted({_side(a) for a in shown["actor1"]})
    ]
    if not shown["certain_by_date"].all():
        items.append(
            (
                _dot(mfc=(0.6, 0.6, 0.6, 0.3), mew=1.5, mec="#555555"),
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
    return items


# The uncertainty zones' row: what the dotted circle means, in words of its own (the events'
# row already says "region, or place known roughly (area)"; the site is named once, in the
# panel's list or on its zone).
UNCERTAIN_ZONE_ROW = "a site lies somewhere in this circle (dotted)"


def _head(t: str):
    return Line2D([], [], visible=False), t


def _legend(m: _Map, shown, footprint, layers):
    items = []
    if len(shown) and "events" in layers:
        items += _event_legend_items(shown)
    items.append(_head("Layers"))
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
        items.append(
            (
                Line2D([], [], color=style.CLAIMED_RING_COLOUR, lw=2.6),
                "depth claim at its claimed distance",
            )
        )
        items.append(
            (
                Line2D([], [], color=style.CLAIMED_RING_COLOUR, lw=1.4, ls=(0, (1, 3))),
                "gap to the measured deepest event",
            )
        )
        # the bands this map drew for ``shown``; a GIF's legend (of every frame's events)
        # comes before any frame is drawn
        bands = m.bands if m.bands is not None else penetration_bands(shown)
        if len(shown) and len(bands):
            items.append(
                (
                    Patch(fc=style.BAND_COLOUR, alpha=0.3, ec=style.BAND_COLOUR),
                    "deepest raider event per day (±)",
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
        ("uncertainty", ":", UNCERTAIN_ZONE_ROW),
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
        lines = [f"[{sid}] {citation(table[sid])}" if sid in table else f"[{sid}]" for sid in ids]
        blocks.append("Sources:\n" + "\n".join(lines))
    if blocks:
        _fit_text(m, bb.y0 - 0.03, [ln for b in blocks for ln in (*b.split("\n"), "")][:-1])


def _wrapped(m: _Map, top: float, lines: list[str], fs: float):
    """``lines`` wrapped to the panel's width (measured, not guessed) at font size ``fs``."""
    chars = _chars(m, fs)
    while True:
        text = _wrap(lines, chars)
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


# The side text's font sizes, tried largest first, then the last with fewer lines. A slide
# (1920x1080 at 150 dpi) keeps one size, 7.8 pt = 16 px, legible when projected: fewer
# lines, each readable, and the rest named by the last line (see _kept).
SIDE_SIZES = (6.2, 5.7, 5.2, 4.8)
SLIDE_SIDE_SIZES = (7.8,)


def _side_sizes(m: _Map) -> tuple[float, ...]:
    return SLIDE_SIDE_SIZES if is_slide(m) else SIDE_SIZES


def _fit_text(m: _Map, top: float, lines: list[str]) -> None:
    """Smaller font, then fewer lines, until the text fits above the panel's bottom."""
    bottom = m.panel.get_window_extent(m.renderer).y0
    sizes = _side_sizes(m)
    least = sizes[-1]
    for fs in sizes:
        if _too_tall(m, top, lines, fs, bottom):
            continue
        t = _wrapped(m, top, lines, fs)
        if t.get_window_extent(m.renderer).y0 >= bottom:
            return
        t.remove()

    def fits(keep: int) -> bool:
        if _too_tall(m, top, _kept(lines, keep), least, bottom):
            return False
        t = _wrapped(m, top, _kept(lines, keep), least)
        ok = t.get_window_extent(m.renderer).y0 >= bottom
        t.remove()
        return ok

    # The most lines that fit (at least one): fewer lines never take more room, so a binary
    # search finds what trying every count from the most down found, in ~log2(n) layouts
    # instead of up to n (each layout measures its text: ~25 ms; the sources list of a busy
    # day has 40 lines).
    if len(lines) < 2:
        return
    lo, hi = 1, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    _wrapped(m, top, _kept(lines, lo), least)


def _chars(m: _Map, fs: float) -> int:
    """The first guess of :func:`_wrapped` at how many characters fit across the panel."""
    return int(PANEL_RECT[2] * m.width_in * 72 / (fs * 0.56))


def _wrap(lines: list[str], chars: int) -> str:
    return "\n".join(textwrap.fill(ln, chars, subsequent_indent="   ") for ln in lines)


def _too_tall(m: _Map, top: float, lines: list[str], fs: float, bottom: float) -> bool:
    """True when ``lines`` at ``fs`` cannot fit above ``bottom`` whatever their words: as
    many lines of "x" (the font's least height per line; :func:`_wrapped` never makes fewer
    lines than the first guess does) already reach below it. One measured string instead of
    every line's (a layout of the 150 wrapped lines of a busy day's sources: ~0.3 s)."""
    n = _wrap(lines, _chars(m, fs)).count("\n") + 1
    probe = m.panel.text(
        0,
        top,
        "\n".join(["x"] * n),
        va="top",
        ha="left",
        fontsize=fs,
        linespacing=1.2,
        transform=m.panel.transAxes,
    )
    low = probe.get_window_extent(m.renderer).y0
    probe.remove()
    return low < bottom


def _kept(lines: list[str], keep: int) -> list[str]:
    """The first ``keep`` lines and one saying how many more there are and where they are
    (the HTML snapshot lists every area and source)."""
    left = [ln for ln in lines[keep:] if ln]
    n_src = sum(ln.startswith("[") for ln in left)
    n = len(left) if n_src < len(left) else n_src
    what = "sources" if n_src == len(left) else "lines"
    return [*lines[:keep], f"+{n} more {what}: all are listed in the HTML snapshot"]


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


def _draw_showing(m: _Map, showing: str | None):
    """The filters the events went through, in words, between the date stamp and the map (a
    filtered slide must not read as the whole record); nothing without a filter."""
    if not showing:
        return None
    return m.fig.text(
        0.012,
        MAP_RECT[1] + MAP_RECT[3] + 0.004,
        textwrap.shorten(str(showing), 170, placeholder=" …"),
        ha="left",
        va="bottom",
        fontsize=7.2,
        fontweight="bold",
        color=SHOWING_COLOUR,
    )


SHOWING_COLOUR = "#8a1c00"


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
