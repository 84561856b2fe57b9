"""Which country's territory holds a point: fast enough for millions of points.

Territory is a country's land polygons with their holes filled (lakes and reservoirs belong
to the country around them), limited to the bundled extract's bounding box. A coarse grid
over the box is classified once: cells wholly inside one country answer at once, cells
wholly outside every country answer '' at once, and only cells that a boundary crosses ask
the polygons (``shapely.contains_xy``), point by point.
"""

from __future__ import annotations

import numpy as np
import shapely

from geo.settings import REGION_BOUNDS

# The bundled extract's bounding box (the region box, geo/settings.py).
EXTRACT_BOUNDS = REGION_BOUNDS
CELL_DEG = 0.05


def fill_holes(geom):
    """``geom`` with every interior ring dropped (a country's territory includes its lakes)."""
    polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
    return shapely.MultiPolygon([shapely.Polygon(p.exterior) for p in polys])


class Territory:
    """``country_at(lon, lat)`` over a grid of pre-classified cells (vectorised)."""

    def __init__(self, land: dict, bounds=EXTRACT_BOUNDS, cell_deg: float = CELL_DEG):
        self.codes = np.array(["", *land], dtype=object)
        self.polys = [fill_holes(g) for g in land.values()]
        for p in self.polys:
            shapely.prepare(p)
        self.x0, self.y0, x1, y1 = bounds
        self.cell = cell_deg
        self.nx = int(np.ceil((x1 - self.x0) / cell_deg))
        self.ny = int(np.ceil((y1 - self.y0) / cell_deg))
        self.x1, self.y1 = x1, y1
        gx, gy = np.meshgrid(np.arange(self.nx), np.arange(self.ny))
        boxes = shapely.box(
            self.x0 + gx.ravel() * cell_deg,
            self.y0 + gy.ravel() * cell_deg,
            self.x0 + (gx.ravel() + 1) * cell_deg,
            self.y0 + (gy.ravel() + 1) * cell_deg,
        )
        # 0 = no country's territory, k = wholly inside codes[k], -1 = crossed by a boundary
        grid = np.zeros(boxes.size, np.int16)
        for k, poly in enumerate(self.polys, start=1):
            touches = shapely.intersects(poly, boxes)
            inside = touches & shapely.contains(poly, boxes)
            grid[touches & ~inside] = -1
            grid[inside & (grid == 0)] = k
        self.grid = grid.reshape(self.ny, self.nx)

    def country_at(self, lon, lat) -> np.ndarray:
        """ISO code of the country whose territory holds each point ('' for none)."""
        return self.codes[self.code_at(lon, lat)]

    def code_at(self, lon, lat) -> np.ndarray:
        """As :meth:`country_at`, as indices into ``codes`` (0: none): no string per point."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        shape = lon.shape
        lon, lat = lon.ravel(), lat.ravel()
        out = np.zeros(lon.size, np.int16)
        with np.errstate(invalid="ignore"):
            inbox = (lon >= self.x0) & (lon <= self.x1) & (lat >= self.y0) & (lat <= self.y1)
        idx = np.flatnonzero(inbox)
        ix = np.minimum(((lon[idx] - self.x0) / self.cell).astype(np.int64), self.nx - 1)
        iy = np.minimum(((lat[idx] - self.y0) / self.cell).astype(np.int64), self.ny - 1)
        cls = self.grid[iy, ix]
        out[idx] = np.maximum(cls, 0)
        mixed = idx[cls < 0]
        if mixed.size:
            found = np.zeros(mixed.size, np.int16)
            for k, poly in enumerate(self.polys, start=1):
                todo = found == 0
                hit = shapely.intersects_xy(poly, lon[mixed[todo]], lat[mixed[todo]])
                sub = np.flatnonzero(todo)[hit]
                found[sub] = k
            out[mixed] = found
        return out.reshape(shape)
