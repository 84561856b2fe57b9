"""The one folium map builder, shared by the app and the CLI snapshot.

* :func:`base_map`: the map with everything that does not depend on the date: the bundled
  vector basemap (land, settlements, border, depth rings, the Belgorod-22 uncertainty area)
  and optional tiles. The app renders it once per (language, tiles, basemap layers)
  (raidmap/mapframe.py) so streamlit-folium keeps the same iframe.
* :func:`dynamic_layers`: the date-dependent features of :mod:`render.features` (events,
  precision halos, region-level areas, presence footprint, axes of advance, evacuation
  zones, the measuring line) as folium feature groups: the snapshot draws them under its
  client-side slider. The app sends the same features to the browser once per dataset and
  shows and hides them there (:mod:`render.livemap`).

The base map's data comes from :mod:`render.basemap`. Neither of those two modules imports
folium.

Safety: every data value that reaches a popup, tooltip or label is escaped by
:mod:`render.escape` before it enters the GeoJSON, and folium embeds the GeoJSON through
Jinja's ``tojson`` (which escapes ``<``, ``>``, ``&``). No data text is passed to
``folium.Popup``/``folium.Tooltip`` or used as a layer name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.features import GeoJsonPopup, GeoJsonTooltip
from folium.utilities import JsCode
from jinja2 import Template

from geo import settings
from geo.settings import REGION_BOUNDS
from layers.vocab import ALL_LAYERS, BASE_LAYERS, DYNAMIC_LAYERS, LAYER_LABELS
from render import style
from render.basemap import (
    _LABELLED_PLACE,
    _SMALL_PLACE,
    border_geojson,
    claim_lines_geojson,
    land_geojson,
    place_label,
    rings_geojson,
    settlements_geojson,
    uncertainty_geojson,
)
from render.features import (
    AREA_STYLE,
    PreparedEvents,
    area_feature,
    area_item,
    area_text_parts,
    axes_fc,
    bands_fc,
    collection,
    event_feature_collections,
    measure_fc,
    prepare_events,
    presence_fc,
    zones_fc,
)
from render.popup import POPUP_CSS

# The features and the base map's data are built in render/features.py and
# render/basemap.py (no folium there); this module makes the folium map of them. Their
# public names are re-exported here for the callers that know the map by this name.
__all__ = [
    "ALL_LAYERS",
    "AREA_STYLE",
    "DEFAULT_VIEW",
    "DYNAMIC_LAYERS",
    "LAYER_LABELS",
    "LEAFLET_URL_BASE",
    "MARKERCLUSTER_URL_BASE",
    "MAP_BOUNDS",
    "STATIC_LAYERS",
    "PreparedEvents",
    "RaidMap",
    "View",
    "area_feature",
    "area_item",
    "area_text_parts",
    "axes_fc",
    "base_map",
    "dynamic_layers",
    "event_feature_collections",
    "measure_fc",
    "place_label",
    "prepare_events",
    "presence_fc",
    "stable_ids",
    "uncertainty_geojson",
    "zones_fc",
]

LEAFLET_URL_BASE = "/app/static/vendor/leaflet/"
MARKERCLUSTER_URL_BASE = LEAFLET_URL_BASE + "markercluster/"  # render/assets.py copies it
STATIC_LAYERS = BASE_LAYERS  # the layers of the base map (layers/vocab.py)
MAP_BOUNDS = REGION_BOUNDS  # lon_min, lat_min, lon_max, lat_max (geo/settings.py)


@dataclass(frozen=True)
class View:
    lat: float = settings.DEFAULT_LAT
    lon: float = settings.DEFAULT_LON
    zoom: int = settings.DEFAULT_ZOOM


DEFAULT_VIEW = View()


class RaidMap(folium.Map):
    """A folium Map that loads only Leaflet, from the app's own static files (no CDN)."""

    default_js = [
        ("leaflet", LEAFLET_URL_BASE + "leaflet.js"),
        ("markercluster", MARKERCLUSTER_URL_BASE + "leaflet.markercluster.js"),
    ]
    default_css = [
        ("leaflet_css", LEAFLET_URL_BASE + "leaflet.css"),
        ("markercluster_css", MARKERCLUSTER_URL_BASE + "MarkerCluster.css"),
    ]

    def get_bounds(self):
        """The map's region, without walking every coordinate of every layer (folium's
        default; streamlit-folium asks for it on every rerun: ~70 ms here)."""
        lon0, lat0, lon1, lat1 = MAP_BOUNDS
        return [[lat0, lon0], [lat1, lon1]]


