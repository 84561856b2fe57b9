"""Static maps (PNG, SVG, PDF, animated GIF) drawn with matplotlib, without a browser.

Everything is drawn in the local azimuthal-equidistant projection of :mod:`geo.measure`
(``AEQD``), so the scale bar is true. Colours and classes come from :mod:`render.style`.
Text from data is always literal: mathtext is switched off (``text.parse_math``), SVG keeps
text as XML-escaped ``<text>``. Output is deterministic: fixed SVG hash salt, no dates in
the metadata, no random ids.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
from PIL import Image

from layers import derived, vocab
from layers.events import day_span
from layers.filters import MODES, by_date
from layers.vocab import IMAGE_LAYERS
from render import style
from render.static.basemap import (
    _city_labels,
    _draw_basemap,
    _draw_settlements,
    _settlement_labels,
)
from render.static.frame import (  # noqa: F401 - MAP_RECT, MIN_VIEW_M, _region_box: for tests
    FIG_H,
    FIG_W,
    MAP_RECT,
    MIN_VIEW_M,
    SIZES,
    _new_map,
    _region_box,
    _view,
)
from render.static.furniture import (
    TITLE,
    _draw_showing,
    _draw_stamp,
    _header,
    _legend,
    _side_text,
)
from render.static.layers import _draw_dynamic, _halo_labels, region_areas, reserve_markers
from render.static.locator import draw_country_names, draw_locator

__all__ = [
    "ALL_LAYERS",
    "FIG_H",
    "FIG_W",
    "FORMATS",
    "GIF_DPI",
    "GIF_STEPS",
    "SIZES",
    "LANGS",
    "TITLE",
    "WEB_LAYERS",
    "region_areas",
    "render_gif",
    "render_static",
]


ALL_LAYERS = IMAGE_LAYERS


# The web map's other layer names, accepted too: land is always drawn, region-level halos
# come with "events", "uncertainty" draws the uncertainty circles without the evacuation
# zones.
WEB_LAYERS = frozenset(vocab.ALL_LAYERS) - IMAGE_LAYERS


LANGS = vocab.LANGS


FORMATS = vocab.IMAGE_FORMATS


# The GIF's resolution: 1350x960 px, so that its smallest text (4.8 pt) is 10 px high.
GIF_DPI = 150.0


# A GIF's frames: "change" (default) one frame per day on which the map changes, plus the
# first and last day, each shown for the frame duration; "day" one frame for every day.
GIF_STEPS = ("change", "day")


def _size(size) -> tuple[float, float, float | None]:
    if size is None:
        return SIZES["default"]
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, got {size!r}")
    return SIZES[size]


RC = {
    "svg.hashsalt": "raidmap",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "text.parse_math": False,
    "text.usetex": False,
    "axes.unicode_minus": False,
}


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
    size=None,
    bounds=None,
    showing=None,
    **gif,
) -> Path:
    """Draw the map of ``events`` on ``date`` (``mode`` as in :func:`layers.filters.by_date`)
    to ``out_path``; the format follows its extension (.png .svg .pdf .gif). ``size``: None or
    a name in :data:`SIZES` ("slide": 1920x1080). ``bounds``: (south, west, north, east) in
    degrees, the part of the region to show (default: the shown events). ``showing``: the
    filters ``events`` went through, in words (:func:`layers.selection.showing`), printed on
    the image. ``gif``: the options of :func:`render_gif` (``start``, ``frame_ms``,
    ``step``)."""
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
            dpi=min(dpi, GIF_DPI),
            date=date,
            mode=mode,
            size=size,
            bounds=bounds,
            showing=showing,
            **gif,
        )
    layers = _check(lang, layers, mode)
    w_in, h_in, size_dpi = _size(size)
    dpi = width_px / w_in if width_px else (size_dpi or dpi)
    with _literal_text():
        shown = _shown(events, date, mode)
        fps = _footprints(events)
        fp = derived.presence_on(fps, date) if fps is not None else None
        m = _new_map(_view(shown, (w_in, h_in), bounds), dpi, (w_in, h_in))
        # The locator inset first: it reserves its corner, so that no label of the base map
        # (the claim line's) is placed under it.
        draw_locator(m)
        # Then the event markers' places and the cities' names, before any other label: the
        # base map's ring and claim labels, the villages' and the events' then go round them.
        reserve_markers(m, shown, layers)
        named = _city_labels(m, layers, lang)
        _draw_basemap(m, layers)
        draw_country_names(m, lang)
        _header(m, title)
        _draw_showing(m, showing)
        _draw_stamp(m, shown, date, mode)
        _draw_dynamic(m, shown, fp, layers, lang)
        skip = set(shown["place_id"]) if len(shown) and "events" in layers else set()
        skip |= named
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


def _gif_days(events, start, date) -> list:
    span = day_span(events) if events is not None and len(events) else None
    if span is None and date is None:
        return [None]
    first = pd.Timestamp(start if start is not None else span[0] if span else date)
    last = pd.Timestamp(date if date is not None else span[1])
    if first > last:
        raise ValueError(f"the range starts ({first.date()}) after it ends ({last.date()})")
    return list(pd.date_range(first.normalize(), last.normalize(), freq="D"))


def render_gif(
    events,
    *,
    title=None,
    lang="en",
    layers=None,
    sources=None,
    out_path,
    dpi=GIF_DPI,
    date=None,
    mode="upto",
    start=None,
    frame_ms=700,
    step="change",
    size=None,
    bounds=None,
    showing=None,
) -> Path:
    """The map (``mode`` as in :func:`layers.filters.by_date`) from ``start`` (default: the
    record's first day) to ``date`` (default: its last), one frame per day on which the
    map changes (``step="change"``) or per day (``step="day"``), each ``frame_ms`` long and
    the last held 2.5 s. The basemap is drawn once; each frame redraws only what changes."""
    out = Path(out_path)
    layers = _check(lang, layers, mode)
    if step not in GIF_STEPS:
        raise ValueError(f"step must be one of {', '.join(GIF_STEPS)}, got {step!r}")
    if int(frame_ms) < 20:
        raise ValueError(f"frame_ms must be at least 20, got {frame_ms!r}")
    w_in, h_in, size_dpi = _size(size)
    dpi = size_dpi or dpi
    days = _gif_days(events, start, date)
    with _literal_text():
        full = _shown(events, days[-1], "upto")
        fps = _footprints(events)
        m = _new_map(_view(full, (w_in, h_in), bounds), dpi, (w_in, h_in))
        # The locator inset first: it reserves its corner, so that no label of the base map
        # (the claim line's) is placed under it.
        draw_locator(m)
        _draw_basemap(m, layers)
        draw_country_names(m, lang)
        _header(m, title)
        _draw_showing(m, showing)
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
        for i, day in enumerate(days):
            shown = _shown(events, day, mode)
            fp = derived.presence_on(fps, day) if fps is not None else None
            key = (
                tuple(shown.get("event_id", ())),
                tuple(shown["certain_by_date"]),
                tuple(fp["event_ids"]) if fp is not None else (),
            )
            changed = key != key0
            key0 = key
            if step == "change" and not changed and 0 < i < len(days) - 1:
                continue  # the same map as the frame before: no frame
            if changed:  # the map changed: rebuild and draw the dynamic artists
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
            stamp = _draw_stamp(m, shown, day, mode)
            m.fig.draw_artist(stamp)
            stamp.remove()
            img = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
            if changed or palette is None:
                palette = _palette(img)
            frames.append(img.quantize(palette=palette, dither=Image.Dither.NONE))
    durations = [int(frame_ms)] * (len(frames) - 1) + [2500]
    frames[0].save(
        out, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0
    )
    return out
