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
MAP_HEIGHT = 280  # px: with the date slider, the folded legend and the credit, inside 480 px
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
</style>"""


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


def page(ds: Dataset, span: tuple[dt.date, dt.date]) -> None:
    st.html(CSS)
    state = session.initial_state(span, ds)
    state = _date_slider(state, span)
    view = panels.filtered_view_of(ds, state)
    shown = panels.visible_events(view, state)
    out = panels.map_panel(state, ds, view, shown, height=MAP_HEIGHT)
    state = panels.handle_map_output(out, state)
    with st.expander(f"Legend · {len(shown)} event(s) shown"):
        panels.legend_panel(shown, state.families)
    st.caption(ATTRIBUTION)
    session.publish_state(state, extra={PARAM: "1"})
