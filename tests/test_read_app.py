"""The app's "Read a report" panel through AppTest: paste, highlight (escaped), untick, fix
a place, download, and the candidate layer handed to the map."""

from __future__ import annotations

import csv
import io

from streamlit.testing.v1 import AppTest

from tests.test_app import APP, TIMEOUT

RU = (
    "22 мая бойцы вошли в Козинку, а затем бои шли в Глотове и у Грайворона. "
    "<script>alert(1)</script> Вечером стреляли в Дружбе."
)


def pasted(text: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.run()
    at.text_area(key="read_text").set_value(text).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def keeps(at):
    return [c for c in at.checkbox if c.key and c.key.endswith("_keep")]


def overlay(at):
    fc = at.session_state["read_overlay"]
    return [f["properties"]["place_id"] for f in fc["features"]] if fc else []


def test_paste_highlight_untick_fix_and_download():
    at = pasted(RU)
    html = next(h.proto.body for h in at.get("html") if "rm-read" in h.proto.body)
    assert '<mark class="rm-place" title="Kozinka">Козинку</mark>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert 'class="rm-date"' in html
    boxes = keeps(at)
    assert len(boxes) == 4
    assert overlay(at) == ["kozinka", "glotovo", "grayvoron", "gn709584"]
    boxes[1].uncheck().run()
    assert overlay(at) == ["kozinka", "grayvoron", "gn709584"]
    assert any("**3 confirmed**" in m.value for m in at.markdown)
    # Druzhba is ambiguous: its drop-down offers the other place of that name
    place = [s for s in at.selectbox if s.key and s.key.endswith("_place")][-1]
    assert len(place.options) >= 2
    place.select_index(1).run()
    assert overlay(at)[-1] != "gn709584"


def test_confirmed_csv_reimports():
    from layers.events import load_events
    from raidmap.read_panel import _reading
    from reader.output import confirmed_rows_csv

    res = _reading("x", "pasted text", RU.encode(), "2023-05-24", "ru")
    rows = [e for e in res["events"] if e["place_id"] != "glotovo"]  # one unticked
    text = confirmed_rows_csv(rows, "pasted text")
    assert len(list(csv.DictReader(io.StringIO(text)))) == 3
    gdf, rep = load_events(text.encode(), name="c.csv")
    assert rep.ok and len(gdf) == 3, rep.lines()


def test_nothing_found_and_toggle_off():
    at = pasted("Ничего не произошло.")
    assert any("No places found" in i.value for i in at.info)
    assert overlay(at) == []
    at = pasted("У Козинці тихо.")
    assert overlay(at) == ["kozinka"]
    at.toggle(key="read_show").set_value(False).run()
    assert overlay(at) == []
