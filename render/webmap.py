"""The one folium map builder, shared by the app and the CLI snapshot.

* :func:`base_map`: the map with everything that does not depend on the date: the bundled
  vector basemap (land, settlements, border, depth rings, the Belgorod-22 uncertainty area)
  and optional tiles. The app renders it once per (language, tiles, basemap layers)
  (raidmap/mapframe.py) so streamlit-folium keeps the same iframe.
* :func:`prepare_events`, :func:`area_feature`, :func:`presence_fc`, :func:`axes_fc`,
  :func:`zones_fc`, :func:`measure_fc`: the date-dependent features (events, precision
  halos, region-level areas, presence footprint, axes of advance, evacuation zones, the
  measuring line). The snapshot draws them as folium feature groups
  (:func:`dynamic_layers`) under its client-side slider; the app sends them to the browser
  once per dataset and shows and hides them there (:mod:`render.livemap`).

Safety: every data value that reaches a popup, tooltip or label is escaped by
:mod:`render.escape` before it enters the GeoJSON, and folium embeds the GeoJSON through
Jinja's ``tojson`` (which escapes ``<``, ``>``, ``&``). No data text is passed to
``folium.Popup``/``folium.Tooltip`` or used as a layer name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import folium
import geopandas as gpd
import pandas as pd
import shapely
from folium.features import GeoJsonPopup, GeoJsonTooltip
from folium.utilities import JsCode

from geo import settings
from geo.border import fill_small_holes, load_border
from geo.gazetteer import default_gazetteer
from geo.measure import AEQD
from geo.settings import REGION_BOUNDS
from layers import areas as region_areas
from layers import derived
from layers.areas import uncertainty_text
from layers.vocab import (  # noqa: F401 - ALL_LAYERS, DYNAMIC_LAYERS, LAYER_LABELS re-exported
    ALL_LAYERS,
    BASE_LAYERS,
    DYNAMIC_LAYERS,
    LAYER_LABELS,
    local_name,
)
from render import style
from render.escape import esc, esc_isolated
from render.popup import POPUP_CSS, area_text, popup_html, tooltip_html, when_text

LEAFLET_URL_BASE = "/app/static/vendor/leaflet/"
STATIC_LAYERS = BASE_LAYERS  # the layers of the base map (layers/vocab.py)
# Display simplification of land polygons (metres, in the local projection). The border
# line itself is drawn unsimplified.
LAND_SIMPLIFY_M = 100.0
MAP_BOUNDS = REGION_BOUNDS  # lon_min, lat_min, lon_max, lat_max (geo/settings.py)
LABEL_MIN_POPULATION = 20_000


@dataclass(frozen=True)
class View:
    lat: float = settings.DEFAULT_LAT
    lon: float = settings.DEFAULT_LON
    zoom: int = settings.DEFAULT_ZOOM


DEFAULT_VIEW = View()


class RaidMap(folium.Map):
    """A folium Map that loads only Leaflet, from the app's own static files (no CDN)."""

    default_js = [("leaflet", LEAFLET_URL_BASE + "leaflet.js")]
    default_css = [("leaflet_css", LEAFLET_URL_BASE + "leaflet.css")]

    def get_bounds(self):
        """The map's region, without walking every coordinate of every layer (folium's
        default; streamlit-folium asks for it on every rerun: ~70 ms here)."""
        lon0, lat0, lon1, lat1 = MAP_BOUNDS
        return [[lat0, lon0], [lat1, lon1]]


