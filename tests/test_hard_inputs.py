"""Issue 16, items 1-7 (HOSTILE_INPUTS.md cases 25-31): each found problem reproduced with a
small file the test writes. Depth (items 2 and 8) is in tests/test_depth_exact.py."""

from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import pytest

from layers.events import load_events
from tests.support.data import GOOD_ROW, HEADER, csv_bytes


def load(data: bytes, name: str = "upload.csv"):
    gdf, rep = load_events(data, name=name)
    assert rep.balanced(), rep.lines()
    assert len(gdf) == rep.rows_kept
    return gdf, rep


def row(**kw) -> str:
    vals = dict(zip(HEADER.split(","), GOOD_ROW.split(","), strict=True))
    vals.update(kw)
    return ",".join(vals.values())


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "raidmap.cli", *args], capture_output=True, text=True, timeout=300
    )


# -- 1. dates: a plausible window (case 25) ------------------------------------------------
@pytest.mark.parametrize(
    "field, raw", [("event_date", "0001-05-22"), ("event_date", "9999-05-22"),
                   ("event_date", "2013-12-31"), ("end_date", "9999-12-31")]
)  # fmt: skip
def test_dates_outside_the_plausible_window_are_rejected_with_row_and_value(field, raw):
    gdf, rep = load(csv_bytes(row(event_id="OK"), row(event_id="BAD", **{field: raw})))
    assert list(gdf["event_id"]) == ["OK"]
    r = next(r for r in rep.rejections if r.field == field)
    assert r.row == 3 and r.value == raw and "outside the plausible window 2014-01-01" in r.reason


def test_presence_footprints_walk_change_points_not_calendar_days(monkeypatch):
    """Two one-day presence events twelve years apart: the footprints are computed from the
    days where the active set changes, never by a pass over every day between."""
    from layers import derived

    rows = [
        row(event_id="A", event_date="2014-01-02", sub_event_type="Armed clash"),
        row(event_id="B", event_date="2025-12-30", sub_event_type="Armed clash"),
    ]
    gdf, _ = load(csv_bytes(*rows))
    calls = {"n": 0}
    real = derived.shapely.union_all

    def counting(*a, **k):
        calls["n"] += 1
        return real(*a, **k)

    monkeypatch.setattr(derived.shapely, "union_all", counting)
    fp = derived.presence_by_day(gdf)
    assert [d.date().isoformat() for d in fp["date"]] == ["2014-01-02", "2025-12-30"]
    assert calls["n"] == 2  # one union per active set


# -- 3. a place and its coordinates that disagree (case 27) -------------------------------
def test_coordinates_far_from_the_named_place_are_warned_about():
    header = HEADER + ",country"
    kyiv = row(event_id="K", location="Kozinka", latitude="50.4501", longitude="30.5234")
    gdf, rep = load(csv_bytes(kyiv + ",Russia", row(event_id="OK") + ",Russia", header=header))
    assert sorted(gdf["event_id"]) == ["K", "OK"]  # kept: a warning, not a rejection
    far = [w for w in rep.warnings if w.field == "location"]
    assert len(far) == 1 and far[0].row == 2 and far[0].value == "Kozinka"
    assert "Kozinka" in far[0].reason and " km from Kozinka" in far[0].reason
    km = float(far[0].reason.split(" lie ")[1].split(" km")[0])
    from geo.measure import distance_km

    assert km == pytest.approx(
        distance_km(lat1=50.4501, lon1=30.5234, lat2=50.4613, lon2=35.6026), abs=0.05
    )
    country = [w for w in rep.warnings if w.field == "latitude"]
    assert len(country) == 1 and "lie in Ukraine, the row's country is Russia" in country[0].reason
    assert any("warning: upload.csv: row 2" in line for line in rep.lines())


def test_coordinates_near_the_named_place_give_no_warning():
    near = row(location="Kozinka", latitude="50.4650", longitude="35.6100")
    gdf, rep = load(csv_bytes(near))
    assert rep.ok and not rep.warnings


# -- 4. silent acceptances (case 28) -------------------------------------------------------
def test_short_and_long_rows_are_named_not_padded():
    short = ",".join(GOOD_ROW.split(",")[:9]).replace("T-1", "T-2")
    long = GOOD_ROW.replace("T-1", "T-3") + ",surplus"
    gdf, rep = load(csv_bytes(GOOD_ROW, short, long))
    assert list(gdf["event_id"]) == ["T-1"]
    r2 = [r for r in rep.rejections if r.row == 3]
    assert len(r2) == 1 and "9 cells, the header has 14 columns" in r2[0].reason
    assert r2[0].value.startswith("T-2,2023-05-22")
    r3 = [r for r in rep.rejections if r.row == 4]
    assert r3 and r3[0].value == "surplus" and "more cells" in r3[0].reason


