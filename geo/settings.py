"""The project's fixed settings: one place for the region box and the default view.

**The region box** (lon_min, lat_min, lon_max, lat_max) = (30.0, 48.5, 41.0, 54.0) is the
extent of the bundled geographic extract (``scripts/extract_border.py`` clips the border and
land to it). It was already the value of three of the four boxes (the events' region check,
the web map's bounds, the extract's clip box); the fourth, the link parser's accepted view
centre (lat 44..56, lon 28..44), accepted centres over ground the map has no data for. One
box now: an event outside it could be drawn on no land and measured against no border, and a
view centred outside it shows only the sea colour.
"""

from __future__ import annotations

REGION_BOUNDS = (30.0, 48.5, 41.0, 54.0)  # lon_min, lat_min, lon_max, lat_max

# The web map's default view: the Belgorod raids.
DEFAULT_LAT = 50.42
DEFAULT_LON = 36.25
DEFAULT_ZOOM = 9
ZOOM_RANGE = (5, 16)  # what a link may ask for


def in_region(*, lat: float, lon: float) -> bool:
    """Whether a point lies in the region box."""
    lon0, lat0, lon1, lat1 = REGION_BOUNDS
    return lat0 <= lat <= lat1 and lon0 <= lon <= lon1
