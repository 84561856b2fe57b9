"""Vendor Leaflet's gesture-handling plugin (npm ``leaflet-gesture-handling``, MIT) into
``render/vendor/leaflet-gesture-handling/``: on a phone, one finger scrolls the page and two
fingers move the map. Run once by hand; the app serves the files offline (render/assets.py
copies them under ``static/``) and the HTML snapshot inlines them. Never fetched at run time.

Fetch the package outside the repository::

    mkdir -p /tmp/gh && cd /tmp/gh && npm pack leaflet-gesture-handling@1.2.2

and run from the repository root::

    python3 scripts/vendor_gesture_handling.py /tmp/gh/leaflet-gesture-handling-1.2.2.tgz

The tarball is checked against npm's published integrity (SHA-512) before anything is taken
from it; the README written beside the files gives the version, the licence and each file's
SHA-256.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import tarfile
from pathlib import Path

NAME, VERSION = "leaflet-gesture-handling", "1.2.2"
# npm view leaflet-gesture-handling@1.2.2 dist.integrity
INTEGRITY = (
    "sha512-Blf5V4PoNphWkzL7Y1qge+Spkd4OCQ2atjwUNhMhLIcjKzPcBH++"
    "x/lwOinaR9jSqLWqJ6oKYO8d0XdTffy4hQ=="
)
FILES = {  # path in the tarball -> file name here
    "package/dist/leaflet-gesture-handling.min.js": "leaflet-gesture-handling.min.js",
    "package/dist/leaflet-gesture-handling.min.css": "leaflet-gesture-handling.min.css",
    "package/LICENSE": "LICENSE",
}
OUT = Path(__file__).resolve().parent.parent / "render" / "vendor" / NAME


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def vendor(tarball: Path, out: Path = OUT) -> dict[str, str]:
    data = tarball.read_bytes()
    if integrity(data) != INTEGRITY:
        raise SystemExit(f"{tarball}: not npm's {NAME}@{VERSION} (integrity differs)")
    out.mkdir(parents=True, exist_ok=True)
    digests = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member, name in FILES.items():
            fh = tar.extractfile(member)
            if fh is None:
                raise SystemExit(f"{tarball}: {member} missing")
            body = fh.read()
            (out / name).write_bytes(body)
            digests[name] = hashlib.sha256(body).hexdigest()
    rows = "\n".join(f"| `{n}` | `{d}` |" for n, d in digests.items())
    (out / "README.md").write_text(
        f"""# `{NAME}` {VERSION} (vendored)

Leaflet plugin by elmarquis (Andy Marquis): with it enabled, a one-finger swipe on the map
scrolls the page and two fingers move the map (on a desktop, Ctrl + wheel zooms). The app
enables it on touch screens and pages under 640 px wide (`render/gestures.py`).

- Source: npm `{NAME}@{VERSION}`, tarball integrity `{INTEGRITY}`
- Licence: MIT (`LICENSE`, copied from the package)
- Made by `scripts/vendor_gesture_handling.py`; don't edit these files by hand.

| file | SHA-256 |
|---|---|
{rows}
""",
        encoding="utf-8",
    )
    return digests


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tarball", type=Path)
    args = ap.parse_args()
    for name, digest in vendor(args.tarball).items():
        print(name, digest)


if __name__ == "__main__":
    main()
