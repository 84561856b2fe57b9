"""Export events to GeoJSON, GeoParquet and CSV.

* GeoJSON: RFC 7946 (lon, lat), properties with ISO dates, ``null`` for missing values,
  ``source_ids``, ``sources`` (``{id, publisher, title, date, url, tier}`` per source, for
  the bundled record) and ``claims`` as JSON arrays.
* CSV: one row per event; plain lists joined with ``;``; ``sources`` and claims as JSON
  text; any cell that a spreadsheet would read as a formula (starting with = + - @, tab or
  carriage return) is prefixed with an apostrophe (OWASP's CSV-injection advice). Negative
  numbers stay numbers.
* GeoParquet: geopandas' writer; lists, sources and claims stored as JSON text.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd

from layers.events import GDF_COLUMNS

EXPORT_COLUMNS = (*GDF_COLUMNS, "sources", "claims")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(v):
    """A JSON-safe plain value."""
    if v is None:
        return None
    if isinstance(v, pd.Timestamp):
        return None if pd.isna(v) else v.date().isoformat()
    if isinstance(v, float):
        return None if math.isnan(v) else round(v, 6)
    if hasattr(v, "item"):  # numpy scalar
        return _plain(v.item())
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if v is pd.NaT:
        return None
    return v


def feature_collection(gdf: gpd.GeoDataFrame) -> dict:
    cols = [c for c in EXPORT_COLUMNS if c in gdf.columns]
    feats = []
    for rec, geom in zip(gdf[cols].to_dict("records"), gdf.geometry, strict=True):
        feats.append(
            {
                "type": "Feature",
                "geometry": None if geom is None or geom.is_empty else geom.__geo_interface__,
                "properties": {k: _plain(v) for k, v in rec.items()},
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def to_geojson(gdf: gpd.GeoDataFrame) -> str:
    return json.dumps(feature_collection(gdf), ensure_ascii=False, indent=1)


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    s = str(value)
    return "'" + s if s.startswith(_FORMULA_START) else s


def _csv_value(v) -> object:
    p = _plain(v)
    if isinstance(p, list) and p and isinstance(p[0], dict):
        return json.dumps(p, ensure_ascii=False)
    if isinstance(p, list):
        return ";".join(str(x) for x in p)
    return p


def to_csv(gdf: gpd.GeoDataFrame) -> str:
    cols = [c for c in EXPORT_COLUMNS if c in gdf.columns and c != "geometry"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for rec in gdf[cols].to_dict("records"):
        w.writerow([safe_cell(_csv_value(rec[c])) for c in cols])
    return buf.getvalue()


def to_parquet(gdf: gpd.GeoDataFrame, path: Path) -> None:
    out = gdf.copy()
    for c in ("source_ids", "sources", "claims"):
        if c in out:
            out[c] = out[c].map(lambda v: json.dumps(_plain(v), ensure_ascii=False))
    out.to_parquet(path, index=False)


def write(gdf: gpd.GeoDataFrame, fmt: str, out: Path | None) -> str | None:
    """Write ``gdf`` in ``fmt`` to ``out`` (or return the text when ``out`` is None)."""
    if fmt == "parquet":
        if out is None:
            raise ValueError("parquet output needs --out PATH")
        to_parquet(gdf, out)
        return None
    text = to_geojson(gdf) if fmt == "geojson" else to_csv(gdf)
    if out is None:
        return text
    Path(out).write_text(text, encoding="utf-8")
    return None
