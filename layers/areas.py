"""Region areas: the one builder of the shapes drawn for events shown as areas.

An event located only to a region (geo precision 3), or to a place known only within more
than ``layers.events.AREA_RADIUS_M`` (the Belgorod-22 site, ~12 km), is drawn as an area:
the circle of ``radius_m`` around its point, clipped to the land of the country the point
lies in (a circle for "the Belgorod region" must not reach into Kharkiv Oblast). The web
map, the HTML snapshot and the static images all draw these shapes.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import shapely

from geo.border import load_border
from geo.measure import AEQD

ROUND_DEG = 1e-5  # ~1 m: the shapes are for drawing


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


def area_shapes(events: gpd.GeoDataFrame) -> list:
    """For events drawn as areas, their area (lon/lat): the circle of ``radius_m`` around
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
    for k, circle, side in zip(
        is_area.nonzero()[0], circles.to_crs("EPSG:4326"), areas["side"], strict=True
    ):
        out[k] = clip_to_country(circle, side)
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
