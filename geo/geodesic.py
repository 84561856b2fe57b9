"""Geodesic distance on WGS84 (pyproj ``Geod``), with nothing else loaded: the gazetteer
uses it while it builds, so that a place lookup does not load the border, shapely and
scipy (``geo.measure``, which re-exports it)."""

from __future__ import annotations

import numpy as np
from pyproj import Geod

GEOD = Geod(ellps="WGS84")
WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563
WGS84_E2 = WGS84_F * (2 - WGS84_F)


def ecef(*, lon, lat) -> np.ndarray:
    """Earth-centred (x, y, z) in metres of points on the WGS84 ellipsoid, shape (n, 3)."""
    lam, phi = np.radians(np.asarray(lon, float)), np.radians(np.asarray(lat, float))
    s, c = np.sin(phi), np.cos(phi)
    n = WGS84_A / np.sqrt(1.0 - WGS84_E2 * s * s)
    return np.column_stack([n * c * np.cos(lam), n * c * np.sin(lam), n * (1.0 - WGS84_E2) * s])


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
