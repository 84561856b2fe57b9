"""Geodesic measurement: distances on WGS84 and signed depth from the Russia–Ukraine border.

Depth is positive inside Russia and negative inside Ukraine, in kilometres.

How depth is computed, vectorised over any number of points (1,000,000 in about 1.5 s on
two cores; ``bench/bench_depth.py``):

1. points and the border go into a local azimuthal-equidistant projection centred on the
   region (:data:`AEQD_SELECT`, on a sphere: six times faster than the ellipsoidal one, and
   it only *chooses* the nearest border point, it never measures); the border is densified
   to vertices at most :data:`DENSIFY_M` apart and indexed in a k-d tree;
2. each point's nearest border vertex comes from the tree, and the exact foot of the
   perpendicular on the two border segments meeting there gives the nearest border point;
3. the distance reported is the ellipsoidal distance on WGS84 from the point to that border
   point by Lambert's formula (vectorised numpy), which stays within 0.35 m of pyproj's
   exact geodesic for any two points of the region up to 320 km apart (measured;
   ``tests/test_measure.py`` checks it), at half the cost of ``Geod.inv``.

``tests/test_measure.py`` also checks depths against a brute-force pyproj geodesic search
over the densified border (agreement within 10 m). The side of the border comes from the
orientation of the nearest segment (which side of the line the point lies on), with the
pseudo-normal at vertices; beyond the ends of the extracted line, the land polygons decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from pyproj import Transformer
from scipy.spatial import cKDTree

from geo.border import BorderData, load_border
from geo.errors import CoordinateError
from geo.geodesic import GEOD, distance_km  # noqa: F401 - re-exported: the public names

WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563
# Local azimuthal-equidistant projection centred on the raid area (Belgorod Oblast), on the
# ellipsoid: used for drawing buffers and rings (within ~10 m of the geodesic here).
AEQD = "+proj=aeqd +lat_0=50.8 +lon_0=36.0 +datum=WGS84 +units=m +no_defs"
# The same on a sphere: only to choose nearest border points, fast.
AEQD_SELECT = "+proj=aeqd +lat_0=50.8 +lon_0=36.0 +R=6371008.8 +units=m +no_defs"
DENSIFY_M = 50.0
SIDE_SIGN = {"RU": 1.0, "UA": -1.0}


def lambert_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Ellipsoidal (WGS84) distance in metres by Lambert's formula, vectorised.

    Within 0.35 m of the exact geodesic for points of the region up to 320 km apart (and
    within 0.07 m up to 50 km); see tests/test_measure.py."""
    a, f = WGS84_A, WGS84_F
    b1 = np.arctan((1 - f) * np.tan(np.radians(lat1)))
    b2 = np.arctan((1 - f) * np.tan(np.radians(lat2)))
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin((b2 - b1) / 2) ** 2 + np.cos(b1) * np.cos(b2) * np.sin(dl / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    p, q = (b1 + b2) / 2, (b2 - b1) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        x = (sigma - np.sin(sigma)) * (np.sin(p) ** 2 * np.cos(q) ** 2) / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * (np.cos(p) ** 2 * np.sin(q) ** 2) / np.sin(sigma / 2) ** 2
        d = a * (sigma - f / 2 * (x + y))
    return np.where(sigma > 0, d, 0.0)


def check_lat_lon(lat: float, lon: float) -> None:
    """Raise :class:`CoordinateError` unless (lat, lon) is a finite WGS84 position."""
    if not (np.isfinite(lat) and np.isfinite(lon)):
        raise CoordinateError(f"coordinates must be finite numbers, got lat={lat!r}, lon={lon!r}")
    if not -90 <= lat <= 90:
        raise CoordinateError(f"latitude {lat!r} is outside -90..90")
    if not -180 <= lon <= 180:
        raise CoordinateError(f"longitude {lon!r} is outside -180..180")


@dataclass(frozen=True)
class DepthResult:
    """Per-point results; every array has the shape of the input."""

    depth_km: np.ndarray  # signed: + inside Russia, - inside Ukraine; NaN where undefined
    nearest_lon: np.ndarray
    nearest_lat: np.ndarray
    side: np.ndarray  # 'RU', 'UA', or '' where the point is on neither side / invalid


class DepthModel:
    """Signed depth from a border, prepared once and evaluated vectorised."""

    def __init__(self, border: BorderData, densify_m: float = DENSIFY_M):
        self.border = border
        self._fwd = Transformer.from_crs("EPSG:4326", AEQD_SELECT, always_xy=True)
        self._inv = Transformer.from_crs(AEQD_SELECT, "EPSG:4326", always_xy=True)
        xs, ys, has_prev, has_next = [], [], [], []
        for part in border.parts:
            lon, lat = np.asarray(part.coords, dtype=float).T[:2]
            x, y = self._fwd.transform(lon, lat)
            x, y = _densify(np.asarray(x), np.asarray(y), densify_m)
            n = len(x)
            xs.append(x)
            ys.append(y)
            hp = np.ones(n, bool)
            hp[0] = False
            hn = np.ones(n, bool)
            hn[-1] = False
            has_prev.append(hp)
            has_next.append(hn)
        self._x = np.concatenate(xs)
        self._y = np.concatenate(ys)
        self._has_prev = np.concatenate(has_prev)
        self._has_next = np.concatenate(has_next)
        # Sliding-midpoint splits without node shrinking suit vertices along a curve:
        # measured here 4-7x faster than scipy's defaults for queries far from the line.
        self._tree = cKDTree(
            np.column_stack([self._x, self._y]),
            leafsize=64,
            balanced_tree=False,
            compact_nodes=False,
        )
        vlon, vlat = self._inv.transform(self._x, self._y)
        self._lon, self._lat = np.asarray(vlon), np.asarray(vlat)
        self._left_sign = self._orientation()

    # -- set-up ----------------------------------------------------------------------------
    def _orientation(self) -> float:
        """+1 if Russia lies left of the line as stored, -1 if right (decided from the land
        polygons at sample points 300 m off the line)."""
        idx = np.flatnonzero(self._has_prev & self._has_next)
        idx = idx[:: max(1, len(idx) // 200)]
        dx = self._x[idx + 1] - self._x[idx - 1]
        dy = self._y[idx + 1] - self._y[idx - 1]
        norm = np.hypot(dx, dy)
        ok = norm > 0
        idx, dx, dy, norm = idx[ok], dx[ok], dy[ok], norm[ok]
        px = self._x[idx] - dy / norm * 300.0
        py = self._y[idx] + dx / norm * 300.0
        lon, lat = self._inv.transform(px, py)
        country = self.border.country_at(lon, lat)
        votes = np.sum(country == "RU") - np.sum(country == "UA")
        if votes == 0:
            raise CoordinateError("cannot tell which side of the border line is Russia")
        return 1.0 if votes > 0 else -1.0

    # -- evaluation ------------------------------------------------------------------------
    def depth(self, *, lon, lat) -> DepthResult:
        """Signed depth (km) of each point, its nearest border point, and its side."""
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        shape = lon.shape
        lon, lat = lon.ravel(), lat.ravel()
        n = lon.size
        depth = np.full(n, np.nan)
        nlon = np.full(n, np.nan)
        nlat = np.full(n, np.nan)
        side = np.full(n, "", dtype=object)
        valid = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        if valid.any():
            d, fl, fa, s = self._depth_valid(lon[valid], lat[valid])
            depth[valid], nlon[valid], nlat[valid], side[valid] = d, fl, fa, s
        return DepthResult(
            depth.reshape(shape), nlon.reshape(shape), nlat.reshape(shape), side.reshape(shape)
        )

    def _depth_valid(self, lon, lat):
        px, py = self._fwd.transform(lon, lat)
        px, py = np.asarray(px), np.asarray(py)
        _, i = self._tree.query(np.column_stack([px, py]), k=1, workers=-1)
        vx, vy = self._x[i], self._y[i]
        # Candidate feet on the segment before (i-1 → i) and after (i → i+1) the vertex.
        best_d2 = (px - vx) ** 2 + (py - vy) ** 2
        # The foot as segment (fa → fb) at parameter ft; starts as the vertex itself.
        fa, fb, ft = i.copy(), i.copy(), np.zeros_like(px)
        cross = np.zeros_like(px)
        interior = np.zeros(px.shape, bool)
        for has, a, b in (
            (self._has_prev[i], np.maximum(i - 1, 0), i),
            (self._has_next[i], i, np.minimum(i + 1, len(self._x) - 1)),
        ):
            ax, ay, bx, by = self._x[a], self._y[a], self._x[b], self._y[b]
            sx, sy = bx - ax, by - ay
            seg2 = sx * sx + sy * sy
            with np.errstate(invalid="ignore", divide="ignore"):
                t = ((px - ax) * sx + (py - ay) * sy) / seg2
            t = np.where(seg2 > 0, np.clip(t, 0.0, 1.0), 0.0)
            cx, cy = ax + t * sx, ay + t * sy
            d2 = (px - cx) ** 2 + (py - cy) ** 2
            better = has & (t > 0.0) & (t < 1.0) & (d2 < best_d2)
            best_d2 = np.where(better, d2, best_d2)
            fa, fb, ft = np.where(better, a, fa), np.where(better, b, fb), np.where(better, t, ft)
            cross = np.where(better, sx * (py - ay) - sy * (px - ax), cross)
            interior |= better
        # Foot at a vertex: the side is given by the sum of the adjacent segments' normals.
        at_vertex = ~interior
        if at_vertex.any():
            iv = i[at_vertex]
            nx = np.zeros(iv.shape)
            ny = np.zeros(iv.shape)
            for has, a, b in (
                (self._has_prev[iv], np.maximum(iv - 1, 0), iv),
                (self._has_next[iv], iv, np.minimum(iv + 1, len(self._x) - 1)),
            ):
                sx, sy = self._x[b] - self._x[a], self._y[b] - self._y[a]
                norm = np.hypot(sx, sy)
                norm = np.where(norm > 0, norm, 1.0)
                nx += np.where(has, -sy / norm, 0.0)
                ny += np.where(has, sx / norm, 0.0)
            cross[at_vertex] = (px[at_vertex] - vx[at_vertex]) * nx + (
                py[at_vertex] - vy[at_vertex]
            ) * ny
        sign = np.sign(cross) * self._left_sign
        side = np.where(sign > 0, "RU", np.where(sign < 0, "UA", "")).astype(object)
        # Beyond either end of a border part the line cannot tell sides: ask the polygons.
        end = at_vertex & ~(self._has_prev[i] & self._has_next[i])
        if end.any():
            side[end] = self.border.country_at(lon[end], lat[end])
        # The foot's lon/lat by interpolation between densified vertices (at most 50 m
        # apart: millimetres from the projected foot), then the ellipsoidal distance.
        flon = self._lon[fa] + ft * (self._lon[fb] - self._lon[fa])
        flat = self._lat[fa] + ft * (self._lat[fb] - self._lat[fa])
        dist = lambert_m(lon, lat, flon, flat)
        signs = np.where(sign == 0, 1.0, sign)  # exactly on the line: depth 0
        if end.any():
            signs[end] = [SIDE_SIGN.get(s, np.nan) for s in side[end]]
        depth = np.asarray(dist) / 1000.0 * signs
        side = np.where(np.isnan(depth), "", side).astype(object)
        return depth, np.asarray(flon), np.asarray(flat), side

    def depth_at(self, *, lat: float, lon: float) -> dict:
        """Depth of one point as a plain dict (``depth_km`` is None when undefined)."""
        check_lat_lon(lat, lon)
        r = self.depth(lon=[lon], lat=[lat])
        d = float(r.depth_km[0])
        return {
            "lat": lat,
            "lon": lon,
            "depth_km": None if np.isnan(d) else d,
            "side": r.side[0],
            "nearest_border_lat": float(r.nearest_lat[0]),
            "nearest_border_lon": float(r.nearest_lon[0]),
        }


def _densify(x: np.ndarray, y: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """Insert vertices so that consecutive vertices are at most ``step`` metres apart."""
    seg = np.hypot(np.diff(x), np.diff(y))
    k = np.maximum(1, np.ceil(seg / step).astype(int))
    t = np.concatenate([np.arange(n) / n for n in k])
    starts = np.repeat(np.arange(len(seg)), k)
    dx = np.repeat(np.diff(x), k)
    dy = np.repeat(np.diff(y), k)
    nx = np.append(x[starts] + t * dx, x[-1])
    ny = np.append(y[starts] + t * dy, y[-1])
    return nx, ny


@cache
def default_depth_model() -> DepthModel:
    """The depth model over the bundled border extract, built once per process."""
    return DepthModel(load_border())


def place_depth(place, model: DepthModel | None = None) -> dict:
    """Depth of a gazetteer place with its uncertainty.

    Depth changes by at most the distance a point moves, so the place's precision radius is
    its depth uncertainty. A region or district stands for an area: it gets no depth.
    """
    model = model or default_depth_model()
    out = model.depth_at(lat=place.lat, lon=place.lon)
    out.update(name=place.name, place_id=place.place_id, uncertainty_km=place.precision_m / 1000)
    if place.is_region:
        out.update(depth_km=None, note=f"{place.name} is a {place.kind}: no single depth")
    return out
