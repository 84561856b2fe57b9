"""Filters and derived layers on the bundled record."""

import pandas as pd
import pytest

from layers import analysis, derived, filters


def test_by_date_modes(record):
    e = record.events
    upto = filters.by_date(e, "2023-05-22", "upto")
    day = filters.by_date(e, "2023-05-22", "day")
    assert set(day["event_id"]) <= set(upto["event_id"])
    assert (upto["event_date"] <= pd.Timestamp("2023-05-22")).all()
    # a window event (22-23 May) is shown on the 23rd in day mode, and is not yet certain
    # on the 22nd in upto mode
    w = filters.by_date(e, "2023-05-23", "day")
    assert (w["time_precision"] == 2).any()
    assert (~upto["certain_by_date"]).any()
    with pytest.raises(ValueError):
        filters.by_date(e, "2023-05-22", "sideways")


def test_window_mode_grows_with_the_window(record):
    a = filters.by_date(record.events, "2023-06-06", "window", 1)
    b = filters.by_date(record.events, "2023-06-06", "window", 10)
    assert len(a) < len(b)


def test_actor_claimant_status_precision_filters(record):
    e = record.events
    rvc = filters.by_actor(e, ["Russian Volunteer Corps"])
    assert 0 < len(rvc) < len(e)
    assert len(filters.by_actor(e, [])) == len(e)
    tass = filters.by_claimant(e, ["TASS"])
    # TASS: the injured in Shebekino, and "the village" the ministry names as Novaya Tavolzhanka
    assert set(tass["location"]) == {"Shebekino", "Novaya Tavolzhanka"}
    disputed = filters.by_claim_status(e, ["disputed"])
    assert all(any(c["status"] == "disputed" for c in cs) for cs in disputed["claims"])
    region = filters.by_precision(e, geo=[3])
    assert (region["draw_as"] == "area").all()
    assert "Freedom of Russia Legion" in filters.actors_of(e)
    assert "Russian Ministry of Defence" in filters.claimants_of(e)


def test_presence_and_axes(record):
    pres = derived.presence_by_day(record.events)
    assert pres.crs.to_epsg() == 4326
    days = set(pres["date"].dt.date.astype(str))
    # 22 May: Kozinka taken, Grayvoron entered, fighting in Gora-Podol and Glotovo. 1 June is
    # not a presence day: the fighting was only near Novaya Tavolzhanka and the Shebekino
    # crossing (precision 2). 4 June: the governor himself reports fighting in the village.
    assert days == {"2023-05-22", "2023-06-04"}
    may22 = derived.presence_on(pres, "2023-05-22").iloc[0]
    for place in ("Kozinka", "Grayvoron", "Gora-Podol", "Glotovo"):
        assert place in may22["places"]
    assert derived.presence_on(pres, "2023-06-04").iloc[0]["places"] == "Novaya Tavolzhanka"
    axes = derived.axes_of_advance(record.events)
    assert set(axes["place_name"]) == {
        "Kozinka",
        "Grayvoron",
        "Gora-Podol",
        "Glotovo",
        "Novaya Tavolzhanka",
    }
    assert (axes["depth_km"] > 0).all()
    for line in axes.geometry:
        assert len(line.coords) == 2


def test_zones_include_the_belgorod_22_uncertainty_area(record):
    z = derived.zones(record.events)
    b22 = z.loc[z["kind"] == "uncertainty"]
    assert len(b22) == 1 and b22.iloc[0]["radius_m"] >= 8000
    assert b22.iloc[0].geometry.geom_type == "Polygon"


def test_deepest_per_day_and_claims_vs_measured(record):
    per_day = analysis.deepest_per_day(record.events)
    assert not per_day.empty and (per_day["depth_km"] > 0).all()
    assert per_day["date"].is_monotonic_increasing
    cvm = analysis.claimed_vs_measured(record.events, record.claims)
    forty = cvm.loc[cvm["claimed_km"] == 40].iloc[0]
    # the measured depths of the places named on 22 May are far short of 40 km
    assert forty["measured_deepest_km"] < 15 and forty["ratio"] > 2.5
    miles = cvm.loc[cvm["claim_text"].str.contains("25 miles")].iloc[0]
    assert miles["claimed_km"] == pytest.approx(40.23, abs=0.01)
    assert "Belgorod" in miles["measured_at"]


def test_depth_table_sorted_deepest_first(record):
    t = analysis.depth_table(record.events)
    d = t["depth_km"].dropna()
    assert d.is_monotonic_decreasing and t["depth_km"].isna().sum() >= 5
