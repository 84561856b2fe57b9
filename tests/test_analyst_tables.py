"""The analysts' tables and chart: the depth table as read, readable CSV claims, the GeoJSON
download, and the deepest-per-day chart with its whiskers."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from layers import analysis, export
from raidmap import tabs
from render.charts import deepest_per_day_spec
from tests.test_app import run


def test_depth_table_view_leads_with_depth_and_shows_plain_dates(record):
    t = analysis.depth_table_view(record.events)
    assert list(t.columns[:3]) == ["depth_km", "uncertainty_km", "depth_km_alt"]
    assert t["depth_km"].dropna().is_monotonic_decreasing
    assert t["event_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    windows = {d.date().isoformat() for d in record.events["end_date"].dropna()}
    assert windows and (t["end_date"] == "").any() and windows <= set(t["end_date"])
    text = t.astype(str).to_string()
    assert "00:00:00" not in text and "None" not in text
    objects = t.select_dtypes(["object", "string"])
    assert not objects.isna().any().any()


def test_csv_claims_are_readable_lines_not_json(record):
    rows = list(csv.DictReader(io.StringIO(export.to_csv(record.events))))
    koz = next(r for r in rows if r["event_id"] == "BEL-2023-05-22-01")
    lines = koz["claims"].split("\n")
    i = int((record.events["event_id"] == "BEL-2023-05-22-01").to_numpy().argmax())
    assert len(lines) == len(record.events.iloc[i]["claims"]) > 1
    assert not koz["claims"].startswith("[")
    c = record.events.iloc[i]["claims"][0]
    assert lines[0] == f"{c['claimant']}: {c['claim_text']} [{c['status']}]"
    # the GeoJSON keeps the claims as structured data
    feat = export.feature_collection(record.events)["features"][i]
    assert feat["properties"]["claims"][0]["claimant"] == c["claimant"]


def test_hostile_claim_text_stays_text_in_csv(record):
    gdf = record.events.copy()
    gdf.at[gdf.index[1], "claims"] = [
        {"claimant": "=cmd|' /C calc'!A0", "claim_text": "x", "status": "claimed"}
    ]
    rows = list(csv.DictReader(io.StringIO(export.to_csv(gdf))))
    assert rows[1]["claims"].startswith("'=")


def test_per_day_says_what_it_counts(record):
    text = analysis.per_day_counts(record.events)
    assert "Battles" in text and "not Strategic developments" in text


def test_per_day_chart_has_a_bar_per_day_on_a_date_axis_with_whiskers(record):
    per_day = analysis.deepest_per_day(record.events)
    spec = deepest_per_day_spec(per_day)
    values = spec["data"]["values"]
    assert len(values) == len(per_day) and len({v["date"] for v in values}) == len(values)
    bar, rule = spec["layer"]
    assert bar["mark"]["type"] == "bar" and bar["encoding"]["x"]["type"] == "temporal"
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["y2"]["field"] == "high"
    first = per_day.iloc[0]
    assert values[0]["low"] == round(first["depth_km"] - first["uncertainty_km"], 2)
    assert values[0]["high"] == round(first["depth_km"] + first["uncertainty_km"], 2)
    assert values[0]["date"] == pd.Timestamp(first["date"]).date().isoformat()
    json.dumps(spec)  # plain data


def test_app_depth_tab_has_geojson_download_chart_and_plain_table():
    at = run({"date": "2023-06-30"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download these events (GeoJSON)" in labels
    assert at.get("vega_lite_chart")
    table = at.dataframe[0].value
    assert table.columns[0] == "depth_km" and "00:00:00" not in table.astype(str).to_string()
    assert any("Counts located events involving the raiders" in c.value for c in at.caption)


def _per_day_with_windows() -> pd.DataFrame:
    """deepest_per_day's shape: one day with no window event, one with two, one with 40."""
    ids = [f"W{i}" for i in range(40)]
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-05-22", "2023-05-23", "2023-05-24"]),
            "depth_km": [5.0, 7.5, 2.25],
            "uncertainty_km": [0.5, 1.0, 0.5],
            "event_id": ["A", "B", "=HYPERLINK(1)"],
            "place_name": ["Kozinka", "Glotovo", "@evil"],
            "window_events": ["", "W98; W99", "; ".join(ids)],
        }
    )


def test_per_day_view_counts_window_events_and_names_only_the_first_few():
    per_day = _per_day_with_windows()
    view = analysis.per_day_view(per_day, ids_shown=3)
    assert list(view["date"]) == ["2023-05-22", "2023-05-23", "2023-05-24"]
    assert list(view["window_count"]) == [0, 2, 40]  # how many, all of them counted
    assert list(view["window_events"]) == ["", "W98; W99", "W0; W1; W2 … and 37 more"]
    # bounded: the same length of cell for 40 ids as for 4,000
    many = per_day.assign(window_events=["", "", "; ".join(f"W{i}" for i in range(4000))])
    assert len(analysis.per_day_view(many, ids_shown=3)["window_events"].iloc[2]) < 40


def test_per_day_csv_has_every_window_event_and_no_formula():
    rows = list(csv.DictReader(io.StringIO(export.table_csv(_per_day_with_windows()))))
    assert [r["date"] for r in rows] == ["2023-05-22", "2023-05-23", "2023-05-24"]
    assert rows[2]["window_events"].split("; ") == [f"W{i}" for i in range(40)]
    assert rows[1]["depth_km"] == "7.5"
    assert rows[2]["event_id"] == "'=HYPERLINK(1)" and rows[2]["place_name"] == "'@evil"


def test_app_depth_tab_offers_the_whole_per_day_table_made_when_clicked(monkeypatch):
    monkeypatch.setattr(tabs, "PER_DAY_MAX", 2)
    at = run({"date": "2023-06-30"})
    buttons = {b.proto.label: b for b in at.get("download_button")}
    assert "Download the per-day table (CSV)" in buttons
    made = buttons["Download the per-day table (CSV)"].proto
    assert made.deferred_file_id and not made.url  # made when clicked, not on every move
    tables = [t.value for t in at.dataframe if "window_count" in t.value.columns]
    assert len(tables) == 1 and tables[0]["window_count"].dtype.kind == "i"
    assert len(tables[0]) == 2 and tables[0]["date"].is_monotonic_increasing  # cut, by date
    assert any("The 2 deepest of" in c.value for c in at.caption), [c.value for c in at.caption]


def test_per_day_view_with_a_limit_keeps_the_deepest_days_in_date_order():
    per_day = _per_day_with_windows()
    view = analysis.per_day_view(per_day, limit=2)
    assert list(view["date"]) == ["2023-05-22", "2023-05-23"]  # 5.0 and 7.5 km, by date
    assert analysis.per_day_view(per_day, limit=3).equals(analysis.per_day_view(per_day))
