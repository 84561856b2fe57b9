"""Extract the locator inset's small map of Europe (country outlines) from Natural Earth.

Source: the npm package ``world-atlas`` 2.0.2 (ISC licence, Michael Bostock): its
``countries-110m.json`` is Natural Earth's 1:110m Admin 0 countries (public domain) as
TopoJSON. Fetch it outside the repository, then run from the repository root::

    mkdir -p /tmp/wa && cd /tmp/wa && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/extract_locator.py /tmp/wa/package/countries-110m.json

Output: ``data/border/locator_europe.geojson``: one feature per country that reaches into
the box lon -12..50, lat 34..71, clipped to it, coordinates rounded to 0.01 degree (about
1 km: the inset is a few centimetres wide), properties ``name`` and ``source``. Standard
library and shapely only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import shapely

# run as a script, its folder is on sys.path: one TopoJSON decoder for both extracts
from extract_border_ne import decode_arcs
from shapely.geometry import box, mapping, shape

BOX = (-12.0, 34.0, 50.0, 71.0)  # lon0, lat0, lon1, lat1
SOURCE = "Natural Earth 1:110m Admin 0 (public domain), via the npm package world-atlas 2.0.2"
OUT = Path(__file__).resolve().parents[1] / "data" / "border" / "locator_europe.geojson"


def ring(arcs, indices) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in indices:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def geometry(arcs, g: dict):
    if g["type"] == "Polygon":
        polys = [g["arcs"]]
    elif g["type"] == "MultiPolygon":
        polys = g["arcs"]
    else:
        return None
    return shapely.make_valid(
        shapely.MultiPolygon(
            [shapely.Polygon(ring(arcs, p[0]), [ring(arcs, h) for h in p[1:]]) for p in polys]
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("topojson", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    topo = json.loads(args.topojson.read_text("utf-8"))
    arcs = decode_arcs(topo)
    clip = box(*BOX)
    feats = []
    for g in topo["objects"]["countries"]["geometries"]:
        geom = geometry(arcs, g)
        if geom is None or not geom.intersects(clip):
            continue
        part = shapely.set_precision(geom.intersection(clip), 0.01)
        if part.is_empty or part.area < 0.05:
            continue
        feats.append(
            {
                "type": "Feature",
                "properties": {"name": g["properties"]["name"], "source": SOURCE},
                "geometry": mapping(shape(mapping(part))),
            }
        )
    feats.sort(key=lambda f: f["properties"]["name"])
    fc = {"type": "FeatureCollection", "features": feats}
    args.out.write_text(json.dumps(fc, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(feats)} countries, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
