"""What a user types for a point: ``LAT,LON`` (latitude first, as maps write it) or a place
name. Shared by the command line and the app's distance tab."""

from __future__ import annotations

import re
from typing import NamedTuple

from geo.gazetteer import Place, default_gazetteer
from geo.measure import check_in_region, check_lat_lon

_LAT_LON = re.compile(r"\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*")


class Point(NamedTuple):
    label: str
    lat: float
    lon: float
    place: Place | None  # None for a typed LAT,LON

    @property
    def precision_m(self) -> float:
        """How far the true position may lie from (lat, lon): the place's radius, 0 for a
        typed point."""
        return self.place.precision_m if self.place is not None else 0.0


def resolve_point(text: str, *, in_region: bool = True) -> Point:
    """``LAT,LON`` or a place name (any spelling the gazetteer knows); raises
    CoordinateError for a point off the globe or, with ``in_region``, outside the map's
    region (naming the swapped pair when that lies in it), UnknownPlaceError for an
    unknown name."""
    m = _LAT_LON.fullmatch(text)
    if m:
        lat, lon = float(m[1]), float(m[2])
        if in_region:
            check_in_region(lat=lat, lon=lon)
        else:
            check_lat_lon(lat, lon)
        return Point(f"{lat:.5f},{lon:.5f}", lat, lon, None)
    place = default_gazetteer().lookup(text)
    return Point(place.name, place.lat, place.lon, place)
