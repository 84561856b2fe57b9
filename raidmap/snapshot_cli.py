"""``raidmap snapshot``: registered on the main parser by cli.py. Its heavy imports (the
renderers, the layer list) happen when it runs, not when the parser is built."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

from raidmap.cli_common import EXIT_BAD_INPUT, load_events_arg, report_problems

FORMATS = (".html", ".png", ".svg", ".pdf", ".gif")


def _numbers(text: str, n: int, what: str) -> tuple[float, ...]:
    parts = [p.strip() for p in str(text).split(",")]
    try:
        vals = tuple(float(p) for p in parts)
    except ValueError:
        vals = ()
    if len(vals) != n or not all(math.isfinite(v) for v in vals):
        raise ValueError(f"{what} must be {n} comma-separated numbers, got {text!r}")
    return vals


def view_options(args) -> tuple[tuple[float, float, int] | None, tuple[float, ...] | None]:
    """(view, bounds) from --view LAT,LON,ZOOM and --bounds SOUTH,WEST,NORTH,EAST; either
    may be None. Raises ValueError on a malformed or out-of-range value."""
    from geo.settings import REGION_BOUNDS, ZOOM_RANGE

    view: tuple[float, float, int] | None = None
    bounds: tuple[float, ...] | None = None
    lon0, lat0, lon1, lat1 = REGION_BOUNDS
    if args.view:
        lat, lon, zoom = _numbers(args.view, 3, "--view LAT,LON,ZOOM")
        if not (lat0 <= lat <= lat1 and lon0 <= lon <= lon1):
            raise ValueError(
                f"--view {lat},{lon} is outside the region "
                f"(latitude {lat0}..{lat1}, longitude {lon0}..{lon1}); latitude comes first"
            )
        if not (ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]):
            raise ValueError(f"--view zoom must be {ZOOM_RANGE[0]}..{ZOOM_RANGE[1]}, got {zoom:g}")
        view = (lat, lon, int(zoom))
    if args.bounds:
        s, w, n, e = _numbers(args.bounds, 4, "--bounds SOUTH,WEST,NORTH,EAST")
        if not (s < n and w < e):
            raise ValueError(
                "--bounds must be SOUTH,WEST,NORTH,EAST (latitudes first of each pair)"
            )
        bounds = (s, w, n, e)
    return view, bounds


def cmd_snapshot(args) -> int:
    from layers.parse import parse_date
    from raidmap.state import DEFAULT_LAYERS
    from render.webmap import ALL_LAYERS

    out = Path(args.out)
    ext = out.suffix.lower()
    if ext not in FORMATS:
        print(f"raidmap snapshot: --out must end in one of {', '.join(FORMATS)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    layers = DEFAULT_LAYERS
    if args.layers:
        layers = tuple(x.strip() for x in args.layers.split(",") if x.strip())
        unknown = [x for x in layers if x not in ALL_LAYERS]
        if unknown:
            print(
                f"raidmap snapshot: unknown layer(s) {', '.join(unknown)}; "
                f"known: {', '.join(ALL_LAYERS)}",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
    date = parse_date(args.date)
    try:
        view, bounds = view_options(args)
        families = family_option(args.family)
        start = parse_date(args.start) if args.start else None
        if args.view and args.bounds:
            raise ValueError("give --view or --bounds, not both")
        if args.sheet and ext != ".pdf":
            raise ValueError("--sheet writes a PDF: --out must end in .pdf")
        if args.frame_ms < 20:
            raise ValueError(f"--frame-ms must be at least 20, got {args.frame_ms}")
        if start is not None and start > date:
            raise ValueError(f"--from {start} is after --date {date}")
    except ValueError as e:
        print(f"raidmap snapshot: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    events, reports = load_events_arg(args.events)
    bad = report_problems(reports)
    if any(r.file_error for r in reports):
        print(f"raidmap snapshot: nothing written; {out} left as it was", file=sys.stderr)
        return EXIT_BAD_INPUT
    events, showing = _selected(events, families)
    sources = None
    if args.events is None:
        from layers.record import bundled_record

        sources = bundled_record().sources
    out.parent.mkdir(parents=True, exist_ok=True)
    from layers.export import atomic_path

    # What every format takes, then what each adds.
    common: dict[str, Any] = {
        "date": date,
        "mode": args.mode,
        "title": args.title,
        "lang": args.lang,
        "sources": sources,
        "showing": showing,
    }
    with atomic_path(out) as tmp:  # an earlier file stays whole until the new one is
        image: dict[str, Any] = {
            **common,
            "layers": set(layers),
            "out_path": tmp,
            "bounds": _static_bounds(view, bounds),
        }
        if ext == ".html":
            from render.snapshot_html import snapshot_html
            from render.webmap import View

            html = snapshot_html(
                events,
                **common,
                layers=layers,
                view=View(*view) if view else None,
                bounds=bounds,
                families=families,
            )
            tmp.write_text(html, encoding="utf-8")
        elif args.sheet:
            from render.static.sheet import render_sheet

            render_sheet(events, **image)
        elif ext == ".gif":
            from render.static import render_gif

            render_gif(
                events,
                **image,
                start=start,
                frame_ms=args.frame_ms,
                step=args.step,
                size=args.size,
            )
        else:
            from render.static import render_static

            render_static(events, **image, dpi=args.dpi, size=args.size)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)", file=sys.stderr)
    return EXIT_BAD_INPUT if bad else 0


def family_option(values: list[str] | None) -> tuple[str, ...]:
    """The claimant families of ``--family`` (repeated or comma-separated), checked against
    :data:`layers.confidence.FAMILY_LABELS`; () for none."""
    from layers.confidence import FAMILY_LABELS

    fams = tuple(
        dict.fromkeys(f.strip() for v in values or () for f in str(v).split(",") if f.strip())
    )
    unknown = [f for f in fams if f not in FAMILY_LABELS]
    if unknown:
        raise ValueError(
            f"unknown claimant family {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(FAMILY_LABELS)}"
        )
    return fams


def _selected(events, families: tuple[str, ...]):
    """The events the app's filter keeps (the same function: layers.selection.select) and
    what it keeps in words for the image (None without a filter)."""
    from layers.selection import select, showing

    if not families:
        return events, None
    return select(events, families=families), showing(families=families)


def _static_bounds(view, bounds):
    """A static image's box: --bounds, or what a 1024x640 web map shows at --view."""
    if view is None:
        return bounds
    from render.static.frame import bounds_of_view

    return bounds_of_view(lat=view[0], lon=view[1], zoom=view[2])


