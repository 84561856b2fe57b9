"""Geodesic measurement: distances on WGS84 and signed depth from the Russia–Ukraine border.

Depth is positive inside Russia and negative inside Ukraine, in kilometres.

How depth is computed, vectorised over any number of points (1,000,000 in about 1.1 s of
CPU time; ``bench/bench_depth.py``):

1. the border's segments are split along their geodesics to at most :data:`DENSIFY_M`,
   and the vertices go, as earth-centred 3-D coordinates on the WGS84 ellipsoid, into a k-d
   tree. Straight-line (chord) distance in 3-D orders border points as the geodesic does, to
   well under a metre at any distance in the region, with no projection centre whose
   distortion grows with distance (a single azimuthal projection chose the wrong stretch
   of border far from its centre, up to 352 m off);
2. each point's :data:`CANDIDATES` nearest vertices come from the tree, and the exact foot of
   the perpendicular on the two segments meeting at each gives the nearest border point;
   the next vertex's distance proves that no other segment can be nearer, and the few
   points where it does not are searched again with more vertices
   (:meth:`DepthModel._nearest_feet`), so the choice is exact, not a guess. For many
   points, the nearest vertices come from a list per 0.01-degree cell of the vertices that
   can end the nearest segment anywhere in the cell (:mod:`geo.nearcells`; usually one or
   two), with the same test, instead of one tree query per point;
3. the distance reported is the ellipsoidal distance on WGS84 from the point to that border
   point by Lambert's formula (vectorised numpy), within 0.35 m of pyproj's exact geodesic
   for any two points of the region up to 320 km apart and within 1 m up to 700 km
   (measured; ``tests/test_measure.py`` checks it), at half the cost of ``Geod.inv``.

Only points on Russian or Ukrainian territory (the land polygons of the bundled extract with
their lakes, :mod:`geo.territory`) get a depth: anywhere else there is none.
``tests/test_measure.py`` checks depths against a brute-force geodesic search over every
border segment, within 1 m anywhere in the region's box. The side of the border comes from
the plane of the nearest segment (which side of the line the point lies on), with the
pseudo-normal at vertices; beyond the ends of the extracted line, the territory decides.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.spatial import cKDTree

from geo.border import ALT_BORDER_NAME, BorderData, load_border, load_border_alt
from geo.errors import CoordinateError
from geo.geodesic import (  # noqa: F401 - re-exported: the public names
    GEOD,
    WGS84_A,
    WGS84_E2,
    WGS84_F,
    distance_km,
    ecef,
    lambert_m,
)
from geo.nearcells import CellCandidates
from geo.settings import in_region
from geo.territory import EXTRACT_BOUNDS, Territory

# Local azimuthal-equidistant projection centred on the raid area (Belgorod Oblast), on the
# ellipsoid: used for drawing buffers and rings (within ~10 m of the geodesic here).
AEQD = "+proj=aeqd +lat_0=50.8 +lon_0=36.0 +datum=WGS84 +units=m +no_defs"
# Border segments are split (along their geodesics) to at most this length: the longer
# they are, the fewer vertices the tree holds, the more points need a second search.
DENSIFY_M = 500.0
# Nearest densified vertices whose two segments are searched for the exact foot.
CANDIDATES = 2
# From this many points on, the nearest vertices come from per-cell lists (geo/nearcells.py)
# rather than one k-d tree query per point; building the lists costs about as much as
# the tree's query for this many points far from the border.
CELLS_MIN_POINTS = 20_000
# From this many points on, two threads share the work (each half still uses the cells).
PARALLEL_MIN_POINTS = 200_000
_GRID_LOCK = threading.Lock()
SIDE_SIGN = {"RU": 1.0, "UA": -1.0}
SIDE_NAMES = np.array(["", "RU", "UA"], dtype=object)
SIDE_CODE = {"RU": 1, "UA": 2}


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

    def __init__(
        self, border: BorderData, densify_m: float = DENSIFY_M, side_offset_m: float = 300.0
    ):
        self.border = border
        self._side_offset_m = side_offset_m
        self.territory = Territory(border.land)
        # the territory's country codes as SIDE_NAMES' codes (RU 1, UA 2, any other 0)
        self._land_side = np.array([SIDE_CODE.get(c, 0) for c in self.territory.codes], np.int8)
        lons, lats, has_prev, has_next = [], [], [], []
        for part in border.parts:
            lon, lat = _densify_geodesic(np.asarray(part.coords, dtype=float)[:, :2], densify_m)
            n = len(lon)
            lons.append(lon)
            lats.append(lat)
            hp = np.ones(n, bool)
            hp[0] = False
            hn = np.ones(n, bool)
            hn[-1] = False
            has_prev.append(hp)
            has_next.append(hn)
        self._lon = np.concatenate(lons)
        self._lat = np.concatenate(lats)
        self._has_prev = np.concatenate(has_prev)
        self._has_next = np.concatenate(has_next)
        self._xyz = ecef(lon=self._lon, lat=self._lat)
        chord = np.linalg.norm(np.diff(self._xyz, axis=0), axis=1)[self._has_next[:-1]]
        self._half_seg2 = float(chord.max()) ** 2 / 4.0 * (1 + 1e-9) if chord.size else 0.0
        # Sliding-midpoint splits without node shrinking suit vertices along a curve:
        # measured here 4-7x faster than scipy's defaults for queries far from the line.
        self._tree = cKDTree(self._xyz, leafsize=64, balanced_tree=False, compact_nodes=False)
        self._left_sign = self._orientation()
        # the same, extended by one "no vertex" (far away, no segments) for the cell lists
        self._xyz_x = np.vstack([self._xyz, np.full((1, 3), 1e12)])
        self._has_prev_x = np.append(self._has_prev, False)
        self._has_next_x = np.append(self._has_next, False)
        self._segv = np.vstack([np.diff(self._xyz, axis=0), np.zeros((1, 3))])  # i -> i+1
        self._seg2 = np.einsum("ij,ij->i", self._segv, self._segv)
        # For the scan: the segments at each vertex by their start (a -> a + 1), "none" being
        # the far-away vertex n (never nearest); a zero-length segment divides by 1 (t = 0).
        n_v = len(self._xyz)
        at = np.arange(n_v)
        self._prev_seg = np.append(np.where(self._has_prev, at - 1, n_v), n_v)
        self._next_seg = np.append(np.where(self._has_next, at, n_v), n_v)
        self._segv_x = np.vstack([self._segv, np.zeros((1, 3))])
        self._seg2_x = np.append(np.where(self._seg2 > 0, self._seg2, 1.0), 1.0)
        # each segment's plane normal (A x B), and at each vertex the sum of its segments'
        # unit normals (the pseudo-normal that decides the side at a vertex)
        nxt = np.minimum(np.arange(len(self._xyz)) + 1, len(self._xyz) - 1)
        self._seg_normal = np.cross(self._xyz, self._xyz[nxt])
        norm = np.linalg.norm(self._seg_normal, axis=1)
        unit = self._seg_normal / np.where(norm > 0, norm, 1.0)[:, None]
        unit_next = np.where(self._has_next[:, None], unit, 0.0)
        unit_prev = np.vstack([np.zeros((1, 3)), unit_next[:-1]])
        self._vertex_normal = unit_prev * self._has_prev[:, None] + unit_next
        self._cells: CellCandidates | None = None  # made for the first large batch

    # -- set-up ----------------------------------------------------------------------------
    def _orientation(self) -> float:
        """+1 if Russia lies left of the line as stored, -1 if right (decided from the land
        polygons at sample points ``side_offset_m`` off the line, 300 m by default)."""
        idx = np.flatnonzero(self._has_prev & self._has_next)
        idx = idx[:: max(1, len(idx) // 200)]
        az, _, dist = GEOD.inv(
            self._lon[idx - 1], self._lat[idx - 1], self._lon[idx + 1], self._lat[idx + 1]
        )
        ok = np.asarray(dist) > 0
        idx, az = idx[ok], np.asarray(az)[ok]
        lon, lat, _ = GEOD.fwd(
            self._lon[idx], self._lat[idx], az - 90.0, np.full(idx.size, self._side_offset_m)
        )
        country = self.border.country_at(lon, lat)
        votes = np.sum(country == "RU") - np.sum(country == "UA")
        if votes == 0:
            raise CoordinateError("cannot tell which side of the border line is Russia")
        return 1.0 if votes > 0 else -1.0

    # -- evaluation ------------------------------------------------------------------------
    def depth(self, *, lon, lat) -> DepthResult:
        """Signed depth (km) of each point, its nearest border point, and its side.

        A point that lies on neither Russian nor Ukrainian territory (of the bundled extract)
        gets no depth (NaN) and side ''."""
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        shape = lon.shape
        lon, lat = lon.ravel(), lat.ravel()
        n = lon.size
        depth = np.full(n, np.nan)
        nlon = np.full(n, np.nan)
        nlat = np.full(n, np.nan)
        side = np.zeros(n, np.int8)  # SIDE_NAMES' codes
        valid = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        if valid.any():
            land = np.zeros(n, np.int8)  # SIDE_NAMES' codes: RU, UA or neither
            land[valid] = self._land_side[self.territory.code_at(lon[valid], lat[valid])]
            valid &= land > 0
        if valid.any():
            big = valid.sum() >= PARALLEL_MIN_POINTS and (os.cpu_count() or 1) > 1
            run = self._depth_split if big else self._depth_valid
            d, fl, fa, s = run(lon[valid], lat[valid], land[valid])
            depth[valid], nlon[valid], nlat[valid], side[valid] = d, fl, fa, s
        return DepthResult(
            depth.reshape(shape),
            nlon.reshape(shape),
            nlat.reshape(shape),
            SIDE_NAMES[side].reshape(shape),
        )

    def _depth_valid(self, lon, lat, land):
        p = ecef(lon=lon, lat=lat)
        fa, fb, ft = self._nearest_feet(p, lon, lat)
        # Which side: the plane through the earth's centre and the foot's segment; at a
        # vertex, the sum of the adjacent segments' unit normals (pseudo-normal).
        at_vertex = (ft <= 0.0) | (ft >= 1.0)
        v = np.where(ft >= 1.0, fb, fa)
        normal = np.where(at_vertex[:, None], self._vertex_normal[v], self._seg_normal[fa])
        cross = np.einsum("ij,ij->i", normal, p)
        sign = np.sign(cross) * self._left_sign
        code = np.where(sign > 0, 1, np.where(sign < 0, 2, 0)).astype(np.int8)
        # Beyond either end of a border part the line cannot tell sides: the territory does.
        end = at_vertex & ~(self._has_prev[v] & self._has_next[v])
        if end.any():
            code[end] = land[end]
        # The foot's lon/lat by interpolation between vertices (at most DENSIFY_M apart:
        # centimetres from the foot on the geodesic), then the ellipsoidal distance.
        flon = self._lon[fa] + ft * (self._lon[fb] - self._lon[fa])
        flat = self._lat[fa] + ft * (self._lat[fb] - self._lat[fa])
        dist = lambert_m(lon, lat, flon, flat)
        signs = np.where(sign == 0, 1.0, sign)  # exactly on the line: depth 0
        if end.any():
            signs[end] = np.array([1.0, 1.0, -1.0])[code[end]]
            signs[end & (code == 0)] = np.nan
        depth = np.asarray(dist) / 1000.0 * signs
        code[np.isnan(depth)] = 0
        return depth, np.asarray(flon), np.asarray(flat), code

    def _nearest_feet(self, p, lon=None, lat=None):
        """For each point (3-D, shape (n, 3)): the nearest border segment (fa -> fb) and the
        foot's parameter ft on it, exactly (in chord distance).

        The segments of the k nearest vertices are searched; a segment none of whose ends is
        among them has both ends at least as far as the (k+1)-th vertex, and its nearer end
        is within sqrt(d^2 + s^2/4) of a point at chord distance d from it (s: the longest
        segment). So once the (k+1)-th vertex is farther than sqrt(best^2 + s^2/4), no
        segment left out can be nearer: the answer is certain. Points not yet certain are
        searched again with twice as many vertices.

        For many points (``lon``/``lat`` given, at least :data:`CELLS_MIN_POINTS`), the
        nearest vertices come from each point's cell's short list of the vertices that can
        matter (:mod:`geo.nearcells`) instead of the k-d tree; the same test makes each
        answer certain, and the rare point it does not is searched with the tree."""
        n = len(p)
        best_d2 = np.full(n, np.inf)
        fa = np.zeros(n, np.int64)
        fb = np.zeros(n, np.int64)
        ft = np.zeros(n)
        todo = np.arange(n)
        if lon is not None and n >= CELLS_MIN_POINTS:
            todo = self._feet_by_cells(p, lon, lat, best_d2, fa, fb, ft)
        k, last = CANDIDATES, len(self._lon) - 1
        while todo.size:
            kq = min(k + 1, last + 1)
            dist, near = self._tree.query(p[todo], k=kq, workers=-1)
            dist, near = dist.reshape(todo.size, -1), near.reshape(todo.size, -1)
            bd, ba, bb, bt = self._scan(
                p[todo], near[:, : min(k, kq)], best_d2[todo], fa[todo], fb[todo], ft[todo]
            )
            best_d2[todo], fa[todo], fb[todo], ft[todo] = bd, ba, bb, bt
            if kq <= k:  # every vertex searched
                break
            sure = dist[:, -1] ** 2 >= bd + self._half_seg2
            todo, k = todo[~sure], k * 2
        return fa, fb, ft

    def _scan(self, q, near, bd, ba, bb, bt):
        """Best (squared chord distance, segment a -> b, foot parameter) of each point of
        ``q`` over the segments meeting at its vertices ``near`` (columns; the index one
        past the last vertex means none) and the best so far (bd, ba, bb, bt)."""
        for j in range(near.shape[1]):
            i = near[:, j]
            for a in (self._prev_seg[i], self._next_seg[i]):
                sv = self._segv_x[a]
                w = q - self._xyz_x[a]
                t = np.einsum("ij,ij->i", w, sv) / self._seg2_x[a]
                np.clip(t, 0.0, 1.0, out=t)
                r = w - t[:, None] * sv
                d2 = np.einsum("ij,ij->i", r, r)
                better = d2 < bd  # "none" (far away) never beats a real segment
                bd = np.where(better, d2, bd)
                ba, bb = np.where(better, a, ba), np.where(better, a + 1, bb)
                bt = np.where(better, t, bt)
        return bd, ba, bb, bt

    def _feet_by_cells(self, p, lon, lat, best_d2, fa, fb, ft) -> np.ndarray:
        """The cell-list search of :meth:`_nearest_feet`, in place; returns the points left
        uncertain (outside the grid, a cell with too long a list, or the test failed)."""
        grid = self._grid()
        cell = grid.cell_of(lon, lat)
        ok = cell >= 0
        count = np.full(len(p), -1, np.int64)
        count[ok] = grid.counts(cell[ok])
        left = [np.flatnonzero(count < 1)]
        lo = 1
        for width in (1, 2, 4, 8, 16, 32, grid.max_list):
            idx = np.flatnonzero((count >= lo) & (count <= width))
            lo = width + 1
            for part in np.array_split(idx, max(1, idx.size // 131072)):
                if not part.size:
                    continue
                q = p[part]
                cand = grid.table(cell[part], width)
                if width > 1:
                    v = self._xyz_x[cand]
                    d2 = np.einsum("ijk,ijk->ij", v - q[:, None, :], v - q[:, None, :])
                    kk = min(width - 1, CANDIDATES)
                    top = np.argpartition(d2, kk, axis=1)[:, : kk + 1]
                    dtop = np.take_along_axis(d2, top, axis=1)
                    top = np.take_along_axis(top, np.argsort(dtop, axis=1), axis=1)
                    third = np.sort(dtop, axis=1)[:, -1] if width > CANDIDATES else None
                    near = np.take_along_axis(cand, top[:, :CANDIDATES], axis=1)
                else:
                    near, third = cand, None
                bd, ba, bb, bt = self._scan(
                    q, near, np.full(part.size, np.inf), fa[part], fb[part], ft[part]
                )
                best_d2[part], fa[part], fb[part], ft[part] = bd, ba, bb, bt
                if third is not None:  # a vertex left out that might be nearer: the tree
                    left.append(part[third < bd + self._half_seg2])
        return np.sort(np.concatenate(left))

    def _grid(self) -> CellCandidates:
        with _GRID_LOCK:  # one model serves every session of the app (threads)
            if self._cells is None:
                self._cells = CellCandidates(self._xyz, self._half_seg2, EXTRACT_BOUNDS)
        return self._cells

    def _depth_split(self, lon, lat, land):
        """:meth:`_depth_valid` over halves of a large batch in two threads (numpy's loops
        release the GIL), the cell lists they meet built first; the same answers."""
        grid = self._grid()
        cell = grid.cell_of(lon, lat)
        grid.counts(cell[cell >= 0])
        halves = np.array_split(np.arange(lon.size), 2)
        with ThreadPoolExecutor(2) as pool:
            outs = list(pool.map(lambda h: self._depth_valid(lon[h], lat[h], land[h]), halves))
        return tuple(np.concatenate(col) for col in zip(*outs, strict=True))

    def _side_value(self, p, a, b, unit: bool = False):
        """(A x B) . P for segments a -> b: positive when P lies left of the direction of
        travel; with ``unit`` the normal is scaled to unit length first."""
        n = np.cross(self._xyz[a], self._xyz[b])
        if unit:
            norm = np.linalg.norm(n, axis=1)
            n = n / np.where(norm > 0, norm, 1.0)[:, None]
        return np.einsum("ij,ij->i", n, p)

    def depth_at(self, *, lat: float, lon: float) -> dict:
        """Depth of one point as a plain dict. Raises :class:`CoordinateError` for a point
        outside Russia and Ukraine (with the swapped pair suggested when it lies in them)."""
        out = self.depth_or_none(lat=lat, lon=lon)
        if out["depth_km"] is None:
            raise CoordinateError(self.no_depth_reason(lat=lat, lon=lon))
        return out

    def depth_or_none(self, *, lat: float, lon: float) -> dict:
        """As :meth:`depth_at`, with ``depth_km`` None where there is no depth."""
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

    def no_depth_reason(self, *, lat: float, lon: float) -> str:
        msg = (
            f"lat={lat}, lon={lon} is not on Russian or Ukrainian territory within the map's "
            f"region (lat {EXTRACT_BOUNDS[1]}..{EXTRACT_BOUNDS[3]}, "
            f"lon {EXTRACT_BOUNDS[0]}..{EXTRACT_BOUNDS[2]}): no depth"
        )
        return msg + swap_hint(lat=lat, lon=lon, territory=self.territory)


def _densify_geodesic(coords: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """The line's vertices plus points along each segment's geodesic, at most ``step``
    metres apart."""
    lon, lat = coords[:, 0], coords[:, 1]
    _, _, seg = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    out_lon, out_lat = [lon[:1]], [lat[:1]]
    for k in range(len(seg)):
        n = int(np.ceil(seg[k] / step)) - 1
        if n > 0:
            mid = np.asarray(GEOD.npts(lon[k], lat[k], lon[k + 1], lat[k + 1], n))
            out_lon.append(mid[:, 0])
            out_lat.append(mid[:, 1])
        out_lon.append(lon[k + 1 : k + 2])
        out_lat.append(lat[k + 1 : k + 2])
    return np.concatenate(out_lon), np.concatenate(out_lat)


def in_extract(*, lat, lon) -> bool:
    return bool(in_region(lat=lat, lon=lon))


def swap_hint(*, lat: float, lon: float, territory: Territory | None = None) -> str:
    """A hint naming the swapped pair when it, unlike (lat, lon), lies in the map's region
    (and on Russian or Ukrainian territory, when ``territory`` is given); '' otherwise."""
    if not in_extract(lat=lon, lon=lat):
        return ""
    if territory is not None and territory.country_at([lat], [lon])[0] not in ("RU", "UA"):
        return ""
    return (
        f"; latitude and longitude look swapped: did you mean lat={lon}, lon={lat} "
        "(LAT,LON, latitude first)?"
    )


def check_in_region(*, lat: float, lon: float) -> None:
    """Raise :class:`CoordinateError` unless (lat, lon) is a valid position inside the
    map's region (the bundled extract's box), with a hint when the pair looks swapped."""
    check_lat_lon(lat, lon)
    if not in_extract(lat=lat, lon=lon):
        raise CoordinateError(
            f"lat={lat}, lon={lon} is outside the map's region "
            f"(lat {EXTRACT_BOUNDS[1]}..{EXTRACT_BOUNDS[3]}, "
            f"lon {EXTRACT_BOUNDS[0]}..{EXTRACT_BOUNDS[2]})" + swap_hint(lat=lat, lon=lon)
        )


@cache
def default_depth_model() -> DepthModel:
    """The depth model over the bundled border extract, built once per process."""
    return DepthModel(load_border())


@cache
def alt_depth_model() -> DepthModel:
    """The depth model over the second, independent border line (Natural Earth 1:10m).

    Its side is decided with the OpenStreetMap land polygons 5 km off the line: the Natural
    Earth line lies up to ~3.7 km from the OSM one (median 1.2 km on the Ukrainian side), so
    points 300 m off it mostly fall on the wrong side of the OSM border."""
    return DepthModel(load_border_alt(), side_offset_m=5000.0)


def alt_depth_km(*, lon, lat) -> np.ndarray:
    """Signed depth (km) of each point against the Natural Earth line (NaN where undefined)."""
    return alt_depth_model().depth(lon=lon, lat=lat).depth_km


def with_alt_depth(out: dict) -> dict:
    """``out`` (a :meth:`DepthModel.depth_at` or :func:`place_depth` dict) with the depth
    against the Natural Earth line (``depth_km_alt``, None where ``depth_km`` is None), the
    line's name (``border_alt``) and the difference alt - OSM (``depth_diff_km``)."""
    alt = None
    if out.get("depth_km") is not None:
        a = float(alt_depth_km(lon=[out["lon"]], lat=[out["lat"]])[0])
        alt = None if np.isnan(a) else a
    out["depth_km_alt"] = alt
    out["border_alt"] = ALT_BORDER_NAME
    out["depth_diff_km"] = None if alt is None else alt - out["depth_km"]
    return out


def place_depth(place, model: DepthModel | None = None) -> dict:
    """Depth of a gazetteer place with its uncertainty.

    Depth changes by at most the distance a point moves, so the place's precision radius is
    its depth uncertainty. A region or district stands for an area: it gets no depth.
    """
    model = model or default_depth_model()
    out = model.depth_or_none(lat=place.lat, lon=place.lon)
    if out["depth_km"] is None:
        out["note"] = "outside Russia and Ukraine"
    out.update(name=place.name, place_id=place.place_id, uncertainty_km=place.precision_m / 1000)
    if place.is_region:
        out.update(depth_km=None, note=f"{place.name} is a {place.kind}: no single depth")
    return out