@pytest.mark.parametrize("raw", ["2023-05-22T99:99", "2023-05-22T24:00", "2023-05-22T12:61",
                                 "2023-05-22 12:00+25:00", "2023-05-22T"])  # fmt: skip
def test_impossible_time_of_day_is_rejected(raw):
    gdf, rep = load(csv_bytes(row(event_date=raw)))
    assert gdf.empty
    r = next(r for r in rep.rejections if r.field == "event_date")
    assert r.value == raw and "not a real time of day" in r.reason


@pytest.mark.parametrize("raw", ["2023-05-22T12:30", "2023-05-22T23:59:60Z",
                                 "2023-05-22 08:15:00+03:00"])  # fmt: skip
def test_real_time_of_day_is_accepted(raw):
    gdf, rep = load(csv_bytes(row(event_date=raw)))
    assert rep.ok and gdf.iloc[0]["event_date"].date().isoformat() == "2023-05-22"


def test_duplicate_id_with_an_invalid_copy_names_every_row():
    invalid_copy = row(event_date="31 February 2023")  # same id T-1, otherwise invalid
    gdf, rep = load(csv_bytes(GOOD_ROW, invalid_copy, row(event_id="T-9")))
    assert list(gdf["event_id"]) == ["T-9"]  # the valid copy is not kept silently
    dup = [r for r in rep.rejections if "duplicate" in r.reason]
    assert sorted(r.row for r in dup) == [2, 3]
    assert "also in row 3" in dup[0].reason and "also in row 2" in dup[1].reason
    assert rep.rows_rejected == 2 and rep.rows_kept == 1


def test_mixed_crs_rejection_names_the_raw_value():
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 3857, always_xy=True).transform(35.6026, 50.4613)
    feat = {
        "type": "Feature",
        "properties": {
            "event_id": "M",
            "event_date": "2023-05-22",
            "time_precision": 1,
            "event_type": "Battles",
            "location": "Kozinka",
            "geo_precision": 1,
        },
    }
    fc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [
            {**feat, "geometry": {"type": "Point", "coordinates": [x, y]}},
            {
                **feat,
                "properties": {**feat["properties"], "event_id": "D"},
                "geometry": {"type": "Point", "coordinates": [35.6026, 50.4613]},
            },
        ],
    }
    gdf, rep = load(json.dumps(fc).encode(), "mixed.geojson")
    assert list(gdf["event_id"]) == ["M"]
    r = next(r for r in rep.rejections if r.row == "feature 1")
    assert r.value == "[35.6026, 50.4613]"  # as written, not the reprojected value
    assert "EPSG:3857" in r.reason and "mixes coordinate systems" in r.reason


# -- 5. numbers beyond any real value (case 30) -------------------------------------------
@pytest.mark.parametrize(
    "col, raw, reason",
    [
        ("fatalities", "1" * 23, "beyond any real value"),
        ("fatalities", "100001", "beyond any real value"),
        ("fatalities", "1e308", "whole number"),
        ("geo_precision", "9" * 5000, "must be one of"),
    ],
)
def test_numbers_beyond_any_real_value_are_rejected(col, raw, reason):
    header = HEADER + ",fatalities"
    data = csv_bytes(GOOD_ROW + ",1", row(event_id="X", **{col: raw}) + ",1", header=header)
    if col == "fatalities":
        data = csv_bytes(GOOD_ROW + ",1", row(event_id="X") + f",{raw}", header=header)
    gdf, rep = load(data)
    assert list(gdf["event_id"]) == ["T-1"]
    r = next(r for r in rep.rejections if r.field == col)
    assert reason in r.reason and r.row == 3


def test_huge_coordinates_are_rejected():
    gdf, rep = load(csv_bytes(row(latitude="1e308", longitude="35.6")))
    assert gdf.empty and "outside -90..90" in rep.rejections[0].reason


def test_huge_json_numbers_never_crash_the_export(tmp_path):
    f = tmp_path / "huge.geojson"
    props = {
        "event_id": "H",
        "event_date": "2023-05-22",
        "time_precision": 1,
        "event_type": "Battles",
        "location": "Kozinka",
        "geo_precision": 1,
    }
    feats = [
        {"type": "Feature", "geometry": None, "properties": {**props, "fatalities": 10**22}},
        {
            "type": "Feature",
            "geometry": None,
            "properties": {**props, "event_id": "F", "fatalities": 1e308},
        },
        {"type": "Feature", "geometry": None, "properties": {**props, "event_id": "OK"}},
    ]
    f.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    out = tmp_path / "x.parquet"
    r = cli("events", "--events", str(f), "--format", "parquet", "--out", str(out))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "feature 0: field 'fatalities'" in r.stderr and "feature 1" in r.stderr
    assert list(gpd.read_parquet(out)["event_id"]) == ["OK"]


