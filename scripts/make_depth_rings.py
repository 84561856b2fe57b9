"""Regenerate data/border/depth_rings.geojson: lines inside Russia at 5, 10, 20 and the
claimed 40 km from the border (see layers.derived.compute_depth_rings).

Run from the repository root after the border extract changes:

    python scripts/make_depth_rings.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.paths import data_file  # noqa: E402
from layers.derived import RINGS_FILE, compute_depth_rings  # noqa: E402


def main() -> None:
    rings = compute_depth_rings()
    rings["geometry"] = rings.geometry.set_precision(1e-6)
    out = data_file(*RINGS_FILE)
    out.write_text(rings.to_json(drop_id=True), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
