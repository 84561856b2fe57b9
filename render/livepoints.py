"""A large dataset's points shown on a day (render/liveagg.py's ``points``), without their
popups: the popups of a shown set go as one JSON file where the app serves static files,
and a shown set's points are built once (:func:`shown_points`), so that a day seen again
costs a hash of its positions. Used by :func:`render.livemap.show_spec`."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

import geopandas as gpd
import numpy as np

from geo.paths import REPO_ROOT
from render import liveagg
from render.staticfiles import write_static

# A large dataset's popups of the points shown, one file per set (render/liveagg.lazy_popups)
POPUP_DIR = REPO_ROOT / "static" / "live" / "popups"
POPUP_URL = "/app/static/live/popups/"
KEEP_POPUP_FILES = 48


def _write(directory: Path, body: bytes) -> str:
    """The popups' file's URL (written unless it is there; the oldest beyond
    ``KEEP_POPUP_FILES`` removed)."""
    name = hashlib.sha256(body).hexdigest()[:20] + ".json"
    return POPUP_URL + write_static(directory, name, body, KEEP_POPUP_FILES).name


def publish_popups(points: dict | None, directory: Path | None = None) -> dict | None:
    """``points`` without their popups, which are written as a JSON list (escaped HTML, as
    built by render/popup.py) where the app serves static files; ``points["popups"]`` is its
    URL, ``pop`` on a feature its place in the list."""
    points, popups = liveagg.lazy_popups(points)
    if points is None:
        return None
    if popups:
        body = json.dumps(popups, ensure_ascii=False, separators=(",", ":")).encode()
        points["popups"] = _write(POPUP_DIR if directory is None else directory, body)
    return points


class _Dataset(Protocol):
    """What :func:`shown_points` needs of render.livemap.LiveData (not imported: livemap
    imports this module)."""

    digest: str


POINTS_KEPT = 32  # shown sets whose points are kept (a day's ~550 points: ~0.6 MB each)
_points_kept: OrderedDict = OrderedDict()


def shown_points(
    data: _Dataset, shown: gpd.GeoDataFrame, pos: np.ndarray, sources: dict | None
) -> dict | None:
    """:func:`publish_popups` of ``liveagg.points(shown, sources)``, built once per shown
    set (the dataset, the shown events' document positions and which windows are still
    open): a day seen again (the Play loop, a step back, another reader) costs a hash of its
    positions, not its features and popups again. The popups' file is written again if it
    was removed meanwhile."""
    if len(shown) > liveagg.POINTS_MAX:
        return None
    certain = (
        shown["certain_by_date"].to_numpy(dtype=bool)
        if "certain_by_date" in shown
        else np.ones(len(shown), dtype=bool)
    )
    h = hashlib.sha256(np.asarray(pos, dtype=np.int64).tobytes() + certain.tobytes())
    key = (data.digest, sources is None, h.hexdigest())
    kept = _points_kept.get(key)
    if kept is None:
        points, popups = liveagg.lazy_popups(liveagg.points(shown, sources))
        body = json.dumps(popups, ensure_ascii=False, separators=(",", ":")).encode()
        kept = _points_kept[key] = (points, body if popups else None)
        while len(_points_kept) > POINTS_KEPT:
            _points_kept.popitem(last=False)
    else:
        _points_kept.move_to_end(key)
    points, body = kept
    if points is None:
        return None
    points = dict(points)
    if body is not None:
        points["popups"] = _write(POPUP_DIR, body)
    return points
