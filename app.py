"""raidmap: the Streamlit app. Run with ``./dev app`` (or ``streamlit run app.py``).

Thin on purpose: every panel lives in raidmap/ui.py, every computation in geo/ and layers/.
"""

import streamlit as st

from raidmap import ui
from render.assets import ensure_static_assets

st.set_page_config(
    page_title="raidmap: the 2023 Belgorod raids", page_icon=ui.PAGE_ICON, layout="wide"
)
ensure_static_assets()

st.subheader("Cross-border raids into Russia's Belgorod region, 2023")
st.caption(
    "Every event cites its sources; claims say who makes them. Depths are geodesic "
    "distances from the Russia–Ukraine border (© OpenStreetMap contributors), places "
    "from GeoNames."
)

# A session's first run draws the date controls, the map, its legend and the timeline; the
# sidebar's controls and the analyst tabs follow with the next run (the map reporting its
# view starts it), so that they do not hold the map up. Until then the view is the link's.
first_run = ui.first_run_of_session()
if first_run:
    ds = ui.record_dataset()
    ui.controls_pending()
else:
    ds = ui.data_source_panel()
span = ui.span_of(ds)
state = ui.initial_state(span, ds)
state = ui.story_panel(state, controls=not first_run)
state = ui.time_panel(state, span)
if not first_run:
    state = ui.filter_panel(state, ds)

filtered = ui.filtered_events(ds.events, state)  # actor, claimant, status, precision
shown = ui.visible_events(filtered, state)  # ... and the date
col_map, col_text = st.columns([2, 1])
with col_map:
    out = ui.map_panel(state, ds, filtered, shown)
    state = ui.handle_map_output(out, state)
    ui.legend_panel(shown)
    ui.click_panel()
with col_text:
    ui.timeline_panel(shown, state)
ui.publish_state(state)

if not first_run:
    depth, distance, share, quality = st.tabs(
        ["Depth", "Distance between places", "Share and download", "Data quality"]
    )
    with depth:
        ui.depth_tab(ds, shown)
    with distance:
        ui.distance_tab()
    with share:
        ui.share_panel(state, ds, filtered, shown)
    with quality:
        ui.quality_tab(ds)

# Last, so that the ticker (present only while playing) never shifts the map's place in the
# page, which would mount a new map.
ui.play_ticker(span)