RULER_CSS = (
    ".rm-ruler-label{font:600 12px system-ui,sans-serif;color:#004d40;"
    "border-color:#00695c;white-space:nowrap}"
    ".rm-ruling,.rm-ruling .leaflet-interactive{cursor:crosshair!important}"
    ".rm-ruling .leaflet-pane .leaflet-interactive{pointer-events:none!important}"
)


class Ruler(MacroElement):
    """The two-click geodesic ruler, and the app's guard that keeps a double-click zoom from
    replacing the measured point (render/ruler.js)."""

    def __init__(self):
        super().__init__()
        self._name = "Ruler"
        js = (Path(__file__).with_name("ruler.js")).read_text(encoding="utf-8")
        self._template = Template(
            "{% macro header(this, kwargs) %}<style>" + RULER_CSS + "</style>{% endmacro %}\n"
            "{% macro script(this, kwargs) %}\n"
            + js
            + "\nrmRulerInit({{ this._parent.get_name() }});\n{% endmacro %}"
        )


def _geojson(
    data: dict,
    name: str,
    *,
    tooltip: bool = True,
    popup: bool = False,
    marker: bool | str = False,
    permanent_labels: bool = False,
    label_class: str = "rm-label",
    style: dict | None = None,
    label_field: str = "label",
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
            f"function (feature, layer) {{ layer.bindTooltip(feature.properties.{label_field}, "
            f"{{permanent: true, direction: 'right', className: '{label_class}', "
            "offset: [4, 0]}); }"
        )
    elif tooltip and data["features"]:
        kw["tooltip"] = GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=False)
    # Styles go through style_function (not a later setStyle) so that per-feature options
    # read when Leaflet creates a path, className and interactive, take effect.
    styler = _feature_style if style is None else (lambda _f, s=style: s)
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
    # folium hands min_zoom/max_zoom to its tile layer only: without tiles the map had no
    # zoom limits (and Leaflet.markercluster needs a finite maxZoom). The map's own options:
    m.options.update(min_zoom=6, max_zoom=16)
    m.get_root().header.add_child(
        folium.Element(
            f"<style>{POPUP_CSS}.leaflet-container{{background:{style.SEA_COLOUR}}}</style>"
        )
    )
    m.add_child(Ruler())
    if "land" in layers:
        _geojson(land_geojson(), "Land", tooltip=False).add_to(m)
    if tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (online)", opacity=0.85).add_to(
            m
        )
    if "rings" in layers:
        _geojson(rings_geojson(), "Depth rings").add_to(m)
        # Their labels give way to place names where they meet (render/mapview.js).
        _geojson(
            claim_lines_geojson(),
            "Claimed against measured",
            permanent_labels=True,
            label_class="rm-label rm-label-claim",
            label_field="short",  # "RVC claim: 42 km"; the full text in the line's popup
            popup=True,
        ).add_to(m)
    if "uncertainty" in layers:
        _geojson(uncertainty_geojson(), "Belgorod-22 uncertainty area", popup=True).add_to(m)
    if "border" in layers:
        _geojson(border_geojson(), "Border").add_to(m)
    if "settlements" in layers:
        data = settlements_geojson(lang)
        lab = collection([f for f in data["features"] if f["properties"]["labelled"]])
        rest = collection([f for f in data["features"] if not f["properties"]["labelled"]])
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


BAND_LAYER = "Penetration over time"


def band_group(bands: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """The penetration-over-time bands (:func:`render.features.bands_fc`) as a feature group,
    each band's tooltip saying its day, place and depth ± uncertainty."""
    fg = folium.FeatureGroup(name=BAND_LAYER)
    data = bands_fc(bands)
    if data["features"]:
        _geojson(data, BAND_LAYER).add_to(fg)
    return fg


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
