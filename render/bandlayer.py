"""The penetration-over-time bands on the app's live map: a small script, sent with every
slider move beside render/live.js's, that replaces the band layer with the bands shown on
the date (:func:`layers.penetration.bands_on`). Leaflet gets escaped text only (the tooltips
are :func:`render.features.bands_fc`'s)."""

from __future__ import annotations

import geopandas as gpd

from render.escape import json_for_script
from render.features import bands_fc

PANE_Z = 405  # below the live layers' zones (410), presence and events: the bands are ground


def bands_js(bands: gpd.GeoDataFrame | None) -> str:
    """Script for the live map (after ``window.rmLive`` exists): show ``bands`` (none:
    remove the layer)."""
    fc = bands_fc(bands) if bands is not None and len(bands) else {"features": []}
    data = json_for_script({"type": "FeatureCollection", "features": fc["features"]})
    return (
        "(function (fc) {\n"
        "  var live = window.rmLive, m = live && live.map;\n"
        "  if (!m) { return; }\n"
        "  if (live.bands) { m.removeLayer(live.bands); live.bands = null; }\n"
        "  document.body.setAttribute('data-rm-bands', String(fc.features.length));\n"
        "  if (!fc.features.length) { return; }\n"
        "  if (!m.getPane('rm-bands')) {\n"
        f"    m.createPane('rm-bands').style.zIndex = {PANE_Z};\n"
        "  }\n"
        "  live.bands = L.geoJSON(fc, {\n"
        "    pane: 'rm-bands',\n"
        "    style: function (f) { return f.properties.style; },\n"
        "    onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.tooltip); }\n"
        "  }).addTo(m);\n"
        f"}})({data});\n"
    )
