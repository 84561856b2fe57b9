"""raidmap: the Streamlit app. Run with ``./dev app`` (or ``streamlit run app.py``).

Thin on purpose: the data it shows is in raidmap/datasets.py, the session's view in
raidmap/session.py, the panels in raidmap/panels.py and raidmap/tabs.py; every computation
is in geo/ and layers/.
"""

import streamlit as st

from raidmap import (
    datasets,
    embed,
    header,
    panels,
    read_panel,
    session,
    share,
    story,
    tabs,
    timebar,
    timeline,
)
from render.assets import ensure_static_assets

st.set_page_config(
    page_title="raidmap: the 2023 Belgorod raids", page_icon=panels.PAGE_ICON, layout="wide"
)
ensure_static_assets()

if embed.requested():  # ?map_only=1: the map-only page the iframe snippet shows
    ds = datasets.record_dataset()
    embed.page(ds, datasets.span_of(ds))
    st.stop()

header.header()

# A session's first run draws the date controls and the map (and the count of events shown);
# the story, the legend, the timeline's entries, the sidebar's controls and the analyst tabs
# follow with the next run (the map reporting its view starts it), so that they do not hold
# the map up: the page's own rendering shares the browser's main thread with the map (measured
# with bench/bench_first.py). Until then the view is the link's.
first_run = session.first_run_of_session()
if first_run:
    ds = datasets.record_dataset()
    panels.controls_pending()
else:
    ds = panels.data_source_panel()
span = datasets.span_of(ds)
state = session.initial_state(span, ds)
# The date bar first (sticky: reachable while the map is in view), then the map and, beside
# it, the story and the timeline. The story runs before the date bar is drawn: a step sets
# the date the slider is drawn with.
bar = st.container(key=timebar.BAR_KEY)
modes = st.container(key="rm_modes")
col_map, col_text = st.columns([2, 1])
with col_text:
    if first_run:
        story.reserve()  # its place, held until the story comes with the next run
    else:
        state = story.story_panel(state)
if not first_run:
    state = panels.filter_panel(state, ds)
view = panels.filtered_view_of(ds, state)  # actor, claimant, status, precision: cached
out = None
if first_run:  # the map's element goes out before the bar's widgets (see timebar.settled)
    drawn = timebar.settled(state, span)
    with col_map:
        out = panels.map_panel(drawn, ds, view, panels.visible_events(view, drawn))
with bar:
    state = timebar.time_panel(state, span, view.frame, below=modes, days=view.event_days)
if first_run and timebar.differs(drawn, state):
    st.rerun()  # never seen: the bar showed another date than the map; draw both again
filtered = view.frame
shown = panels.visible_events(view, state)  # ... and the date
with col_map:
    if out is None:
        out = panels.map_panel(state, ds, view, shown)
    state = panels.handle_map_output(out, state)
    if not first_run:
        panels.legend_panel(shown, state.families)
        panels.click_panel()
with col_text:
    if not first_run:
        panels.upload_report_panel()
    timeline.timeline_panel(shown, datasets.sources_of(ds), entries=not first_run)
session.publish_state(state)

if not first_run:
    depth, distance, sharing, quality, read = st.tabs(
        ["Depth", "Distance between places", "Share and download", "Data quality", "Read a report"]
    )
    with depth:
        tabs.depth_tab(ds, shown)
    with distance:
        tabs.distance_tab()
    with sharing:
        share.share_panel(state, ds, filtered)
    with quality:
        tabs.quality_tab(ds)
    with read:
        read_panel.read_tab()

# Last, so that the ticker (present only while playing) never shifts the map's place in the
# page, which would mount a new map.
session.play_ticker(span)