# -- 6. encodings spreadsheets write (case 29) --------------------------------------------
RU_ROW = row(location="Козинка", summary="Бой у Козинки.")


@pytest.mark.parametrize(
    "encode, name",
    [
        (lambda t: t.encode("utf-16"), "UTF-16"),
        (lambda t: t.replace("\n", "\r\n").encode("utf-16"), "UTF-16"),  # as Excel writes
        (lambda t: t.encode("cp1251"), "windows-1251"),
        (lambda t: t.encode("utf-8-sig"), None),
    ],
    ids=["utf16-bom", "utf16-bom-crlf", "cp1251", "utf8-bom"],
)
def test_spreadsheet_encodings_are_decoded_and_said(encode, name):
    text = "\n".join([HEADER, RU_ROW, RU_ROW.replace("T-1", "T-2")]) + "\n"
    gdf, rep = load(encode(text))
    assert rep.ok and list(gdf["event_id"]) == ["T-1", "T-2"]
    assert gdf.iloc[0]["summary"] == "Бой у Козинки." and gdf.iloc[0]["place_id"] == "kozinka"
    if name:
        assert any(name.lower() in n.lower() for n in rep.notes), rep.notes


def test_undecodable_bytes_reject_only_their_row():
    good = ("\n".join([HEADER, RU_ROW]) + "\n").encode("utf-8")
    bad = row(event_id="B", summary="broken").encode("utf-8").replace(b"broken", b"br\xffken")
    gdf, rep = load(good + bad + b"\n" + row(event_id="C").encode() + b"\n")
    assert sorted(gdf["event_id"]) == ["C", "T-1"]
    r = next(r for r in rep.rejections if r.row == 3)
    assert r.field == "summary" and "not UTF-8" in r.reason and "br" in r.value
    assert any("undecodable" in n for n in rep.notes)


def test_bytes_no_encoding_fits_are_refused_naming_the_line():
    data = csv_bytes(GOOD_ROW) + b"\x81\x8d\x8f\x90\x9d" * 3 + b"\n"
    gdf, rep = load_events(data, name="bin.csv")
    if rep.file_error:  # refused: says where
        assert "not UTF-8" in rep.file_error and "line 3" in rep.file_error
    else:  # or decoded by a detected encoding, and said so
        assert any("decoded as" in n for n in rep.notes)


# -- 7. a refusal never destroys an earlier output (case 31) -----------------------------
@pytest.mark.parametrize(
    "content",
    [b'{"type": "FeatureCollection", "features": [', b"", b"<!DOCTYPE html><html></html>"],
    ids=["truncated", "empty", "html"],
)
def test_refused_file_leaves_out_untouched(tmp_path, content):
    f = tmp_path / "in.geojson"
    f.write_bytes(content)
    out = tmp_path / "out.geojson"
    out.write_text("earlier export", encoding="utf-8")
    r = cli("events", "--events", str(f), "--out", str(out))
    assert r.returncode == 2
    assert out.read_text(encoding="utf-8") == "earlier export"
    assert "wrote" not in r.stderr and "left as it was" in r.stderr
    assert [p.name for p in tmp_path.iterdir()] == sorted(["in.geojson", "out.geojson"]) or (
        sorted(p.name for p in tmp_path.iterdir()) == ["in.geojson", "out.geojson"]
    )


def test_over_the_size_limit_leaves_out_untouched(tmp_path, monkeypatch):
    from raidmap import cli as cli_mod

    f = tmp_path / "big.csv"
    f.write_bytes(csv_bytes(GOOD_ROW))
    out = tmp_path / "out.csv"
    out.write_text("earlier", encoding="utf-8")
    monkeypatch.setattr("layers.readers.MAX_UPLOAD_BYTES", 10)
    monkeypatch.setattr("layers.readers.read_bytes.__defaults__", (10,))
    code = cli_mod.main(["events", "--events", str(f), "--format", "csv", "--out", str(out)])
    assert code == 2 and out.read_text(encoding="utf-8") == "earlier"


