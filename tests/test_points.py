"""geo.points.resolve_point: what a user types for a point (the CLI and the app share it)."""

from __future__ import annotations

import pytest

from geo.errors import CoordinateError, UnknownPlaceError
from geo.points import resolve_point


def test_a_place_name_resolves_to_the_place():
    p = resolve_point("Hraivoron")
    assert p.label == "Grayvoron" and p.place is not None and p.place.place_id == "grayvoron"
    assert (p.lat, p.lon) == (p.place.lat, p.place.lon)
    assert p.precision_m == p.place.precision_m > 0


def test_lat_lon_is_latitude_first_and_exact():
    label, lat, lon, place = resolve_point(" 50.42335 , 35.48299 ")
    assert (lat, lon, place) == (50.42335, 35.48299, None)
    assert label == "50.42335,35.48299" and resolve_point("50.4,35.5").precision_m == 0.0


@pytest.mark.parametrize("bad", ["200,30", "50.4,-190"])
def test_a_point_off_the_globe_is_refused(bad):
    with pytest.raises(CoordinateError):
        resolve_point(bad)


def test_an_unknown_name_is_refused():
    with pytest.raises(UnknownPlaceError):
        resolve_point("Nowhere-upon-Thames")
