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
from render.static.basemap import _draw_basemap, _draw_settlements, _settlement_labels
from render.static.frame import (  # noqa: F401 - MAP_RECT, MIN_VIEW_M, _region_box: for tests
    FIG_W,
    MAP_RECT,
    MIN_VIEW_M,
    _new_map,
    _region_box,
    _view,
)
from render.static.furniture import TITLE, _draw_stamp, _header, _legend, _side_text
from render.static.layers import _draw_dynamic, _halo_labels, region_areas

__all__ = [
    "ALL_LAYERS",
    "FIG_W",
    "FORMATS",
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
