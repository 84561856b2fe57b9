"""Strict field parsing: what is accepted, and the reason given for what is not."""

import datetime as dt

import pytest

from layers.parse import (
    FieldError,
    parse_code,
    parse_count,
    parse_date,
    parse_float,
    parse_lat_lon,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2023-05-22", dt.date(2023, 5, 22)),
        ("22 May 2023", dt.date(2023, 5, 22)),  # ACLED export format
        ("22-May-2023", dt.date(2023, 5, 22)),
        ("May 22, 2023", dt.date(2023, 5, 22)),
        ("22/05/2023", dt.date(2023, 5, 22)),  # unambiguous: 22 cannot be a month
        ("05/22/2023", dt.date(2023, 5, 22)),
        ("2023-06-01T00:00:00Z", dt.date(2023, 6, 1)),
        (" 2023-06-01 ", dt.date(2023, 6, 1)),
    ],
)
def test_dates_accepted(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("03/04/2023", "ambiguous"),
        ("31 February 2023", "calendar"),
        ("2023-02-31", "calendar"),
        ("next week", "unrecognised"),
        ("", "empty"),
        ("22 Mai 2023", "month"),
    ],
)
def test_dates_refused_with_reason(raw, reason):
    with pytest.raises(FieldError, match=reason):
        parse_date(raw)


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("10,5", "decimal comma"),
        ("1,234.5", "separators"),
        ("abc", "not a number"),
        ("", "empty"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        (float("nan"), "finite"),
    ],
)
def test_numbers_refused(raw, reason):
    with pytest.raises(FieldError, match=reason):
        parse_float(raw)


def test_numbers_accepted_with_whitespace():
    assert parse_float(" 50.5 ") == 50.5
    assert parse_float(35) == 35.0


@pytest.mark.parametrize(
    "lat, lon, bad",
    [
        (200, 30, "latitude"),
        (50, 400, "longitude"),
        (None, 30, "latitude"),
        ("20", "", "longitude"),
    ],
)
def test_lat_lon_ranges(lat, lon, bad):
    with pytest.raises(FieldError, match=bad):
        parse_lat_lon(lat, lon)


def test_precision_codes():
    assert parse_code("2") == 2
    for bad in ("0", "4", "1.5", "-1", "", "two"):
        with pytest.raises(FieldError):
            parse_code(bad)


def test_counts():
    assert parse_count("") is None
    assert parse_count("12") == 12
    for bad in ("-3", "2.5", "many"):
        with pytest.raises(FieldError, match="non-negative whole"):
            parse_count(bad)
