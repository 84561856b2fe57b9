"""``raidmap snapshot``: registered on the main parser by cli.py. Its heavy imports (the
renderers, the layer list) happen when it runs, not when the parser is built."""

from __future__ import annotations

import sys
from pathlib import Path

from raidmap.cli_common import EXIT_BAD_INPUT, load_events_arg, report_problems

FORMATS = (".html", ".png", ".svg", ".pdf", ".gif")


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
    events, reports = load_events_arg(args.events)
    bad = report_problems(reports)
    if any(r.file_error for r in reports):
        print(f"raidmap snapshot: nothing written; {out} left as it was", file=sys.stderr)
        return EXIT_BAD_INPUT
    sources = None
    if args.events is None:
        from layers.record import bundled_record

        sources = bundled_record().sources
    out.parent.mkdir(parents=True, exist_ok=True)
    from layers.export import atomic_path

    with atomic_path(out) as tmp:  # an earlier file stays whole until the new one is
        if ext == ".html":
            from render.snapshot_html import snapshot_html

            html = snapshot_html(
                events,
                date=date,
                mode=args.mode,
                layers=layers,
                title=args.title,
                sources=sources,
                lang=args.lang,
            )
            tmp.write_text(html, encoding="utf-8")
        elif ext == ".gif":
            from render.static import render_gif

            render_gif(
                events,
                title=args.title,
                lang=args.lang,
                layers=set(layers),
                sources=sources,
                out_path=tmp,
            )
        else:
            from render.static import render_static

            render_static(
                events,
                date=date,
                mode=args.mode,
                title=args.title,
                lang=args.lang,
                layers=set(layers),
                sources=sources,
                out_path=tmp,
                dpi=args.dpi,
            )
    print(f"wrote {out} ({out.stat().st_size:,} bytes)", file=sys.stderr)
    return EXIT_BAD_INPUT if bad else 0


def register(sub) -> None:
    s = sub.add_parser("snapshot", help="a lesson snapshot: .html (offline), .png/.svg/.pdf, .gif")
    s.add_argument("--date", required=True, metavar="DATE")
    s.add_argument("--mode", choices=("upto", "day"), default="upto")
    s.add_argument(
        "--layers",
        metavar="L1,L2,...",
        help="layers to draw (default: all); e.g. events,border,rings",
    )
    s.add_argument("--events", metavar="FILE", help="an ACLED CSV export or a GeoJSON file")
    s.add_argument("--title", metavar="TEXT")
    s.add_argument("--lang", choices=("en", "ru", "uk"), default="en")
    s.add_argument("--dpi", type=int, default=200)
    s.add_argument("--out", required=True, metavar="PATH")
    s.set_defaults(func=cmd_snapshot)
