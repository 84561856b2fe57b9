"""The app's teaching outputs (issue 15) through AppTest: the map-only embed page and the
share panel's PDF, SVG and GIF downloads of the current view and date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run(query: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.run()  # the second run (in a browser: the map reporting its view)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_map_only_page_has_date_map_legend_attribution_and_nothing_else():
    at = run({"map_only": "1", "date": "2023-06-01", "mode": "day", "zoom": "11"})
    assert at.slider(key="date").value == dt.date(2023, 6, 1)  # the link's state is kept
    assert at.session_state["view"].mode == "day"  # the map shows the link's mode
    assert len(at.tabs) == 0 and len(at.sidebar) == 0  # no tabs, no sidebar
    assert not [s for s in at.subheader if "Belgorod" in s.value]  # no page heading
    assert not [h for h in at.get("html") if "rm-head" in h.value]  # (raidmap/header.py's)
    assert any("Legend" in e.label for e in at.expander)
    assert any("OpenStreetMap" in c.value for c in at.caption)
    assert at.query_params["map_only"] == ["1"] or at.query_params["map_only"] == "1"


def test_share_panel_embeds_the_map_only_page_and_offers_every_format():
    at = run({"date": "2023-06-01"})
    snippet = next(c.value for c in at.code if "<iframe" in c.value)
    assert "map_only=1" in snippet and 'width="640" height="480"' in snippet
    magic = {"svg": b"<?xml", "pdf": b"%PDF", "gif": b"GIF89a", "png": b"\x89PNG"}
    for fmt, head in magic.items():
        at.button(key=f"prep_{fmt}").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.session_state[f"snapshot_{fmt}"][: len(head)] == head, fmt
