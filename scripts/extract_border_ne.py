"""Extract a second, independent Russia-Ukraine border line from Natural Earth 1:10m.

The project's border (``data/border/ru_ua_border.geojson``) is OpenStreetMap-derived. To
show how much an event's depth depends on which border line one trusts, this script takes
the same stretch of border from an independent source: Natural Earth's Admin 0 countries at
1:10m (public domain), as redistributed in the npm package ``world-atlas`` 2.0.2
(``countries-10m.json``, TopoJSON, Natural Earth 4.1.0). It is run once by hand; the app and
the tests only read its output (never downloaded at run time).

Fetch the package outside the repository::

    mkdir -p /tmp/ne && cd /tmp/ne && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz

and run from the repository root::

    python3 scripts/extract_border_ne.py /tmp/ne/package/countries-10m.json

Method: in TopoJSON, a boundary shared by two countries is one arc referenced by both. The
arcs referenced by both Russia (ISO numeric 643) and Ukraine (804) are decoded (delta
encoding, then the file's quantisation transform), kept where they touch the region box,
merged into one line and oriented like the OSM line (from the Belarus tripoint in the north-west
to the south-east; Russia on the left). Output: ``data/border/ru_ua_border_ne10m.geojson``,
byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import shapely
from pyproj import Geod
from shapely.geometry import LineString, box

RUSSIA, UKRAINE = "643", "804"
BBOX = (30.0, 48.5, 41.0, 54.0)  # the OSM extract's box (data/border/README.md)
TRIPOINT = (31.78174, 52.11201)  # the OSM line's start (lon, lat)
DECIMALS = 6
OUT = Path(__file__).resolve().parent.parent / "data" / "border" / "ru_ua_border_ne10m.geojson"
GEOD = Geod(ellps="WGS84")
SPUR_M = 1000.0
SOURCE = "Natural Earth 1:10m Admin 0 (public domain) via npm world-atlas 2.0.2"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (lon, lat) positions (TopoJSON delta decoding + transform)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def arc_ids(geometry: dict) -> set[int]:
    """The arcs a (Multi)Polygon refers to (negative index ~i means arc i reversed)."""
    out: set[int] = set()

    def walk(obj):
        if isinstance(obj, int):
            out.add(obj if obj >= 0 else ~obj)
        else:
            for item in obj:
                walk(item)

    walk(geometry["arcs"])
    return out


def shared_border(topo: dict) -> LineString:
    geoms = {g.get("id"): g for g in topo["objects"]["countries"]["geometries"]}
    shared = arc_ids(geoms[RUSSIA]) & arc_ids(geoms[UKRAINE])
    arcs = decode_arcs(topo)
    region = box(*BBOX)
    lines = [LineString(arcs[i]) for i in sorted(shared)]
    lines = [ln for ln in lines if ln.intersects(region)]
    merged = shapely.line_merge(shapely.intersection(shapely.union_all(lines), region))
    if merged.geom_type == "MultiLineString":
        # A 2-vertex spur (arc 844, ~0.5 km at 38.66 E, 49.96 N) meets the line at the node
        # where two long arcs join, so line_merge cannot join them: drop spurs under 1 km.
        keep = [g for g in merged.geoms if GEOD.geometry_length(g) >= SPUR_M]
        dropped = [g for g in merged.geoms if GEOD.geometry_length(g) < SPUR_M]
        for g in dropped:
            print(f"dropped spur of {GEOD.geometry_length(g):.0f} m at {g.coords[0]}")
        merged = shapely.line_merge(shapely.MultiLineString(keep))
    if merged.geom_type != "LineString":
        raise SystemExit(f"expected one line, got {merged.geom_type}")
    start, end = merged.coords[0], merged.coords[-1]
    d0 = (start[0] - TRIPOINT[0]) ** 2 + (start[1] - TRIPOINT[1]) ** 2
    d1 = (end[0] - TRIPOINT[0]) ** 2 + (end[1] - TRIPOINT[1]) ** 2
    return merged if d0 <= d1 else merged.reverse()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topojson", type=Path, help="world-atlas countries-10m.json")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    raw = args.topojson.read_bytes()
    line = shared_border(json.loads(raw))
    line = shapely.transform(line, lambda xy: xy.round(DECIMALS))
    coords = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in line.coords]
    feature = {
        "type": "Feature",
        "properties": {
            "name": "Russia-Ukraine border (Natural Earth 1:10m)",
            "left": "RU",
            "right": "UA",
            "source": SOURCE,
        },
        "geometry": {"type": "LineString", "coordinates": coords},
    }
    doc = {"type": "FeatureCollection", "features": [feature]}
    text = json.dumps(doc, separators=(",", ":")) + "\n"
    args.out.write_text(text, encoding="utf-8")
    length_km = GEOD.geometry_length(line) / 1000
    print(f"source sha256 {hashlib.sha256(raw).hexdigest()}")
    print(f"{args.out}: {len(coords)} vertices, {length_km:.1f} km, {len(text)} bytes")
    print(f"from {coords[0]} to {coords[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
