"""The map-only page for embedding (``?map_only=1``, which the app's iframe snippet adds):
the date slider, the map, its legend and the attribution; no sidebar, no tabs. It keeps
the link's state (date, mode, layers, filters, view) like the full page, and fits a
640x480 frame."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from raidmap import panels, session, timebar
from raidmap.datasets import Dataset

PARAM = "map_only"  # Streamlit keeps "embed" for itself (st.query_params cannot read it)
MAP_HEIGHT = 280  # px: the map's height before the page's CSS makes it the frame's (below)
TITLE = "Cross-border raids, Belgorod region"
# The frame's height less the title (~22 px), the compact date bar (~44 px), the folded
# legend (~40 px), the credit line (~16 px) and the gaps: 480 - 140 = 340 px at 640x480.
RESERVED_PX = 140
ATTRIBUTION = (
    "Border and land © OpenStreetMap contributors (ODbL) · Places: GeoNames (CC BY 4.0) · "
    "raidmap: every event cites its sources"
)
# No sidebar (nothing is drawn in it, its toggle hidden) and a tight page for a small frame.
CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important}
.block-container, [data-testid="stMainBlockContainer"] {padding: 0.4rem 0.6rem 0 !important}
[data-testid="stVerticalBlock"] {gap: 0.3rem}
/* the map takes the frame's height; a compact date bar: no label, the value on the thumb */
iframe[title*="streamlit_folium"] {height: calc(100vh - RESERVEDpx) !important; min-height: 200px}
[data-testid="stSlider"] [data-testid="stWidgetLabel"] {display: none}
[data-testid="stSlider"] {margin-top: -0.5rem}
.rm-embed-title {font: 600 15px/20px sans-serif; margin: 0; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis}
[data-testid="stExpander"] summary {padding: 0.2rem 0.6rem}
[data-testid="stCaptionContainer"] {font-size: 11px; line-height: 1.2}
</style>""".replace("RESERVED", str(RESERVED_PX))


# Inside the map's frame: streamlit-folium gives the map's element a height in px once; this
# makes it the frame's height (which the page's CSS above sets) and tells Leaflet.
FILL_JS = (
    "if(!document.getElementById('rm-fill')){var s=document.createElement('style');"
    "s.id='rm-fill';s.textContent='#map_div,#map_div2{height:100vh !important}';"
    "document.head.appendChild(s);var f=function(){window.map&&window.map.invalidateSize();};"
    "window.addEventListener('resize',f);setTimeout(f,0);}\n"
)


def requested() -> bool:
    """Whether this session shows the map-only page (decided by its first run's link)."""
    if "map_only" not in st.session_state:
        st.session_state.map_only = st.query_params.get(PARAM) == "1"
    return bool(st.session_state.map_only)


def _date_slider(state, span: tuple[dt.date, dt.date]):
    """The date slider alone (the mode, window and layers are the link's): the full page's
    controls sit in columns, which Streamlit stacks in a frame this narrow."""
    timebar.settle_date(state.date, span)
    date = timebar.date_slider(span)
    return state.with_(date=date)


def title_html(date: dt.date, mode: str, window: int) -> str:
    """The page's one line: what the map is and its date (no data text in it)."""
    when = f"{date.day} {date.strftime('%B %Y')}"
    if mode == "day":
        said = f"on {when}"
    elif mode == "window":
        said = f"in the {window} days to {when}"
    else:
        said = f"up to {when}"
    return f'<p class="rm-embed-title">{TITLE} · events {said}</p>'


def page(ds: Dataset, span: tuple[dt.date, dt.date]) -> None:
    st.html(CSS)
    state = session.initial_state(span, ds)
    title = st.empty()  # above the bar, written once the bar's date is known
    state = _date_slider(state, span)
    title.html(title_html(state.date, state.mode, state.window))
    view = panels.filtered_view_of(ds, state)
    shown = panels.visible_events(view, state)
    out = panels.map_panel(state, ds, view, shown, height=MAP_HEIGHT, extra_js=FILL_JS)
    state = panels.handle_map_output(out, state)
    with st.expander(f"Legend · {len(shown)} event(s) shown"):
        panels.legend_panel(shown, state.families)
    st.caption(ATTRIBUTION)
    session.publish_state(state, extra={PARAM: "1"})
