"""The event popup as a reading panel: a plain-language headline, claims folded, escaped."""

from __future__ import annotations

import re

import pandas as pd
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


@pytest.mark.parametrize(
    "start, end, tp, said",
    [
        ("2023-05-22", None, 1, "22 May 2023"),
        ("2023-05-22", "2023-05-23", 2, "22–23 May 2023 (date known to within a week)"),
        ("2023-05-28", "2023-06-02", 2, "28 May – 2 June 2023 (date known to within a week)"),
        (
            "2022-12-30",
            "2023-01-02",
            2,
            "30 December 2022 – 2 January 2023 (date known to within a week)",
        ),
        ("2023-05-22", "2023-06-06", 3, "22 May – 6 June 2023 (date known to within a month)"),
        ("2023-05-01", "2023-05-31", 3, "May 2023 (date known to the month)"),
        ("2023-05-22", None, 3, "May 2023 (date known to the month)"),
        ("2023-05-22", None, 2, "22 May 2023 (date known to within a week)"),
        ("2023-05-22", "2023-05-24", 1, "22–24 May 2023 (over several days)"),
    ],
)
def test_when_text_says_the_window_as_one_writes_it_and_what_the_code_means(start, end, tp, said):
    """The lesson sheet, popups and timeline say a date's precision in plain words that match
    the code (data/SCHEMA.md: 2 = known to the week, 3 = to the month), with no "sometime
    between ... – ..." and no repeated month and year."""
    from render.popup import when_text

    row = {
        "event_date": pd.Timestamp(start),
        "end_date": pd.Timestamp(end) if end else pd.NaT,
        "time_precision": tp,
    }
    assert when_text(row) == said
