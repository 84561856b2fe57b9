"""The map's date-dependent features as escaped GeoJSON dicts: events, precision halos,
region areas, presence footprints, axes of advance, evacuation and uncertainty zones, the
measuring line. No folium: the app's live layers (:mod:`render.livemap`) send these to the
browser, the snapshot draws them through :func:`render.webmap.dynamic_layers`.

Safety: every data value that reaches a popup, tooltip or label is escaped by
:mod:`render.escape` before it enters the GeoJSON.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from layers import areas as region_areas
from layers.areas import uncertainty_text
from render import style
from render.escape import esc, esc_isolated
from render.popup import area_text, popup_html, tooltip_html, when_text


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def feature(geom, props: dict) -> dict:
    return {"type": "Feature", "geometry": shapely.geometry.mapping(geom), "properties": props}


def round_geom(geom, ndigits: int = 5):
    return shapely.set_precision(geom, 10**-ndigits)


def zones_fc(z: gpd.GeoDataFrame) -> dict:
    feats = []
    for _, r in z.iterrows():
        colour = style.ZONE_COLOURS.get(r["kind"], "#777")
        what = (
            f"{uncertainty_text(r['radius_m'])}: the site lies somewhere in this circle"
            if r["kind"] == "uncertainty"
            else f"evacuation reported (radius {r['radius_m'] / 1000:.0f} km)"
        )
        feats.append(
            feature(
                round_geom(r.geometry),
                {
                    **_dates(r),
                    "style": {
                        "color": colour,
                        "weight": 2,
                        "dashArray": "4 6",
                        "fillColor": colour,
                        "fillOpacity": 0.08,
                        "className": "rm-area",  # outline clickable, inside measures
                    },
                    "tooltip": f"<b>{esc_isolated(r['name'])}</b>: {esc(what)}",
                    "popup": f"<div class='rm-popup'><h4>{esc_isolated(r['name'])}</h4>"
                    f"<p>{esc(what)}</p><p>{esc_isolated(r['note'])}</p></div>",
                },
            )
        )
    return collection(feats)


@dataclass(frozen=True)
class PreparedEvents:
    """Each event's GeoJSON features, built once per dataset (popups, halos) so that a
    slider move only selects and restyles them."""

    points: dict  # event_id -> point feature (drawn as a circle marker)
    halos: dict  # event_id -> precision halo polygon feature
    areas: dict  # event_id -> (group key, row, popup html) for region-level events
    area_shapes: dict  # group key -> circle polygon of the region


def prepare_events(events: gpd.GeoDataFrame, sources: dict | None = None) -> PreparedEvents:
    points, halos, areas, area_shapes = {}, {}, {}, {}
    if events.empty:
        return PreparedEvents(points, halos, areas, area_shapes)
    rows = events.to_dict("records")
    for row, circle in zip(rows, region_areas.area_shapes(events), strict=True):
        popup = popup_html(row, sources)
        eid = row["event_id"]
        if row["draw_as"] == "area":
            key = region_areas.area_key(row)
            areas[eid] = (key, row, popup)
            area_shapes.setdefault(key, circle)
            continue
        side = style.side_of(row.get("actor1"))
        props = {
            "event_id": esc(eid),
            "event_date": row["event_date"].date().isoformat(),
            "end_date": (
                row["end_date"].date().isoformat()
                if row.get("end_date") is not None and not pd.isna(row["end_date"])
                else None
            ),
            "place": esc_isolated(row.get("place_name") or row["location"]),
            "popup": popup,
            "tooltip": tooltip_html(row)
            + (
                f"<br>position known to ± {row['radius_m'] / 1000:.0f} km"
                if row["radius_m"] and row["radius_m"] >= 1500
                else ""
            ),
            "style": {
                "radius": style.marker_radius_px(row["geo_precision"]),
                "fill": True,
                "color": style.SIDE_COLOURS[side],
                "weight": 2.5,
                "fillColor": style.type_colour(row["event_type"]),
                "fillOpacity": 0.9,
                "dashArray": None,
            },
        }
        claims = row.get("claims")
        if isinstance(claims, list | tuple) and claims:
            # how much the record says about the event: its place's label is placed first
            # (render/labels.js), so the places a raid is about win over minor events' villages
            props["claims"] = len(claims)
        points[eid] = feature(row["geometry"], props)
        if row["radius_m"] and row["radius_m"] >= 1500:
            halos[eid] = _halo(row, props, style.SIDE_COLOURS[side])
    return PreparedEvents(points, halos, areas, area_shapes)


def event_feature_collections(
    events: gpd.GeoDataFrame,
    sources: dict | None = None,
    prepared: PreparedEvents | None = None,
    areas_per_event: bool = False,
) -> tuple[dict, dict, dict]:
    """(point events, precision halos, areas) as escaped GeoJSON dicts for the events shown.

    Areas (region-level events, places known only within 10 km) are grouped: one area per
    place listing its events (so that tints never stack); with ``areas_per_event`` (the
    snapshot, whose client-side slider shows an area while any of its events is shown) each
    area also lists its events' date ranges as ``ranges``. ``prepared`` (from
    :func:`prepare_events` on the whole dataset) saves rebuilding popups and shapes."""
    prepared = prepared or prepare_events(events, sources)
    points, halos, areas = [], [], []
    if events.empty:
        return collection(points), collection(halos), collection(areas)
    certain_by_id = dict(
        zip(
            events["event_id"],
            events.get("certain_by_date", pd.Series(True, index=events.index)),
            strict=True,
        )
    )
    area_groups: dict[str, list] = {}
    for eid, certain in certain_by_id.items():
        if eid in prepared.areas:
            key, row, popup = prepared.areas[eid]
            area_groups.setdefault(key, []).append((row, popup))
            continue
        feat = prepared.points[eid]
        if not certain:
            props = feat["properties"]
            feat = {
                **feat,
                "properties": {
                    **props,
                    "tooltip": props["tooltip"] + "<br><i>date window still open</i>",
                    "style": {**props["style"], "fillOpacity": 0.15, "dashArray": "3 3"},
                },
            }
        points.append(feat)
        if eid in prepared.halos:
            halos.append(prepared.halos[eid])
    for key, group in area_groups.items():
        area = area_feature(group, prepared.area_shapes[key])
        if areas_per_event:  # each event's own dates, for the snapshot's slider
            area["properties"]["ranges"] = [
                [d["event_date"], d["end_date"]] for d in (_dates(r) for r, _ in group)
            ]
        areas.append(area)
    return collection(points), collection(halos), collection(areas)


def _halo(row, props, colour) -> dict:
    """The precision halo: a point drawn by Leaflet as a circle of radius_m metres (a few
    bytes, where a polygon would take kilobytes per event). Not interactive: the event's
    marker carries the popup, and the marker's tooltip states the precision."""
    return feature(
        row["geometry"],
        {
            "event_date": props["event_date"],
            "end_date": props["end_date"],
            "style": {
                "radius": float(row["radius_m"]),
                "color": colour,
                "weight": 1,
                "dashArray": "2 4",
                "fillColor": colour,
                "fillOpacity": 0.05,
                "interactive": False,
            },
        },
    )


