"""Export events to GeoJSON, GeoParquet and CSV.

* GeoJSON: RFC 7946 (lon, lat), properties with ISO dates, ``null`` for missing values,
  ``source_ids``, ``sources`` (``{id, publisher, title, date, url, tier}`` per source, for
  the bundled record) and ``claims`` as JSON arrays.
* CSV: one row per event; plain lists joined with ``;``; ``sources`` as JSON text; claims
  readable, one per line of the cell (``claimant: text [status]``); any cell that a
  spreadsheet would read as a formula (starting with = + - @, tab or carriage return) is
  prefixed with an apostrophe (OWASP's CSV-injection advice). Negative numbers stay numbers.
* GeoParquet: geopandas' writer; lists, sources and claims stored as JSON text.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd

from layers.confidence import CONFIDENCE_COLUMNS
from layers.events import GDF_COLUMNS

EXPORT_COLUMNS = (*GDF_COLUMNS, *CONFIDENCE_COLUMNS, "sources", "claims")
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


def _column(s: pd.Series) -> list:
    """A column as JSON-safe plain values, converted a column at a time (not per cell,
    where it can be helped: at 500,000 rows the per-cell path costs seconds)."""
    if pd.api.types.is_datetime64_any_dtype(s):
        text = s.dt.strftime("%Y-%m-%d")
        return [None if v is None or v != v else v for v in text.tolist()]
    if pd.api.types.is_float_dtype(s):
        return [None if v != v else v for v in s.to_numpy(float).round(6).tolist()]
    if pd.api.types.is_integer_dtype(s) or pd.api.types.is_bool_dtype(s):
        return s.tolist()
    return [_plain(v) for v in s.tolist()]


def _geometries(gdf: gpd.GeoDataFrame) -> list:
    geoms = gdf.geometry
    if len(geoms) and (geoms.geom_type == "Point").all() and not geoms.is_empty.any():
        return [
            {"type": "Point", "coordinates": [x, y]}
            for x, y in zip(geoms.x.tolist(), geoms.y.tolist(), strict=True)
        ]
    return [None if g is None or g.is_empty else g.__geo_interface__ for g in geoms]


def _features(gdf: gpd.GeoDataFrame):
    """The features one at a time, from values converted a column at a time."""
    cols = [c for c in EXPORT_COLUMNS if c in gdf.columns and c != "geometry"]
    values = [_column(gdf[c]) for c in cols]
    for geom, row in zip(_geometries(gdf), zip(*values, strict=True) if cols else
                         iter(lambda: (), None), strict=False):  # fmt: skip
        yield {"type": "Feature", "geometry": geom, "properties": dict(zip(cols, row, strict=True))}


def feature_collection(gdf: gpd.GeoDataFrame) -> dict:
    return {"type": "FeatureCollection", "features": list(_features(gdf))}


_FC_HEAD = '{"type": "FeatureCollection", "features": [\n'


def _geojson_chunks(gdf: gpd.GeoDataFrame):
    # No indent: json.dumps with indent falls back to the pure-Python encoder (several
    # times slower on a large collection). One feature per line keeps the file readable.
    yield _FC_HEAD
    sep = ""
    for f in _features(gdf):
        yield sep + json.dumps(f, ensure_ascii=False)
        sep = ",\n"
    yield "\n]}\n" if sep else "]}\n"


def to_geojson(gdf: gpd.GeoDataFrame) -> str:
    return "".join(_geojson_chunks(gdf))


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    s = str(value)
    return "'" + s if s.startswith(_FORMULA_START) else s


def claim_line(c: dict) -> str:
    """One claim as a reader writes it: ``claimant: text [status]``."""
    status = f" [{c['status']}]" if c.get("status") else ""
    return f"{c.get('claimant') or 'unattributed'}: {c.get('claim_text') or ''}{status}"


def _csv_value(column: str, v) -> object:
    p = _plain(v)
    if column == "claims" and isinstance(p, list):
        return "\n".join(claim_line(c) for c in p if isinstance(c, dict))
    if isinstance(p, list) and any(isinstance(x, dict) for x in p):
        return json.dumps(p, ensure_ascii=False)  # structured lists (sources) as JSON text
    if isinstance(p, list):
        return ";".join(str(x) for x in p)
    return p


def to_csv(gdf: gpd.GeoDataFrame) -> str:
    cols = [c for c in EXPORT_COLUMNS if c in gdf.columns and c != "geometry"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for rec in gdf[cols].to_dict("records"):
        w.writerow([safe_cell(_csv_value(c, rec[c])) for c in cols])
    return buf.getvalue()


def table_csv(df: pd.DataFrame) -> str:
    """A plain table (an analyst view) as CSV: its columns as they are, each cell through
    :func:`safe_cell` (event ids and place names come from the imported file); timestamps
    as dates when they have no time of day."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(df.columns))
    for row in df.itertuples(index=False, name=None):
        w.writerow([safe_cell(_date_or_value(v)) for v in row])
    return buf.getvalue()


def _date_or_value(v):
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
    return v


@contextmanager
def atomic_path(out: Path):
    """A temporary path beside ``out`` (same suffix) to write to; it becomes ``out`` only
    when the block ends without error (``os.replace``: readers never see half a file, and
    a failed write leaves an earlier ``out`` as it was)."""
    out = Path(out)
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.tmp{out.suffix}")
    try:
        yield tmp
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()


def to_parquet(gdf: gpd.GeoDataFrame, path: Path) -> None:
    out = gdf.copy(deep=False)  # the columns replaced below are new; the rest is not copied
    for c in ("source_ids", "sources", "claims"):
        if c in out:
            out[c] = _json_texts(out[c])
    out.to_parquet(path, index=False)


def _json_texts(col: pd.Series) -> list[str]:
    """Each cell as JSON text; lists of plain strings (source ids, empty claims) repeat a
    lot, so each distinct one is encoded once. Rows often share one list object (the
    loaders give each distinct source list once): those are told by identity first."""
    memo: dict[tuple, str] = {(): "[]"}  # keys: tuples of plain strings only
    seen: dict[int, str] = {}  # id of a list or tuple of plain strings -> its text
    out: list[str] = []
    append = out.append
    cells = col.tolist()  # holds every cell: no id is reused while this runs
    for v in cells:
        if type(v) is list or type(v) is tuple:
            text = seen.get(id(v))
            if text is not None:
                append(text)
                continue
            try:
                text = memo[tuple(v)]
            except (KeyError, TypeError):  # new, or holds something unhashable
                if all(type(x) is str for x in v):
                    text = memo.setdefault(tuple(v), json.dumps(list(v), ensure_ascii=False))
            if text is not None:
                seen[id(v)] = text
                append(text)
                continue
        append(json.dumps(_plain(v), ensure_ascii=False))
    return out


def write(gdf: gpd.GeoDataFrame, fmt: str, out: Path | None) -> str | None:
    """Write ``gdf`` in ``fmt`` to ``out`` (or return the text when ``out`` is None)."""
    if fmt == "parquet":
        if out is None:
            raise ValueError("parquet output needs --out PATH")
        with atomic_path(out) as tmp:
            to_parquet(gdf, tmp)
        return None
    if fmt == "geojson" and out is not None:
        # Streamed to the file: a whole-war export is never one string in memory.
        with atomic_path(out) as tmp, open(tmp, "w", encoding="utf-8") as fh:
            fh.writelines(_geojson_chunks(gdf))
        return None
    text = to_geojson(gdf) if fmt == "geojson" else to_csv(gdf)
    if out is None:
        return text
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return None
