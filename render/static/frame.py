"""Static maps: the figure, its map frame and panel, and the view (which part of the region
the map shows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import geopandas as gpd
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from geo.settings import REGION_BOUNDS
from render import style
from render.static.geometry import _xy

FIG_W, FIG_H = 9.0, 6.4  # inches: 1800 px wide at the default 200 dpi


# Named output sizes for every image format: (width in, height in, dpi). "slide" is a 16:9
# presentation slide, 1920x1080 px (text in points, so it stays legible when projected).
SIZES = {"default": (FIG_W, FIG_H, None), "slide": (12.8, 7.2, 150.0)}


MAP_RECT = (0.012, 0.06, 0.70, 0.815)  # figure fractions: left, bottom, width, height


PANEL_RECT = (0.725, 0.06, 0.265, 0.815)


MIN_VIEW_M = (60_000.0, 45_000.0)


DEFAULT_VIEW = (35.45, 50.28, 37.05, 50.72)  # lon/lat box of the Belgorod raids


@dataclass
class _Map:
    fig: Figure
    ax: object
    panel: object
    view: tuple[float, float, float, float]  # x0, x1, y0, y1 in AEQD metres
    placed: list = field(default_factory=list)  # display bboxes of labels and obstacles
    bands: object = None  # the penetration bands drawn (render.static.layers), once made

    @property
    def width_in(self) -> float:
        return float(self.fig.get_figwidth())

    @property
    def m_per_pt(self) -> float:
        return (self.view[1] - self.view[0]) / (MAP_RECT[2] * self.width_in * 72)

    @property
    def renderer(self):
        return self.fig.canvas.get_renderer()


def is_slide(m: _Map) -> bool:
    """Whether ``m`` is drawn at the slide size (text sized to be read when projected)."""
    w, h, _ = SIZES["slide"]
    return (float(m.fig.get_figwidth()), float(m.fig.get_figheight())) == (w, h)


@cache
def _region_box() -> tuple[float, float, float, float]:
    """Largest AEQD rectangle inside the lon/lat region of the bundled extract."""
    lon0, lat0, lon1, lat1 = REGION_BOUNDS
    t = np.linspace(0, 1, 21)
    lons, lats = lon0 + t * (lon1 - lon0), lat0 + t * (lat1 - lat0)
    left, right = _xy(np.full(21, lon0), lats)[0], _xy(np.full(21, lon1), lats)[0]
    bottom, top = _xy(lons, np.full(21, lat0))[1], _xy(lons, np.full(21, lat1))[1]
    return left.max(), right.min(), bottom.max(), top.min()


def _view(
    events: gpd.GeoDataFrame, size=(FIG_W, FIG_H), bounds=None
) -> tuple[float, float, float, float]:
    """Point events and their border crossings plus a margin, at least MIN_VIEW_M, at most the
    region, with the map frame's aspect ratio (figure ``size`` in inches). ``bounds``, a
    (south lat, west lon, north lat, east lon) box, replaces the events' extent (no margin)."""
    pts = events.loc[events["draw_as"] == "point"] if len(events) else events
    if bounds is not None:
        s, w, n, e = (float(v) for v in bounds)
        t = np.linspace(0, 1, 11)
        lons = np.r_[np.full(11, w), np.full(11, e), w + t * (e - w), w + t * (e - w)]
        lats = np.r_[s + t * (n - s), s + t * (n - s), np.full(11, s), np.full(11, n)]
        x, y = _xy(lons, lats)
        w_m, h_m = max(np.ptp(x), 2000.0), max(np.ptp(y), 2000.0)
    elif len(pts):
        lon = np.r_[pts["longitude"].astype(float), pts["border_lon"].astype(float)]
        lat = np.r_[pts["latitude"].astype(float), pts["border_lat"].astype(float)]
        ok = np.isfinite(lon) & np.isfinite(lat)
        x, y = _xy(lon[ok], lat[ok])
    else:
        x, y = _xy(DEFAULT_VIEW[::2], DEFAULT_VIEW[1::2])
    cx, cy = (x.min() + x.max()) / 2, (y.min() + y.max()) / 2
    if bounds is not None:
        w, h = w_m, h_m
    else:
        w = max(np.ptp(x) * 1.2 + 8000, MIN_VIEW_M[0])
        h = max(np.ptp(y) * 1.2 + 8000, MIN_VIEW_M[1])
    aspect = (MAP_RECT[2] * size[0]) / (MAP_RECT[3] * size[1])
    w, h = max(w, h * aspect), max(h, w / aspect)
    rx0, rx1, ry0, ry1 = _region_box()
    scale = min(1.0, (rx1 - rx0) / w, (ry1 - ry0) / h)
    w, h = w * scale, h * scale
    cx = min(max(cx, rx0 + w / 2), rx1 - w / 2)
    cy = min(max(cy, ry0 + h / 2), ry1 - h / 2)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _new_map(view, dpi: float, size=(FIG_W, FIG_H)) -> _Map:
    fig = Figure(figsize=size, dpi=dpi, facecolor="white")
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


def bounds_of_view(
    *, lat: float, lon: float, zoom: float, width_px: int = 1024, height_px: int = 640
) -> tuple[float, float, float, float]:
    """(south, west, north, east) that a web map (Web Mercator, 256-px tiles) centred on
    ``lat``/``lon`` at ``zoom`` shows in a ``width_px`` x ``height_px`` window: a view
    request, not a measurement (the box's half-sides use the local metres per degree)."""
    m_per_px = 156_543.033_92 * np.cos(np.radians(lat)) / 2.0**zoom
    half_h = m_per_px * height_px / 2 / 111_320.0
    half_w = m_per_px * width_px / 2 / (111_320.0 * np.cos(np.radians(lat)))
    return lat - half_h, lon - half_w, lat + half_h, lon + half_w
