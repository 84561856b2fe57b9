"""The analyst tabs: depth table and per-day views, distance between places, data quality.
(The share and download panel is raidmap/share.py.)"""

from __future__ import annotations

import functools

import geopandas as gpd
import streamlit as st

from geo.errors import CoordinateError, UnknownPlaceError
from geo.measure import distance_km
from geo.points import resolve_point
from layers import analysis, export
from raidmap.datasets import Dataset, dataset_analysis
from render import charts
from render.escape import md_escape

DEPTH_TABLE_MAX = 250  # rows of the depth table on screen (the download has all)
REPORT_LINES_MAX = 500  # lines of a dataset's report on screen (the download has all)
PER_DAY_MAX = 250  # days of the per-day table on screen: the deepest (the download has all)


def readable_order(columns) -> list[str]:
    """The place first, then its depth and the dates: what a reader (on a phone: all that
    fits) needs to read a row; the rest after, in the table's order."""
    first = [
        c
        for c in ("place_name", "depth_km", "uncertainty_km", "event_date", "event_type")
        if c in columns
    ]
    return first + [c for c in columns if c not in first]


def depth_tab(ds: Dataset, shown: gpd.GeoDataFrame) -> None:
    # Every slider move resends the table: thousands of rows cost the page seconds and the
    # websocket hundreds of KB (1,000 rows: about 280 KB per move).
    table = analysis.depth_table_view(shown, limit=DEPTH_TABLE_MAX)
    if len(shown) > DEPTH_TABLE_MAX:  # depth_table has one row per event
        st.caption(
            f"The {DEPTH_TABLE_MAX:,} deepest of {len(shown):,} events shown are listed; "
            "the download has them all."
        )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_order=readable_order(table.columns),
        column_config={
            # pinned: a phone's narrow table scrolls sideways under the place's name
            "place_name": st.column_config.TextColumn("place", pinned=True),
            "depth_km": st.column_config.NumberColumn("depth (km)", format="%.2f"),
            "uncertainty_km": st.column_config.NumberColumn(format="± %.1f"),
            "depth_km_alt": st.column_config.NumberColumn(
                "depth_km (Natural Earth line)",
                format="%.2f",
                help="the same depth against Natural Earth's 1:10m border line: how much the "
                "choice of border line matters",
            ),
        },
    )
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download this table (CSV)",
        # made when clicked, not on every slider move (10,000 rows take seconds)
        functools.partial(export.to_csv, shown),
        "raidmap_depths.csv",
        "text/csv",
        key="dl_depth",
    )
    c2.download_button(
        "Download these events (GeoJSON)",
        functools.partial(export.to_geojson, shown),
        "raidmap_events.geojson",
        "application/geo+json",
        key="dl_geojson",
    )
    st.subheader("Deepest located event per day")
    per_day, cvm = dataset_analysis(ds.key, ds.events, ds.claims)
    if per_day.empty:
        st.write("No located event with a day-precise date.")
    else:
        counts, spec, day = per_day_views(ds.key, PER_DAY_MAX, ds.events, per_day)
        st.caption(counts)
        st.vega_lite_chart(spec=spec, width="stretch")
        if len(per_day) > PER_DAY_MAX:
            st.caption(
                f"The {PER_DAY_MAX:,} deepest of {len(per_day):,} days are listed, in date "
                "order; the download has them all."
            )
        st.dataframe(
            day,
            hide_index=True,
            width="stretch",
            column_config={
                "window_count": st.column_config.NumberColumn(
                    "window events",
                    help="events dated to a window (a week, a month) that includes the day",
                ),
                "window_events": st.column_config.TextColumn(
                    f"window events (first {analysis.WINDOW_IDS_SHOWN})",
                    help="the download lists them all",
                ),
            },
        )
        st.download_button(
            "Download the per-day table (CSV)",
            # made when clicked: with every window event's id it grows with the dataset
            functools.partial(export.table_csv, per_day),
            "raidmap_deepest_per_day.csv",
            "text/csv",
            key="dl_per_day",
        )
    st.subheader("Claimed against measured")
    if cvm.empty:
        st.write("No claim with a distance figure in this dataset.")
    else:
        st.dataframe(cvm, hide_index=True, width="stretch")


@st.cache_resource(show_spinner=False, max_entries=16)
def per_day_views(
    ds_key: str,  # noqa: ARG001 - the cache key: st.cache_resource hashes it, not _args
    limit: int,
    _events: gpd.GeoDataFrame,
    _per_day,
) -> tuple:
    """The per-day caption, chart and table: they depend on the dataset, not on the slider,
    so they are made once per dataset (over the whole dataset, not on every move). The
    table is resent with every move: one row per day, each cell bounded
    (:func:`layers.analysis.per_day_view`)."""
    day = analysis.per_day_view(_per_day, limit=limit)
    return analysis.per_day_counts(_events), charts.deepest_per_day_spec(_per_day), day


def distance_tab() -> None:
    c1, c2 = st.columns(2)
    a = c1.text_input("From (place or LAT,LON)", "Kozinka", key="dist_a")
    b = c2.text_input("To (place or LAT,LON)", "Belgorod", key="dist_b")
    try:
        pa, pb = (resolve_point(x) for x in (a, b))
    except (UnknownPlaceError, CoordinateError, ValueError) as exc:
        st.error(md_escape(str(exc)))
        return
    km = distance_km(lat1=pa.lat, lon1=pa.lon, lat2=pb.lat, lon2=pb.lon)
    unc = (pa.precision_m + pb.precision_m) / 1000
    st.metric(f"{pa.label} → {pb.label}", f"{km:.2f} km", help="geodesic on WGS84 (pyproj)")
    st.caption(f"± {unc:.1f} km from the two places' precision radii")


def quality_tab(ds: Dataset) -> None:
    """The dataset's report: its first ``REPORT_LINES_MAX`` lines (Streamlit cleans the
    whole text on every rerun: about 0.1 s per slider move at 1.5 MB, a 10,000-row import's)."""
    report_excerpt(ds.report_lines, "dl_report", REPORT_LINES_MAX)


def report_excerpt(lines, key: str, limit: int) -> None:
    """A report's first ``limit`` lines, and when it has more, a caption saying so and a
    download of every line (made when clicked). A report has a line per rejected row: the
    whole of a large import's is megabytes, which every slider move would resend."""
    if len(lines) > limit:
        st.caption(
            f"The first {limit:,} of {len(lines):,} report lines; the download has them all."
        )
        st.download_button(
            "Download the whole report (text)",
            functools.partial(report_text, lines),
            "raidmap_report.txt",
            "text/plain",
            key=key,
        )
    st.text("\n".join(lines[:limit]) or "no report")


def report_text(lines) -> str:
    return "\n".join(lines) + "\n"