# -- cached basemap data (plain GeoJSON dicts, escaped) ------------------------------------
def _fc(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _feature(geom, props: dict) -> dict:
    return {"type": "Feature", "geometry": shapely.geometry.mapping(geom), "properties": props}


def _round_geom(geom, ndigits: int = 5):
    return shapely.set_precision(geom, 10**-ndigits)


@cache
def land_geojson() -> dict:
    border = load_border()
    feats = []
    for code, poly in sorted(border.land.items()):
        g = gpd.GeoSeries([poly], crs="EPSG:4326").to_crs(AEQD)
        g = gpd.GeoSeries([fill_small_holes(g.iloc[0])], crs=AEQD).simplify(LAND_SIMPLIFY_M)
        g = _round_geom(g.to_crs("EPSG:4326").iloc[0])
        feats.append(
            _feature(
                g,
                {
                    "style": {
                        "color": style.LAND_COLOURS.get(code, "#eee"),
                        "weight": 0.5,
                        "fillColor": style.LAND_COLOURS.get(code, "#eee"),
                        "fillOpacity": 1.0,
                    },
                    "country": code,
                },
            )
        )
    return _fc(feats)


@cache
def border_geojson() -> dict:
    line = _round_geom(load_border().line, 5)  # ~1 m
    return _fc(
        [
            _feature(
                line,
                {
                    "style": {"color": style.BORDER_COLOUR, "weight": 3},
                    "tooltip": "Russia–Ukraine border (© OpenStreetMap contributors)",
                },
            )
        ]
    )


@cache
def rings_geojson() -> dict:
    rings = derived.depth_rings()
    feats = []
    for _, r in rings.iterrows():
        colour = style.CLAIMED_RING_COLOUR if r["claimed"] else style.RING_COLOUR
        feats.append(
            _feature(
                # display only: ~20 m simplification keeps the map light
                _round_geom(shapely.simplify(r.geometry, 0.0004)),
                {
                    "style": {"color": colour, "weight": 1.5, "dashArray": "6 6", "opacity": 0.8},
                    "tooltip": esc(f"{r['label']} from the border"),
                },
            )
        )
    return _fc(feats)


_SMALL_PLACE = {
    "radius": 2,
    "fill": True,
    "color": style.SETTLEMENT_COLOUR,
    "weight": 1,
    "fillColor": style.SETTLEMENT_COLOUR,
    "fillOpacity": 1.0,
}
_LABELLED_PLACE = {**_SMALL_PLACE, "radius": 3, "fillColor": "#ffffff"}


def place_label(place, lang: str = "en") -> str:
    """The place's name in ``lang`` (en, ru, uk), falling back to English."""
    return local_name(place, lang)


@cache
def settlements_geojson(lang: str = "en") -> dict:
    gaz = default_gazetteer()
    feats = []
    curated = {p.geonames_id for p in gaz.curated if p.geonames_id}
    for p in gaz:
        if p.is_region or p.kind == "facility":
            continue  # areas, drawn as such (the Belgorod-22 site has its own circle)
        labelled = p.origin == "curated" or (p.population or 0) >= LABEL_MIN_POPULATION
        if not labelled and (p.population or 0) < 2000:
            continue
        if p.geonames_id in curated and p.origin != "curated":
            continue
        feats.append(
            _feature(
                shapely.Point(round(p.lon, 5), round(p.lat, 5)),
                {"label": esc(place_label(p, lang)), "labelled": labelled},
            )
        )
    return _fc(feats)


@cache
def uncertainty_geojson() -> dict:
    z = derived.zones(_no_events())
    return zones_fc(z.loc[z["kind"] == "uncertainty"])


def _no_events() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"claims": []}, geometry=[], crs="EPSG:4326")


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
            _feature(
                _round_geom(r.geometry),
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
    return _fc(feats)


# -- the base map --------------------------------------------------------------------------
def _geojson(
    data: dict,
    name: str,
    *,
    tooltip: bool = True,
    popup: bool = False,
    marker: bool | str = False,
    permanent_labels: bool = False,
    style: dict | None = None,
) -> folium.GeoJson:
    kw = {}
    if marker == "metres":  # points drawn as circles whose style radius is in metres
        kw["marker"] = folium.Circle(radius=1000, class_name=f"rm-{_slug(name)}")
    elif marker:
        kw["marker"] = folium.CircleMarker(radius=3, class_name=f"rm-{_slug(name)}")
    if popup and data["features"]:
        kw["popup"] = GeoJsonPopup(fields=["popup"], labels=False, max_width=460)
    if permanent_labels and data["features"]:
        # One label per feature (a permanent tooltip bound to the whole GeoJSON group would
        # show only once). The label is escaped HTML from settlements_geojson().
        kw["on_each_feature"] = JsCode(
            "function (feature, layer) { layer.bindTooltip(feature.properties.label, "
            "{permanent: true, direction: 'right', className: 'rm-label', offset: [4, 0]}); }"
        )
    elif tooltip and data["features"]:
        kw["tooltip"] = GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=False)
    # Styles go through style_function (not a later setStyle) so that per-feature options
    # read when Leaflet creates a path, className and interactive, take effect.
    styler = _feature_style if style is None else (lambda _feature, s=style: s)
    return folium.GeoJson(data, name=name, style_function=styler, **kw)


def _feature_style(feature: dict) -> dict:
    return feature["properties"].get("style") or {}


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower())