def test_atomic_write_keeps_the_old_file_when_the_writer_fails(tmp_path):
    from layers.export import atomic_path

    out = tmp_path / "x.html"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(out) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("renderer died")
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"]  # no temporary left
    with atomic_path(out) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert out.read_text(encoding="utf-8") == "new"


def test_snapshot_of_a_refused_file_writes_nothing(tmp_path):
    f = tmp_path / "x.geojson"
    f.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    out = tmp_path / "s.html"
    out.write_text("earlier", encoding="utf-8")
    r = cli("snapshot", "--date", "2023-05-22", "--events", str(f), "--out", str(out))
    assert r.returncode == 2 and out.read_text(encoding="utf-8") == "earlier"


# -- 2. outside Russia and Ukraine on the command line (case 26) ---------------------------
def test_cli_depth_outside_russia_and_ukraine_exits_2_with_a_swap_hint():
    r = cli("depth", "35.59,50.45")
    assert r.returncode == 2 and r.stdout == ""
    assert "not on Russian or Ukrainian territory" in r.stderr
    assert "did you mean lat=50.45, lon=35.59" in r.stderr
    r = cli("depth", "0,0")
    assert r.returncode == 2 and "did you mean" not in r.stderr and "no depth" in r.stderr
    r = cli("distance", "35.59,50.45", "Kozinka")
    assert r.returncode == 2 and "did you mean lat=50.45, lon=35.59" in r.stderr


# -- progress and the upload limit ---------------------------------------------------------
def test_progress_line_only_on_a_terminal():
    import io

    from raidmap.cli import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        p = Progress("raidmap events", stream)
        p(20_000)
        p.step("writing 5 events")
        p.done()
    assert "20,000 rows read" in tty.getvalue() and "writing 5 events" in tty.getvalue()
    assert pipe.getvalue() == ""


def _events_cli(args: list[str], on_terminal: bool) -> str:
    """stderr of ``raidmap events ARGS``, with stderr a terminal (a pseudo-terminal) or a pipe."""
    import os
    import pty
    import threading

    if not on_terminal:
        return cli("events", *args).stderr
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain():
        while True:
            try:
                got = os.read(master, 4096)
            except OSError:  # EIO: the terminal's other end is closed
                return
            if not got:
                return
            chunks.append(got)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    proc = subprocess.run(
        [sys.executable, "-m", "raidmap.cli", "events", *args],
        stdout=subprocess.DEVNULL, stderr=slave, timeout=300,
    )  # fmt: skip
    os.close(slave)
    reader.join(timeout=30)
    os.close(master)
    assert proc.returncode in (0, 2)
    return b"".join(chunks).decode("utf-8", "replace")


def test_cli_export_shows_progress_on_a_terminal_only(tmp_path):
    """Issue 16 Targets: the whole-war export (here a 10,000-row full-column file, large
    enough for the column-wise path the 500,000-row export takes) prints a progress line
    on stderr when stderr is a terminal: the file being read, the rows read, the writing;
    piped, none of it (only the report and the closing "wrote ..." line)."""
    from tests.support.synthetic import write_acled_csv

    src = tmp_path / "acled.csv"
    write_acled_csv(src, 10_000, bad_every=2500)
    assert src.stat().st_size > 2_000_000  # layers.fastload.FAST_MIN_BYTES: the fast path
    args = ["--events", str(src), "--format", "parquet", "--out", str(tmp_path / "o.parquet")]
    tty = _events_cli(args, on_terminal=True)
    assert "raidmap events: reading acled.csv" in tty
    assert "rows read" in tty and "raidmap events: writing" in tty
    # and each step between the rows read and the writing (seconds at 500,000 rows), in order
    steps = [
        "rows read",
        "checking 10,000 rows",
        "checking the places of 10,000 rows",
        "ordering 9,996 events",
        "measuring the depths of 9,996 events",
        "writing",
    ]
    at = [tty.find("raidmap events: " + s if s != "rows read" else s) for s in steps]
    assert -1 not in at and at == sorted(at), dict(zip(steps, at, strict=True))
    assert "\r\033[K" in tty  # the line is cleared before the closing lines
    pipe = _events_cli(args, on_terminal=False)
    assert "wrote " in pipe and "wrote " in tty
    assert "rows read" not in pipe and "reading" not in pipe and "\r" not in pipe
    assert "checking" not in pipe and "measuring" not in pipe


