"""``raidmap read FILE|- [--date YYYY-MM-DD] [--lang en|ru|uk|auto] [--json | --format
csv|geojson --out F]``: places and dated candidate events from a report.

Exit 0 with an empty result when the text names no place; exit 2 when the file cannot be
read (missing, too large, binary, not UTF-8), with the reason on stderr."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

EXIT_BAD_INPUT = 2


def register(sub) -> None:
    r = sub.add_parser("read", help="places and dated candidate events from a report's text")
    r.add_argument("file", metavar="FILE|-", help="a text file or a saved HTML page; - for stdin")
    r.add_argument("--date", metavar="YYYY-MM-DD", help="the report's publication date")
    r.add_argument("--lang", choices=("en", "ru", "uk", "auto"), default="auto")
    out = r.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="mentions and events as one object")
    out.add_argument("--format", choices=("csv", "geojson"))
    r.add_argument("--out", metavar="F", help="write --format output here (default stdout)")
    r.set_defaults(func=cmd_read)


def _summary(reading) -> str:
    lines = [f"{reading.source}: {len(reading.places)} place mention(s), "
             f"{len(reading.events)} candidate event(s)"]  # fmt: skip
    for e in reading.events:
        when = e.event_date.isoformat() + (f"..{e.end_date.isoformat()}" if e.end_date else "")
        lines.append(f"  {when} (precision {e.time_precision}, from its {e.date_from}): "
                     f"{e.place.name} [{e.place.place_id}]")  # fmt: skip
    return "\n".join(lines)


def cmd_read(args) -> int:
    from reader import ReadError, read_report
    from reader import output as o

    report_date = None
    if args.date:
        try:
            report_date = dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"raidmap read: --date {args.date!r} is not YYYY-MM-DD", file=sys.stderr)
            return EXIT_BAD_INPUT
    if args.out and not args.format:
        print("raidmap read: --out needs --format csv or geojson", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
            reading = read_report(data, name="stdin", report_date=report_date, lang=args.lang)
        else:
            reading = read_report(Path(args.file), report_date=report_date, lang=args.lang)
    except ReadError as exc:
        print(f"raidmap read: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for note in reading.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.json:
        text = o.dumps(o.to_json(reading))
    elif args.format == "csv":
        text = o.to_csv(reading)
    elif args.format == "geojson":
        text = o.dumps(o.to_geojson(reading))
    else:
        text = _summary(reading)
    if args.out:
        try:
            Path(args.out).write_text(text if text.endswith("\n") else text + "\n", "utf-8")
        except OSError as exc:
            print(f"raidmap read: cannot write {args.out} ({exc.strerror or exc})", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"wrote {len(reading.events)} candidate events to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