AREA_STYLE = {
    "color": "#6d4c41",
    "weight": 3,
    "dashArray": "8 6",
    "fillColor": "#6d4c41",
    "fillOpacity": 0.06,
    # only the outline takes clicks (see MAP CSS), so a click inside the region still
    # measures a depth
    "className": "rm-area",
}


def area_item(row: dict, popup: str) -> str:
    """One event's entry in its area's popup (folded: the area may list many)."""
    return (
        f"<details><summary>{esc(when_text(row))}: {esc_isolated(row.get('sub_event_type'))}"
        f"</summary>{popup}</details>"
    )


def area_text_parts(row: dict) -> dict:
    """The fixed parts of an area's tooltip and popup, around the number of its events
    shown and their entries: ``tooltip`` = t[0] + n + t[1]; ``popup`` = p[0] + n + p[1] +
    items + p[2]. The app's live layers put them together in the browser (render/live.js)
    for whichever events are shown; :func:`area_feature` does it here."""
    name = esc_isolated(row.get("place_name") or row["location"])
    why = esc(area_text(row))
    return {
        "tooltip_parts": [f"<b>{name}</b>: ", f" event(s), {why}"],
        "popup_parts": [
            f"<div class='rm-popup'><h4>{name}: {why}</h4><p>",
            " event(s); drawn as an area, with no single depth.</p>",
            "</div>",
        ],
    }


