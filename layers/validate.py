"""Validating event rows against the schema, one row at a time.

Every problem is a report line naming the row, the field, the raw value and the reason;
the valid rows come back as :class:`layers.columns.Columns`. :mod:`layers.fastload` applies
the same rules column by column to large clean CSV files; :mod:`layers.events` builds the
GeoDataFrame from what is kept.
"""

from __future__ import annotations

import datetime as dt
import json

from geo.errors import UnknownPlaceError
from geo.gazetteer import Gazetteer, Place
from geo.settings import REGION_BOUNDS, in_region  # REGION_BOUNDS: the map's region
from layers import readers
from layers.columns import Columns
from layers.parse import (
    FieldError,
    check_date_window,
    parse_code,
    parse_count,
    parse_date,
    parse_lat_lon,
    split_list,
    type_errors,
)
from layers.placecheck import PlaceChecks
from layers.report import LoadReport
from layers.schema import (
    AREA_RADIUS_M,
    COORD_RADIUS_M,
    DATE_MIN,
    EVENT_ALIASES,
    EVENT_COLUMNS,
    MAX_FATALITIES,
    NEAR_PLACE_MIN_RADIUS_M,
    REQUIRED_EVENT_COLUMNS,
    date_max,
)

# Rows read between two calls of a progress callback.
PROGRESS_EVERY = 20_000


def precision_window(day: dt.date, time_precision: int) -> tuple[dt.date, dt.date]:
    """The window a date known only to the week or month stands for (ACLED exports give a
    single date with the precision): the week around it (three days either side) or its
    calendar month. Never a single day."""
    if time_precision == 2:
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3)
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def map_columns(header: list[str], report: LoadReport) -> dict[str, str] | None:
    """Source column → canonical column. Fails the report when required ones are missing."""
    lower = {h.strip().lower().lstrip("\ufeff"): h for h in header}
    mapping: dict[str, str] = {}
    for canon in EVENT_COLUMNS:
        for name in (canon, *EVENT_ALIASES.get(canon, ())):
            if name in lower and lower[name] not in mapping:
                mapping[lower[name]] = canon
                break
    present = set(mapping.values())
    if "country" in lower and lower["country"] not in mapping:
        mapping[lower["country"]] = "country"  # only to check the coordinates against
    missing = [c for c in REQUIRED_EVENT_COLUMNS if c not in present]
    if missing:
        accepted = "; ".join(
            f"{c} (or {', '.join(EVENT_ALIASES[c])})" if c in EVENT_ALIASES else c for c in missing
        )
        report.fail(
            f"missing required column(s): {', '.join(missing)}. Accepted names: {accepted}. "
            f"Found: {', '.join(header) or 'nothing'}"
        )
        return None
    return mapping


def _in_region(lat: float, lon: float) -> bool:
    return in_region(lat=lat, lon=lon)


def validate_rows(
    rows, mapping, report: LoadReport, gazetteer: Gazetteer, known_sources: set[str] | None = None
) -> list[dict]:
    """Check every row; return the valid ones as typed dicts. Every problem is reported."""
    cols = validate_into_columns(rows, mapping, report, gazetteer, known_sources)
    return cols.records()


def validate_into_columns(
    rows,
    mapping,
    report: LoadReport,
    gazetteer: Gazetteer,
    known_sources: set[str] | None = None,
    progress=None,
) -> Columns:
    """Check every row (rows may be a one-pass iterator); the valid ones as :class:`Columns`.

    Every problem is reported. Duplicate ids: every row carrying the id is named and
    rejected, the otherwise invalid copies among them included. Coordinates far from the
    place a row names, or in another country than the row's, are warned about (the row
    is kept)."""
    cols = Columns()
    first_ref: dict[str, object] = {}  # event id -> the first row carrying it
    dup_refs: dict[str, list] = {}  # event id -> every row carrying it, when more than one
    position: dict[object, int] = {}  # a kept row -> its position in cols
    places: dict[str, Place | None] = {}  # location text -> its place (cache)
    checks = PlaceChecks()
    # Only text decoded with undecodable bytes kept (readers.decode says so) can hold them.
    check_bytes = any("undecodable" in n for n in report.notes)
    for n_in, (ref, raw) in enumerate(rows, start=1):
        report.rows_in += 1
        if progress is not None and n_in % PROGRESS_EVERY == 0:
            progress(n_in)
        found = _raw_problems(ref, raw, mapping, report, check_bytes)
        if found is None:
            continue
        row, errors = found
        out = _validate(row, errors, gazetteer, known_sources, places)
        eid = out["event_id"]
        if eid:
            if eid in first_ref:
                dup_refs.setdefault(eid, [first_ref[eid]]).append(ref)
            else:
                first_ref[eid] = ref
        if errors:
            for e in errors:
                report.reject(ref, *e)
            continue
        position[ref] = cols.n
        out["_row"] = ref
        checks.add(ref, out, row.get("country", ""))
        cols.append(out)
    drop = _reject_duplicates(dup_refs, position, report)
    checks.warn(report, skip=drop, position=position)
    cols.drop(drop)
    report.rows_kept = cols.n
    return cols


