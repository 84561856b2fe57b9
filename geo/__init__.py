"""Geography for raidmap: the gazetteer, the Russia–Ukraine border, geodesic measurement.

Knows nothing about events. Coordinates: functions take explicit ``lat``/``lon`` keyword
names; arrays and shapely geometries are in (lon, lat) order, as RFC 7946 and pyproj's
``always_xy`` expect. Folium's (lat, lon) order never enters this package.
"""

from geo.errors import GeoError, UnknownPlaceError

__all__ = ["GeoError", "UnknownPlaceError"]
