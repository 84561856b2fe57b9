"""Leaflet's own files, from the ``django-js-lib-leaflet`` package (Leaflet 1.9.4,
BSD-2-Clause), and Leaflet.markercluster's (1.5.3, MIT; vendored in
``render/vendor/markercluster/`` by ``scripts/vendor_markercluster.py``): served by
Streamlit's static file serving for the app, inlined into the standalone HTML snapshot. No
CDN is ever needed."""

from __future__ import annotations

import base64
import re
import shutil
from functools import cache
from pathlib import Path

import js_lib_leaflet

from geo.paths import REPO_ROOT

LEAFLET_DIR = Path(js_lib_leaflet.__file__).parent / "static" / "js_lib_leaflet"
STATIC_DIR = REPO_ROOT / "static" / "vendor" / "leaflet"
GESTURE_DIR = Path(__file__).with_name("vendor") / "leaflet-gesture-handling"
MARKERCLUSTER_DIR = Path(__file__).parent / "vendor" / "markercluster"
MARKERCLUSTER_FILES = ("leaflet.markercluster.js", "MarkerCluster.css")


def ensure_static_assets(target: Path = STATIC_DIR) -> Path:
    """Copy leaflet.js, leaflet.css and its images under ``static/`` (served at
    ``/app/static/vendor/leaflet/``) unless they are already there and current."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):
        src, dst = LEAFLET_DIR / name, target / name
        if not dst.exists() or dst.stat().st_size != src.stat().st_size:
            shutil.copyfile(src, dst)
    images = target / "images"
    if not images.exists():
        shutil.copytree(LEAFLET_DIR / "images", images)
    ensure_gesture_assets(target.parent / GESTURE_DIR.name)
    _copy_markercluster(target / "markercluster")
    return target


def ensure_gesture_assets(target: Path) -> Path:
    """The vendored gesture-handling plugin (render/gestures.py) beside Leaflet under
    ``static/``, served at ``/app/static/vendor/leaflet-gesture-handling/``."""
    target.mkdir(parents=True, exist_ok=True)
    for src in GESTURE_DIR.glob("leaflet-gesture-handling.min.*"):
        dst = target / src.name
        if not dst.exists() or dst.read_bytes() != src.read_bytes():
            shutil.copyfile(src, dst)
    return target


@cache
def gesture_js() -> str:
    return (GESTURE_DIR / "leaflet-gesture-handling.min.js").read_text(encoding="utf-8")


@cache
def gesture_css() -> str:
    return (GESTURE_DIR / "leaflet-gesture-handling.min.css").read_text(encoding="utf-8")


def _copy_markercluster(target: Path) -> None:
    """The vendored plugin's files, served under Leaflet's
    (``/app/static/vendor/leaflet/markercluster/``)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in MARKERCLUSTER_FILES:
        src, dst = MARKERCLUSTER_DIR / name, target / name
        if not dst.exists() or dst.read_bytes() != src.read_bytes():
            shutil.copyfile(src, dst)


@cache
def markercluster_js() -> str:
    return (MARKERCLUSTER_DIR / "leaflet.markercluster.js").read_text(encoding="utf-8")


@cache
def markercluster_css() -> str:
    return (MARKERCLUSTER_DIR / "MarkerCluster.css").read_text(encoding="utf-8")


@cache
def date_rule_js() -> str:
    """The browser's date rule (``render/daterule.js``: defines ``rmDateRule``), shared by
    the app's live layers and the HTML snapshot's slider. Our own code, no data in it."""
    return Path(__file__).with_name("daterule.js").read_text(encoding="utf-8")


@cache
def tooltip_batch_js() -> str:
    """``render/tooltipbatch.js``: permanent tooltips placed in one layout (our code, no
    data); runs after Leaflet, before the map's own script."""
    return Path(__file__).with_name("tooltipbatch.js").read_text(encoding="utf-8")


@cache
def leaflet_js() -> str:
    return (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")


@cache
def leaflet_css_inline() -> str:
    """leaflet.css with its images turned into data: URIs (a file that needs nothing else)."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(m: re.Match) -> str:
        path = LEAFLET_DIR / m.group(1)
        b64 = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{b64})"

    return re.sub(r"url\((images/[\w\-]+\.png)\)", data_uri, css)


def inline_head() -> str:
    """Leaflet's and Leaflet.markercluster's CSS and scripts, inline, for a ``<head>`` (the
    HTML snapshot; a page that needs no other file)."""
    return (
        f"<style>{leaflet_css_inline()}</style>\n<style>{markercluster_css()}</style>\n"
        f"<script>{leaflet_js()}</script>\n<script>{markercluster_js()}</script>\n"
    )
