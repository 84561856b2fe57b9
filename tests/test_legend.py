"""The legend in rows (what happened, who acted, how precise, layers, land), each entry once,
in the web map and the static images alike."""

from __future__ import annotations

import re

from render import style
from render.legend import legend_groups, legend_html, legend_items
from render.static.furniture import UNCERTAIN_ZONE_ROW, _event_legend_items


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_rows_in_order_with_the_land_colours_explained(record):
    groups = legend_groups(record.events)
    assert [t for t, _ in groups] == [
        "What happened (fill)",
        "Who acted (outline)",
        "How precise",
        "Layers",
        "Land",
    ]
    land = dict(groups)["Land"]
    for code, name in (("RU", "Russia"), ("UA", "Ukraine")):
        assert any(style.LAND_COLOURS[code] in h and _text(h) == name for h in land)
    what = [_text(h) for h in dict(groups)["What happened (fill)"]]
    assert what == sorted(record.events["event_type"].unique())
    html = legend_html(record.events)
    assert html.count("class='rm-legend-row'") == 5


def test_each_entry_once_and_one_wording_for_places_known_roughly(record):
    texts = [_text(h) for h in legend_items(record.events)]
    assert len(texts) == len(set(texts))
    assert sum("roughly" in t for t in texts) == 1
    # the static images: the events' area row and the uncertainty zone's row say different
    # things (the zone's row used to repeat "place known only roughly (area)")
    shown = record.events.assign(certain_by_date=False)  # an open window, areas: every row
    static_rows = [t for _, t in _event_legend_items(shown)] + [UNCERTAIN_ZONE_ROW]
    assert sum("roughly" in t for t in static_rows) == 1
    assert len(static_rows) == len(set(static_rows))


def test_an_empty_selection_keeps_the_map_rows(record):
    groups = dict(legend_groups(record.events.iloc[:0]))
    assert "What happened (fill)" not in groups and "Land" in groups and "Layers" in groups
