"""The column-by-column path for large CSV files (layers/fastload.py) reports exactly what the
row-by-row path reports: the same rejections (file, row, field, value, reason), the same
warnings and the same events."""

from __future__ import annotations

import pandas as pd
import pytest

from layers import fastload
from layers.events import load_events
from tests.support.data import GOOD_ROW, HEADER, csv_bytes


def row(**kw) -> str:
    vals = dict(zip(HEADER.split(","), GOOD_ROW.split(","), strict=True))
    vals.update(kw)
    return ",".join(vals.values())


def both(data: bytes, monkeypatch, name: str = "f.csv"):
    used = []
    real = fastload.validate_csv

    def spy(*a, **k):
        out = real(*a, **k)
        used.append(out is not None)
        return out

    monkeypatch.setattr(fastload, "validate_csv", spy)
    monkeypatch.setattr(fastload, "FAST_MIN_BYTES", 0)
    fast = load_events(data, name=name)
    assert used == [True], "the fast path was not taken"
    monkeypatch.setattr(fastload, "FAST_MIN_BYTES", 10**12)
    slow = load_events(data, name=name)
    assert used == [True]
    return fast, slow


def same(fast, slow):
    (gf, rf), (gs, rs) = fast, slow
    assert sorted(map(str, rf.rejections)) == sorted(map(str, rs.rejections))
    assert sorted(map(str, rf.warnings)) == sorted(map(str, rs.warnings))
    assert (rf.rows_in, rf.rows_kept, rf.rows_rejected) == (
        rs.rows_in,
        rs.rows_kept,
        rs.rows_rejected,
    )
    assert rf.balanced()
    cols = [c for c in gs.columns if c != "geometry"]
    pd.testing.assert_frame_equal(pd.DataFrame(gf[cols]), pd.DataFrame(gs[cols]), check_dtype=False)
    assert list(gf.geometry.to_wkt()) == list(gs.geometry.to_wkt())


VARIANTS = [
    {},
    {"latitude": "200", "longitude": "35.6"},
    {"latitude": "50.4", "longitude": "400"},
    {"latitude": "35.6", "longitude": "50.46"},
    {"latitude": "nan", "longitude": "35.6"},
    {"latitude": "50.4", "longitude": ""},
    {"latitude": '"10,5"', "longitude": "35.6"},
    {"latitude": " 50.4613 ", "longitude": "+35.6026"},
    {"latitude": "1e999", "longitude": "35.6"},
    {"latitude": "50.", "longitude": ".5e2"},
    {"event_date": "2023-02-31"},
    {"event_date": "next week"},
    {"event_date": "03/04/2023"},
    {"event_date": "9999-01-01"},
    {"event_date": "2023-05-22T99:99"},
    {"end_date": "2023-05-01"},
    {"end_date": "2023-05-30"},
    {"time_precision": "2"},
    {"time_precision": "3", "event_date": "2023-02-14"},
    {"time_precision": "4"},
    {"geo_precision": "0"},
    {"geo_precision": "2"},
    {"geo_precision": "3", "location": "Belgorod region"},
    {"event_type": "Invasion"},
    {"sub_event_type": "Air/drone strike"},
    {"sub_event_type": ""},
    {"event_type": "unknown", "sub_event_type": ""},  # a machine-read candidate (raidmap read)
    {"event_type": "unknown"},  # ... which has no sub-event type
    {"location": "Atlantis"},
    {"location": "Shebekno"},
    {"location": ""},
    {"location": "", "latitude": "50.41", "longitude": "36.92"},
    {"location": "Kozinka", "latitude": "50.4501", "longitude": "30.5234"},
    {"location": "Belgorod-22"},
    {"event_id": ""},
    {"source_ids": "S1; S2;;"},
    {"summary": '"quoted, with a comma"', "actor2": " spaced "},
]


def test_every_kind_of_row_is_judged_alike(monkeypatch):
    rows = [row(event_id=f"V{i}", **kw) if "event_id" not in kw else row(**kw)
            for i, kw in enumerate(VARIANTS)]  # fmt: skip
    rows += [row(event_id="V0"), ",".join(GOOD_ROW.split(",")[:5]), GOOD_ROW + ",extra"]
    same(*both(csv_bytes(*rows), monkeypatch))


