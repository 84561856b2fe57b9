"""The helpers in tests/support that other tests and bench/ rely on."""

from __future__ import annotations

import datetime as dt

import pytest

from layers.events import load_events
from tests.support.seeds import SEEDS, seeds_dir
from tests.support.synthetic import acled_csv, many_events_csv


def test_seeds_dir_returns_the_folder_when_the_articles_are_there(tmp_path):
    (tmp_path / "001_x.txt").write_text("an article", encoding="utf-8")
    assert seeds_dir(tmp_path) == tmp_path
    assert SEEDS.parts[-2:] == ("shared", "seeds")


def test_seeds_dir_skips_without_the_articles(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared/seeds"):
        seeds_dir(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared/seeds"):
        seeds_dir(tmp_path / "empty")


def test_seeds_dir_fails_without_the_articles_under_ci(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    # (a skip is no Failed: catch anything, so that a skip here fails this test)
    with pytest.raises(BaseException) as raised:
        seeds_dir(tmp_path / "absent")
    assert raised.type is pytest.fail.Exception
    assert "../shared/seeds" in str(raised.value) and "CI=true" in str(raised.value)


def test_the_synthetic_export_loads_whole_and_is_reproducible():
    data = acled_csv(300, seed=3)
    assert data == acled_csv(300, seed=3) != acled_csv(300, seed=4)
    gdf, rep = load_events(data, name="synthetic.csv")
    assert rep.ok and rep.rows_in == rep.rows_kept == len(gdf) == 300
    exact = gdf.loc[gdf["time_precision"] == 1, "event_date"].dt.date
    assert exact.min() >= dt.date(2023, 5, 22) and exact.max() <= dt.date(2023, 6, 6)
    # mixed precisions by default (a week-precise date becomes its week)
    assert set(gdf["time_precision"]) == set(gdf["geo_precision"]) == {1, 2}


def test_many_events_are_day_precise_over_may():
    gdf, rep = load_events(many_events_csv(400), name="many.csv")
    assert rep.ok and len(gdf) == 400
    assert set(gdf["time_precision"]) == {1} and set(gdf["geo_precision"]) == {1}
    days = gdf["event_date"].dt.date
    assert days.min() >= dt.date(2023, 5, 1) and days.max() <= dt.date(2023, 5, 31)
    assert days.nunique() > 25


def test_one_generator_writes_both_exports_with_acleds_columns_from_the_schema(tmp_path):
    from layers.schema import ACLED_EXPORT_COLUMNS
    from tests.support.synthetic import ACLED_HEADER, write_acled_csv

    short = acled_csv(40, seed=2).decode().splitlines()
    assert short[0].split(",") == ACLED_HEADER
    f = tmp_path / "war.csv"
    expected = write_acled_csv(f, 400, bad_every=25)
    lines = f.read_text(encoding="utf-8").splitlines()
    assert tuple(lines[0].split(",")) == ACLED_EXPORT_COLUMNS and len(lines) == 401
    assert expected == 400 // 25 + 2  # 16 bad rows; each of the 2 duplicates rejects 2
    gdf, rep = load_events(f)
    assert rep.rows_in == 400 and rep.balanced() and rep.rows_rejected == expected
    # the whole war: dates from 24 February 2022 to 2025, on both sides of the border
    assert gdf["event_date"].min() >= dt.datetime(2022, 2, 24)
    assert gdf["event_date"].dt.year.max() <= 2025 and gdf["event_date"].dt.year.nunique() == 4
    full = acled_csv(30, columns=ACLED_EXPORT_COLUMNS, seed=2).decode().splitlines()
    assert [r.split(",")[0] for r in full[1:]] == [r.split(",")[0] for r in short[1:31]]
