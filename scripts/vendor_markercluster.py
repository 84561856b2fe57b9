"""Vendor Leaflet.markercluster's dist files into ``render/vendor/markercluster/``.

Source
------
The npm package ``leaflet.markercluster`` (version 1.5.3, MIT licence, © 2012 David
Leaver), the plugin that groups markers on one spot and spreads them ("spiderfy") on click.
The project installs nothing from npm at run time: its files are committed, served by the
app from ``static/vendor/markercluster/`` (render/assets.py copies them there) and inlined
into the HTML snapshot. No CDN.

Fetch the package outside the repository, e.g.::

    mkdir -p /tmp/mc && cd /tmp/mc
    npm pack leaflet.markercluster@1.5.3
    tar xzf leaflet.markercluster-1.5.3.tgz

Run from the repository root::

    python3 scripts/vendor_markercluster.py /tmp/mc/package

It copies ``dist/leaflet.markercluster.js``, ``dist/MarkerCluster.css`` and the licence,
and writes ``render/vendor/markercluster/README.md`` with the version, licence and each
file's SHA-256 (checked by tests/test_assets.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

FILES = {
    "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
    "dist/MarkerCluster.css": "MarkerCluster.css",
    "MIT-LICENCE.txt": "MIT-LICENCE.txt",
}
OUT = Path(__file__).resolve().parent.parent / "render" / "vendor" / "markercluster"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("package", type=Path, help="the unpacked npm package (its package/ folder)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    meta = json.loads((args.package / "package.json").read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for src, dst in FILES.items():
        shutil.copyfile(args.package / src, args.out / dst)
        digest = hashlib.sha256((args.out / dst).read_bytes()).hexdigest()
        rows.append(f"| `{dst}` | `{src}` | `{digest}` |")
    readme = [
        "# Leaflet.markercluster (vendored)",
        "",
        f"npm package `{meta['name']}` version {meta['version']}, licence {meta['license']}",
        "(`MIT-LICENCE.txt`). Copied by `scripts/vendor_markercluster.py` (which says how to",
        "fetch the package); do not edit these files by hand.",
        "",
        "| file | from the package | SHA-256 |",
        "|---|---|---|",
        *rows,
        "",
    ]
    (args.out / "README.md").write_text("\n".join(readme), encoding="utf-8")


if __name__ == "__main__":
    main()
