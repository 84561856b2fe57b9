"""Hostile and malformed files and values (shared/HOSTILE_INPUTS.md, 8-21): every case gives
a clear report naming file, row, field, value and reason; the valid rows still load; rows in
= rows kept + rows rejected."""

from __future__ import annotations

import json

import pytest

from layers.events import load_events
from tests.support.data import GOOD_ROW, HEADER, csv_bytes


def load(data: bytes, name: str = "upload.csv"):
    gdf, rep = load_events(data, name=name)
    assert rep.balanced(), rep.lines()
    assert len(gdf) == rep.rows_kept
    return gdf, rep


def only_rejection(rep, field: str | None = None):
    rows = [r for r in rep.rejections if r.row != "-"]
    assert rows, rep.lines()
    if field:
        assert any(r.field == field for r in rows), rep.lines()
    return rows


def test_good_row_loads_with_depth():
    gdf, rep = load(csv_bytes(GOOD_ROW))
    assert rep.ok and len(gdf) == 1
    assert gdf.crs.to_epsg() == 4326
    assert 0.5 < gdf.iloc[0]["depth_km"] < 5  # Kozinka is a border village


# -- files -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data, name, reason",
    [
        (b"", "empty.csv", "empty"),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feat',
            "cut.geojson",
            "not valid JSON",
        ),
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "page.geojson", "HTML"),
        (b"\xff\xfe\x00garbage", "bin.csv", "UTF-8"),
        (b'{"type": "Topology"}', "topo.json", "FeatureCollection"),
        (b"[" * 100000 + b"]" * 100000, "deep.json", "nested too deeply"),
    ],
)
def test_unreadable_files_are_reported_not_raised(data, name, reason):
    gdf, rep = load_events(data, name=name)
    assert gdf.empty and rep.file_error and reason in rep.file_error
    assert name in rep.summary()


def test_leading_bom_is_accepted():
    gdf, rep = load(b"\xef\xbb\xbf" + csv_bytes(GOOD_ROW))
    assert rep.ok and len(gdf) == 1


def test_header_only_csv_says_zero_events():
    gdf, rep = load(csv_bytes())
    assert gdf.empty and rep.ok and "0 events" in rep.summary()


def test_empty_feature_collection_says_zero_events():
    gdf, rep = load(b'{"type":"FeatureCollection","features":[]}', "e.geojson")
    assert gdf.empty and rep.ok and "0 events" in rep.summary()


def test_missing_columns_are_listed_with_accepted_names():
    gdf, rep = load(csv_bytes("x,2023-05-22", header="eventid,date"))
    assert "missing required column(s)" in rep.file_error
    assert "event_id (or event_id_cnty" in rep.file_error
    assert "location" in rep.file_error
    assert rep.rows_in == 1 and rep.rows_rejected == 1


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    p = tmp_path / "big.csv"
    p.write_bytes(csv_bytes(GOOD_ROW) + b"x" * 2000)
    gdf, rep = load_events(p, max_bytes=1000)
    assert gdf.empty and "limit" in rep.file_error


def test_duplicate_ids_name_every_row():
    gdf, rep = load(csv_bytes(GOOD_ROW, GOOD_ROW, GOOD_ROW.replace("T-1", "T-2")))
    assert list(gdf["event_id"]) == ["T-2"]
    dup = [r for r in rep.rejections if "duplicate" in r.reason]
    assert sorted(r.row for r in dup) == [2, 3]
    assert "row 3" in dup[0].reason and "row 2" in dup[1].reason


def test_large_file_is_bounded():
    rows = [GOOD_ROW.replace("T-1", f"T-{i}") for i in range(20_000)]
    gdf, rep = load(csv_bytes(*rows))
    assert len(gdf) == 20_000 and rep.ok


# -- values ------------------------------------------------------------------------------
def row(**kw) -> str:
    vals = dict(zip(HEADER.split(","), GOOD_ROW.split(","), strict=True))
    vals.update(kw)
    return ",".join(vals.values())


