"""The Russia–Ukraine land border of the region and the countries' land polygons.

Both come from the regional extract in ``data/border/`` (OpenStreetMap-derived,
© OpenStreetMap contributors, ODbL; see ``data/border/README.md``). Geometries are shapely
objects in (lon, lat) order, EPSG:4326.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import DataFileError
from geo.paths import data_file

BORDER_FILE = ("border", "ru_ua_border.geojson")
LAND_FILE = ("border", "land.geojson")
# A second, independent border line (Natural Earth 1:10m, public domain; made by
# scripts/extract_border_ne.py): only to show how much a depth depends on the line.
ALT_BORDER_FILE = ("border", "ru_ua_border_ne10m.geojson")
ALT_BORDER_NAME = "Natural Earth 1:10m"


def _read_features(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8-sig") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise DataFileError(f"border data not found: {path}") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path}: not valid JSON ({exc})") from None
    if doc.get("type") != "FeatureCollection":
        raise DataFileError(f"{path}: expected a GeoJSON FeatureCollection")
    return doc["features"]


@dataclass(frozen=True)
class BorderData:
    """The border line(s) and the land polygon of each country (``RU``, ``UA``, ``BY``)."""

    line: BaseGeometry  # LineString or MultiLineString, lon/lat
    land: dict[str, BaseGeometry]

    @property
    def parts(self) -> list[shapely.LineString]:
        return list(getattr(self.line, "geoms", [self.line]))

    def country_at(self, lon, lat):
        """ISO code of the country whose land holds each point ('' for none), vectorised."""
        import numpy as np

        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        out = np.full(lon.shape, "", dtype=object)
        for code, poly in self.land.items():
            inside = shapely.contains_xy(poly, lon, lat)
            out[inside & (out == "")] = code
        return out


SPECK_HOLE_M2 = 5e6


def fill_small_holes(geom, min_m2: float = SPECK_HOLE_M2, area_m2=None):
    """``geom`` with holes under ``min_m2`` filled: lakes and reservoirs over 5 km² stay as
    water; smaller holes in the extract are mostly seams of the tiled source, not features
    (data/border/README.md). ``area_m2(polygon)`` measures a hole; by default its planar
    area (``geom`` in a metric CRS). scripts/extract_border.py uses it on lon/lat data with a
    projected area."""
    measure = area_m2 or (lambda p: p.area)
    polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
    return shapely.MultiPolygon(
        [
            shapely.Polygon(
                p.exterior, [r for r in p.interiors if measure(shapely.Polygon(r)) >= min_m2]
            )
            for p in polys
        ]
    )


def _read_line(path: Path) -> BaseGeometry:
    lines = [shape(f["geometry"]) for f in _read_features(path) if f.get("geometry")]
    if not lines:
        raise DataFileError(f"{path}: the border file holds no line")
    return shapely.line_merge(shapely.union_all(lines)) if len(lines) > 1 else lines[0]


@cache
def load_border_alt() -> BorderData:
    """The Natural Earth 1:10m border line, with the OpenStreetMap land polygons (they only
    tell which side of the line is Russia, and beyond the line's ends which country a point
    is in)."""
    return BorderData(line=_read_line(data_file(*ALT_BORDER_FILE)), land=load_border().land)


@cache
def load_border() -> BorderData:
    """The bundled regional border extract, loaded and prepared once."""
    feats = _read_features(data_file(*BORDER_FILE))
    lines = [shape(f["geometry"]) for f in feats if f.get("geometry")]
    if not lines:
        raise DataFileError("the border file holds no line")
    line = shapely.line_merge(shapely.union_all(lines)) if len(lines) > 1 else lines[0]
    land = {}
    for f in _read_features(data_file(*LAND_FILE)):
        code = (f.get("properties") or {}).get("country")
        if code and f.get("geometry"):
            geom = shape(f["geometry"])
            shapely.prepare(geom)
            land[code] = geom
    return BorderData(line=line, land=land)
