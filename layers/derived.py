"""Layers derived from the events, each a GeoDataFrame (EPSG:4326) with a stated meaning.

* :func:`presence_by_day`: the *reported* presence footprint of the raiding units per day —
  the area between the border crossing and the settlements reported entered or held that
  day, drawn with each settlement's precision radius. Indicative, not a front line.
* :func:`axes_of_advance`: a line from the nearest border point (the presumed crossing) to
  each settlement reported reached.
* :func:`zones`: evacuated areas (events carrying an ``evacuation`` claim) and the
  uncertainty area of places without a published position (the Belgorod-22 site).
* :func:`depth_rings`: lines inside Russia at 5, 10, 20 and the claimed 40 km from the border.

Geometry work happens in the local azimuthal-equidistant projection of :mod:`geo.measure`
(within ~10 m of the geodesic over the region), and results are returned in lon/lat.
"""

from __future__ import annotations

import json
from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point

from geo.border import load_border
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.measure import AEQD, default_depth_model
from geo.paths import data_file
from layers.areas import clip_to_country
from layers.dates import event_end, events_on
from layers.vocab import is_raider

PRESENCE_SUBTYPES = ("Non-state actor overtakes territory", "Armed clash")
MIN_RADIUS_M = 1000.0
DEPTH_RINGS_KM = (5, 10, 20, 40)
CLAIMED_RINGS_KM = (40,)


# A site (facility) known no better than this is drawn as an uncertainty area.
UNCERTAIN_SITE_M = 2000.0


def _empty(columns: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs="EPSG:4326")


def presence_events(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Events that put the raiding units in a settlement: raider actor1, a clash or a
    takeover, a located place (not region-level) on the Russian side."""
    if events.empty:
        return events
    raider = events["actor1"].map(is_raider).astype(bool)
    # Reported *in* a named place: a takeover anywhere, or a clash at the place itself
    # (geo_precision 1); "toward Shebekino" (precision 2) is not a place reached.
    reached = (events["sub_event_type"] == "Non-state actor overtakes territory") | (
        events["sub_event_type"].isin(PRESENCE_SUBTYPES) & (events["geo_precision"] == 1)
    )
    mask = raider & reached & (events["draw_as"] == "point") & (events["depth_km"] > 0)
    return events.loc[mask]


def _to_aeqd(gs: gpd.GeoSeries) -> gpd.GeoSeries:
    return gs.to_crs(AEQD)


def presence_by_day(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One footprint polygon per day on which any presence event is active."""
    cols = ["date", "places", "event_ids", "meaning"]
    pres = presence_events(events)
    if pres.empty:
        return _empty(cols)
    pts = _to_aeqd(pres.geometry)
    feet = _to_aeqd(
        gpd.GeoSeries(gpd.points_from_xy(pres["border_lon"], pres["border_lat"]), crs="EPSG:4326")
    )
    shapes = []
    for p, f, r in zip(pts, feet.values, pres["radius_m"].astype(float), strict=True):
        r = max(r, MIN_RADIUS_M)
        shapes.append(shapely.convex_hull(shapely.union(p.buffer(r), f.buffer(r / 2))))
    pres = pres.assign(_shape=shapes)
    # The active set ("day" mode: start <= day <= end) changes only where an event starts or
    # the day after one ends: walk those change points (not every calendar day of the span)
    # and union each set once.
    start = pres["event_date"].dt.normalize()
    end = event_end(pres).dt.normalize()
    one = pd.Timedelta(days=1)
    cuts = sorted(set(start) | {e + one for e in end})
    rows, geoms = [], []
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        active = pres.loc[events_on(pres, lo, "day")]  # the one date rule, at each change
        if active.empty:
            continue
        shape = shapely.union_all(list(active["_shape"]))
        places = "; ".join(dict.fromkeys(active["place_name"]))
        ids = "; ".join(active["event_id"])
        for day in pd.date_range(lo, hi - one, freq="D"):  # days with this active set only
            geoms.append(shape)
            rows.append(
                {
                    "date": day,
                    "places": places,
                    "event_ids": ids,
                    "meaning": "reported presence of the raiding units (indicative footprint)",
                }
            )
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs=AEQD)
    return gdf.to_crs("EPSG:4326")


def presence_on(footprints: gpd.GeoDataFrame, date) -> gpd.GeoDataFrame:
    if footprints.empty:
        return footprints
    return footprints.loc[footprints["date"] == pd.Timestamp(date).normalize()]


