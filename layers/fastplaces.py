"""Places and coordinates of the column-by-column CSV check (:mod:`layers.fastload`): the
coordinates as given, else the gazetteer's place, each distinct place looked up once; the
region's bounds; and the warnings for coordinates far from the place a row names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.errors import UnknownPlaceError
from geo.gazetteer import Gazetteer
from geo.measure import default_depth_model, lambert_m
from geo.territory import EXTRACT_BOUNDS
from layers.fastcolumns import Ctx, distinct, spread, strings, text_of
from layers.parse import FieldError, parse_lat_lon
from layers.schema import COORD_RADIUS_M, NEAR_PLACE_MIN_RADIUS_M

_NUMBER = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"


def locate(ctx: Ctx, out: dict, gp: np.ndarray, gaz: Gazetteer) -> None:
    """Coordinates as given, else the gazetteer's place (layers.validate._locate, by column)."""
    n = ctx.n
    lat_raw = strings(ctx.table, ctx.src.get("latitude"), n)
    lon_raw = strings(ctx.table, ctx.src.get("longitude"), n)
    lat_t, lon_t = pc.utf8_trim_whitespace(lat_raw), pc.utf8_trim_whitespace(lon_raw)
    given = np.zeros(n, bool)
    if n:
        given = pc.or_(pc.not_equal(lat_t, ""), pc.not_equal(lon_t, "")).to_numpy(
            zero_copy_only=False
        )
    place_of, loc_idx, quiet, loc_vals = _places(ctx, out, given, gaz)
    lat, lon, ok_num = _coordinates(ctx, lat_raw, lon_raw, lat_t, lon_t, given)
    inside = _outside_the_region(ctx, lat_raw, lon_raw, lat, lon, given & ok_num)
    coords = given & ok_num & inside
    precision = np.where(gp > 0, gp, 1)
    radius = np.full(n, np.nan)
    for p, r in COORD_RADIUS_M.items():
        radius[coords & (precision == p)] = r
    by_name = ~given & (place_of != None)  # noqa: E711
    region = np.zeros(n, bool)
    for r in np.flatnonzero(by_name).tolist():
        pl = place_of[r]
        rad = pl.precision_m
        if precision[r] == 2:
            rad = max(rad, NEAR_PLACE_MIN_RADIUS_M)
        elif precision[r] == 3:
            rad = max(rad, COORD_RADIUS_M[3])
        lat[r], lon[r], radius[r] = pl.lat, pl.lon, rad
        region[r] = pl.is_region
    out["latitude"], out["longitude"], out["radius_m"] = lat, lon, radius
    out["_region"] = (precision == 3) | region
    out["_given"] = coords
    out["_place"] = place_of

    def attr(name: str, default=None) -> pd.api.extensions.ExtensionArray:
        """The place's ``name`` per row (each distinct location's place asked once); with
        no place, ``default`` (None: the location as written)."""
        per = [getattr(p, name) if p is not None else (v if default is None else default)
               for p, v in zip(quiet, loc_vals, strict=True)]  # fmt: skip
        return text_of(per, loc_idx)

    out["place_id"] = attr("place_id", "")
    out["place_name"] = attr("name")
    out["name_ru"] = attr("name_ru", "")
    out["name_uk"] = attr("name_uk", "")


def _places(ctx: Ctx, out: dict, given: np.ndarray, gaz: Gazetteer):
    """A place per distinct name: quietly for rows with coordinates (only to check them),
    with suggestions for rows that have none and name no known place. Returns the place
    per row, and the location's index per row, place per distinct value and values."""
    loc_idx, loc_vals = ctx.col("location")
    named = set(np.unique(loc_idx[~given]).tolist()) if ctx.n else set()  # rows with no point
    quiet, loud, alts = [], [], []
    for k, v in enumerate(loc_vals):
        cands = gaz.candidates(v) if v else []
        chosen = gaz.lookup(v) if cands else None
        quiet.append(chosen)
        alts.append(tuple(c for c in cands if c != chosen))
        why = None
        if not v:
            why = "no location and no coordinates"
        elif chosen is None and k in named:  # suggestions only where they are needed
            try:
                gaz.lookup(v)
            except UnknownPlaceError as exc:
                why = str(exc)
        loud.append(why)
    out["_alts"] = spread(alts, loc_idx)
    verdict = spread(loud, loc_idx)
    rows = np.flatnonzero(~given & (verdict != None))  # noqa: E711
    if rows.size:
        names = [loc_vals[loc_idx[r]] for r in rows]
        ctx.errs.append((rows, "location", names, [verdict[r] for r in rows]))
    return spread(quiet, loc_idx), loc_idx, quiet, loc_vals