def register(sub) -> None:
    s = sub.add_parser("snapshot", help="a lesson snapshot: .html (offline), .png/.svg/.pdf, .gif")
    s.add_argument("--date", required=True, metavar="DATE")
    s.add_argument(
        "--mode",
        choices=("upto", "day"),
        default="upto",
        help="upto: every event up to the date (default); day: that day's events only",
    )
    s.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        help="GIF: the first frame's date (default: the record's first day); --date is the last",
    )
    s.add_argument(
        "--frame-ms",
        type=int,
        default=700,
        metavar="MS",
        help="GIF: how long each frame shows, in milliseconds (default 700; the last: 2.5 s)",
    )
    s.add_argument(
        "--step",
        choices=("change", "day"),
        default="change",
        help="GIF: a frame for each day the map changes (default), or for every day",
    )
    s.add_argument(
        "--size",
        choices=("default", "slide"),
        default="default",
        help="images: slide = a 16:9 presentation slide, 1920x1080 px (PNG/SVG/PDF/GIF)",
    )
    s.add_argument(
        "--view",
        metavar="LAT,LON,ZOOM",
        help="the map's centre, latitude first, and web-map zoom (the app's link has them)",
    )
    s.add_argument(
        "--bounds",
        metavar="SOUTH,WEST,NORTH,EAST",
        help="the box to show, in degrees: south latitude, west longitude, north, east",
    )
    s.add_argument(
        "--sheet",
        action="store_true",
        help="a lesson sheet (A4 PDF): the map, the dated timeline, the claims, the sources",
    )
    s.add_argument(
        "--layers",
        metavar="L1,L2,...",
        help="layers to draw (default: all); e.g. events,border,rings",
    )
    s.add_argument(
        "--family",
        action="append",
        metavar="FAMILY",
        help="only events with a claim by a claimant of this family, as the app's 'Who says' "
        "filter (repeat or comma-separate for several): russian_state, raiders_ukraine, "
        "independent, other, unclassified; the image says so",
    )
    s.add_argument("--events", metavar="FILE", help="an ACLED CSV export or a GeoJSON file")
    s.add_argument("--title", metavar="TEXT")
    s.add_argument("--lang", choices=("en", "ru", "uk"), default="en")
    s.add_argument("--dpi", type=int, default=200)
    s.add_argument("--out", required=True, metavar="PATH")
    s.set_defaults(func=cmd_snapshot)