def base_map(
    view: View = DEFAULT_VIEW,
    *,
    tiles: bool = False,
    layers: Iterable[str] = STATIC_LAYERS,
    map_class=RaidMap,
    lang: str = "en",
) -> folium.Map:
    layers = set(layers)
    m = map_class(
        location=[view.lat, view.lon],
        zoom_start=view.zoom,
        tiles=None,
        control_scale=True,
        min_zoom=6,
        max_zoom=16,
    )
    m.get_root().header.add_child(
        folium.Element(
            f"<style>{POPUP_CSS}.leaflet-container{{background:{style.SEA_COLOUR}}}</style>"
        )
    )
    if "land" in layers:
        _geojson(land_geojson(), "Land", tooltip=False).add_to(m)
    if tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (online)", opacity=0.85).add_to(
            m
        )
    if "rings" in layers:
        _geojson(rings_geojson(), "Depth rings").add_to(m)
    if "uncertainty" in layers:
        _geojson(uncertainty_geojson(), "Belgorod-22 uncertainty area", popup=True).add_to(m)
    if "border" in layers:
        _geojson(border_geojson(), "Border").add_to(m)
    if "settlements" in layers:
        data = settlements_geojson(lang)
        lab = _fc([f for f in data["features"] if f["properties"]["labelled"]])
        rest = _fc([f for f in data["features"] if not f["properties"]["labelled"]])
        # One style per layer, not per feature: 760 places would carry 100 KB of styles.
        if rest["features"]:
            g = _geojson(rest, "Settlements", marker=True, tooltip=False, style=_SMALL_PLACE)
            g.add_child(GeoJsonTooltip(fields=["label"], labels=False))
            g.add_to(m)
        if lab["features"]:
            _geojson(
                lab, "Settlement labels", marker=True, permanent_labels=True, style=_LABELLED_PLACE
            ).add_to(m)
    return m


# -- date-dependent layers -----------------------------------------------------------------
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
        points[eid] = _feature(row["geometry"], props)
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
    place listing its events, unless ``areas_per_event`` (the snapshot, whose client-side
    slider shows each event's area by its own dates). ``prepared`` (from
    :func:`prepare_events` on the whole dataset) saves rebuilding popups and shapes."""
    prepared = prepared or prepare_events(events, sources)
    points, halos, areas = [], [], []
    if events.empty:
        return _fc(points), _fc(halos), _fc(areas)
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
            group_key = (key, eid) if areas_per_event else key
            area_groups.setdefault(group_key, []).append((row, popup))
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
        shape = prepared.area_shapes[key[0] if areas_per_event else key]
        areas.append(area_feature(group, shape))
    return _fc(points), _fc(halos), _fc(areas)


def _halo(row, props, colour) -> dict:
    """The precision halo: a point drawn by Leaflet as a circle of radius_m metres (a few
    bytes, where a polygon would take kilobytes per event). Not interactive: the event's
    marker carries the popup, and the marker's tooltip states the precision."""
    return _feature(
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
    return _feature(
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
            _feature(
                _round_geom(r.geometry),
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
    return _fc(feats)


def axes_fc(axes: gpd.GeoDataFrame) -> dict:
    feats = []
    for _, r in axes.iterrows():
        d = r["depth_km"]
        feats.append(
            _feature(
                _round_geom(r.geometry),
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
    return _fc(feats)


def measure_fc(click: dict | None) -> dict:
    """The measuring line from a clicked point to its nearest border point."""
    if not click or click.get("depth_km") is None:
        return _fc([])
    line = shapely.LineString(
        [(click["lon"], click["lat"]), (click["nearest_border_lon"], click["nearest_border_lat"])]
    )
    label = f"{click['depth_km']:+.2f} km from the border"
    return _fc(
        [
            _feature(
                line,
                {
                    "style": {"color": "#000", "weight": 2, "dashArray": "1 5"},
                    "tooltip": esc(label),
                },
            ),
            _feature(
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


def dynamic_layers(
    events: gpd.GeoDataFrame,
    *,
    presence: gpd.GeoDataFrame | None = None,
    axes: gpd.GeoDataFrame | None = None,
    zones: gpd.GeoDataFrame | None = None,
    sources: dict | None = None,
    click: dict | None = None,
    layers: Iterable[str] = DYNAMIC_LAYERS,
    prepared: PreparedEvents | None = None,
    areas_per_event: bool = False,
) -> list[folium.FeatureGroup]:
    """The date-dependent feature groups, in drawing order (areas below points)."""
    layers = set(layers)
    points, halos, areas = event_feature_collections(events, sources, prepared, areas_per_event)
    groups = []

    def group(name: str, data: dict, **kw) -> None:
        fg = folium.FeatureGroup(name=name)
        if data["features"]:
            _geojson(data, name, **kw).add_to(fg)
        groups.append(fg)

    if "zones" in layers and zones is not None:
        group("Evacuation zones", zones_fc(zones.loc[zones["kind"] == "evacuation"]), popup=True)
    if "presence" in layers and presence is not None:
        group("Reported presence", presence_fc(presence))
    if "halos" in layers:
        group("Precision", halos, tooltip=False, marker="metres")
        group("Areas", areas, popup=True)
    if "axes" in layers and axes is not None:
        group("Axes of advance", axes_fc(axes))
    if "events" in layers:
        group("Events", points, popup=True, marker=True)
    group("Measure", measure_fc(click), marker=True)
    return groups


def stable_ids(m: folium.Map) -> folium.Map:
    """Replace folium's random element ids by sequential ones (byte-identical output)."""
    counter = 0

    def walk(el):
        nonlocal counter
        el._id = f"{counter:08x}"
        counter += 1
        for child in list(el._children.values()):
            walk(child)

    walk(m)
    root = m.get_root()
    root._id = "root"
    return m
