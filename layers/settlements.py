"""The one settlement selection: which gazetteer places the maps draw as settlements (the web
map, the HTML snapshot and the static images alike).

Villages, towns, cities and the curated border checkpoints, curated places first. A GeoNames
point that repeats a curated place is left out: the same GeoNames id, or within 2.5 km of a
curated place (GeoNames sometimes holds a second point for a curated town, "Gorod
Shebekino"). A renderer may leave out small GeoNames places (``min_population``): the web
map, which shows the whole region at once, draws none under 2,000 people.
"""

from __future__ import annotations

import numpy as np
from pyproj import Geod

from geo.gazetteer import Gazetteer, Place, default_gazetteer

KINDS = ("village", "town", "city", "checkpoint")
DUPLICATE_M = 2500.0
LABEL_MIN_POPULATION = 20_000  # the web map labels curated places and places this big
_GEOD = Geod(ellps="WGS84")


def settlements(gazetteer: Gazetteer | None = None, *, min_population: int = 0) -> list[Place]:
    """The places drawn as settlements, curated first, then by place id."""
    gaz = gazetteer or default_gazetteer()
    places = sorted(
        (p for p in gaz if p.kind in KINDS and not p.is_region),
        key=lambda p: (p.origin != "curated", p.place_id),
    )
    curated = [p for p in places if p.origin == "curated"]
    ids = {p.geonames_id for p in curated if p.geonames_id}
    others = [p for p in places if p.origin != "curated"]
    lon = np.array([p.lon for p in others], float)
    lat = np.array([p.lat for p in others], float)
    near = np.zeros(len(others), bool)
    for c in curated:
        _, _, dist = _GEOD.inv(np.full(len(others), c.lon), np.full(len(others), c.lat), lon, lat)
        near |= dist < DUPLICATE_M
    kept = [
        p
        for p, n in zip(others, near, strict=True)
        if not n and p.geonames_id not in ids and (p.population or 0) >= min_population
    ]
    return curated + kept


def labelled(place: Place) -> bool:
    """Whether the web map labels the place (the others are dots with a tooltip)."""
    return place.origin == "curated" or (place.population or 0) >= LABEL_MIN_POPULATION
