"""Reading CSV and GeoJSON files into plain rows of strings, with file-level checks.

Readers never infer types (no pandas inference: it guesses a date format from the first row
and turns the rest into NaT). Each row is ``(row_ref, {column: raw value})``; validation of
the values happens in :mod:`layers.events`.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterator
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
    if not data or data.isspace():  # stops at the first other byte (strip copied it all)
        report.fail("the file is empty (0 bytes of content)")
        return None
    return data


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that UTF-8 could not decode become lone surrogates (U+DC80..U+DCFF, Python's
# "surrogateescape"): valid text never holds them, so a row holding one is named and
# rejected (layers.events) while the rest of the file loads.
UNDECODABLE = re.compile("[\udc80-\udcff]")
_BAD = UNDECODABLE
# What spreadsheets in Russia, Ukraine and the West save CSV as when not UTF-8 (the
# detector, free to choose among all it knows, reads a short Windows-1251 file as a Baltic
# Latin code page). Order breaks ties: Windows-1251 first.
SPREADSHEET_ENCODINGS = {
    "cp1251": "Windows-1251",
    "koi8_r": "KOI8-R",
    "koi8_u": "KOI8-U",
    "cp866": "DOS-866",
    "mac_cyrillic": "Mac Cyrillic",
    "iso8859_5": "ISO-8859-5",
    "cp1252": "Windows-1252",
    "latin_1": "Latin-1",
}
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def decode(data: bytes, report: LoadReport) -> str | None:
    """The file's text. UTF-8 (with or without BOM) is read as such, a few undecodable bytes
    reject only their rows; UTF-16/32 with a BOM by its BOM; other encodings (Windows-1251,
    KOI8-R, Latin-1 ... as spreadsheets write them) are detected by charset-normalizer, and
    the report says which encoding was used."""
    text = _decode(data, report)
    if text is None:
        return None
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body")):
        report.fail("this is an HTML/XML page, not a data file (a download saved the wrong page?)")
        return None
    return text


def _decode(data: bytes, report: LoadReport) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom) and codec != "utf-8-sig":
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                report.fail(
                    f"not UTF-8 text, and not {codec.upper()} either although it starts with "
                    f"that byte-order mark (byte {exc.start}: {exc.reason})"
                )
                return None
            if not _plausible(text):
                report.fail(
                    f"not UTF-8 text (byte 0: a {codec.upper()} byte-order mark), and read as "
                    f"{codec.upper()} it holds no CSV header or JSON"
                )
                return None
            report.notes.append(f"{report.file}: text decoded as {codec.upper()} (byte-order mark)")
            return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc
    text = data.decode("utf-8-sig", errors="surrogateescape")
    bad = len(_BAD.findall(text))
    # Valid multi-byte UTF-8 sequences next to a few broken ones: a UTF-8 file with damaged
    # rows, which are rejected one by one. No valid sequence at all: another encoding.
    if _VALID_NON_ASCII.search(text):
        report.notes.append(
            f"{report.file}: UTF-8 text with {bad} undecodable byte(s); their rows are rejected"
        )
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(SPREADSHEET_ENCODINGS)).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        line = data[: first_bad.start].count(b"\n") + 1
        report.fail(
            f"not UTF-8 text (byte {first_bad.start}, line {line}: {first_bad.reason}), and no "
            "other text encoding fits it; save it as UTF-8 CSV"
        )
        return None
    text = data.decode(best.encoding, errors="strict")
    report.notes.append(
        f"{report.file}: not UTF-8; text decoded as "
        f"{SPREADSHEET_ENCODINGS.get(best.encoding, best.encoding)} "
        "(detected by charset-normalizer): check the names below read right"
    )
    return text


def _plausible(text: str) -> bool:
    """Decoded text that could be a CSV header or JSON (not UTF-16 read from random bytes)."""
    head = text.lstrip("\ufeff \r\n\t")[:4096]
    if head[:1] in ("{", "["):
        return True
    first = head.split("\n", 1)[0].rstrip("\r")
    return ("," in first or ";" in first) and first.isprintable()


def read_csv_rows(text: str, report: LoadReport) -> tuple[list[str], list[Row]] | None:
    """The header and every row (see :func:`iter_csv_rows`), as a list."""
    parsed = iter_csv_rows(text, report)
    if parsed is None:
        return None
    header, make_rows = parsed
    rows = list(make_rows(None))
    return None if report.file_error else (header, rows)


def iter_csv_rows(text: str, report: LoadReport):
    """The header, and ``make_rows(keep)``: the rows one at a time (so that a file of
    hundreds of thousands of rows is never held as dicts all at once), each dict holding
    only the columns in ``keep`` (all when None). A row with fewer or more cells than the
    header is marked (``__short__``/``__extra__``) for rejection, never padded. A CSV error
    or too many rows fail the report and end the rows."""
    reader = csv.reader(_lines(text))
    try:
        header = next(reader)
    except StopIteration:
        report.fail("the file has no header row")
        return None
    except csv.Error as exc:
        report.fail(f"not a readable CSV ({exc})")
        return None
    header = [h.strip() for h in header]
    width = len(header)

    def rows(keep: set[str] | None) -> Iterator[Row]:
        cols = [(i, h) for i, h in enumerate(header) if keep is None or h in keep]
        count = 0
        try:
            for values in reader:
                line_no = reader.line_num
                if not any(v.strip() for v in values):
                    continue  # blank line
                count += 1
                if count > MAX_ROWS:
                    report.fail(f"more than {MAX_ROWS:,} rows; split the file")
                    return
                n = len(values)
                row: dict[str, object]
                if n == width:
                    row = {h: values[i] for i, h in cols}
                else:
                    row = {h: values[i] for i, h in cols if i < n}
                    if n > width:
                        row["__extra__"] = values[width:]
                    else:
                        row["__short__"] = (n, width, ",".join(values))
                yield line_no, row
        except csv.Error as exc:
            report.fail(f"CSV broken near line {reader.line_num} ({exc})")

    return header, rows


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, without copying the text into a list."""
    pos, n = 0, len(text)
    while pos < n:
        j = text.find("\n", pos)
        if j < 0:
            yield text[pos:]
            return
        yield text[pos : j + 1]
        pos = j + 1


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


def _point_cells(geom, transform, crs_name: str = "") -> dict:
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
    cells: dict = {}
    if transform and all(isinstance(c, int | float) for c in (lon, lat)):
        # the value as written, for a rejection message (a mixed-CRS file)
        cells["__given_xy__"] = (json.dumps(coords[:2]), crs_name)
        lon, lat = transform.transform(lon, lat)
    cells.update(longitude=lon, latitude=lat)
    return cells


def read_geojson_rows(text: str, report: LoadReport) -> tuple[list[str], list[Row]] | None:
    """Features → rows; Point coordinates become raw ``longitude``/``latitude`` values."""
    parsed = _feature_collection(text, report)
    if parsed is None:
        return None
    doc, feats = parsed
    transform = _crs_transform(doc.get("crs"), report)
    if transform is False:
        return None
    crs_name = transform.source_crs.to_string() if transform else ""
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
        row.update(_point_cells(feat.get("geometry"), transform, crs_name))
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
