"""The ``raidmap`` command line.

Exit status: 0 success, 2 bad input (unknown place, rejected rows, unreadable file),
64 usage error (argparse's own is 2 as well; both mean "look at stderr").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from raidmap import snapshot_cli
from raidmap.cli_common import EXIT_BAD_INPUT, Progress, load_events_arg, out, report_problems


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
    out(d, args.json, text)
    return 0


def cmd_depth(args) -> int:
    from geo.measure import default_depth_model, place_depth, with_alt_depth
    from geo.points import resolve_point

    # depth_at itself refuses a point off Russian and Ukrainian territory (swap hint included)
    label, lat, lon, place = resolve_point(args.target, in_region=False)
    if place is not None:
        d = place_depth(place)
    else:
        d = default_depth_model().depth_at(lat=lat, lon=lon)
        d.update(name=label, uncertainty_km=0.0)
    if d["depth_km"] is None and not d["side"]:
        print(f"raidmap depth: {label}: outside Russia and Ukraine: no depth", file=sys.stderr)
        return EXIT_BAD_INPUT
    with_alt_depth(d)
    if d["depth_km"] is None:
        text = f"{label}: no depth ({d.get('note') or 'outside Russia and Ukraine'})"
    else:
        side = {"RU": "inside Russia", "UA": "inside Ukraine"}.get(d["side"], "")
        text = (
            f"{label}: {d['depth_km']:+.2f} km ({side}) ± {d['uncertainty_km']:.2f} km\n"
            f"  nearest border point: lat {d['nearest_border_lat']:.5f}, "
            f"lon {d['nearest_border_lon']:.5f}"
        )
        if d["depth_km_alt"] is not None:
            text += (
                f"\n  against the {d['border_alt']} line: {d['depth_km_alt']:+.2f} km "
                f"({d['depth_diff_km']:+.2f} km)"
            )
    out(d, args.json, text)
    return 0


def cmd_distance(args) -> int:
    from geo.measure import distance_km
    from geo.points import resolve_point

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
    out(d, args.json, f"{la} → {lb}: {km:.2f} km ± {unc:.2f} km (geodesic, WGS84)")
    return 0


def cmd_events(args) -> int:
    from layers import export, filters

    progress = Progress("raidmap events")
    if args.events:  # the first line at once: parsing a whole-war export takes seconds
        progress.step(f"reading {Path(args.events).name}")
    gdf, reports = load_events_arg(args.events, progress=progress)
    progress.done()
    bad = report_problems(reports)
    out_path = Path(args.out) if args.out else None
    if any(r.file_error for r in reports):
        # A refused file: nothing is written, an earlier --out stays as it was.
        if out_path:
            print(f"raidmap events: nothing written; {out_path} left as it was", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.as_of:
        from layers.parse import parse_date

        gdf = filters.by_date(gdf, parse_date(args.as_of), "upto").drop(columns=["certain_by_date"])
    if args.format == "parquet" and out_path is None:
        print("raidmap events: --format parquet needs --out PATH", file=sys.stderr)
        return EXIT_BAD_INPUT
    progress.step(f"writing {len(gdf):,} events")
    text = export.write(gdf, args.format, out_path)
    progress.done()
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if out_path:
        print(f"wrote {len(gdf)} events to {out_path}", file=sys.stderr)
    return EXIT_BAD_INPUT if bad else 0


def cmd_app(args) -> int:
    """``./dev app``: raidmap.serve, which preloads the record and the base map, then runs
    ``streamlit run app.py`` with the project's server options."""
    from raidmap import serve

    serve.run_app(["--server.port", str(args.port)])
    return 0


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

    snapshot_cli.register(sub)
    from reader import cli as read_cli  # issue 12: `raidmap read`; imports its work lazily

    read_cli.register(sub)

    a = sub.add_parser("app", help="run the app as ./dev app does (data preloaded, 127.0.0.1)")
    a.add_argument("--port", type=int, default=8501)
    a.set_defaults(func=cmd_app)
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
