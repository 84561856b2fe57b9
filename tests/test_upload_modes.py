"""Uploads (issue 15): an import shown instead of the record (the default, said in the
widget) or laid over it; an import with nothing to show keeps the current map and says so
beside the map, not only in the sidebar."""

from __future__ import annotations

import datetime as dt

import pytest

from layers.combine import overlay_events
from layers.events import load_events
from tests.support.data import GOOD_ROW, csv_bytes
from tests.test_app import run, shown

BAD = csv_bytes(GOOD_ROW.replace("Kozinka", "Atlantis"))  # its one row rejected
DAY = dt.date(2023, 5, 22)


def _upload(at, name: str, data: bytes):
    at.sidebar.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _main_text(at) -> str:
    return " ".join(t.value for t in at.main.text)


def test_the_default_is_to_replace_the_record_and_the_widget_says_so():
    at = run({"date": DAY.isoformat()})
    radio = at.sidebar.radio(key="upload_mode")
    assert radio.value == "replace"
    assert "(default)" in radio.format_func("replace")
    record = shown(at)
    _upload(at, "mine.csv", csv_bytes(GOOD_ROW))
    assert shown(at) == 1 < record  # only the import's one event


def test_overlay_shows_the_record_and_the_import():
    at = run({"date": DAY.isoformat()})
    record = shown(at)
    at.sidebar.radio(key="upload_mode").set_value("overlay").run()
    _upload(at, "mine.csv", csv_bytes(GOOD_ROW))
    assert shown(at) == record + 1
    assert any("laid over the bundled record" in s.value for s in at.sidebar.success)
    # switching back replaces, with the same file
    at.sidebar.radio(key="upload_mode").set_value("replace").run()
    assert shown(at) == 1


def test_overlay_keeps_an_imported_event_whose_id_the_record_uses(record):
    clash = record.events["event_id"].iloc[0]
    imported, rep = load_events(csv_bytes(GOOD_ROW.replace("T-1", clash)), name="c.csv")
    assert rep.ok and len(imported) == 1
    both, notes = overlay_events(record.events, imported, name="c.csv")
    assert len(both) == len(record.events) + 1  # nothing lost
    assert f"import:{clash}" in set(both["event_id"]) and both["event_id"].is_unique
    assert any(f"kept as 'import:<id>': {clash}" in n for n in notes)
    assert list(both["event_date"]) == sorted(both["event_date"])


@pytest.mark.parametrize("mode", ["replace", "overlay"])
def test_a_failed_upload_keeps_the_current_map_and_reports_beside_it(mode):
    at = run({"date": DAY.isoformat()})
    at.sidebar.radio(key="upload_mode").set_value(mode).run()
    _upload(at, "mine.csv", csv_bytes(GOOD_ROW))
    before = shown(at)
    _upload(at, "bad.csv", BAD)
    assert shown(at) == before  # the map shows what it showed
    errors = " ".join(e.value for e in at.main.error).replace("\\", "")
    assert "bad.csv" in errors and "The map still shows mine.csv" in errors
    assert "unknown place" in _main_text(at)  # the report, beside the map
    assert "unknown place" in " ".join(t.value for t in at.sidebar.text)  # and in the sidebar


def test_a_refused_file_keeps_the_record_and_says_so_beside_the_map():
    at = run({"date": DAY.isoformat()})
    record = shown(at)
    _upload(at, "cut.geojson", b'{"type": "FeatureCollection", "features": [')
    assert shown(at) == record
    assert any(
        "The map still shows bundled record" in e.value.replace("\\", "") for e in at.main.error
    )
    assert "not valid JSON" in _main_text(at)


def test_rows_rejected_from_a_kept_import_are_reported_beside_the_map():
    at = run({"date": DAY.isoformat()})
    _upload(
        at,
        "half.csv",
        csv_bytes(GOOD_ROW, GOOD_ROW.replace("T-1", "T-2").replace("Kozinka", "Atlantis")),
    )
    assert shown(at) == 1
    assert any("some rows were rejected" in w.value for w in at.main.warning)
    assert "unknown place" in _main_text(at)
    at.sidebar.file_uploader[0].set_value(None).run()  # removed: no notice, the record again
    assert not at.main.warning and shown(at) > 1