def _raw_problems(ref, raw: dict, mapping, report: LoadReport, check_bytes: bool):
    """(the row by canonical column, its file-level problems), or None when the row is
    rejected as a whole here (not a Feature, fewer cells than the header)."""
    errors: list[tuple[str, object, str]] = []
    if "__invalid__" in raw:
        report.reject(ref, "-", "", raw["__invalid__"])
        return None
    if "__short__" in raw:
        # Never padded: the cells may belong to other columns than their positions say.
        got, want, line = raw["__short__"]
        report.reject(
            ref, "-", line, f"{got} cells, the header has {want} columns (a cut or shifted row?)"
        )
        return None
    row = {canon: raw.get(src, "") for src, canon in mapping.items()}
    for k in ("latitude", "longitude", "__given_xy__"):
        if k in raw and k not in row:
            row[k] = raw[k]
    if "__extra__" in raw:
        errors.append(("-", ",".join(raw["__extra__"]), "more cells than header columns"))
    for src, canon in mapping.items() if check_bytes else ():
        v = raw.get(src)
        if isinstance(v, str) and readers.UNDECODABLE.search(v):
            shown = v.encode("utf-8", "surrogateescape").decode("latin-1")
            errors.append((canon, shown, "bytes that are not UTF-8 text"))
    if "__geometry_error__" in raw:
        val, why = raw["__geometry_error__"]
        errors.append(("geometry", val, why))
    return row, errors


def _reject_duplicates(dup_refs: dict, position: dict, report: LoadReport) -> set[int]:
    """Name every row carrying a duplicated id; the kept ones' positions, to drop."""
    drop: set[int] = set()
    for eid, refs in dup_refs.items():
        for r in refs:
            others = ", ".join(str(o) for o in refs if o != r)
            report.reject(r, "event_id", eid, f"duplicate event id (also in row {others})")
            if r in position:
                drop.add(position[r])
    return drop


def _validate(
    row: dict, errors: list, gaz: Gazetteer, known_sources: set[str] | None, places=None
) -> dict:
    def text(field: str) -> str:
        v = row.get(field, "")
        return "" if v is None else str(v).strip()

    out: dict = {c: text(c) for c in ("event_id", "actor1", "actor2", "location", "summary")}
    if not out["event_id"]:
        errors.append(("event_id", text("event_id"), "empty event id"))
    _validate_when(text, out, errors)
    _validate_type(text("event_type"), text("sub_event_type"), out, errors)
    try:
        out["fatalities"] = parse_count(
            text("fatalities"), what="fatalities", maximum=MAX_FATALITIES
        )
    except FieldError as exc:
        errors.append(("fatalities", text("fatalities"), str(exc)))
    out["source_ids"] = split_list(text("source_ids"))
    if known_sources is not None:
        for sid in out["source_ids"]:
            if sid not in known_sources:
                errors.append(("source_ids", sid, "no such source in sources.csv"))
        if not out["source_ids"]:
            errors.append(("source_ids", "", "every event must cite at least one source"))
    _locate(row, out, errors, gaz, places if places is not None else {})
    return out


