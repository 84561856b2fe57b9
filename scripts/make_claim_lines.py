"""Regenerate data/border/claim_lines.geojson: the bundled record's claim lines (each depth
claim as its line at the claimed distance from the border, and the gap to the deepest
measured event; see layers.claimlines), with the fingerprint of what they are made from.

Run from the repository root after the record's events or claims, the border or the land
change (until then the app and the CLI compute the lines themselves, ~0.2 s a process):

    python scripts/make_claim_lines.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.paths import data_file  # noqa: E402
from layers.claimlines import LINES_FILE, compute_record_claim_lines, lines_to_json  # noqa: E402


def main() -> None:
    out = data_file(*LINES_FILE)
    out.write_text(lines_to_json(compute_record_claim_lines()) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
