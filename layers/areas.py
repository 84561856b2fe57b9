"""Region areas: the one builder of the shapes drawn for events shown as areas.

An event located only to a region (geo precision 3), or to a place known only within more
than ``layers.events.AREA_RADIUS_M`` (the Belgorod-22 site, ~12 km), is drawn as an area,
clipped to the land of the country its point lies in (an area for "the Belgorod region" must
not reach into Kharkiv Oblast):

- a region-level event (precision 3) inside one of the border oblasts of the GeoNames extract
  (``data/geonames_region.csv``) gets that oblast's approximate extent: the concave hull of
  the oblast's populated places, widened by ``REGION_MARGIN_M``. The extract has no oblast
  boundaries, so this is an outline drawn from the oblast's towns and villages, not its legal
  boundary; it is far closer to "somewhere in Belgorod Oblast" than the 170 km circle that
  also covered most of Kursk Oblast (``tests/test_region_areas.py`` measures both);
- any other area event gets the circle of ``radius_m`` around its point.

The web map, the HTML snapshot and the static images all draw these shapes.
"""

from __future__ import annotations

import csv
from functools import cache

import geopandas as gpd
import numpy as np
import shapely

from geo.border import load_border
from geo.measure import AEQD
from geo.paths import data_file

ROUND_DEG = 1e-5  # ~1 m: the shapes are for drawing
# An oblast's outline: the concave hull of its GeoNames places (ratio as in
# shapely.concave_hull: 0 most concave, 1 the convex hull), widened by this margin so that
# the border villages at its edge lie inside. Checked against places known to lie in and out
# of each oblast in tests/test_region_areas.py.
REGION_HULL_RATIO = 0.4
REGION_MARGIN_M = 8000.0
# A region-level point farther than this from every place of the extract is in none of its
# oblasts: it keeps its circle.
REGION_MAX_GAP_M = 60_000.0


def uncertainty_text(radius_m: float) -> str:
    """The one wording for a place known only roughly (the Belgorod-22 site)."""
    return f"position known only within {float(radius_m) / 1000:.0f} km"


def area_text(row) -> str:
    """Why an event is drawn as an area: region-level, or a position known only roughly."""
    if int(row.get("geo_precision") or 1) == 3:
        return "located only to the region"
    return uncertainty_text(row.get("radius_m") or 0)


def area_key(row) -> str:
    """The area an event belongs to: its place, else its location text."""
    return row.get("place_id") or row["location"]


@cache
def land_outlines() -> dict:
    """Each country's land without its holes (lakes, and the extract's tile seams), for
    clipping region areas: a region's outline should not trace every pond."""
    out = {}
    for code, geom in load_border().land.items():
        parts = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
        out[code] = shapely.MultiPolygon([shapely.Polygon(g.exterior) for g in parts])
    return out


def clip_to_country(shape, country: str):
    """``shape`` (lon/lat) within the land of ``country`` (as is, for a country the extract
    does not hold)."""
    land = land_outlines()
    # Not simplified after clipping: that would push the edge across the border.
    out = shapely.intersection(shape, land[country]) if country in land else shape
    return shapely.set_precision(out, ROUND_DEG)


@cache
def _extract_places() -> tuple[np.ndarray, np.ndarray, tuple[str, ...], tuple[str, ...]]:
    """The GeoNames extract's places in AEQD metres: x, y, their admin1, their country."""
    path = data_file("geonames_region.csv")
    if not path.exists():
        return np.empty(0), np.empty(0), (), ()
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r.get("admin1")]
    pts = gpd.GeoSeries(
        gpd.points_from_xy([float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows]),
        crs="EPSG:4326",
    ).to_crs(AEQD)
    return (
        pts.x.to_numpy(),
        pts.y.to_numpy(),
        tuple(r["admin1"] for r in rows),
        tuple(r["country"] for r in rows),
    )


@cache
def region_outline(admin1: str):
    """The approximate extent of oblast ``admin1`` (lon/lat, clipped to its country's land),
    from its places in the GeoNames extract; None for an oblast the extract does not hold."""
    x, y, names, countries = _extract_places()
    pick = [i for i, name in enumerate(names) if name == admin1]
    if len(pick) < 3:
        return None
    hull = shapely.concave_hull(shapely.MultiPoint(np.c_[x[pick], y[pick]]), REGION_HULL_RATIO)
    shape = gpd.GeoSeries([hull.buffer(REGION_MARGIN_M, quad_segs=8)], crs=AEQD)
    return clip_to_country(shape.to_crs("EPSG:4326").iloc[0], countries[pick[0]])


def region_of(x: float, y: float, country: str) -> str | None:
    """The oblast of a point given in AEQD metres: the admin1 of the nearest place of the
    extract in the same country, if one lies within ``REGION_MAX_GAP_M``."""
    px, py, names, countries = _extract_places()
    if not len(px):
        return None
    d2 = (px - x) ** 2 + (py - y) ** 2
    d2[np.asarray(countries) != country] = np.inf
    k = int(np.argmin(d2))
    return names[k] if d2[k] <= REGION_MAX_GAP_M**2 else None


def area_shapes(events: gpd.GeoDataFrame) -> list:
    """For events drawn as areas, their area (lon/lat): the oblast's outline for a
    region-level event in an oblast of the extract, else the circle of ``radius_m`` around
    the point, clipped to the country the point lies in; None for point events."""
    out: list = [None] * len(events)
    if events.empty:
        return out
    is_area = (events["draw_as"] == "area").to_numpy()
    if not is_area.any():
        return out
    areas = events.loc[is_area]
    centres = gpd.GeoSeries(areas.geometry.values, crs="EPSG:4326").to_crs(AEQD)
    circles = centres.buffer(areas["radius_m"].astype(float).to_numpy(), quad_segs=24)
    regional = (areas["geo_precision"].to_numpy() == 3) if "geo_precision" in areas else None
    memo: dict = {}
    for j, (k, circle, side) in enumerate(
        zip(is_area.nonzero()[0], circles.to_crs("EPSG:4326"), areas["side"], strict=True)
    ):
        shape = None
        if regional is not None and regional[j]:
            key = (round(centres.iloc[j].x), round(centres.iloc[j].y), side)
            if key not in memo:
                name = region_of(key[0], key[1], side)
                memo[key] = region_outline(name) if name else None
            shape = memo[key]
        out[k] = shape if shape is not None else clip_to_country(circle, side)
    return out


def area_groups(events: gpd.GeoDataFrame) -> list[tuple[str, gpd.GeoDataFrame, object]]:
    """The areas of ``events``: (key, its events, its shape in lon/lat), one per place,
    sorted by key. The shape covers every event's area (they are the same circle unless
    the events give the place different radii)."""
    if events.empty:
        return []
    shapes = area_shapes(events)
    rows: dict[str, list[int]] = {}
    for i, row in enumerate(events.to_dict("records")):
        if shapes[i] is not None:
            rows.setdefault(area_key(row), []).append(i)
    return [
        (key, events.iloc[pos], shapely.union_all([shapes[i] for i in pos]))
        for key, pos in sorted(rows.items())
    ]
