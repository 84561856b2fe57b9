"""The app's map: streamlit-folium's front end, fed with a base map rendered once.

``st_folium`` renders the whole folium map to HTML on every rerun (the bundled basemap is
~0.5 MB of script) and rebuilds every date-dependent layer as folium elements. Here the base
map (vector basemap + :class:`render.livemap.LiveLayers`) is rendered once per (language,
tiles, basemap layers) and cached; a slider move only sends a new, tiny ``feature_group``
script (:func:`render.livemap.show_js`), which streamlit-folium's front end evaluates in the
map iframe without reloading it. The component and its argument names are streamlit-folium's
(pinned in pyproject.toml); ``tests/test_mapframe.py`` checks them against ``st_folium``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium as stf

from render import webmap
from render.livemap import LiveLayers

RETURNED = ("last_clicked", "center", "zoom")


@dataclass(frozen=True)
class MapFrame:
    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    zoom: int


def build_frame(lang: str, tiles: bool, layers: Iterable[str]) -> MapFrame:
    """The base map rendered as streamlit-folium renders it (see ``st_folium``)."""
    m = webmap.base_map(webmap.DEFAULT_VIEW, lang=lang, tiles=tiles, layers=tuple(layers))
    LiveLayers().add_to(m)
    m.get_root().render()
    m.render()
    html = stf._get_html(m)
    header = stf._get_header(m)
    script = stf._get_map_string(m)
    css, js = [], []
    for el in _walk(m):
        css.extend(href for _, href in getattr(el, "default_css", []))
        js.extend(src for _, src in getattr(el, "default_js", []))
    return MapFrame(
        script,
        header,
        html,
        stf.get_full_id(m),
        tuple(dict.fromkeys(css)),
        tuple(dict.fromkeys(js)),
        int(m.options.get("zoom", webmap.DEFAULT_VIEW.zoom)),
    )


def _walk(el):
    if isinstance(el, folium.elements.JSCSSMixin):
        yield el
    for child in getattr(el, "_children", {}).values():
        yield from _walk(child)


@st.cache_resource(show_spinner=False, max_entries=24)
def cached_frame(lang: str, tiles: bool, layers: tuple[str, ...]) -> MapFrame:
    return build_frame(lang, tiles, layers)


def _ensure_registered() -> None:
    """Streamlit registers a component with the server only when its module is imported
    during a script run. ``raidmap.serve`` imports streamlit_folium before the server
    exists, so the component is registered here, once, or its files would not be served."""
    from streamlit.runtime import exists, get_instance

    if not exists():
        return  # no server (bare mode): nothing serves components
    registry = get_instance().component_registry
    if registry.get_module_name(stf._component_func.name) is None:
        registry.register_component(stf._component_func)


def live_map(
    frame: MapFrame,
    *,
    feature_js: str,
    key: str,
    height: int,
    center: tuple[float, float],
    zoom: int,
) -> dict:
    """Draw the map (mounted once per base map; later calls update it in place) and return
    what the user did on it: last click, centre and zoom."""
    _ensure_registered()
    return stf._component_func(
        script=frame.script,
        header=frame.header,
        html=frame.html,
        id=frame.map_id,
        key=stf.generate_js_hash(frame.script, key, False),
        height=height,
        width=None,
        returned_objects=list(RETURNED),
        default={"last_clicked": None, "zoom": frame.zoom},
        zoom=zoom,
        center=list(center),
        feature_group=feature_js,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(frame.css_links),
        js_links=list(frame.js_links),
        wrap_longitude=False,
    )
