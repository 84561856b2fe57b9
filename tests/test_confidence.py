"""Who says: claimant families (data) and the documented confidence rule, on small fixtures."""

from __future__ import annotations

import csv

import geopandas as gpd
import pytest

from geo.paths import data_file
from layers.confidence import (
    FAMILY_LABELS,
    by_family,
    family_of,
    grade,
    with_confidence,
)
from layers.export import feature_collection, to_csv
from raidmap.state import from_query, to_query
from render.popup import popup_html


def ev(gp=1, tp=1, sources=("S1",), claims=()):
    return {
        "geo_precision": gp,
        "time_precision": tp,
        "source_ids": list(sources),
        "claims": list(claims),
    }


def claim(claimant, status="claimed", source="S1"):
    return {"claimant": claimant, "status": status, "source_id": source}


def test_every_claimant_of_the_record_has_a_known_family(record):
    with data_file("claimant_families.csv").open(encoding="utf-8") as fh:
        table = {r["claimant"]: r["family"] for r in csv.DictReader(fh)}
    assert set(record.claims["claimant"]) <= set(table)
    assert set(table.values()) <= set(FAMILY_LABELS)


@pytest.mark.parametrize(
    ("claimant", "family"),
    [
        ("Russian Ministry of Defence", "russian_state"),
        ("governor vyacheslav gladkov", "russian_state"),
        ("Russian Volunteer Corps", "raiders_ukraine"),
        ("Ukrainian military intelligence (HUR)", "raiders_ukraine"),
        ("Eurasia Daily Monitor", "independent"),
        ("US National Security Council (John Kirby)", "other"),
        ("Someone from an import", "unclassified"),
        (None, "unclassified"),
    ],
)
def test_family_of(claimant, family):
    assert family_of(claimant) == family


def test_the_best_case_is_a_and_each_part_counts():
    best = ev(
        sources=("S1", "S2", "S3"),
        claims=[claim("TASS", "corroborated"), claim("Russian Volunteer Corps")],
    )
    assert grade(best)[:2] == ("A", 8)
    assert grade(ev())[:2] == ("B", 4)  # place 2 + date 2 + one source 0
    assert grade(ev(gp=2))[1] == 3 and grade(ev(gp=3))[1] == 2
    assert grade(ev(tp=2))[1] == 3 and grade(ev(tp=3))[1] == 2
    assert grade(ev(sources=("S1", "S2")))[1] == 5
    # sources named only by claims count too
    assert grade(ev(claims=[claim("TASS", source="S9")]))[1] == 5


def test_two_sides_add_and_contested_claims_subtract():
    one_side = ev(claims=[claim("TASS"), claim("Russian Ministry of Defence")])
    two_sides = ev(claims=[claim("TASS"), claim("Newsweek")])
    assert grade(two_sides)[1] == grade(one_side)[1] + 1
    assert "claims from 2 sides (+1)" in grade(two_sides)[2]
    other_only = ev(claims=[claim("TASS"), claim("UK Ministry of Defence")])
    assert grade(other_only)[1] == grade(one_side)[1]  # 'other' is not a side
    disputed = ev(claims=[claim("TASS", "disputed")])
    refuted = ev(claims=[claim("TASS", "refuted")])
    assert grade(disputed)[:2] == ("C", 3)
    assert grade(refuted)[:2] == ("C", 2)
    assert "a refuted claim (-2)" in grade(refuted)[2]


def test_sources_weigh_by_their_tier():
    def with_tiers(*tiers):
        e = ev(gp=3, tp=3, sources=[f"S{i}" for i in range(len(tiers))])
        e["sources"] = [{"id": f"S{i}", "tier": t} for i, t in enumerate(tiers)]
        return grade(e)

    assert with_tiers(1, 1, 2)[1] == 2  # three independent sources
    assert with_tiers(5, 5, 5)[1] == 0  # aggregators add nothing
    assert with_tiers(1, 3, 4)[1] == 1  # party statements and partisan channels weigh half
    assert "weight 2 by tier" in with_tiers(1, 3, 4)[2]
    assert grade(ev(gp=3, tp=3, sources=("S1", "S2", "S3")))[1] == 2  # no tier known: 1 each


def test_the_weakest_is_d():
    assert grade(ev(gp=3, tp=3, claims=[claim("TASS", "disputed")]))[:2] == ("D", -1)


def test_record_events_carry_grade_and_families(record):
    e = record.events
    assert set(e["confidence"]) <= {"A", "B", "C", "D"}
    koz = e.loc[e["event_id"] == "BEL-2023-05-22-01"].iloc[0]
    assert koz["confidence"] == "A"
    assert koz["claim_families"].split("; ")[:3] == [
        "russian_state",
        "raiders_ukraine",
        "independent",
    ]
    html = popup_html(koz)
    assert "confidence" in html and "A (place precision 1 (+2)" in html
    assert "Raiders and Ukrainian officials" in html


def test_filter_by_family(record):
    e = record.events
    raiders = by_family(e, ["raiders_ukraine"])
    assert 0 < len(raiders) < len(e)
    assert all("raiders_ukraine" in s for s in raiders["claim_families"])
    assert len(by_family(e, [])) == len(e)
    both = by_family(e, ["raiders_ukraine", "other"])
    assert len(both) >= len(raiders)


def test_exports_carry_the_grade(record):
    props = feature_collection(record.events)["features"][1]["properties"]
    assert props["confidence"] in "ABCD" and "confidence_why" in props
    assert "claim_families" in to_csv(record.events).splitlines()[0]


def test_an_import_without_claims_is_graded_and_unclassified():
    g = gpd.GeoDataFrame([{**ev(gp=2, tp=1), "event_id": "X"}])
    out = with_confidence(g)
    assert out.loc[0, "confidence"] == "C" and out.loc[0, "claim_families"] == ""


def test_the_family_filter_goes_into_the_link():
    import datetime as dt

    state = from_query(
        {"date": "2023-05-22", "family": "raiders_ukraine,bogus"},
        span=(dt.date(2023, 3, 1), dt.date(2023, 6, 30)),
        default_date=dt.date(2023, 5, 22),
    )
    assert state.families == ("raiders_ukraine",)
    assert any("bogus" in w for w in state.warnings)
    assert to_query(state)["family"] == ["raiders_ukraine"]
