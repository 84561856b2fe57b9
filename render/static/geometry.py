"""Static maps: geometry in the local projection (AEQD metres) and its matplotlib patches
and lines."""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MPath
from pyproj import Transformer

from geo.measure import AEQD


@cache
def _fwd() -> Transformer:
    return Transformer.from_crs("EPSG:4326", AEQD, always_xy=True)


def _xy(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    x, y = _fwd().transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x), np.asarray(y)


def _proj(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf.to_crs(AEQD) if len(gdf) else gdf.set_crs(AEQD, allow_override=True)


def _polys(geom):
    parts = getattr(geom, "geoms", [geom])
    return [g for g in parts if g.geom_type == "Polygon" and not g.is_empty]


def _patch(geom, **kw) -> PathPatch | None:
    verts, codes = [], []
    for poly in _polys(geom):
        for ring in (poly.exterior, *poly.interiors):
            c = np.asarray(ring.coords)[:, :2]
            verts.append(c)
            codes.append(np.r_[MPath.MOVETO, np.full(len(c) - 2, MPath.LINETO), MPath.CLOSEPOLY])
    if not verts:
        return None
    return PathPatch(MPath(np.concatenate(verts), np.concatenate(codes)), **kw)


def _lines(geom) -> list[np.ndarray]:
    parts = getattr(geom, "geoms", [geom])
    return [
        np.asarray(g.coords)[:, :2] for g in parts if g.geom_type == "LineString" and not g.is_empty
    ]


def _clip(geom, view, pad=0.05):
    x0, x1, y0, y1 = view
    px, py = (x1 - x0) * pad, (y1 - y0) * pad
    return shapely.clip_by_rect(geom, x0 - px, y0 - py, x1 + px, y1 + py)


def _add(ax, artist, z):
    if artist is not None:
        artist.set_zorder(z)
        ax.add_artist(artist)
    return artist


def _proj_geom(geom):
    return gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(AEQD).iloc[0]