def test_full_column_acled_file_is_judged_alike(monkeypatch, tmp_path):
    from tests.support.synthetic import write_acled_csv

    f = tmp_path / "acled.csv"
    expected = write_acled_csv(f, 5000, bad_every=37)
    fast, slow = both(f.read_bytes(), monkeypatch, "acled.csv")
    same(fast, slow)
    assert fast[1].rows_rejected == expected


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(GOOD_ROW, '"T-2","multi\nline",,1,Battles,,,,Kozinka,1,,,,S1'),
        csv_bytes(GOOD_ROW) + b"\n\n" + row(event_id="T-3").encode() + b"\n",
    ],
    ids=["quoted-newline", "blank-lines"],
)
def test_line_numbers_the_fast_path_cannot_know_go_the_row_by_row_path(monkeypatch, data):
    monkeypatch.setattr(fastload, "FAST_MIN_BYTES", 0)
    gdf, rep = load_events(data, name="x.csv")
    monkeypatch.setattr(fastload, "FAST_MIN_BYTES", 10**12)
    gdf2, rep2 = load_events(data, name="x.csv")
    assert sorted(map(str, rep.rejections)) == sorted(map(str, rep2.rejections))
    assert list(gdf["event_id"]) == list(gdf2["event_id"])


def test_parquet_export_of_both_paths_is_the_same_table(monkeypatch, tmp_path):
    """The whole-war export's output (issue 16): the column-wise path writes the same
    GeoParquet, column types included, as the row-by-row reference, on a full-column file
    with seeded bad rows; and the same report lines (file, row, field, value, reason)."""
    import pyarrow.parquet as pq

    from layers import export
    from tests.support.synthetic import write_acled_csv

    f = tmp_path / "acled.csv"
    write_acled_csv(f, 3000, bad_every=41)
    fast, slow = both(f.read_bytes(), monkeypatch, "acled.csv")
    # the same lines (the row-by-row path meets short rows in file order, pyarrow first)
    assert sorted(map(str, fast[1].rejections)) == sorted(map(str, slow[1].rejections))
    assert sorted(map(str, fast[1].warnings)) == sorted(map(str, slow[1].warnings))
    assert fast[1].rows_rejected > 60 and fast[1].balanced()
    tables = []
    for (gdf, _), name in ((fast, "fast"), (slow, "slow")):
        export.write(gdf, "parquet", tmp_path / f"{name}.parquet")
        tables.append(pq.read_table(tmp_path / f"{name}.parquet"))
    a, b = tables
    assert a.num_rows == len(slow[0]) > 2900
    assert a.schema.remove_metadata() == b.schema.remove_metadata()
    for name in b.column_names:
        assert a.column(name).equals(b.column(name)), name


def test_line_numbers_of_bad_rows_in_any_order_and_repeated():
    """layers.fastload._line_numbers: each text found as a whole line (the reader reports
    bad rows out of file order); the same text twice names two lines, in file order; a
    text that is only part of a line, or the last line with no line feed, is not found."""
    from layers.fastload import _line_numbers

    data = b"h,h,h\na,b,c\nshort\nx,y,z\nshort\nab\nabcdefghijkl\nlast"
    assert _line_numbers(data, []) == []
    assert _line_numbers(data, [b"x,y,z", b"a,b,c"]) == [4, 2]
    assert _line_numbers(data, [b"short", b"short"]) == [3, 5]
    assert _line_numbers(data, [b"ab", b"abcdefghijkl"]) == [6, 7]
    assert _line_numbers(data, [b"short", b"short", b"short"]) is None  # only two such lines
    assert _line_numbers(data, [b"a,b"]) is None  # part of a line
    assert _line_numbers(data, [b"h,h,h"]) is None  # the header is never a row
    assert _line_numbers(data, [b"last"]) is None  # no line feed after it


def test_the_large_reader_uses_jemalloc_where_pyarrow_has_it(monkeypatch):
    """The peak memory of a 500k-row export depends on pyarrow's memory pool (1.6 GB with the
    default mimalloc, 1.1 GB with jemalloc: bench/bench_import.py): reading a large file
    makes jemalloc the default pool, from whatever pool the process had."""
    import pyarrow as pa

    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("this pyarrow build has no jemalloc")
    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.mimalloc_memory_pool())
    try:
        fast, _slow = both(csv_bytes(row(event_id="J1"), row(event_id="J2")), monkeypatch)
        assert fast[1].rows_kept == 2
        assert pa.default_memory_pool().backend_name == "jemalloc"
    finally:
        pa.set_memory_pool(before)
