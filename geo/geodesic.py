"""Geodesic distance on WGS84 (pyproj ``Geod``), with nothing else loaded: the gazetteer
uses it while it builds, so that a place lookup does not load the border, shapely and
scipy (``geo.measure``, which re-exports it)."""

from __future__ import annotations

import numpy as np
from pyproj import Geod

GEOD = Geod(ellps="WGS84")


def distance_km(*, lat1, lon1, lat2, lon2):
    """Geodesic distance on WGS84 in km between (lat1, lon1) and (lat2, lon2).

    Works on scalars or arrays (broadcast). Keyword-only so that the order is never guessed.
    """
    lon1, lat1, lon2, lat2 = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2))
    )
    _, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    km = np.asarray(dist, dtype=float) / 1000.0
    return float(km) if km.ndim == 0 else km
