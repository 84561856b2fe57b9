"""Export: GeoJSON carries every property incl. claims; CSV is spreadsheet-safe; GeoParquet
round-trips."""

import csv
import io
import json

import geopandas as gpd
import pytest

from layers import export
from tests.support.data import CONTRACT_PROPERTIES


def test_geojson_has_properties_and_claims(record):
    fc = json.loads(export.to_geojson(record.events))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(record.events)
    props = {f["properties"]["event_id"]: f["properties"] for f in fc["features"]}
    k = next(p for p in props.values() if p["location"] == "Kozinka")
    for key in CONTRACT_PROPERTIES:
        assert key in k
    assert isinstance(k["source_ids"], list) and k["source_ids"]
    assert k["event_date"] == "2023-05-22"
    area = next(p for p in props.values() if p["draw_as"] == "area")
    assert area["depth_km"] is None  # NaN never reaches JSON
    mod = [
        p
        for p in props.values()
        if any(
            c["claimant"] == "Russian Ministry of Defence" or "Defence" in c["claimant"]
            for c in p["claims"]
        )
    ]
    assert mod, "the Defence Ministry's claims are exported with their event"


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_csv_formula_cells_are_neutralised(cell):
    assert export.safe_cell(cell).startswith("'")


def test_csv_numbers_stay_numbers():
    assert export.safe_cell(-3.5) == "-3.5" and export.safe_cell(2) == "2"
    assert export.safe_cell(None) == "" and export.safe_cell(float("nan")) == ""


def test_csv_export_of_hostile_summary(record):
    gdf = record.events.copy()
    gdf.loc[gdf.index[0], "summary"] = "=cmd|' /C calc'!A0"
    rows = list(csv.DictReader(io.StringIO(export.to_csv(gdf))))
    assert rows[0]["summary"].startswith("'=")
    assert len(rows) == len(gdf)


def test_parquet_round_trip(record, tmp_path):
    p = tmp_path / "e.parquet"
    export.to_parquet(record.events, p)
    back = gpd.read_parquet(p)
    assert len(back) == len(record.events) and back.crs.to_epsg() == 4326
    assert json.loads(back.iloc[0]["source_ids"]) == list(record.events.iloc[0]["source_ids"])