@pytest.mark.parametrize(
    "kw, field, reason",
    [
        ({"latitude": "200", "longitude": "35.6"}, "latitude", "outside -90..90"),
        ({"latitude": "50.4", "longitude": "400"}, "longitude", "outside -180..180"),
        ({"latitude": "35.6", "longitude": "50.46"}, "latitude", "swapped"),
        ({"latitude": "nan", "longitude": "35.6"}, "latitude", "not a number"),
        ({"latitude": "50.4", "longitude": ""}, "longitude", "empty"),
        ({"latitude": '"10,5"', "longitude": "35.6"}, "latitude", "decimal comma"),
        ({"latitude": '"1,050.5"', "longitude": "35.6"}, "latitude", "separators"),
        ({"event_date": "2023-02-31"}, "event_date", "calendar"),
        ({"event_date": "next week"}, "event_date", "unrecognised"),
        ({"event_date": "03/04/2023"}, "event_date", "ambiguous"),
        ({"end_date": "2023-05-01"}, "end_date", "before"),
        ({"time_precision": "4"}, "time_precision", "not one of"),
        ({"geo_precision": "0"}, "geo_precision", "not one of"),
        ({"geo_precision": "1.5"}, "geo_precision", "must be one of"),
        ({"event_type": "Invasion"}, "event_type", "unknown event type"),
        ({"sub_event_type": "Air/drone strike"}, "sub_event_type", "not a sub-event type"),
        ({"location": "Atlantis"}, "location", "unknown place"),
        ({"event_id": ""}, "event_id", "empty"),
    ],
)
def test_bad_values_are_rejected_with_reason_and_the_good_row_survives(kw, field, reason):
    gdf, rep = load(csv_bytes(GOOD_ROW.replace("T-1", "T-0"), row(**kw)))
    assert list(gdf["event_id"]) == ["T-0"]
    bad = only_rejection(rep, field)
    r = next(r for r in bad if r.field == field)
    assert reason in r.reason and r.row == 3 and r.file == "upload.csv"
    assert str(r).startswith("upload.csv: row 3: field")


def test_unknown_place_is_reported_with_suggestions():
    _, rep = load(csv_bytes(row(location="Shebekno")))
    r = only_rejection(rep, "location")[0]
    assert "Shebekino" in r.reason and r.value == "Shebekno"


def test_stray_whitespace_is_fine():
    gdf, rep = load(
        csv_bytes(row(latitude=" 50.4613 ", longitude=" 35.6026", location=" Kozinka "))
    )
    assert rep.ok and len(gdf) == 1


def test_negative_fatalities_rejected():
    header = HEADER + ",fatalities"
    gdf, rep = load(
        csv_bytes(GOOD_ROW + ",-3", GOOD_ROW.replace("T-1", "T-2") + ",2", header=header)
    )
    assert list(gdf["event_id"]) == ["T-2"] and int(gdf.iloc[0]["fatalities"]) == 2
    assert only_rejection(rep, "fatalities")[0].value == "-3"


def test_mixed_date_formats_each_judged_on_its_own():
    rows = [
        row(event_id="A", event_date="2023-05-22"),
        row(event_id="B", event_date="22 May 2023"),
        row(event_id="C", event_date="05/06/2023"),
        row(event_id="D", event_date="31/05/2023"),
    ]
    gdf, rep = load(csv_bytes(*rows))
    assert sorted(gdf["event_id"]) == ["A", "B", "D"]
    assert only_rejection(rep, "event_date")[0].value == "05/06/2023"


def test_region_level_event_gets_no_pin_and_no_depth():
    gdf, rep = load(csv_bytes(row(location="Belgorod region", geo_precision="3")))
    ev = gdf.iloc[0]
    assert ev["draw_as"] == "area" and ev["depth_km"] != ev["depth_km"]  # NaN
    assert ev["radius_m"] >= 100_000


# -- GeoJSON -----------------------------------------------------------------------------
def fc(*features, **extra) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features), **extra}).encode()


def feat(coords=(35.6026, 50.4613), gtype="Point", **props):
    base = {
        "event_id": "G-1",
        "event_date": "2023-05-22",
        "time_precision": 1,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Russian Volunteer Corps",
        "location": "Kozinka",
        "geo_precision": 1,
        "summary": "x",
    }
    base.update(props)
    geom = None if coords is None else {"type": gtype, "coordinates": list(coords)}
    return {"type": "Feature", "geometry": geom, "properties": base}


def test_geojson_points_load():
    gdf, rep = load(fc(feat()), "a.geojson")
    assert rep.ok and abs(gdf.iloc[0].geometry.y - 50.4613) < 1e-9


