"""The vendored Leaflet.markercluster: the files its README names, served and inlined
without any CDN, and the map's zoom limits it needs."""

from __future__ import annotations

import hashlib
import re

from render import assets, webmap


def test_vendored_files_match_the_checksums_their_readme_records():
    readme = (assets.MARKERCLUSTER_DIR / "README.md").read_text(encoding="utf-8")
    assert "version 1.5.3" in readme and "licence MIT" in readme
    rows = re.findall(r"\| `([^`]+)` \| `[^`]+` \| `([0-9a-f]{64})` \|", readme)
    assert {name for name, _ in rows} >= {*assets.MARKERCLUSTER_FILES, "MIT-LICENCE.txt"}
    for name, digest in rows:
        data = (assets.MARKERCLUSTER_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name


def test_app_serves_the_plugin_beside_leaflet_and_the_snapshot_inlines_it(tmp_path):
    target = assets.ensure_static_assets(tmp_path / "leaflet")
    for name in assets.MARKERCLUSTER_FILES:
        served = target / "markercluster" / name
        assert served.read_bytes() == (assets.MARKERCLUSTER_DIR / name).read_bytes()
    js = [src for _, src in webmap.RaidMap.default_js]
    assert js[0].endswith("/leaflet.js")  # Leaflet first: the plugin extends it
    assert webmap.MARKERCLUSTER_URL_BASE + "leaflet.markercluster.js" in js
    assert all(src.startswith("/app/static/") for src in js)  # our own server, no CDN
    head = assets.inline_head()
    assert "L.MarkerClusterGroup" in head and "<script src" not in head
    assert head.index(assets.markercluster_js()) > head.index(assets.leaflet_js())


def test_base_map_has_zoom_limits_of_its_own():
    options = webmap.base_map(layers=()).options
    assert options["min_zoom"] == 6 and options["max_zoom"] == 16
