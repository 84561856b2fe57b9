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


class Progress:
    """A progress line on stderr ("12,345 rows read"), shown only when stderr is a terminal."""

    def __init__(self, label: str, stream=None):
        self.stream = stream or sys.stderr
        self.label = label
        self.on = self.stream.isatty()
        self.shown = False

    def __call__(self, rows: int) -> None:
        if self.on:
            self.stream.write(f"\r\033[K{self.label}: {rows:,} rows read")
            self.stream.flush()
            self.shown = True

    def step(self, text: str) -> None:
        if self.on:
            self.stream.write(f"\r\033[K{self.label}: {text}")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def load_events_arg(path: str | None, progress=None):
    """The bundled record, or an imported file; returns (events, reports). ``progress``: a
    :class:`Progress` (or a callable of the rows read)."""
    import numpy as np

    from layers.events import load_events
    from layers.record import bundled_record

    if path is None:
        rec = bundled_record()
        return rec.events, rec.reports
    gdf, report = load_events(Path(path), progress=progress, stage=getattr(progress, "step", None))
    if "claims" not in gdf:
        # none: one shared empty tuple per row (read-only; a list per row cost 0.4 s at 500k)
        none = np.empty(len(gdf), object)
        none.fill(())
        gdf = gdf.assign(claims=none)
    return gdf, [report]


def report_problems(reports) -> bool:
    """Print every rejection to stderr; True if there was any."""
    bad = False
    for r in reports:
        for line in r.notes:
            print(f"note: {line}", file=sys.stderr)
        for w in r.warnings:
            print(f"  warning: {w}", file=sys.stderr)
        if not r.ok:
            bad = True
            print(r.summary(), file=sys.stderr)
            for rej in r.rejections:
                if rej.row != "-":
                    print(f"  rejected: {rej}", file=sys.stderr)
    return bad
