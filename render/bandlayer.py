"""The penetration-over-time bands on the app's live map.

Every band of a dataset and filter choice (every day:
:func:`layers.penetration.penetration_bands`) is one JSON document (:func:`bands_document`),
written once where the app serves static files (:func:`publish_bands`). A slider move sends
only a small script (:func:`bands_show_js`): the document's URL and the date rule (date, mode,
window); the map fetches the document once per URL and shows the bands that the one date rule
(render/daterule.js, :mod:`layers.dates`) shows on that date. So a move's cost and bytes do
not grow with the bands (issue 16: 0.6 s and 550 KB per "up to" move at 500,000 rows while
the bands went with every move).

Leaflet gets escaped text only (the tooltips are :func:`render.features.bands_fc`'s).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from render.escape import json_for_script, script_safe_json
from render.features import bands_fc
from render.staticfiles import write_static

PANE_Z = 405  # below the live layers' zones (410), presence and events: the bands are ground
BANDS_DIR = Path(__file__).resolve().parent.parent / "static" / "bands"
BANDS_URL = "/app/static/bands/"
KEEP_BAND_FILES = 24

# Defines window.rmBands once per map frame (part of the live layers' definitions:
# render/livemap.py's live_frame_js). show(url, rule): fetch the document (once per
# URL) and draw the bands the rule (date, mode, window) shows; pick(features, rule): that
# choice (tests run it beside render/daterule.js); draw(fc, rule): draw fc's bands (all of
# them when rule is null).
BANDS_FN = (
    "if (!window.rmBands) { window.rmBands = (function () {\n"
    "  var docs = {}, want = null;\n"
    "  function pick(features, rule) {\n"
    "    return features.filter(function (f) {\n"
    "      var p = f.properties;\n"
    "      return rmDateRule.activeOn(p.event_date, p.end_date, rule.date, rule.mode,\n"
    "                                 rule.window);\n"
    "    });\n"
    "  }\n"
    "  function draw(fc, rule) {\n"
    "    var live = window.rmLive, m = live && live.map;\n"
    "    if (!m) { return; }\n"
    "    if (live.bands) { m.removeLayer(live.bands); live.bands = null; }\n"
    "    var shown = rule ? pick(fc.features, rule) : fc.features;\n"
    "    document.body.setAttribute('data-rm-bands', String(shown.length));\n"
    "    if (!shown.length) { return; }\n"
    "    if (!m.getPane('rm-bands')) {\n"
    f"      m.createPane('rm-bands').style.zIndex = {PANE_Z};\n"
    "    }\n"
    "    live.bands = L.geoJSON({type: 'FeatureCollection', features: shown}, {\n"
    "      pane: 'rm-bands',\n"
    "      style: function (f) { return f.properties.style; },\n"
    "      onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.tooltip); }\n"
    "    }).addTo(m);\n"
    "  }\n"
    "  function show(url, rule) {\n"
    "    want = url ? {url: url, rule: rule} : null;\n"
    "    if (!url) { draw({features: []}, null); return; }\n"
    "    if (!docs[url]) {\n"
    "      docs[url] = fetch(url, {credentials: 'same-origin'}).then(function (r) {\n"
    "        if (!r.ok) { throw new Error('HTTP ' + r.status); }\n"
    "        return r.json();\n"
    "      });\n"
    "      docs[url].catch(function () { delete docs[url]; });  // the next move retries\n"
    "    }\n"
    "    docs[url].then(function (fc) {\n"
    "      if (want && want.url === url) { draw(fc, want.rule); }  // the latest move's\n"
    "    }).catch(function () {});\n"
    "  }\n"
    "  return {show: show, pick: pick, draw: draw};\n"
    "})(); }\n"
)


def bands_document(bands: gpd.GeoDataFrame | None) -> bytes:
    """Every band as one GeoJSON FeatureCollection (each feature dated: ``event_date``,
    ``end_date``), made once per dataset and filter choice."""
    fc = bands_fc(bands) if bands is not None and len(bands) else {"features": []}
    doc = {"type": "FeatureCollection", "features": fc["features"]}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def bands_file_name(body: bytes) -> str:
    """The document's file name: its content's digest."""
    return hashlib.sha256(body).hexdigest()[:24] + ".json"


def publish_bands(body: bytes, name: str | None = None, directory: Path | None = None) -> str:
    """The document's URL (written once per content; one ``stat`` on later calls).
    ``name``: :func:`bands_file_name` of ``body``, when the caller has it cached."""
    directory = BANDS_DIR if directory is None else directory
    name = bands_file_name(body) if name is None else name
    if not (directory / name).exists():
        write_static(directory, name, body, KEEP_BAND_FILES)
    return BANDS_URL + name


def bands_show_js(url: str | None, date=None, mode: str = "upto", window: int = 7) -> str:
    """Script for the live map (after ``window.rmLive`` and ``window.rmBands`` exist: the
    frame defines both, :func:`render.livemap.live_frame_js`): show the bands of the
    document at ``url`` that the date rule shows on ``date`` (no URL: remove the layer). A
    hundred bytes or so, whatever the bands."""
    rule = None
    if url:
        rule = {"date": pd.Timestamp(date).date().isoformat(), "mode": mode, "window": int(window)}
    return f"window.rmBands.show({json_for_script(url)}, {json_for_script(rule)});\n"


def bands_js(bands: gpd.GeoDataFrame | None) -> str:
    """Script drawing exactly ``bands`` (every feature goes with the script), for a caller
    that has picked the bands itself; the app sends :func:`bands_show_js` instead."""
    data = script_safe_json(bands_document(bands).decode("utf-8"))
    return BANDS_FN + f"window.rmBands.draw({data}, null);\n"
