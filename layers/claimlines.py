"""Claims against measurement, as geometry: each penetration-depth claim drawn as its line at
the claimed distance from the border, near the deepest located event of that phase, and the
gap between them.

For a depth claim (``claim_type`` depth, e.g. "some 40 km into Russian territory"),
:func:`layers.analysis.claimed_vs_measured` names the deepest located event of the same raid.
Here:

* ``claim`` row: the part of the line at the claimed depth inside Russia (the boundary of the
  border's buffer at that distance, in the local azimuthal-equidistant projection, kept only
  where the depth model measures the claimed depth ± 50 m) within :data:`HALF_WIDTH_KM` of the
  point of that line nearest the event;
* ``gap`` row: the segment from the event to that nearest point (nearest in the projection),
  labelled with the measured depth ± its uncertainty and the gap in depth (claimed minus
  measured, ``gap_km``); ``reach_km`` is the segment's geodesic length, at least the gap and
  more where the border bends (Grayvoron sits in a salient: the 40 km line is 45 km away).

Geometries are lon/lat (EPSG:4326). No folium, streamlit or matplotlib.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import pandas as pd
import shapely
import shapely.geometry
from pyproj import Transformer
from shapely.geometry import LineString, box
from shapely.ops import nearest_points

from geo.border import LAND_FILE as LAND_FILE_PARTS
from geo.border import load_border
from geo.geodesic import GEOD
from geo.measure import AEQD, default_depth_model

HALF_WIDTH_KM = 25.0
TOL_KM = 0.05
COLUMNS = [
    "kind",
    "claim_id",
    "claimant",
    "claimed_km",
    "event_id",
    "place_name",
    "measured_km",
    "uncertainty_km",
    "gap_km",
    "reach_km",
    "label",
]


@cache
def _transformers() -> tuple[Transformer, Transformer]:
    """lon/lat -> AEQD and back, made once per process (each costs ~10 ms to create)."""
    return (
        Transformer.from_crs("EPSG:4326", AEQD, always_xy=True),
        Transformer.from_crs(AEQD, "EPSG:4326", always_xy=True),
    )


@cache
def _projected():
    """The border line and Russia's land in AEQD, projected once per process."""
    fwd, _ = _transformers()
    border = load_border()
    return (
        shapely.transform(border.line, lambda xy: _t(fwd, xy)),
        shapely.transform(border.land["RU"], lambda xy: _t(fwd, xy)),
    )


# A buffer at tens of km of a detailed line is slow (GEOS offsets every vertex's arc and
# nodes them all). Buffering is additive (the buffer by a + b of a line is the buffer by b of
# its buffer by a), so the line is buffered in STEPS_M, each smooth outline simplified by
# SIMPLIFY_M (which moves it by at most that), then by the rest. Measured at 42 km near
# Grayvoron: the outline is within ~20 m of the one-step buffer's and 5x faster; the depth
# model's check below (TOL_KM) keeps only what lies at the claimed depth either way.
STEPS_M = (1000.0, 4000.0)
SIMPLIFY_M = 5.0


def far_buffer(line, distance_m: float, quad_segs: int = 64):
    """``line.buffer(distance_m)``, in steps when the distance is large (see STEPS_M)."""
    done = 0.0
    for step in STEPS_M:
        if done + step >= distance_m / 2:
            break
        line = shapely.simplify(line.buffer(step, quad_segs=16), SIMPLIFY_M)
        done += step
    return line.buffer(distance_m - done, quad_segs=quad_segs)


def _line_at_depth(*, lon: float, lat: float, km: float) -> LineString | None:
    """The part of the line ``km`` inside Russia nearest (lon, lat), in lon/lat."""
    fwd, inv = _transformers()
    x, y = fwd.transform(lon, lat)
    reach = (km + HALF_WIDTH_KM + 20.0) * 1000.0
    border, ru = _projected()
    local = shapely.intersection(border, box(x - reach, y - reach, x + reach, y + reach))
    if local.is_empty:
        return None
    ring = shapely.intersection(far_buffer(local, km * 1000.0).boundary, ru)
    ring = shapely.transform(ring, lambda xy: _t(inv, xy))
    model = default_depth_model()
    parts = []
    for part in getattr(ring, "geoms", [ring]):
        if part.geom_type != "LineString" or len(part.coords) < 2:
            continue
        xy = list(part.coords)
        d = model.depth(lon=[p[0] for p in xy], lat=[p[1] for p in xy]).depth_km
        run: list = []
        for p, ok in zip(xy, abs(d - km) <= TOL_KM, strict=True):
            if ok:
                run.append(p)
            elif len(run) >= 2:
                parts.append(LineString(run))
                run = []
            else:
                run = []
        if len(run) >= 2:
            parts.append(LineString(run))
    if not parts:
        return None
    at_depth = shapely.line_merge(shapely.MultiLineString(parts))
    # Keep what lies within HALF_WIDTH_KM (in the projection) of the point nearest the event.
    proj = shapely.transform(at_depth, lambda xy: _t(fwd, xy))
    near = nearest_points(proj, shapely.Point(x, y))[0]
    window = shapely.intersection(proj, near.buffer(HALF_WIDTH_KM * 1000.0))
    pieces = [g for g in getattr(window, "geoms", [window]) if g.geom_type == "LineString"]
    if not pieces:
        return None
    best = min(pieces, key=lambda g: g.distance(near))
    return shapely.transform(best, lambda xy: _t(inv, xy))