def area_feature(group: list[tuple[dict, str]], shape) -> dict:
    """One region-level area for all shown events located only to that region."""
    rows = [r for r, _ in group]
    parts = area_text_parts(rows[0])
    t, p, n = parts["tooltip_parts"], parts["popup_parts"], str(len(rows))
    return feature(
        shape,
        {
            "event_id": esc("; ".join(r["event_id"] for r in rows)),
            "event_date": min(r["event_date"] for r in rows).date().isoformat(),
            "end_date": max(
                (r["end_date"] if pd.notna(r.get("end_date")) else r["event_date"]) for r in rows
            )
            .date()
            .isoformat(),
            "style": AREA_STYLE,
            "tooltip": t[0] + n + t[1],
            "popup": p[0] + n + p[1] + "".join(area_item(r, pop) for r, pop in group) + p[2],
        },
    )


def _dates(r) -> dict:
    """``event_date``/``end_date`` as ISO strings (what the snapshot's slider filters on)."""

    def iso(v):
        return None if v is None or pd.isna(v) else pd.Timestamp(v).date().isoformat()

    return {"event_date": iso(r.get("event_date")), "end_date": iso(r.get("end_date"))}


def presence_fc(presence: gpd.GeoDataFrame) -> dict:
    feats = []
    for _, r in presence.iterrows():
        feats.append(
            feature(
                round_geom(r.geometry),
                {
                    "date": r["date"].date().isoformat(),
                    "style": {
                        "color": style.PRESENCE_COLOUR,
                        "weight": 1,
                        "fillColor": style.PRESENCE_COLOUR,
                        "fillOpacity": 0.18,
                    },
                    "tooltip": (
                        f"<b>Reported presence, {esc(r['date'].date().isoformat())}</b><br>"
                        f"{esc_isolated(r['places'])}<br><i>{esc(r['meaning'])}</i>"
                    ),
                },
            )
        )
    return collection(feats)


def axes_fc(axes: gpd.GeoDataFrame) -> dict:
    feats = []
    for _, r in axes.iterrows():
        d = r["depth_km"]
        feats.append(
            feature(
                round_geom(r.geometry),
                {
                    **_dates(r),
                    "style": {"color": style.AXIS_COLOUR, "weight": 3, "opacity": 0.8},
                    "tooltip": (
                        f"Axis of advance → <b>{esc_isolated(r['place_name'])}</b>"
                        f" ({'' if d is None or math.isnan(d) else f'{d:.1f} km'})"
                    ),
                },
            )
        )
    return collection(feats)


def measure_fc(click: dict | None) -> dict:
    """The measuring line from a clicked point to its nearest border point."""
    if not click or click.get("depth_km") is None:
        return collection([])
    line = shapely.LineString(
        [(click["lon"], click["lat"]), (click["nearest_border_lon"], click["nearest_border_lat"])]
    )
    label = f"{click['depth_km']:+.2f} km from the border"
    return collection(
        [
            feature(
                line,
                {
                    "style": {"color": "#000", "weight": 2, "dashArray": "1 5"},
                    "tooltip": esc(label),
                },
            ),
            feature(
                shapely.Point(click["lon"], click["lat"]),
                {
                    "style": {
                        "radius": 5,
                        "fill": True,
                        "color": "#000",
                        "fillColor": "#fff",
                        "fillOpacity": 1,
                    },
                    "tooltip": esc(label),
                },
            ),
        ]
    )


def bands_fc(bands: gpd.GeoDataFrame) -> dict:
    """The penetration-over-time bands (:mod:`layers.penetration`): each day's deepest
    located raider event as the land between its depth ± uncertainty from the border; dated
    like events, so the one date rule shows them."""
    feats = []
    for _, r in bands.iterrows():
        feats.append(
            feature(
                round_geom(r.geometry),
                {
                    **_dates(r),
                    "style": {
                        "color": style.BAND_COLOUR,
                        "weight": 1,
                        "fillColor": style.BAND_COLOUR,
                        "fillOpacity": 0.14,
                        "className": "rm-band",
                    },
                    "tooltip": esc(r["label"]),
                },
            )
        )
    return collection(feats)