def axes_of_advance(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Border crossing (nearest border point) → each settlement reported reached."""
    cols = ["event_id", "event_date", "end_date", "place_name", "depth_km", "meaning"]
    pres = presence_events(events)
    if pres.empty:
        return _empty(cols)
    geoms = [
        LineString([(blon, blat), (lon, lat)])
        for blon, blat, lon, lat in zip(
            pres["border_lon"],
            pres["border_lat"],
            pres["longitude"],
            pres["latitude"],
            strict=True,
        )
    ]
    df = pres[["event_id", "event_date", "end_date", "place_name", "depth_km"]].copy()
    df["meaning"] = "axis of advance: presumed crossing point → place reported reached"
    return gpd.GeoDataFrame(df, geometry=geoms, crs="EPSG:4326").reset_index(drop=True)


def zones(events: gpd.GeoDataFrame, gazetteer: Gazetteer | None = None) -> gpd.GeoDataFrame:
    """Evacuation areas and uncertainty areas: circles of the stated radius, clipped to the
    country they belong to (as region areas are: :mod:`layers.areas`)."""
    gaz = gazetteer or default_gazetteer()
    rows, geoms = [], []
    for place in gaz.curated:
        if place.kind == "facility" and place.precision_m >= UNCERTAIN_SITE_M:
            rows.append(
                {
                    "kind": "uncertainty",
                    "name": place.name,
                    "event_date": pd.NaT,
                    "end_date": pd.NaT,
                    "event_id": "",
                    "radius_m": place.precision_m,
                    "note": place.note or place.coord_source,
                    "_country": place.country,
                }
            )
            geoms.append(Point(place.lon, place.lat))
    if not events.empty and "claims" in events:
        # Region-level events are drawn as their region already; an "evacuation zone" the
        # size of an oblast would say more than the sources do.
        evac = events.loc[
            events["claims"].map(
                lambda cs: any(c.get("claim_type") == "evacuation" for c in (cs or []))
            )
            & (events["draw_as"] == "point")
        ]
        for _, ev in evac.iterrows():
            rows.append(
                {
                    "kind": "evacuation",
                    "name": ev["place_name"],
                    "event_date": ev["event_date"],
                    "end_date": ev["end_date"],
                    "event_id": ev["event_id"],
                    "radius_m": float(ev["radius_m"]),
                    "note": ev["summary"],
                    "_country": ev.get("side", ""),
                }
            )
            geoms.append(ev.geometry)
    if not rows:
        return _empty(["kind", "name", "event_date", "end_date", "event_id", "radius_m", "note"])
    centres = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(AEQD)
    circles = [
        c.buffer(r, quad_segs=32)
        for c, r in zip(centres, [r["radius_m"] for r in rows], strict=True)
    ]
    out = gpd.GeoDataFrame(rows, geometry=circles, crs=AEQD).to_crs("EPSG:4326")
    out["geometry"] = [
        clip_to_country(g, c) for g, c in zip(out.geometry, out.pop("_country"), strict=True)
    ]
    return out


RINGS_FILE = ("border", "depth_rings.geojson")
RING_SIMPLIFY_M = 10.0


def compute_depth_rings(distances_km: tuple[float, ...] = DEPTH_RINGS_KM) -> gpd.GeoDataFrame:
    """Lines inside Russia at each distance from the border: the boundary of the border's
    buffer, inside Russia's land. Slow (seconds): ``scripts/make_depth_rings.py`` runs it
    once and :func:`depth_rings` reads the result. The border is simplified by
    :data:`RING_SIMPLIFY_M` first, so a ring lies within that of the exact distance; flat caps
    stop rings from wrapping round the ends of the extracted line."""
    border = load_border()
    line = gpd.GeoSeries([border.line], crs="EPSG:4326").to_crs(AEQD)
    line = line.simplify(RING_SIMPLIFY_M).iloc[0]
    ru = gpd.GeoSeries([border.land["RU"]], crs="EPSG:4326").to_crs(AEQD).iloc[0]
    rows, geoms = [], []
    for km in distances_km:
        zone = line.buffer(km * 1000.0, quad_segs=64, cap_style="flat")
        rows.append(
            {
                "depth_km": float(km),
                "label": f"{km:g} km" + (" (claimed depth)" if km in CLAIMED_RINGS_KM else ""),
                "claimed": km in CLAIMED_RINGS_KM,
            }
        )
        geoms.append(shapely.intersection(zone.boundary, ru))
    rings = gpd.GeoDataFrame(rows, geometry=geoms, crs=AEQD).to_crs("EPSG:4326")
    rings["geometry"] = [
        _keep_at_depth(g, km) for g, km in zip(rings.geometry, rings["depth_km"], strict=True)
    ]
    return rings


def _keep_at_depth(ring, km: float, tol_km: float = 0.05):
    """Only the runs of the ring whose vertices measure ``km`` (± tol): this drops the caps
    at the ends of the extracted border, which are not at that depth."""
    model = default_depth_model()
    runs = []
    for part in getattr(ring, "geoms", [ring]):
        xy = np.asarray(part.coords)
        ok = np.abs(model.depth(lon=xy[:, 0], lat=xy[:, 1]).depth_km - km) <= tol_km
        run: list = []
        for point, good in zip(xy, ok, strict=True):
            if good:
                run.append(point)
            else:
                if len(run) >= 2:
                    runs.append(LineString(run))
                run = []
        if len(run) >= 2:
            runs.append(LineString(run))
    return shapely.MultiLineString(runs)


@cache
def depth_rings() -> gpd.GeoDataFrame:
    """The depth rings (5, 10, 20 and the claimed 40 km), from the file the script made."""
    path = data_file(*RINGS_FILE)
    if not path.exists():
        return compute_depth_rings()
    doc = json.loads(path.read_text(encoding="utf-8"))
    rows = [f["properties"] for f in doc["features"]]
    geoms = [shapely.geometry.shape(f["geometry"]) for f in doc["features"]]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
