"""Which border vertices can matter for the depth of any point of a small lon/lat cell.

For many points at once, a k-d tree query per point costs microseconds (points far from a
curve make the tree visit many leaves). Instead, a grid over the region box lists, per cell,
the border vertices that can be an end of the nearest segment for *some* point of the cell;
a point then looks only at its cell's few vertices (:meth:`CellCandidates.lists`).

Why the list is complete. Let ``s2`` be a quarter of the longest segment's squared chord.
The nearest segment of a point x has an end e with ``|x-e|^2 <= d(x)^2 + s2 <= dv(x)^2 +
s2`` (dv: the nearest vertex's distance), so e lies in x's *band*. For any vertex w,
``dv(x) <= |x-w|``, and ``|x-v|^2 - |x-w|^2`` is linear in x; over a cell within radius r
of its centre c it is at least ``G(v) = |c-v|^2 - |c-w|^2 - 2 r |v-w|``. So a vertex with
``G(v) >= s2`` is in no point's band anywhere in the cell: listing every vertex with
``G(v) < s2`` (w: the vertex nearest to c) lists every end that can matter. Coarse cells
find their vertices through bounding spheres of runs of 32 consecutive vertices; a fine
cell filters its coarse cell's list the same way (a fine cell lies in its coarse cell).
Cells whose list is longer than the grid holds say so (count -1), and their points are
searched the k-d tree's way. ``tests/test_depth_exact.py`` checks the lists against a
brute-force search.
"""

from __future__ import annotations

import threading

import numpy as np

from geo.geodesic import ecef

RUN = 32  # consecutive vertices bounded by one sphere


def _ecef(lon, lat) -> np.ndarray:
    return ecef(lon=lon, lat=lat)


def _sq(d: np.ndarray) -> np.ndarray:
    """Squared length along the last axis (einsum: several times faster than a reduction
    over an axis of three)."""
    return np.einsum("...k,...k->...", d, d)


def _norm(d: np.ndarray) -> np.ndarray:
    return np.sqrt(_sq(d))