@pytest.mark.parametrize("fast", [False, True], ids=["row-by-row", "column-wise"])
def test_load_events_reports_progress(monkeypatch, fast):
    from layers import fastload
    from layers.events import PROGRESS_EVERY
    from tests.support.synthetic import many_events_csv

    monkeypatch.setattr(fastload, "FAST_MIN_BYTES", 0 if fast else 10**12)
    seen = []
    n = 2 * PROGRESS_EVERY + 5
    steps = []
    gdf, rep = load_events(many_events_csv(n), progress=seen.append, stage=steps.append)
    assert rep.ok and len(gdf) == n
    # row by row: every PROGRESS_EVERY rows; column-wise: once the file is parsed
    assert seen == ([n] if fast else [PROGRESS_EVERY, 2 * PROGRESS_EVERY])
    # then each step after the reading is named (the column-wise checks take seconds at 500k)
    checks = [f"checking {n:,} rows", f"checking the places of {n:,} rows"] if fast else []
    assert steps == [*checks, f"ordering {n:,} events", f"measuring the depths of {n:,} events"]


def test_upload_limit_fits_a_full_column_500k_export_and_the_config_agrees():
    import re
    from pathlib import Path

    from layers.schema import MAX_ROWS, MAX_UPLOAD_BYTES
    from tests.support.synthetic import acled_rows

    sample = [line for line, _ in acled_rows(2000)]
    per_row = sum(len(s.encode()) + 1 for s in sample) / len(sample)
    assert per_row * MAX_ROWS * 1.1 < MAX_UPLOAD_BYTES  # with 10 % to spare
    config = (Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text()
    mb = int(re.search(r"^maxUploadSize = (\d+)", config, re.M)[1])
    assert mb * 1024 * 1024 == MAX_UPLOAD_BYTES


# -- rows in = rows kept + rows rejected, at a modest size --------------------------------
def test_twenty_thousand_full_column_rows_with_seeded_bad_rows_balance(tmp_path):
    from tests.support.synthetic import write_acled_csv

    f = tmp_path / "acled.csv"
    expected = write_acled_csv(f, 20_000, bad_every=97)
    gdf, rep = load_events(f)
    assert rep.rows_in == 20_000 and rep.balanced()
    assert rep.rows_rejected == expected and len(gdf) == 20_000 - expected
    kinds = {r.reason.split(";")[0][:30] for r in rep.rejections}
    assert len(kinds) >= 8  # every seeded kind of bad row is named


@pytest.mark.parametrize("fast", [False, True], ids=["row-by-row", "column-wise"])
def test_more_rows_than_the_limit_fail_the_file_with_a_clear_limit(monkeypatch, fast):
    from layers import fastload

    monkeypatch.setattr("layers.readers.MAX_ROWS", 3)
    monkeypatch.setattr("layers.fastload.MAX_ROWS", 3)
    monkeypatch.setattr(fastload, "FAST_MIN_BYTES", 0 if fast else 10**12)
    rows = [GOOD_ROW.replace("T-1", f"T-{i}") for i in range(5)]
    gdf, rep = load_events(csv_bytes(*rows), name="many.csv")
    assert gdf.empty and "more than 3 rows; split the file" in rep.file_error


def test_app_upload_bar_shows_rows_read_then_each_step(monkeypatch):
    """Issue 16: the app's upload shows a progress bar with the rows read and then names
    each step after the reading (checks, order, depths, the map's layers), column-wise as
    a whole-war export is read; the bar is removed at the end."""
    from layers import fastload
    from raidmap import panels
    from tests.support.synthetic import many_events_csv

    monkeypatch.setattr(fastload, "FAST_MIN_BYTES", 0)
    shown: list[tuple[float, str]] = []

    class Bar:
        def progress(self, value, text=""):
            shown.append((value, text))

        def empty(self):
            shown.append((-1.0, "removed"))

    class Upload:
        file_id, name = "bar-test", "mine.csv"

        def __init__(self, data: bytes):
            self.data, self.size = data, len(data)

        def getvalue(self):
            return self.data

    def new_bar(value, text=""):
        shown.append((value, text))
        return Bar()

    monkeypatch.setattr(panels.st.sidebar, "progress", new_bar)
    monkeypatch.setattr(panels.st, "session_state", {})
    n = 1_234
    ds = panels._load_upload(Upload(many_events_csv(n)))
    assert len(ds.events) == n
    texts = [t for _, t in shown]
    want = [
        "Reading mine",
        f"{n:,} of about",
        f"Checking {n:,} rows",
        f"Checking the places of {n:,}",
        f"Ordering {n:,} events",
        f"Measuring the depths of {n:,}",
        f"{n:,} events kept",
        "removed",
    ]
    at = [next((i for i, t in enumerate(texts) if t.startswith(w)), -1) for w in want]
    assert -1 not in at and at == sorted(at), texts