def _gap(line: LineString, *, lon: float, lat: float) -> LineString:
    """From (lon, lat) to the nearest point of ``line``, nearest in the local projection."""
    fwd, inv = _transformers()
    x, y = fwd.transform(lon, lat)
    end = nearest_points(shapely.transform(line, lambda xy: _t(fwd, xy)), shapely.Point(x, y))[0]
    ex, ey = inv.transform(end.x, end.y)
    return LineString([(lon, lat), (ex, ey)])


def _t(transformer: Transformer, xy):
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def claim_lines(cvm: pd.DataFrame, events: gpd.GeoDataFrame, claims: pd.DataFrame):
    """The claim and gap geometries for every depth claim of ``cvm`` (the output of
    :func:`layers.analysis.claimed_vs_measured`) with a measured deepest event."""
    depth_ids = set(claims.loc[claims["claim_type"] == "depth", "claim_id"])
    rows, geoms = [], []
    for c in cvm.to_dict("records"):
        if c["claim_id"] not in depth_ids or pd.isna(c["measured_deepest_km"]):
            continue
        ev_id = str(c["measured_at"]).rsplit("(", 1)[-1].rstrip(")")
        ev = events.loc[events["event_id"] == ev_id]
        if ev.empty:
            continue
        e = ev.iloc[0]
        line = _line_at_depth(lon=e["longitude"], lat=e["latitude"], km=c["claimed_km"])
        if line is None:
            continue
        gap = _gap(line, lon=e["longitude"], lat=e["latitude"])
        measured, unc = float(e["depth_km"]), float(e["uncertainty_km"])
        gap_km = float(c["claimed_km"]) - measured
        base = {
            "claim_id": c["claim_id"],
            "claimant": c["claimant"],
            "claimed_km": float(c["claimed_km"]),
            "event_id": ev_id,
            "place_name": e["place_name"],
            "measured_km": measured,
            "uncertainty_km": unc,
            "gap_km": gap_km,
            "reach_km": GEOD.geometry_length(gap) / 1000.0,
        }
        rows.append(
            {**base, "kind": "claim", "label": f"{c['claimant']}: {c['claimed_km']:g} km claimed"}
        )
        geoms.append(line)
        rows.append(
            {
                **base,
                "kind": "gap",
                "label": (
                    f"{c['claimed_km']:g} km claimed, {measured:.1f} ± {unc:.1f} km measured at "
                    f"{e['place_name']}: {gap_km:.1f} km apart"
                ),
            }
        )
        geoms.append(gap)
    return gpd.GeoDataFrame(rows, columns=COLUMNS, geometry=geoms, crs="EPSG:4326")


def compute_record_claim_lines() -> gpd.GeoDataFrame:
    """:func:`claim_lines` of the bundled record, computed (~0.2 s of buffering)."""
    from layers.analysis import claimed_vs_measured
    from layers.record import bundled_record

    rec = bundled_record()
    return claim_lines(claimed_vs_measured(rec.events, rec.claims), rec.events, rec.claims)


# The bundled record's claim lines are shipped as data, as the depth rings are
# (``scripts/make_claim_lines.py``): buffering the border costs every fresh process ~0.2 s,
# the snapshot's and the static images' first call included. The file carries a fingerprint
# of what the lines are made from (the record's events and claims, the border and land, this
# module's parameters); when it does not match, the lines are computed as before.
LINES_FILE = ("border", "claim_lines.geojson")
_INPUTS = (("events.csv",), ("claims.csv",), ("border", "ru_ua_border.geojson"), LAND_FILE_PARTS)


def inputs_fingerprint() -> str:
    """sha256 of the files and parameters the record's claim lines are made from."""
    from hashlib import sha256

    from geo.paths import data_file

    h = sha256(repr((HALF_WIDTH_KM, TOL_KM, STEPS_M, SIMPLIFY_M, COLUMNS)).encode())
    for parts in _INPUTS:
        h.update(data_file(*parts).read_bytes())
    return h.hexdigest()


def lines_to_json(lines: gpd.GeoDataFrame) -> str:
    """The claim lines as GeoJSON with their inputs' fingerprint (exact floats)."""
    import json

    feats = [
        {
            "type": "Feature",
            "properties": {c: r[c] for c in COLUMNS},
            "geometry": shapely.geometry.mapping(g),
        }
        for (_, r), g in zip(lines.iterrows(), lines.geometry, strict=True)
    ]
    doc = {"type": "FeatureCollection", "fingerprint": inputs_fingerprint(), "features": feats}
    return json.dumps(doc, ensure_ascii=False)


def _shipped_lines() -> gpd.GeoDataFrame | None:
    import json

    from geo.paths import data_file

    path = data_file(*LINES_FILE)
    if not path.is_file():
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("fingerprint") != inputs_fingerprint():
        return None
    feats = doc["features"]
    rows = [{c: f["properties"][c] for c in COLUMNS} for f in feats]
    geoms = [shapely.geometry.shape(f["geometry"]) for f in feats]
    return gpd.GeoDataFrame(rows, columns=COLUMNS, geometry=geoms, crs="EPSG:4326")


@cache
def record_claim_lines() -> gpd.GeoDataFrame:
    """:func:`claim_lines` of the bundled record, once per process: the shipped lines when
    their fingerprint matches, else computed (uploads carry no claims, so the record's are
    the only depth claims there are)."""
    shipped = _shipped_lines()
    return shipped if shipped is not None else compute_record_claim_lines()
