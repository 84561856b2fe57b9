"""The event popup as a reading panel: a plain-language headline, claims folded, escaped."""

from __future__ import annotations

import re

import pytest

from render.popup import claims_html, headline, popup_html
from tests.support.hostile import PAYLOADS

RAIDERS = "Freedom of Russia Legion; Russian Volunteer Corps"


@pytest.mark.parametrize(
    "row, want",
    [
        (
            {
                "sub_event_type": "Non-state actor overtakes territory",
                "event_type": "Battles",
                "actor1": RAIDERS,
                "place_name": "Kozinka",
            },
            "Raiders take Kozinka",
        ),
        (
            {
                "sub_event_type": "Shelling/artillery/missile attack",
                "event_type": "Explosions/Remote violence",
                "actor1": "Military Forces of Russia",
                "place_name": "Shebekino",
            },
            "Shelling of Shebekino",
        ),
        (
            {
                "sub_event_type": "Non-state actor overtakes territory",
                "event_type": "Battles",
                "actor1": "Unidentified Armed Group",
                "location": "Glotovo",
            },
            "Armed group take Glotovo",
        ),
        (
            {"sub_event_type": "Armed clash", "event_type": "Battles", "place_name": "Grayvoron"},
            "Fighting at Grayvoron",
        ),
        (  # a type without a wording of its own: said as ACLED says it
            {
                "sub_event_type": "Looting/property destruction",
                "event_type": "Riot-ish",
                "place_name": "Belgorod",
            },
            "Looting/property destruction: Belgorod",
        ),
    ],
)
def test_headline_is_plain_language_from_type_and_place(row, want):
    assert headline(row) == want


def _row(**kw):
    base = {
        "event_id": "E1",
        "event_type": "Battles",
        "sub_event_type": "Non-state actor overtakes territory",
        "actor1": RAIDERS,
        "actor2": "",
        "place_name": "Kozinka",
        "location": "Kozinka",
        "geo_precision": 1,
        "time_precision": 1,
        "summary": "s",
        "source_ids": [],
        "claims": [],
    }
    import pandas as pd

    base["event_date"] = pd.Timestamp("2023-05-22")
    base["end_date"] = None
    return {**base, **kw}


def test_popup_headline_then_the_acled_type_and_claims_folded_with_their_count():
    claims = [{"claimant": f"c{i}", "claim_text": "t", "status": "claimed"} for i in range(11)]
    html = popup_html(_row(claims=claims))
    assert "<h4><bdi>Raiders take Kozinka</bdi></h4>" in html
    assert "Non-state actor overtakes territory" in html  # still said, under the headline
    assert "<details class='rm-claims-fold'><summary>11 claims" in html
    assert html.index("<details") < html.index("<table class='rm-claims'")
    assert "1 claim:" in claims_html(claims[:1])
    assert claims_html([]) == ""


def test_headline_of_hostile_place_names_stays_text():
    for text in PAYLOADS.values():
        html = popup_html(_row(place_name=text))
        h4 = re.search(r"<h4>(.*?)</h4>", html, re.S).group(1)
        assert "<" not in h4.replace("<bdi>", "").replace("</bdi>", "")
