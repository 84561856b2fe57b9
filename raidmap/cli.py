"""The ``raidmap`` command line.

Exit status: 0 success, 2 bad input (unknown place, rejected rows, unreadable file),
64 usage error (argparse's own is 2 as well; both mean "look at stderr").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

EXIT_BAD_INPUT = 2


def _out(obj, as_json: bool, text: str) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2) if as_json else text)


def resolve_point(arg: str):
    """``LAT,LON`` (latitude first, as maps write it) or a place name.

    Returns (label, lat, lon, place or None)."""
    from geo.gazetteer import default_gazetteer
    from geo.measure import check_lat_lon

    m = re.fullmatch(r"\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*", arg)
    if m:
        lat, lon = float(m[1]), float(m[2])
        check_lat_lon(lat, lon)
        return f"{lat:.5f},{lon:.5f}", lat, lon, None
    place = default_gazetteer().lookup(arg)
    return place.name, place.lat, place.lon, place


def cmd_geocode(args) -> int:
    from geo.gazetteer import default_gazetteer

    place = default_gazetteer().lookup(args.name)
    d = place.to_dict()
    text = (
        f"{place.name} ({place.name_ru or '-'} / {place.name_uk or '-'}), {place.kind}, "
        f"{place.admin1 or ''} {place.country}\n"
        f"  lat {place.lat:.5f}, lon {place.lon:.5f} ± {place.precision_m:.0f} m\n"
        f"  coordinate: {place.coord_source}"
    )
    if place.alternatives:
        text += "\n  also named so: " + "; ".join(place.alternatives)
    _out(d, args.json, text)
    return 0


def cmd_depth(args) -> int:
    from geo.measure import default_depth_model, place_depth

    label, lat, lon, place = resolve_point(args.target)
    if place is not None:
        d = place_depth(place)
    else:
        d = default_depth_model().depth_at(lat=lat, lon=lon)
        d.update(name=label, uncertainty_km=0.0)
    if d["depth_km"] is None:
        text = f"{label}: no depth ({d.get('note') or 'outside Russia and Ukraine'})"
    else:
        side = {"RU": "inside Russia", "UA": "inside Ukraine"}.get(d["side"], "")
        text = (
            f"{label}: {d['depth_km']:+.2f} km ({side}) ± {d['uncertainty_km']:.2f} km\n"
            f"  nearest border point: lat {d['nearest_border_lat']:.5f}, "
            f"lon {d['nearest_border_lon']:.5f}"
        )
    _out(d, args.json, text)
    return 0


def cmd_distance(args) -> int:
    from geo.measure import distance_km

    la, lat1, lon1, p1 = resolve_point(args.a)
    lb, lat2, lon2, p2 = resolve_point(args.b)
    km = distance_km(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    unc = sum(p.precision_m for p in (p1, p2) if p) / 1000.0
    d = {
        "a": la,
        "b": lb,
        "distance_km": km,
        "uncertainty_km": unc,
        "a_lat": lat1,
        "a_lon": lon1,
        "b_lat": lat2,
        "b_lon": lon2,
        "method": "geodesic on WGS84 (pyproj Geod)",
    }
    _out(d, args.json, f"{la} → {lb}: {km:.2f} km ± {unc:.2f} km (geodesic, WGS84)")
    return 0


def load_events_arg(path: str | None):
    """The bundled record, or an imported file; returns (events, reports)."""
    from layers.events import load_events
    from layers.record import bundled_record

    if path is None:
        rec = bundled_record()
        return rec.events, rec.reports
    gdf, report = load_events(Path(path))
    if "claims" not in gdf:
        gdf = gdf.assign(claims=[[] for _ in range(len(gdf))])
    return gdf, [report]


def report_problems(reports) -> bool:
    """Print every rejection to stderr; True if there was any."""
    bad = False
    for r in reports:
        for line in r.notes:
            print(f"note: {line}", file=sys.stderr)
        if not r.ok:
            bad = True
            print(r.summary(), file=sys.stderr)
            for rej in r.rejections:
                if rej.row != "-":
                    print(f"  rejected: {rej}", file=sys.stderr)
    return bad


def cmd_events(args) -> int:
    from layers import export, filters

    gdf, reports = load_events_arg(args.events)
    bad = report_problems(reports)
    if args.as_of:
        from layers.parse import parse_date

        gdf = filters.by_date(gdf, parse_date(args.as_of), "upto").drop(columns=["certain_by_date"])
    out = Path(args.out) if args.out else None
    if args.format == "parquet" and out is None:
        print("raidmap events: --format parquet needs --out PATH", file=sys.stderr)
        return EXIT_BAD_INPUT
    text = export.write(gdf, args.format, out)
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if out:
        print(f"wrote {len(gdf)} events to {out}", file=sys.stderr)
    return EXIT_BAD_INPUT if bad else 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="raidmap", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("geocode", help="resolve a place name (English, variants, Cyrillic)")
    g.add_argument("name")
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=cmd_geocode)

    d = sub.add_parser("depth", help="signed depth from the Russia–Ukraine border (km)")
    d.add_argument("target", metavar="NAME|LAT,LON")
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=cmd_depth)

    s = sub.add_parser("distance", help="geodesic distance between two places or points")
    s.add_argument("a", metavar="A")
    s.add_argument("b", metavar="B")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_distance)

    e = sub.add_parser("events", help="the record (or an imported file) as GeoJSON/CSV/Parquet")
    e.add_argument("--as-of", metavar="DATE")
    e.add_argument("--events", metavar="FILE", help="an ACLED CSV export or a GeoJSON file")
    e.add_argument("--format", choices=("geojson", "csv", "parquet"), default="geojson")
    e.add_argument("--out", metavar="PATH")
    e.set_defaults(func=cmd_events)

    try:  # later subcommands register themselves here
        from raidmap import snapshot_cli
    except ImportError:
        pass
    else:
        snapshot_cli.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    from geo.errors import CoordinateError, DataFileError, UnknownPlaceError
    from layers.parse import FieldError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UnknownPlaceError as exc:
        print(f"raidmap {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (CoordinateError, FieldError, DataFileError, ValueError) as exc:
        print(f"raidmap {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
