"""Penetration over time, as geometry: for each day, the deepest located raider event
(:func:`layers.analysis.deepest_per_day`: day-precise, raiders involved, not a "Strategic
development") drawn as the band of the map lying between ``depth - uncertainty`` and
``depth + uncertainty`` from the border inside Russia, near that event.

The band is the ring between the border's buffers at those two distances, in an azimuthal
equidistant projection centred near the event (on a half-degree grid: a border point at a few
tens of km is off by metres, far below the uncertainty of kilometres the band shows),
clipped to Russia's land and to :data:`HALF_WIDTH_KM` around the event.
Each row carries the day as ``event_date``/``end_date`` so that the one date rule
(:mod:`layers.dates`) says when it is shown. Geometries are lon/lat. No folium, streamlit or
matplotlib.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import Point, box

from geo.border import load_border
from geo.geodesic import GEOD
from layers import claimlines
from layers.analysis import NOT_PENETRATION, _involves_raiders
from layers.claimlines import far_buffer
from layers.dates import event_end

HALF_WIDTH_KM = 12.0  # how far along the border the band reaches on either side of the event
SIMPLIFY_M = 40.0  # display only: the band's edges are kilometres wide in meaning
COLUMNS = [
    "event_date",
    "end_date",
    "depth_km",
    "uncertainty_km",
    "inner_km",
    "outer_km",
    "event_id",
    "place_name",
    "label",
]


def _t(transformer: Transformer):
    def run(xy):
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return run


CENTRE_STEP_DEG = 0.5  # bands near one another share their projection's centre
AEQD_LAT, AEQD_LON = 50.8, 36.0  # geo.measure.AEQD's centre (checked by a test)


@lru_cache(maxsize=64)
def _local(lat0: float, lon0: float):
    """The azimuthal equidistant projection centred at (lat0, lon0), both ways, and the
    border line and Russia's land in it: made once per centre (a transformer costs ~10 ms,
    projecting the border and the land ~10 ms more)."""
    aeqd = f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs"
    fwd = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    inv = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)
    border = load_border()
    return fwd, inv, shapely.transform(border.line, _t(fwd)), border.land["RU"]


def _centre(v: float) -> float:
    return round(round(v / CENTRE_STEP_DEG) * CENTRE_STEP_DEG, 6)


REGIONAL_KM = 120.0  # within this of the regional projection's centre, bands use it


def _projection(*, lat: float, lon: float):
    """(lon/lat -> metres, back, the border line in metres, Russia's land in lon/lat) for a
    band at (lat, lon): the claim lines' regional projection (:data:`geo.measure.AEQD`,
    already made) within :data:`REGIONAL_KM` of its centre, where its distances out to the
    band's far side (~180 km from the centre) are off by under 1.4e-4 (6 m in 40 km); else
    one centred on the :data:`CENTRE_STEP_DEG` grid point nearest the event."""
    _, _, dist = GEOD.inv(lon, lat, AEQD_LON, AEQD_LAT)
    if dist <= REGIONAL_KM * 1000.0:
        fwd, inv = claimlines._transformers()
        return fwd, inv, claimlines._projected()[0], load_border().land["RU"]
    return _local(_centre(lat), _centre(lon))


@lru_cache(maxsize=512)
def band_geometry(*, lon: float, lat: float, inner_km: float, outer_km: float):
    """Russia's land between ``inner_km`` and ``outer_km`` from the border, within
    :data:`HALF_WIDTH_KM` of (lon, lat); lon/lat. Empty when nothing is there.

    The projection (:func:`_projection`) is shared by nearby bands: the regional one, or
    one centred on the nearest point of a :data:`CENTRE_STEP_DEG` grid, at most ~35 km from
    the event. The band reaches at most ``outer_km`` + 17 km beyond the event, and an
    azimuthal equidistant projection's distances within 180 km of its centre are off by
    under 1.4e-4 (6 m in 40 km)."""
    fwd, inv, line_all, ru_land = _projection(lat=lat, lon=lon)
    x, y = fwd.transform(lon, lat)
    reach = (outer_km + HALF_WIDTH_KM + 5.0) * 1000.0
    window = box(x - reach, y - reach, x + reach, y + reach)
    line = shapely.intersection(line_all, window)
    if line.is_empty:
        return shapely.Polygon()
    ru_local = shapely.transform(
        shapely.intersection(ru_land, box(*_lonlat_box(inv, window))), _t(fwd)
    )
    ru = shapely.intersection(ru_local, window)
    if inner_km >= 1.0:  # buffers add up: the outer edge is the inner buffer's, buffered on
        inner = far_buffer(line, inner_km * 1000.0, quad_segs=32)
        outer = inner.buffer((outer_km - inner_km) * 1000.0, quad_segs=32)
        ring = outer.difference(inner)
    else:
        outer = far_buffer(line, outer_km * 1000.0, quad_segs=32)
        ring = outer.difference(line.buffer(inner_km * 1000.0, quad_segs=32)) if inner_km else outer
    near = Point(x, y).buffer(HALF_WIDTH_KM * 1000.0, quad_segs=32)
    band = shapely.intersection(shapely.intersection(ring, ru), near)
    band = shapely.simplify(band, SIMPLIFY_M)
    return shapely.transform(band, _t(inv))


def _lonlat_box(inv: Transformer, window) -> tuple[float, float, float, float]:
    """A lon/lat box holding the projected ``window`` (its edges sampled, with a margin)."""
    x0, y0, x1, y1 = window.bounds
    xs = np.concatenate(
        [np.linspace(x0, x1, 9), np.full(9, x1), np.linspace(x1, x0, 9), np.full(9, x0)]
    )
    ys = np.concatenate(
        [np.full(9, y0), np.linspace(y0, y1, 9), np.full(9, y1), np.linspace(y1, y0, 9)]
    )
    lon, lat = inv.transform(xs, ys)
    return (lon.min() - 0.05, lat.min() - 0.05, lon.max() + 0.05, lat.max() + 0.05)


def _day_text(d: pd.Timestamp) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def deepest_by_day(events: gpd.GeoDataFrame) -> pd.DataFrame:
    """What :func:`layers.analysis.deepest_per_day` finds (date, depth_km, uncertainty_km,
    event_id, place_name; the first of equally deep events in the frame's order), found by
    spreading each day-precise event over its days instead of testing every day of the span
    against every event: the snapshot draws the bands within its one-second budget."""
    cols = ["date", "depth_km", "uncertainty_km", "event_id", "place_name"]
    if not len(events):
        return pd.DataFrame(columns=cols)
    sure = events.loc[
        events["depth_km"].notna()
        & ~events["event_type"].isin(NOT_PENETRATION)
        & _involves_raiders(events)
        & (events["time_precision"] == 1)
    ]
    if sure.empty:
        return pd.DataFrame(columns=cols)
    start = sure["event_date"].dt.normalize()
    end = event_end(sure).dt.normalize()
    ndays = ((end - start).dt.days.clip(lower=0) + 1).to_numpy()
    pos = np.repeat(np.arange(len(sure)), ndays)
    offs = np.concatenate([np.arange(n) for n in ndays])
    spread = pd.DataFrame(
        {
            "date": start.to_numpy()[pos] + offs * np.timedelta64(1, "D"),
            "depth_km": sure["depth_km"].to_numpy(float)[pos],
            "pos": pos,
        }
    )
    best = spread.sort_values(["date", "depth_km", "pos"], ascending=[True, False, True])
    best = best.drop_duplicates("date")
    picked = sure.iloc[best["pos"].to_numpy()]
    return pd.DataFrame(
        {
            "date": best["date"].to_numpy(),
            "depth_km": picked["depth_km"].to_numpy(),
            "uncertainty_km": picked["uncertainty_km"].to_numpy(),
            "event_id": picked["event_id"].to_numpy(),
            "place_name": picked["place_name"].to_numpy(),
        },
        columns=cols,
    )


def penetration_bands(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per day with a deepest located raider event: its band and a label."""
    per_day = deepest_by_day(events)
    rows, geoms = [], []
    if len(per_day):
        where = events.drop_duplicates("event_id").set_index("event_id")
        for r in per_day.to_dict("records"):
            ev = where.loc[r["event_id"]]
            d, u = float(r["depth_km"]), float(r["uncertainty_km"] or 0.0)
            inner, outer = max(d - u, 0.0), max(d + u, 0.0)
            geom = band_geometry(
                lon=round(float(ev["longitude"]), 6),
                lat=round(float(ev["latitude"]), 6),
                inner_km=round(inner, 3),
                outer_km=round(outer, 3),
            )
            if geom.is_empty:
                continue
            day = pd.Timestamp(r["date"]).normalize()
            rows.append(
                {
                    "event_date": day,
                    "end_date": day,
                    "depth_km": d,
                    "uncertainty_km": u,
                    "inner_km": inner,
                    "outer_km": outer,
                    "event_id": r["event_id"],
                    "place_name": r["place_name"],
                    "label": (
                        f"{_day_text(day)}: deepest located raider event {r['place_name']}, "
                        f"{d:.1f} ± {u:.1f} km from the border (band {inner:.1f}–{outer:.1f} km)"
                    ),
                }
            )
            geoms.append(geom)
    return gpd.GeoDataFrame(rows, columns=COLUMNS, geometry=geoms, crs="EPSG:4326")


def bands_on(bands: gpd.GeoDataFrame, date, mode: str = "upto", window_days: int = 7):
    """The bands shown on ``date`` in ``mode`` (the one date rule, :mod:`layers.dates`)."""
    from layers.dates import events_on

    if not len(bands):
        return bands
    return bands.loc[events_on(bands, date, mode, window_days)]
