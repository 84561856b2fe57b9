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

ds = ui.data_source_panel()
span = ui.span_of(ds)
state = ui.initial_state(span)
state = ui.story_panel(state)
state = ui.time_panel(state, span)
state = ui.filter_panel(state, ds)

filtered = ui.filtered_events(ds.events, state)  # actor, claimant, status, precision
shown = ui.visible_events(filtered, state)  # ... and the date
col_map, col_text = st.columns([3, 2])
with col_map:
    out = ui.map_panel(state, ds, filtered, shown)
    state = ui.handle_map_output(out, state)
    ui.legend_panel(shown)
    ui.click_panel()
with col_text:
    ui.timeline_panel(shown, state)
ui.publish_state(state)

depth, distance, share, quality = st.tabs(
    ["Depth", "Distance between places", "Share and download", "Data quality"]
)
if ui.analyst_views_deferred():
    # First run of a session: the map loads first; these follow with the next run (the map
    # reporting its view starts it), so their tables and charts do not slow the map down.
    for name, tab in zip(
        ("depth", "distance", "share", "quality"), (depth, distance, share, quality), strict=True
    ):
        with tab:
            ui.deferred_note(name)
else:
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