def _coordinates(ctx: Ctx, lat_raw, lon_raw, lat_t, lon_t, given):
    """(lat, lon, parsed) per row: a strict number pattern as arrays; the few values it
    does not match are judged one by one (exact reasons; what it missed is accepted)."""
    n = ctx.n
    ok_num = np.zeros(n, bool)
    lat = np.full(n, np.nan)
    lon = np.full(n, np.nan)
    if n:
        m = pc.and_(pc.match_substring_regex(lat_raw, _NUMBER),
                    pc.match_substring_regex(lon_raw, _NUMBER))  # fmt: skip
        ok_num = m.to_numpy(zero_copy_only=False)
        la = pc.if_else(m, lat_t, "nan").to_numpy(zero_copy_only=False).astype(float)
        lo = pc.if_else(m, lon_t, "nan").to_numpy(zero_copy_only=False).astype(float)
        with np.errstate(invalid="ignore"):
            ok_num &= np.isfinite(la) & np.isfinite(lo) & (np.abs(la) <= 90) & (np.abs(lo) <= 180)
        lat, lon = np.where(ok_num, la, np.nan), np.where(ok_num, lo, np.nan)
    misfit = np.flatnonzero(given & ~ok_num)
    if not misfit.size:
        return lat, lon, ok_num
    lr = lat_raw.take(pa.array(misfit)).to_pylist()
    lor = lon_raw.take(pa.array(misfit)).to_pylist()
    bad: dict[str, list] = {"latitude": [], "longitude": []}
    for r, a, b in zip(misfit.tolist(), lr, lor, strict=True):
        try:
            lat[r], lon[r] = parse_lat_lon(a, b)
            ok_num[r] = True
        except FieldError as exc:
            field = "latitude" if "latitude" in str(exc) else "longitude"
            bad[field].append((r, a if field == "latitude" else b, str(exc)))
    for field, items in bad.items():
        if items:
            ctx.errs.append((np.array([i[0] for i in items]), field, [i[1] for i in items],
                             [i[2] for i in items]))  # fmt: skip
    return lat, lon, ok_num


def _outside_the_region(ctx: Ctx, lat_raw, lon_raw, lat, lon, parsed) -> np.ndarray:
    """Rows whose parsed point lies outside the map's region are rejected (with a hint when
    the pair looks swapped); returns where points lie inside it."""
    x0, y0, x1, y1 = EXTRACT_BOUNDS  # the map's region (layers.events.REGION_BOUNDS)
    with np.errstate(invalid="ignore"):
        inside = (lat >= y0) & (lat <= y1) & (lon >= x0) & (lon <= x1)
        swapped = (lon >= y0) & (lon <= y1) & (lat >= x0) & (lat <= x1)
    outside = np.flatnonzero(parsed & ~inside)
    if outside.size:
        lr = lat_raw.take(pa.array(outside)).to_pylist()
        lor = lon_raw.take(pa.array(outside)).to_pylist()
        reasons = []
        for r in outside.tolist():
            hint = " (latitude and longitude look swapped)" if swapped[r] else ""
            reasons.append(
                f"point lat={float(lat[r])}, lon={float(lon[r])} is outside the map's region "
                f"(lat {y0}..{y1}, lon {x0}..{x1}){hint}"
            )
        values = [f"{a}, {b}" for a, b in zip(lr, lor, strict=True)]
        ctx.errs.append((outside, "latitude", values, reasons))
    return inside


def warn_places(out, keep, lines, table, src, gp, report, codes, names) -> None:
    """Coordinates far from the named place, or in another country than the row's."""
    sel = np.flatnonzero(keep & out["_given"])
    if not sel.size:
        return
    lat, lon = out["latitude"][sel], out["longitude"][sel]
    where = default_depth_model().territory.country_at(lon, lat)
    country = strings(table, src.get("country"), len(keep))
    c_idx, c_vals = distinct(country)
    want_row = np.array([codes.get(v.lower(), "") for v in c_vals] + [""], dtype=object)[c_idx][sel]
    place = out["_place"][sel]
    alts = out["_alts"][sel]
    precision = np.where(gp[sel] > 0, gp[sel], 1)
    has_place = np.flatnonzero(place != None)  # noqa: E711
    far = {}
    for k in has_place.tolist():
        cands = (place[k], *alts[k])
        allowed = np.array([c.precision_m + COORD_RADIUS_M[int(precision[k])] for c in cands])
        d = lambert_m(
            np.full(len(cands), lon[k]), np.full(len(cands), lat[k]),
            np.array([c.lon for c in cands]), np.array([c.lat for c in cands]),
        )  # fmt: skip
        j = int(np.argmin(d / allowed))
        if d[j] > allowed[j]:
            far[k] = (d[j], allowed[j])
    place_country = np.array([p.country if p is not None else "" for p in place], dtype=object)
    want = np.where(want_row != "", want_row, place_country)
    wrong = np.flatnonzero((want != "") & (where != "") & (where != want))
    for k in sorted(set(far) | set(wrong.tolist())):
        r, la, lo = int(sel[k]), float(lat[k]), float(lon[k])
        if k in far:
            d, allowed = far[k]
            report.warn(
                int(lines[r]),
                "location",
                out["location"][r],
                f"coordinates lat={la}, lon={lo} lie {d / 1000:.1f} km from {place[k].name} "
                f"({place[k].country}), farther than its {allowed / 1000:.1f} km radius "
                "allows: check the place or the point",
            )
        if where[k] and want[k] and where[k] != want[k]:
            report.warn(
                int(lines[r]),
                "latitude",
                f"{la}, {lo}",
                f"coordinates lie in {names.get(where[k], where[k])}, the row's country is "
                f"{names.get(want[k], want[k])}",
            )
