"""The analysts' tables and chart: the depth table as read, readable CSV claims, the GeoJSON
download, and the deepest-per-day chart with its whiskers."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from layers import analysis, export
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
