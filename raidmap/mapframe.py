"""The app's map: streamlit-folium's front end, fed with a base map rendered once.

``st_folium`` renders the whole folium map to HTML on every rerun (the bundled basemap is
~0.5 MB of script) and rebuilds every date-dependent layer as folium elements. Here the base
map (vector basemap + :class:`render.livemap.LiveLayers`) is rendered once per (language,
tiles, basemap layers) and cached; a slider move only sends a new, tiny ``feature_group``
script (:func:`render.livemap.show_js`), which streamlit-folium's front end evaluates in the
map iframe without reloading it. The component and its argument names are streamlit-folium's
(pinned in pyproject.toml); every argument :func:`live_map` passes is checked against the
installed front end's code by
tests/test_livemap.py::test_frame_arguments_are_the_ones_streamlit_folium_reads.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import folium
import streamlit as st
import streamlit_folium as stf

from geo.paths import REPO_ROOT
from render import webmap
from render.assets import tooltip_batch_js
from render.gestures import GestureHandling
from render.livemap import LiveLayers, ensure_static, live_frame_js, live_frame_name

RETURNED = ("last_clicked", "center", "zoom")
# The basemap's GeoJSON (~0.4 MB) is served as a static script, loaded before the map's own
# script runs (streamlit-folium loads ``js_links`` first, in order). Inline, it would be
# part of the component's arguments, resent with every rerun (the message cache is off:
# .streamlit/config.toml). So are the live layers' definitions (render/livemap.py's
# live_frame_js, ~70 KB): the frame's script only starts them.
FRAME_DIR = REPO_ROOT / "static" / "frames"
FRAME_URL = "/app/static/frames/"
_DATA_CALL = re.compile(r"\b(geo_json_\w+_add)\(")


@dataclass(frozen=True)
class MapFrame:
    script: str  # the map's script, the basemap data referred to as rmBasemap[i]
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]  # Leaflet's, the basemap data (data_name), the live layers' code
    zoom: int
    data_js: str  # defines window.rmBasemap, served as FRAME_URL + data_name
    data_name: str


def split_data(script: str) -> tuple[str, str]:
    """``script`` with the GeoJSON argument of each ``geo_json_*_add({...})`` call (folium's
    way to fill a GeoJson layer) replaced by ``rmBasemap[i]``, and a script that defines
    ``window.rmBasemap`` as those arguments, text unchanged (JSON is valid JavaScript)."""
    decoder = json.JSONDecoder()
    out: list[str] = []
    parts: list[str] = []
    pos = 0
    for m in _DATA_CALL.finditer(script):
        start = m.end()
        if start < pos or not script.startswith("{", start):
            continue
        _, end = decoder.raw_decode(script, start)
        out += [script[pos:start], f"rmBasemap[{len(parts)}]"]
        parts.append(script[start:end])
        pos = end
    out.append(script[pos:])
    return "".join(out), "window.rmBasemap = [" + ",\n".join(parts) + "];\n"


def build_frame(lang: str, tiles: bool, layers: Iterable[str]) -> MapFrame:
    """The base map rendered as streamlit-folium renders it (see ``st_folium``)."""
    m = webmap.base_map(webmap.DEFAULT_VIEW, lang=lang, tiles=tiles, layers=tuple(layers))
    LiveLayers(inline=False).add_to(m)  # its definitions: a static file (js_links)
    GestureHandling().add_to(m)
    m.get_root().render()
    m.render()
    html = stf._get_html(m)
    header = stf._get_header(m)
    script = stf._get_map_string(m)
    css: list[str] = []
    js: list[str] = []
    for el in _walk(m):
        css.extend(href for _, href in getattr(el, "default_css", []))
        js.extend(src for _, src in getattr(el, "default_js", []))
    script, data_js = split_data(script)
    script = tooltip_batch_js() + script  # before the map's labels are opened
    data_name = hashlib.sha256(data_js.encode()).hexdigest()[:20] + ".js"
    return MapFrame(
        script,
        header,
        html,
        stf.get_full_id(m),
        tuple(dict.fromkeys(css)),
        (*dict.fromkeys(js), FRAME_URL + data_name, FRAME_URL + live_frame_name()),
        int(cast(int, m.options.get("zoom", webmap.DEFAULT_VIEW.zoom))),  # a JSON number
        data_js,
        data_name,
    )


def ensure_data_file(frame: MapFrame, directory=FRAME_DIR) -> None:
    """Write the frame's basemap data and the live layers' definitions where the app serves
    static files, unless they are there (one ``stat`` each per call: this runs with every
    rerun)."""
    ensure_static(directory, frame.data_name, frame.data_js.encode())
    ensure_static(directory, live_frame_name(), live_frame_js().encode())


def _walk(el):
    if isinstance(el, folium.elements.JSCSSMixin):
        yield el
    for child in getattr(el, "_children", {}).values():
        yield from _walk(child)


@st.cache_resource(show_spinner=False, max_entries=24)
def cached_frame(lang: str, tiles: bool, layers: tuple[str, ...]) -> MapFrame:
    frame = build_frame(lang, tiles, layers)
    ensure_data_file(frame)
    return frame


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
    ensure_data_file(frame)
    return stf._component_func(
        script=frame.script,
        header=frame.header,
        html=frame.html,
        id=frame.map_id,
        # A new base map needs a new iframe: its script or its data (other labels, layers).
        key=stf.generate_js_hash(frame.script + "".join(frame.js_links), key, False),
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
