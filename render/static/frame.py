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


# The locator inset (render.static.locator): its extent and width, here because the view
# keeps the events clear of it.
LOCATOR_BOX = (-12.0, 34.0, 50.0, 71.0)  # lon0, lat0, lon1, lat1: the inset's extent
LOCATOR_LAT = 52.0  # the inset is drawn with lon scaled by cos(this latitude)
LOCATOR_WIDTH = 0.17  # of the map frame's width
LOCATOR_PAD = 0.006  # figure fraction between the inset and the frame's corner


def locator_height(size=(FIG_W, FIG_H)) -> float:
    """The inset's height as a fraction of the figure's height (figure ``size`` in inches)."""
    lon0, lat0, lon1, lat1 = LOCATOR_BOX
    aspect = (lat1 - lat0) / ((lon1 - lon0) * np.cos(np.radians(LOCATOR_LAT)))
    return LOCATOR_WIDTH * MAP_RECT[2] * size[0] / size[1] * aspect


def _covered(size) -> tuple[tuple[float, float, float, float], ...]:
    """The parts of the map frame that the furniture drawn over the map covers, as fractions
    of the frame (x0, x1, y0, y1 from the lower left), each with a marker's margin: the
    locator inset (upper left), the scale bar's box (lower left: at most a quarter of the
    width for the bar, render.static.furniture) and the north arrow (upper right)."""
    pad_x = LOCATOR_PAD / MAP_RECT[2]
    pad_y = LOCATOR_PAD * size[0] / size[1] / MAP_RECT[3]
    inset_h = locator_height(size) / MAP_RECT[3]
    mx, my = 0.025, 0.025 * size[0] / size[1]  # a marker's radius and a little
    return (
        (0.0, LOCATOR_WIDTH + pad_x + mx, 1.0 - inset_h - pad_y - my, 1.0),
        (0.0, 0.035 + 0.25 + 0.035 + 0.03 + mx, 0.0, 0.105 + my),
        (0.92 - mx, 1.0, 0.81 - my, 0.96 + my),
    )


def _clear_of_furniture(x, y, box, size, region):
    """``box`` (x0, x1, y0, y1), widened about its centre in steps of 10% (within the
    region) until no point (``x``, ``y``) lies under the inset, scale bar or north arrow."""
    covered = _covered(size)
    x0, x1, y0, y1 = box
    for _ in range(12):
        fx, fy = (x - x0) / (x1 - x0), (y - y0) / (y1 - y0)
        hidden = any(((fx > a) & (fx < b) & (fy > c) & (fy < d)).any() for a, b, c, d in covered)
        if not hidden:
            break
        cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * 1.1, (y1 - y0) * 1.1
        x0, x1, y0, y1 = _within(region, cx, cy, w, h)
    return x0, x1, y0, y1


def _within(region, cx, cy, w, h):
    """The box of ``w`` x ``h`` centred as near ``cx``, ``cy`` as the region allows, at most
    the region's size (the aspect ratio kept)."""
    rx0, rx1, ry0, ry1 = region
    scale = min(1.0, (rx1 - rx0) / w, (ry1 - ry0) / h)
    w, h = w * scale, h * scale
    cx = min(max(cx, rx0 + w / 2), rx1 - w / 2)
    cy = min(max(cy, ry0 + h / 2), ry1 - h / 2)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


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
    region, with the map frame's aspect ratio (figure ``size`` in inches), widened until no
    event lies under the inset, the scale bar or the north arrow. ``bounds``, a (south lat,
    west lon, north lat, east lon) box, replaces the events' extent (no margin, and as asked:
    not widened)."""
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
    box = _within(_region_box(), cx, cy, w, h)
    if bounds is not None or not len(pts):
        return box
    lon, lat = (pts[c].astype(float).to_numpy() for c in ("longitude", "latitude"))
    ex, ey = _xy(lon, lat)
    ok = np.isfinite(ex) & np.isfinite(ey)
    return _clear_of_furniture(ex[ok], ey[ok], box, size, _region_box())


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
