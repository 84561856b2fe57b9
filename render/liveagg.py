"""The live layers of a large dataset: columns in, aggregated cells or points out.

Above :data:`BIG_ABOVE` events, one feature (with its popup) per event makes a live document
of hundreds of megabytes (200,000 rows made 234 MB, over Streamlit's 200 MiB static-file
limit). A large dataset's document is instead four columns of integers (first day, last day,
latitude and longitude in 1e-4 degrees; about 24 bytes an event) in the order of
:func:`render.livemap.live_data` (date, then id). ``render/liveagg.js`` counts the events
shown into a grid of cells that follows the zoom, labelled "N events aggregated into M
cells", each cell's popup giving its count; when at most :data:`POINTS_MAX` events are shown
the server sends their features (built for those events only, escaped by
``render/escape.py`` as everywhere) and the map draws them as points.

The derived layers (presence footprints, axes of advance, zones) are not drawn for a large
dataset; the map says so.
"""

from __future__ import annotations

import hashlib
import json

import geopandas as gpd
import numpy as np
import pandas as pd

from layers.dates import event_end
from render import features

BIG_ABOVE = 20_000  # events: above this, the columnar document
POINTS_MAX = 2_000  # shown events: at most this many are drawn as points
FORMAT = "rm-columns-1"
NOT_DRAWN = (
    "Large dataset: events are aggregated into cells until at most {points:,} are shown; "
    "presence footprints, axes and zones are not drawn above {big:,} events."
)


def is_big(events: gpd.GeoDataFrame) -> bool:
    return len(events) > BIG_ABOVE


def lat_lon(events: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each event's position (an area's representative point)."""
    geom = events.geometry
    if len(geom) and not (geom.geom_type == "Point").all():
        geom = geom.representative_point()
    return geom.y.to_numpy(), geom.x.to_numpy()


def columns_document(events: gpd.GeoDataFrame) -> tuple[bytes, dict]:
    """The document's bytes and event_id -> position (date order, as live_data's ``ev``)."""
    order = events.sort_values(["event_date", "event_id"], kind="stable")
    start = order["event_date"].dt.normalize()
    day0 = start.min() if len(order) else pd.Timestamp("2023-01-01")
    s = (start - day0).dt.days.to_numpy()
    e = (event_end(order).dt.normalize() - day0).dt.days.to_numpy()
    lat, lon = lat_lon(order)
    doc = {
        "format": FORMAT,
        "columns": {
            "n": len(order),
            "day0": day0.date().isoformat(),
            "s": s.tolist(),
            "e": e.tolist(),
            "y": np.round(lat * 1e4).astype(np.int64).tolist(),
            "x": np.round(lon * 1e4).astype(np.int64).tolist(),
        },
        "points_max": POINTS_MAX,
        "note": NOT_DRAWN.format(points=POINTS_MAX, big=BIG_ABOVE),
    }
    body = json.dumps(doc, separators=(",", ":"), allow_nan=False).encode()
    ev = dict(zip(order["event_id"], range(len(order)), strict=True))
    return body, ev


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:20]


def lazy_popups(points: dict | None) -> tuple[dict | None, list[str]]:
    """``points`` with each marker's and area's popup taken out: the feature keeps ``pop``,
    its popup's position in the returned list (served as a file, fetched by the map when a
    popup is first opened: render/liveagg.js). What a move sends then holds each shown
    event's position, style and tooltip, not its claims and sources (a day at 500,000
    events sent about 1.4 MB of popups per move)."""
    if points is None:
        return None, []
    popups: list[str] = []

    def strip(f: dict) -> dict:
        props = dict(f["properties"])
        if "popup" not in props:
            return f
        popups.append(props.pop("popup"))
        return {**f, "properties": {**props, "pop": len(popups) - 1}}

    out = {k: [strip(f) for f in v] if k in ("events", "areas") else v for k, v in points.items()}
    return out, popups


def points(shown: gpd.GeoDataFrame, sources: dict | None = None) -> dict | None:
    """The shown events' features (markers, halos, region areas), built for those events
    only; None when more than :data:`POINTS_MAX` are shown (the map aggregates them)."""
    if len(shown) > POINTS_MAX:
        return None
    prepared = features.prepare_events(shown, sources)
    groups: dict = {}
    for _eid, (key, row, popup) in prepared.areas.items():
        groups.setdefault(key, []).append((row, popup))
    return {
        "events": list(prepared.points.values()),
        "halos": list(prepared.halos.values()),
        "areas": [features.area_feature(g, prepared.area_shapes[k]) for k, g in groups.items()],
    }