def _validate_when(text, out: dict, errors: list) -> None:
    """The dates and the two precision codes; a week- or month-precise date with no end date
    becomes its window."""
    for field in ("event_date", "end_date"):
        raw = text(field)
        if field == "end_date" and not raw:
            out[field] = None
            continue
        try:
            out[field] = parse_date(raw)
            check_date_window(out[field], DATE_MIN, date_max())
        except FieldError as exc:
            errors.append((field, raw, str(exc)))
            out[field] = None
    if out.get("end_date") and out.get("event_date") and out["end_date"] < out["event_date"]:
        errors.append(("end_date", text("end_date"), "end date is before the event date"))
    for field in ("time_precision", "geo_precision"):
        try:
            out[field] = parse_code(text(field), what=field)
        except FieldError as exc:
            errors.append((field, text(field), str(exc)))
    if (
        out.get("event_date")
        and not out.get("end_date")
        and not text("end_date")
        and out.get("time_precision") in (2, 3)
    ):
        out["event_date"], out["end_date"] = precision_window(
            out["event_date"], out["time_precision"]
        )


def _validate_type(etype: str, sub: str, out: dict, errors: list) -> None:
    errors.extend(type_errors(etype, sub))
    out["event_type"], out["sub_event_type"] = etype, sub


def _locate(row: dict, out: dict, errors: list, gaz: Gazetteer, places: dict) -> None:
    """Coordinates as given (ACLED), else the gazetteer's place for ``location``."""
    lat_raw, lon_raw = row.get("latitude", ""), row.get("longitude", "")
    given = any(str(v).strip() for v in (lat_raw, lon_raw) if v is not None)
    place: Place | None = None
    if out["location"] and given:
        # Coordinates given (ACLED): the name is only looked up for its Cyrillic forms and
        # to check the point against it; an unknown name is no error, so skip the (costly)
        # suggestions. Names repeat: each is looked up once.
        loc = out["location"]
        if loc not in places:
            cands = gaz.candidates(loc)
            chosen = gaz.lookup(loc) if cands else None
            places[loc] = (chosen, tuple(c for c in cands if c != chosen))
        place, out["_alts"] = places[loc]
    elif out["location"]:
        try:
            place = gaz.lookup(out["location"])
        except UnknownPlaceError as exc:
            errors.append(("location", out["location"], str(exc)))
    elif not given:
        errors.append(("location", "", "no location and no coordinates"))
    precision = out.get("geo_precision") or 1
    if given:
        try:
            lat, lon = parse_lat_lon(lat_raw, lon_raw)
        except FieldError as exc:
            bad = "latitude" if "latitude" in str(exc) else "longitude"
            errors.append((bad, lat_raw if bad == "latitude" else lon_raw, str(exc)))
            return
        if not _in_region(lat, lon):
            hint = " (latitude and longitude look swapped)" if _in_region(lon, lat) else ""
            value, given_as = f"{lat_raw}, {lon_raw}", ""
            if row.get("__given_xy__"):
                # Reprojected from a legacy crs member: name the value as written.
                value, crs = row["__given_xy__"]
                given_as = f" (given as {value} in {crs}, reprojected)"
                gx, gy = json.loads(value)
                if _in_region(gy, gx):
                    given_as += (
                        "; the value as written is lon/lat in degrees: the file mixes "
                        f"coordinate systems, its crs member says {crs}"
                    )
            errors.append(
                (
                    "latitude",
                    value,
                    f"point lat={lat}, lon={lon}{given_as} is outside the map's region "
                    f"(lat {REGION_BOUNDS[1]}..{REGION_BOUNDS[3]}, "
                    f"lon {REGION_BOUNDS[0]}..{REGION_BOUNDS[2]}){hint}",
                )
            )
            return
        radius = COORD_RADIUS_M[precision]
        out.update(latitude=lat, longitude=lon, radius_m=radius, _given=True, _place=place)
    elif place is not None:
        radius = place.precision_m
        if precision == 2:
            radius = max(radius, NEAR_PLACE_MIN_RADIUS_M)
        elif precision == 3:
            radius = max(radius, COORD_RADIUS_M[3])
        out.update(latitude=place.lat, longitude=place.lon, radius_m=radius)
    else:
        return
    out["place_id"] = place.place_id if place else ""
    out["place_name"] = place.name if place else out["location"]
    out["name_ru"] = place.name_ru if place else ""
    out["name_uk"] = place.name_uk if place else ""
    # A region, or a place whose position is only known within AREA_RADIUS_M (the
    # Belgorod-22 site), is drawn as an area with no pin and gets no single depth.
    region = precision == 3 or (place is not None and place.is_region and not given)
    out["draw_as"] = "area" if region or out["radius_m"] > AREA_RADIUS_M else "point"
