"""The first render's warm-up (raidmap/warmup.py, in the page's header) names files that
exist and that the page will ask for, and the app map's script places its labels in one
layout (render/tooltipbatch.js)."""

from __future__ import annotations

from raidmap import header, mapframe, warmup
from render.assets import STATIC_DIR, tooltip_batch_js


def warmup_date():
    from raidmap.datasets import SPAN_FALLBACK

    return SPAN_FALLBACK[0]


def test_the_warm_up_names_the_files_the_map_loads_later():
    links = warmup.default_links()
    plan = warmup.plan(links)
    # Streamlit's component chunk, beside its bundle
    assert plan["chunks"] and all((warmup.STREAMLIT_JS / c).is_file() for c in plan["chunks"])
    assert plan["chunks"][0].startswith("ComponentInstance.")
    # the base map's scripts and styles, served from static/ (the basemap data by its hash)
    from raidmap.state import ViewState
    from render import webmap

    default = ViewState(date=warmup_date())
    static = tuple(x for x in default.layers if x in webmap.STATIC_LAYERS)
    frame = mapframe.cached_frame(default.lang, default.tiles, static)
    assert plan["links"] == [*frame.js_links, *frame.css_links] == list(links)
    assert any(x.startswith(mapframe.FRAME_URL) for x in links)  # the basemap data
    served = STATIC_DIR.parent.parent  # static/
    for link in plan["links"]:
        assert link.startswith("/app/static/"), link
        assert (served / link.removeprefix("/app/static/")).is_file(), link


def test_the_warm_up_goes_out_in_the_header_as_a_script_of_file_names():
    js = warmup.script(("/app/static/a</script>.js",))
    assert js.startswith("<script>") and js.endswith("</script>")
    assert js.count("</script>") == 1  # names cannot close the element
    assert "rel = 'prefetch'" in js and "import(" in js and "catch" in js
    body = header.HEADER_CSS  # the header's own text is unchanged
    assert "<style>" in body


def test_a_missing_file_leaves_nothing_to_warm(tmp_path, monkeypatch):
    monkeypatch.setattr(warmup, "STREAMLIT_JS", tmp_path)
    warmup.streamlit_chunks.cache_clear()
    try:
        assert warmup.streamlit_chunks() == ()
    finally:
        warmup.streamlit_chunks.cache_clear()


def test_the_app_maps_script_places_labels_in_one_layout():
    frame = mapframe.build_frame("en", False, ())
    assert frame.script.startswith(tooltip_batch_js())