@pytest.mark.parametrize(
    "f, field, reason",
    [
        (feat(coords=("20", 50)), "geometry", "JSON numbers"),
        (feat(coords=(None, 50)), "geometry", "JSON numbers"),
        (feat(coords=(float("nan"), 50)), "longitude", "finite"),
        (
            feat(coords=[[35, 50], [36, 50], [36, 51], [35, 50]], gtype="Polygon"),
            "geometry",
            "only Point",
        ),
        (feat(coords=(35, 50), gtype="Blob"), "geometry", "only Point"),
        # case 16: an unclosed ring and a self-intersecting ("bow-tie") ring are never repaired
        # or turned into a point: every polygon is refused by name, whatever its shape
        (feat(coords=[[[35, 50], [36, 50], [36, 51]]], gtype="Polygon"), "geometry", "only Point"),
        (
            feat(coords=[[[35, 50], [36, 51], [36, 50], [35, 51], [35, 50]]], gtype="Polygon"),
            "geometry",
            "only Point",
        ),
        (
            feat(coords=[[[[35, 50], [36, 50], [36, 51]]]], gtype="MultiPolygon"),
            "geometry",
            "only Point",
        ),
        (feat(coords=(50.46, 35.6)), "latitude", "swapped"),
        (feat(event_date="31 February 2023"), "event_date", "calendar"),
    ],
)
def test_bad_features_rejected(f, field, reason):
    gdf, rep = load(
        fc(feat(event_id="OK"), {**f, "properties": {**f["properties"], "event_id": "BAD"}}),
        "b.geojson",
    )
    assert list(gdf["event_id"]) == ["OK"]
    r = only_rejection(rep, field)
    assert any(reason in x.reason for x in r) and r[0].row == "feature 1"


def test_null_geometry_falls_back_to_the_gazetteer():
    gdf, rep = load(fc(feat(coords=None, location="Grayvoron")), "n.geojson")
    assert rep.ok and abs(gdf.iloc[0]["latitude"] - 50.47893) < 1e-6


def test_null_geometry_and_unknown_place_is_rejected():
    gdf, rep = load(fc(feat(coords=None, location="Nowhere-on-earth")), "n.geojson")
    assert gdf.empty and only_rejection(rep, "location")


def test_legacy_crs_3857_is_reprojected_and_said():
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 3857, always_xy=True).transform(35.6026, 50.4613)
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    gdf, rep = load(fc(feat(coords=(x, y)), crs=crs), "m.geojson")
    assert rep.ok and abs(gdf.iloc[0]["longitude"] - 35.6026) < 1e-6
    assert any("reprojected" in n for n in rep.notes)


def test_projected_metres_without_crs_member_are_rejected():
    gdf, rep = load(fc(feat(coords=(3963000.0, 6524000.0))), "m.geojson")
    assert gdf.empty and only_rejection(rep, "latitude")


def test_unreadable_crs_member_fails_the_file():
    gdf, rep = load_events(
        fc(feat(), crs={"type": "name", "properties": {"name": "EPSG:nope"}}), name="c.geojson"
    )
    assert gdf.empty and "crs" in rep.file_error


def test_source_links_only_http(tmp_path):
    from layers.record import load_sources

    p = tmp_path / "sources.csv"
    p.write_text(
        "source_id,publication,headline,author,published_date,date_precision,seed_file,url,note\n"
        "A,P,H,,2023-06-01,1,f.txt,https://example.org/a,\n"
        "B,P,H,,2023-06-01,1,f.txt,javascript:alert(1),\n"
        "C,P,H,,2023-06-01,1,f.txt,data:text/html;base64,xx,\n",
        encoding="utf-8",
    )
    df, rep = load_sources(p)
    assert list(df["source_id"]) == ["A"] and rep.balanced()
    assert {r.row for r in rep.rejections} == {3, 4}
    assert all("http(s)" in r.reason for r in rep.rejections)


def test_week_and_month_precision_without_end_date_become_windows():
    gdf, rep = load(
        csv_bytes(
            row(event_id="W", time_precision="2", event_date="2023-05-17"),
            row(event_id="M", time_precision="3", event_date="2023-05-17"),
        )
    )
    w = gdf.set_index("event_id")
    assert (
        w.loc["W", "event_date"].date().isoformat(),
        w.loc["W", "end_date"].date().isoformat(),
    ) == ("2023-05-14", "2023-05-20")
    assert (
        w.loc["M", "event_date"].date().isoformat(),
        w.loc["M", "end_date"].date().isoformat(),
    ) == ("2023-05-01", "2023-05-31")
