"""The rendered map HTML: layers present, assets local, data text escaped, output stable."""

from __future__ import annotations

import re

import pytest

from layers.events import load_events
from render import webmap
from render.snapshot_html import snapshot_html
from tests.support.hostile import PAYLOADS, hostile_geojson


def render(m) -> str:
    return m.get_root().render()


@pytest.fixture(scope="module")
def hostile_events():
    gdf, rep = load_events(hostile_geojson(), name="hostile.geojson")
    assert rep.ok
    return gdf.assign(
        claims=[
            [{"claimant": t, "claim_text": t, "status": "claimed", "source_id": t}]
            for t in PAYLOADS.values()
        ]
    )


def test_base_map_loads_only_local_leaflet():
    html = render(webmap.base_map())
    srcs = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert srcs and all(s.startswith(webmap.LEAFLET_URL_BASE) for s in srcs), srcs
    assert "cdn" not in html.lower()


def test_base_map_has_the_basemap_layers():
    html = render(webmap.base_map())
    for needle in (
        "Ukraine border (\\u00a9 OpenStreetMap",
        "40 km (claimed depth) from the border",
        "Belgorod-22",
        "rm-label",
    ):
        assert needle in html, needle
    assert render(webmap.base_map(tiles=True)).count("tile.openstreetmap.org") == 1
    assert "tile.openstreetmap" not in html  # tiles only on request


def test_dynamic_layers_for_a_date(record):
    from layers import derived, filters

    shown = filters.by_date(record.events, "2023-05-22", "day")
    groups = webmap.dynamic_layers(
        shown,
        presence=derived.presence_on(derived.presence_by_day(record.events), "2023-05-22"),
        axes=derived.axes_of_advance(shown),
        zones=derived.zones(shown),
        sources={},
    )
    names = [g.layer_name for g in groups]
    assert names == [
        "Evacuation zones",
        "Reported presence",
        "Precision",
        "Areas",
        "Axes of advance",
        "Events",
        "Measure",
    ]
    assert all(g._children for g in groups[1:-1])  # each has its GeoJSON (no evacuation
    # zone on 22 May: Belgorod-22 is only known within 12 km, so it is drawn as an area)
    m = webmap.base_map()
    for g in groups:
        g.add_to(m)
    html = render(m)
    assert html.count('"event_date": "2023-05-22"') >= 3


@pytest.mark.parametrize("key", list(PAYLOADS))
def test_hostile_text_never_reaches_the_html_raw(hostile_events, key):
    groups = webmap.dynamic_layers(hostile_events)
    m = webmap.base_map()
    for g in groups:
        g.add_to(m)
    html = render(m)
    raw = PAYLOADS[key]
    if key in ("img", "script", "template", "backtick"):
        assert raw not in html
    assert "<img src=x" not in html and "</script><script>window" not in html
    assert "${window" not in html
    if key == "trailing":
        # A raw trailing backslash would escape the quote that ends its JavaScript string:
        # every copy ends in the backslash's character reference (&#92;, script-escaped).
        after = re.findall(r"ends with a backslash (.{10})", html)
        assert len(after) >= 5 and set(after) == {"\\u0026#92;"}, after
    if key == "bidi":
        # The override must not reorder the text around it: every copy in markup (popup,
        # tooltip, tables, source list) is isolated in <bdi>.
        prefixes = markup_prefixes(html, "\\u202eRTL override")
        assert len(prefixes) >= 5
        for before in prefixes:
            assert before.rfind("\\u003cbdi\\u003e") > before.rfind("\\u003c/bdi\\u003e")


def markup_prefixes(html: str, needle: str) -> list[str]:
    """For each copy of ``needle`` inside a JSON string of the page that holds markup (a
    tag before it), that string's text before it."""
    out = []
    for m in re.finditer(re.escape(needle), html):
        start = m.start()
        while True:  # back to the opening quote of this JSON string (\" is inside it)
            start = html.rfind('"', 0, start)
            if start <= 0 or html[start - 1] != "\\":
                break
        before = html[start + 1 : m.start()]
        if "\\u003c" in before:
            out.append(before)
    return out


def test_snapshot_is_self_contained_and_stable(record):
    a = snapshot_html(record.events, date="2023-06-01", sources=record.sources)
    b = snapshot_html(record.events, date="2023-06-01", sources=record.sources)
    assert a == b  # byte-identical: no random ids, no timestamps
    assert "<script src" not in a and '<link rel="stylesheet" href' not in a
    assert "L.map(" in a and "rm-slider" in a
    assert len(a.encode()) < 2_000_000
    assert "© OpenStreetMap contributors" in a and "GeoNames" in a
    for pub in set(record.sources["publication"]):
        assert pub in a  # the source list


def test_snapshot_of_hostile_file_escapes_title_and_text(hostile_events):
    html = snapshot_html(hostile_events, date="2023-05-22", title=PAYLOADS["script"])
    assert PAYLOADS["script"] not in html
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=2" in html


def test_labels_follow_the_language():
    ru = render(webmap.base_map(lang="ru"))
    uk = render(webmap.base_map(lang="uk"))
    # tojson writes non-ASCII as \\u escapes: Грайворон / Шебекіно
    assert "\\u0428\\u0435\\u0431\\u0435\\u043a\\u0438\\u043d\\u043e" in ru  # Шебекино
    assert "\\u0428\\u0435\\u0431\\u0435\\u043a\\u0438\\u043d\\u0435" in uk  # Шебекине


def test_region_areas_stay_in_their_country(record):
    import shapely

    from geo.border import load_border

    prepared = webmap.prepare_events(record.events)
    ua = load_border().land["UA"]
    assert prepared.area_shapes
    for key, shape in prepared.area_shapes.items():
        if key == "belgorod_oblast":
            assert shapely.intersection(shape, ua).area < 1e-6  # degrees², i.e. none
