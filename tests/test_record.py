"""The bundled record, checked by reading the data: every file loads without a rejection,
the articles' events and contested figures are there with honest precision, and every
summary is the project's own words."""

import re
from pathlib import Path

import pandas as pd
import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_every_file_loads_cleanly_and_balances(record):
    for rep in record.reports:
        assert rep.ok, rep.lines()
        assert rep.balanced() and rep.rows_in > 0
    assert len(record.events) >= 20 and len(record.claims) >= 40 and len(record.sources) == 5


def test_sources_are_the_five_articles(record):
    seeds = {p.name for p in SEEDS.glob("0*.txt")}
    assert set(record.sources["seed_file"]) == seeds
    # an "about" date is never day precision unless the article prints its date
    s4 = record.sources.set_index("seed_file").loc["003_976a4bdc8c104594.txt"]
    assert s4["date_precision"] == 3 and s4["author"] == "Ian Schmutzler"


def ev(record, pattern: str, **where) -> pd.DataFrame:
    e = record.events
    mask = e["summary"].str.contains(pattern, case=False, regex=True)
    for k, v in where.items():
        mask &= e[k] == v
    found = e.loc[mask]
    assert not found.empty, f"no event matching {pattern!r} {where}"
    return found


def day(s: str) -> pd.Timestamp:
    return pd.Timestamp(s)


@pytest.mark.parametrize(
    "pattern, where",
    [
        (r"Bryansk", {"geo_precision": 3, "time_precision": 3}),
        (r"Kozinka", {"event_date": day("2023-05-22"), "location": "Kozinka"}),
        (r"BTR-82A", {"event_date": day("2023-05-22")}),
        (r"checkpoint", {"event_date": day("2023-05-22")}),
        (r"Grayvoron", {"event_date": day("2023-05-22"), "location": "Grayvoron"}),
        (r"Gladkov", {"event_date": day("2023-05-22")}),
        (r"counterterrorist", {}),
        (r"Belgorod-22", {"location": "Belgorod-22"}),
        (r"Spetsnaz|reinforce", {}),
        (r"Lapin", {}),
        (r"press", {"event_date": day("2023-05-24")}),
        (r"Shebekino", {"event_date": day("2023-06-01")}),
        (r"shell", {"location": "Shebekino"}),
        (r"helicopter", {"event_date": day("2023-06-02")}),
        (r"thermobaric", {}),
        (r"captur|prisoner", {"geo_precision": 3}),
        (r"1009th", {}),
        (r"138th", {}),
        (r"Telegram", {"event_date": day("2023-06-06")}),
    ],
)
def test_the_articles_events_are_recorded(record, pattern, where):
    ev(record, pattern, **where)


def test_every_event_cites_known_sources(record):
    known = set(record.sources["source_id"])
    for ids in record.events["source_ids"]:
        assert ids and set(ids) <= known


def test_weekday_and_last_week_dates_are_windows_not_days(record):
    # "On Sunday, the RVC said ..." dates the statement, not the capture: a window
    cap = ev(record, r"captur|prisoner", geo_precision=3).iloc[0]
    assert cap["time_precision"] == 2 and cap["end_date"] == day("2023-06-04")
    # the 1009th Regiment's complaint is about "last week": known only to the week
    reg = ev(record, r"1009th").iloc[0]
    assert reg["time_precision"] == 2 and pd.notna(reg["end_date"])


def test_region_level_events_have_no_pin_and_no_depth(record):
    region = record.events.loc[record.events["geo_precision"] == 3]
    assert len(region) >= 5
    assert (region["draw_as"] == "area").all() and region["depth_km"].isna().all()


def test_contested_figures_carry_both_sides(record):
    c = record.claims.set_index("claim_id")
    mod = c.loc[(c["claimant"] == "Russian Ministry of Defence") & (c["figure"] == 70)]
    assert len(mod) == 1 and mod.iloc[0]["figure_qualifier"] == "over"
    assert mod.iloc[0]["status"] == "disputed"
    raiders = c.loc[c.index.isin(mod.iloc[0]["disputed_by"])]
    assert {2.0, 10.0} <= set(raiders["figure"])
    for cid, row in raiders.iterrows():
        assert mod.index[0] in row["disputed_by"], cid  # the dispute is recorded both ways
    kremlin = c.loc[(c["figure"] == 100) & (c["claim_type"] == "casualties")]
    assert len(kremlin) == 1 and kremlin.iloc[0]["status"] == "disputed"


def test_disputes_are_symmetric(record):
    c = record.claims.set_index("claim_id")
    for cid, row in c.iterrows():
        assert (row["status"] == "disputed") == bool(row["disputed_by"]), cid
        for other in row["disputed_by"]:
            assert other in c.index, f"{cid} disputed by unknown {other}"


def test_the_40_km_claim_is_a_depth_claim(record):
    c = record.claims
    depth = c.loc[(c["claim_type"] == "depth") & (c["figure"] == 40)]
    assert len(depth) == 1
    d = depth.iloc[0]
    assert d["figure_unit"] == "km" and d["status"] == "claimed"
    assert "Eurasia Daily Monitor" in d["claimant"]


def test_tass_injured_figure(record):
    c = record.claims
    t = c.loc[(c["claimant"] == "TASS") & (c["figure_unit"] == "injured")].iloc[0]
    assert t["figure"] == 10 and t["figure_qualifier"] == "over"


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def test_summaries_and_claims_are_in_our_own_words(record):
    seed = set()
    for p in SEEDS.glob("0*.txt"):
        seed |= _shingles(p.read_text(encoding="utf-8"))
    texts = list(record.events["summary"]) + list(record.claims["claim_text"])
    for t in texts:
        shared = _shingles(t) & seed
        assert not shared, f"copied from a source: {' '.join(next(iter(shared)))!r}"


def test_depths_of_the_raid_places(record):
    e = record.events.set_index("event_id")
    koz = e.loc[e["location"] == "Kozinka"].iloc[0]
    assert 0 < koz["depth_km"] < 4 and koz["side"] == "RU"
    shb = e.loc[(e["location"] == "Shebekino")].iloc[0]
    assert 3 < shb["depth_km"] < 12
