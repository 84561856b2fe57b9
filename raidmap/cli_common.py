"""What every ``raidmap`` subcommand shares: the exit status for bad input, output as text
or JSON, the events argument (bundled record or an imported file) and the rejection report
on stderr. Imports nothing heavy at module level, so ``raidmap geocode`` stays light."""

from __future__ import annotations

import json
import sys
from pathlib import Path

EXIT_BAD_INPUT = 2


def out(obj, as_json: bool, text: str) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2) if as_json else text)


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
