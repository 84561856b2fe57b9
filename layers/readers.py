"""Reading CSV and GeoJSON files into plain rows of strings, with file-level checks.

Readers never infer types (no pandas inference: it guesses a date format from the first row
and turns the rest into NaT). Each row is ``(row_ref, {column: raw value})``; validation of
the values happens in :mod:`layers.events`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pyproj import CRS, Transformer

from layers.report import LoadReport
from layers.schema import MAX_JSON_DEPTH, MAX_ROWS, MAX_UPLOAD_BYTES

Row = tuple[int | str, dict]


def read_bytes(
    source: str | Path | bytes, report: LoadReport, max_bytes: int = MAX_UPLOAD_BYTES
) -> bytes | None:
    """The file's bytes, or None after recording why it cannot be read."""
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            report.fail(f"cannot read the file ({exc.strerror or exc})")
            return None
        if size > max_bytes:
            report.fail(f"file is {size:,} bytes; the limit is {max_bytes:,}")
            return None
        data = path.read_bytes()
    if len(data) > max_bytes:
        report.fail(f"file is {len(data):,} bytes; the limit is {max_bytes:,}")
        return None
    if not data.strip():
        report.fail("the file is empty (0 bytes of content)")
        return None
    return data


def decode(data: bytes, report: LoadReport) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.fail(f"not UTF-8 text (byte {exc.start}: {exc.reason})")
        return None
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body")):
        report.fail("this is an HTML/XML page, not a data file (a download saved the wrong page?)")
        return None
    return text


def read_csv_rows(text: str, report: LoadReport) -> tuple[list[str], list[Row]] | None:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        report.fail("the file has no header row")
        return None
    except csv.Error as exc:
        report.fail(f"not a readable CSV ({exc})")
        return None
    header = [h.strip() for h in header]
    rows: list[Row] = []
    try:
        for line_no, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue  # blank line
            if len(rows) >= MAX_ROWS:
                report.fail(f"more than {MAX_ROWS:,} rows; split the file")
                return None
            row: dict[str, str | list[str]] = dict(zip(header, values, strict=False))
            if len(values) > len(header):
                row["__extra__"] = values[len(header) :]
            rows.append((line_no, row))
    except csv.Error as exc:
        report.fail(f"CSV broken near line {reader.line_num} ({exc})")
        return None
    return header, rows


def _depth(obj, limit: int) -> int:
    """Nesting depth of a JSON value, iteratively (deep nesting must not blow the stack)."""
    deepest, stack = 0, [(obj, 1)]
    while stack:
        o, d = stack.pop()
        deepest = max(deepest, d)
        if d > limit:
            return d
        if isinstance(o, dict):
            stack.extend((v, d + 1) for v in o.values())
        elif isinstance(o, list):
            stack.extend((v, d + 1) for v in o)
    return deepest


def _feature_collection(text: str, report: LoadReport) -> tuple[dict, list] | None:
    """The document and its features list, or None after recording why not."""
    try:
        doc = json.loads(text)
    except RecursionError:
        report.fail(f"JSON nested too deeply (limit {MAX_JSON_DEPTH} levels)")
        return None
    except json.JSONDecodeError as exc:
        report.fail(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno} (truncated file?)"
        )
        return None
    if _depth(doc, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        report.fail(f"JSON nested too deeply (limit {MAX_JSON_DEPTH} levels)")
        return None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        kind = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        report.fail(f"expected a GeoJSON FeatureCollection, found {kind!r}")
        return None
    feats = doc.get("features")
    if not isinstance(feats, list):
        report.fail("the FeatureCollection has no 'features' list")
        return None
    if len(feats) > MAX_ROWS:
        report.fail(f"more than {MAX_ROWS:,} features; split the file")
        return None
    return doc, feats


def _point_cells(geom, transform) -> dict:
    """A feature's geometry as raw ``longitude``/``latitude`` cells, or its error."""
    # A null geometry has no coordinates: the gazetteer may still place it by name.
    if geom is None:
        return {}
    if not isinstance(geom, dict) or geom.get("type") != "Point":
        gtype = geom.get("type") if isinstance(geom, dict) else type(geom).__name__
        return {"__geometry_error__": (str(gtype), "only Point geometries are events")}
    coords = geom.get("coordinates")
    if not isinstance(coords, list) or len(coords) < 2:
        return {"__geometry_error__": (json.dumps(coords)[:80], "Point needs [lon, lat]")}
    if not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords[:2]):
        return {
            "__geometry_error__": (
                json.dumps(coords)[:80],
                "coordinates must be JSON numbers [lon, lat], not strings or null",
            )
        }
    lon, lat = coords[0], coords[1]
    if transform and all(isinstance(c, int | float) for c in (lon, lat)):
        lon, lat = transform.transform(lon, lat)
    return {"longitude": lon, "latitude": lat}


def read_geojson_rows(text: str, report: LoadReport) -> tuple[list[str], list[Row]] | None:
    """Features → rows; Point coordinates become raw ``longitude``/``latitude`` values."""
    parsed = _feature_collection(text, report)
    if parsed is None:
        return None
    doc, feats = parsed
    transform = _crs_transform(doc.get("crs"), report)
    if transform is False:
        return None
    rows: list[Row] = []
    columns: list[str] = []
    for i, feat in enumerate(feats):
        ref = f"feature {i}"
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            rows.append((ref, {"__invalid__": "not a GeoJSON Feature"}))
            continue
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            rows.append((ref, {"__invalid__": "properties is not an object"}))
            continue
        row = {k: _cell(v) for k, v in props.items()}
        for k in row:
            if k not in columns:
                columns.append(k)
        row.update(_point_cells(feat.get("geometry"), transform))
        rows.append((ref, row))
    for c in ("longitude", "latitude"):
        if c not in columns:
            columns.append(c)
    return columns, rows


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, list):
        return ";".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v if isinstance(v, str) else str(v) if isinstance(v, bool) else v


def _crs_transform(crs_member, report: LoadReport):
    """None for WGS84 lon/lat, a Transformer for a legacy ``crs`` member naming another CRS,
    False (after failing the report) for one that cannot be understood."""
    if crs_member is None:
        return None
    try:
        name = crs_member["properties"]["name"]
        crs = CRS.from_user_input(name)
    except Exception:  # noqa: BLE001 - any malformed member is reported, not raised
        report.fail(f"unreadable legacy 'crs' member: {json.dumps(crs_member)[:120]}")
        return False
    if crs.equals(CRS.from_epsg(4326), ignore_axis_order=True) or "CRS84" in str(name):
        return None
    report.notes.append(
        f"{report.file}: coordinates given in {crs.to_string()} (legacy 'crs' member); "
        "reprojected to WGS84 lon/lat"
    )
    return Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