class CellCandidates:
    """Per cell of a ``fine_deg`` grid over ``bounds``: the vertices that can matter."""

    def __init__(
        self,
        xyz: np.ndarray,
        band2: float,
        bounds,
        *,
        fine_deg: float = 0.01,
        per_coarse: int = 4,
        max_list: int = 64,
    ):
        self.xyz = xyz
        self.band2 = float(band2)
        self.x0, self.y0, x1, y1 = bounds
        self.fine = fine_deg
        self.per = per_coarse
        self.coarse = fine_deg * per_coarse
        self.nx = int(np.ceil((x1 - self.x0) / self.coarse)) * per_coarse
        self.ny = int(np.ceil((y1 - self.y0) / self.coarse)) * per_coarse
        self.x1, self.y1 = x1, y1
        self.max_list = max_list
        n = len(xyz)
        # runs of consecutive vertices and their bounding spheres
        starts = np.arange(0, n, RUN)
        idx = np.minimum(starts[:, None] + np.arange(RUN), n - 1)
        self._run_idx = idx
        self._run_mid = xyz[idx].mean(axis=1)
        self._run_rad = _norm(xyz[idx] - self._run_mid[:, None, :]).max(axis=1)
        # for the runs' bounds by matrix products: coordinates about the vertices' mean
        # (hundreds of km, not thousands: the products lose under a centimetre)
        self._origin = xyz.mean(axis=0)
        self._mid_rel = self._run_mid - self._origin
        self._mid_sq = np.einsum("ij,ij->i", self._mid_rel, self._mid_rel)
        self._vert_mid = self._to_mids(xyz)  # (vertices, runs): each vertex to each run
        from scipy.spatial import cKDTree

        ncx, ncy = self.nx // per_coarse, self.ny // per_coarse
        # sliding-midpoint splits: much faster for queries far from the line (geo/measure.py)
        self._tree = cKDTree(xyz, leafsize=64, balanced_tree=False, compact_nodes=False)
        self._xyz_ext = np.vstack([xyz, np.full((1, 3), 1e12)])  # vertex n: "none", far away
        # coarse lists: -2 not built yet, else the count
        self._ccount = np.full(ncx * ncy, -2, np.int64)
        self._ctab = np.full((ncx * ncy, 1), n, np.int32)
        # fine lists, one after the other in ``flat`` from ``start``: count -2 not built
        # yet, -1 too long, else the list's length
        self.count = np.full(self.nx * self.ny, -2, np.int16)
        self.start = np.zeros(self.nx * self.ny, np.int64)
        self.flat = np.zeros(0, np.int32)
        self._lock = threading.Lock()

    # -- cells -------------------------------------------------------------------------------
    def cell_of(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Fine cell index of each point; -1 outside the grid."""
        with np.errstate(invalid="ignore"):
            inside = (lon >= self.x0) & (lon <= self.x1) & (lat >= self.y0) & (lat <= self.y1)
        ix = np.clip(((lon - self.x0) / self.fine).astype(np.int64, copy=False), 0, self.nx - 1)
        iy = np.clip(((lat - self.y0) / self.fine).astype(np.int64, copy=False), 0, self.ny - 1)
        return np.where(inside, iy * self.nx + ix, -1)

    def _box(self, ix, iy, size):
        """Centre (ecef) and radius (m, with a margin) of cells of ``size`` degrees. A cell's
        radius depends on its row alone (a turn about the polar axis keeps distances): the
        corners are reckoned once per row, for the row's cell at longitude 0."""
        lon0, lat0 = self.x0 + ix * size, self.y0 + iy * size
        c = _ecef(lon0 + size / 2, lat0 + size / 2)
        rows, inv = np.unique(iy, return_inverse=True)
        row_lat = self.y0 + rows * size
        zero = np.zeros(len(rows))
        mid = _ecef(zero + size / 2, row_lat + size / 2)
        r = np.zeros(len(rows))
        for fx in (0.0, 0.5, 1.0):
            for fy in (0.0, 0.5, 1.0):
                p = _ecef(zero + fx * size, row_lat + fy * size)
                r = np.maximum(r, np.linalg.norm(p - mid, axis=1))
        return c, (r * 1.01 + 1.0)[inv.ravel()]

    def _keep(self, c, r, cand):
        """Of the candidate vertices ``cand`` (rows: cells; ``n`` pads), those with
        G(v) < band2 against the nearest of them to the cell's centre ``c``."""
        v = self._xyz_ext[cand]
        d2 = _sq(v - c[:, None, :])
        at = np.argmin(d2, axis=1)
        w = np.take_along_axis(cand, at[:, None], axis=1)[:, 0]
        dw2 = np.take_along_axis(d2, at[:, None], axis=1)[:, 0]
        vw = _norm(v - self._xyz_ext[w][:, None, :])
        g = d2 - dw2[:, None] - 2.0 * r[:, None] * vw
        return (g < self.band2 + 1.0) & (cand < len(self.xyz))

    def _to_mids(self, x: np.ndarray) -> np.ndarray:
        """Distance (m) from each point of ``x`` (n, 3) to each run's centre, (n, runs).
        Three outer products, not ``@``: a multi-threaded BLAS spins on a busy machine."""
        xr, mr = x - self._origin, self._mid_rel
        d2 = np.einsum("ij,ij->i", xr, xr)[:, None] + self._mid_sq[None]
        for k in range(3):
            d2 -= 2.0 * np.multiply.outer(xr[:, k], mr[:, k])
        return np.sqrt(np.maximum(d2, 0.0, out=d2), out=d2)

    def _build_coarse(self, cells: np.ndarray) -> None:
        for lo in range(0, len(cells), 2048):
            self._build_coarse_part(cells[lo : lo + 2048])

    def _build_coarse_part(self, cells: np.ndarray) -> None:
        n = len(self.xyz)
        ncx = self.nx // self.per
        c, r = self._box(cells % ncx, cells // ncx, self.coarse)
        dw, w = self._tree.query(c, k=1)
        # lower bound of G over each run: |c-v| >= |c-m| - rho, |v-w| <= |m-w| + rho; the
        # distances to the runs' centres by matrix products, each loosened by a metre for
        # their rounding (a looser bound only lets more vertices reach the exact test)
        cm = self._to_mids(c) - 1.0
        mw = self._vert_mid[w] + 1.0
        rho = self._run_rad[None]
        low = np.maximum(cm - rho, 0.0) ** 2 - dw[:, None] ** 2 - 2 * r[:, None] * (mw + rho)
        ci, ri = np.nonzero(low < self.band2 + 1.0)
        verts = self._run_idx[ri]  # (pairs, RUN)
        v = self.xyz[verts]
        cc, ww = c[ci][:, None, :], self.xyz[w[ci]][:, None, :]
        g = _sq(v - cc) - dw[ci][:, None] ** 2 - 2 * r[ci][:, None] * _norm(v - ww)
        keep = g < self.band2 + 1.0
        owner = np.broadcast_to(ci[:, None], verts.shape)[keep]
        vert = verts[keep]
        # already in (cell, vertex) order: np.nonzero walks cells then runs, a run's vertices
        # rise, and only the last run repeats a vertex (its padding): no sort is needed
        first = np.ones(len(vert), bool)
        first[1:] = (owner[1:] != owner[:-1]) | (vert[1:] != vert[:-1])
        owner, vert = owner[first], vert[first]
        counts = np.bincount(owner, minlength=len(cells))
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        pos = np.arange(len(vert)) - starts[owner]
        width = int(counts.max(initial=0))
        if width > self._ctab.shape[1]:
            grow = np.full((len(self._ctab), width - self._ctab.shape[1]), n, np.int32)
            self._ctab = np.hstack([self._ctab, grow])
        self._ctab[cells] = n
        self._ctab[cells[owner], pos] = vert
        self._ccount[cells] = counts

    def _build_fine(self, cells: np.ndarray) -> None:
        ix, iy = cells % self.nx, cells // self.nx
        ncx = self.nx // self.per
        parent = (iy // self.per) * ncx + ix // self.per
        if (self._ccount[parent] < 0).any():
            mark = np.zeros(len(self._ccount), bool)
            mark[parent[self._ccount[parent] < 0]] = True
            self._build_coarse(np.flatnonzero(mark))
        n = len(self.xyz)
        # narrow work first: cells grouped by their coarse list's length
        order = np.argsort(self._ccount[parent], kind="stable")
        cells, parent, ix, iy = cells[order], parent[order], ix[order], iy[order]
        c, r = self._box(ix, iy, self.fine)
        for lo in range(0, len(cells), 8192):
            sl = slice(lo, lo + 8192)
            width = int(self._ccount[parent[sl]].max())
            cand = self._ctab[parent[sl], :width]
            keep = self._keep(c[sl], r[sl], cand) if width > 1 else cand < n
            cnt = keep.sum(axis=1)
            # kept vertices first, in their order; the rest are "none" (n)
            at = np.argsort(~keep, axis=1, kind="stable")
            kept = np.where(
                np.take_along_axis(keep, at, axis=1), np.take_along_axis(cand, at, axis=1), n
            )
            rows = cells[sl]
            fits = cnt <= self.max_list
            cnt_fit = np.where(fits, cnt, 0)
            self.start[rows] = len(self.flat) + np.cumsum(cnt_fit) - cnt_fit
            self.flat = np.concatenate(
                [self.flat, kept[np.arange(kept.shape[1]) < cnt_fit[:, None]]]
            )
            self.count[rows] = np.where(fits, cnt, -1)  # last: a reader sees whole lists

    def counts(self, cells: np.ndarray) -> np.ndarray:
        """The list length of each fine cell (each >= 0; -1: longer than ``max_list``);
        built on first use."""
        need = self.count[cells] == -2
        if need.any():
            with self._lock:  # one model serves every session of the app (threads)
                need = self.count[cells] == -2
                mark = np.zeros(len(self.count), bool)
                mark[cells[need]] = True
                self._build_fine(np.flatnonzero(mark))
        return self.count[cells]

    def table(self, cells: np.ndarray, width: int) -> np.ndarray:
        """The lists of ``cells`` (built, each at most ``width`` long) as rows of ``width``
        vertex indices, padded with the vertex count ("no vertex")."""
        col = np.arange(width)
        cnt = self.count[cells].astype(np.int64)
        at = np.minimum(self.start[cells][:, None] + col, max(len(self.flat) - 1, 0))
        return np.where(col < cnt[:, None], self.flat[at], len(self.xyz))
