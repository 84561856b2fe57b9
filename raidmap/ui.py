"""Streamlit panels for app.py. Data work stays in geo/ and layers/; this module only wires
widgets to it, caches data (never the folium map) and shows results."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.errors import CoordinateError, UnknownPlaceError
from geo.measure import default_depth_model, distance_km
from geo.paths import data_file
from layers import analysis, derived, export, filters
from layers.events import day_span, load_events
from layers.record import bundled_record
from layers.schema import CLAIM_STATUSES, MAX_UPLOAD_BYTES
from raidmap import mapframe
from raidmap.state import DEFAULT_LAYERS, ViewState, from_query, keep_known_filters, to_query
from render import livemap, webmap
from render.escape import esc, md_escape
from render.legend import legend_html
from render.popup import sources_lookup, when_text

MAP_KEY = "raidmap_map"
DEPTH_TABLE_MAX = 1000  # rows of the depth table on screen (the download has all)
DATE_LABEL = "Date"  # the date slider's label: the map finds the slider by it
# The browser tab's icon: a map pin, inline. (An emoji icon costs the first run 0.4 s to load
# Streamlit's emoji catalogue; a Material icon is fetched from Google's font server.)
PAGE_ICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E"
    "%3Cpath d='M16 2a10 10 0 0 0-10 10c0 7.5 10 18 10 18s10-10.5 10-18A10 10 0 0 0 16 2z' "
    "fill='%23b2182b'/%3E%3Ccircle cx='16' cy='12' r='4' fill='%23fff'/%3E%3C/svg%3E"
)
SPAN_FALLBACK = (dt.date(2023, 3, 1), dt.date(2023, 6, 30))


# -- cached data (hashable keys only) -----------------------------------------------------
@dataclass(frozen=True)
class Dataset:
    key: str  # "record" or the upload's sha256
    name: str
    events: gpd.GeoDataFrame
    claims: pd.DataFrame
    sources: pd.DataFrame
    report_lines: tuple[str, ...]
    ok: bool


@st.cache_resource(show_spinner=False)
def record_dataset() -> Dataset:
    rec = bundled_record()
    lines = tuple(line for r in rec.reports for line in r.lines())
    return Dataset("record", "bundled record", rec.events, rec.claims, rec.sources, lines, rec.ok)


@st.cache_resource(show_spinner=False, max_entries=8)
def upload_dataset(digest: str, name: str, _data: bytes) -> Dataset:
    """An uploaded file, loaded once per content (the digest is the cache key)."""
    data = _data
    gdf, rep = load_events(data, name=name)
    gdf = gdf.assign(claims=[[] for _ in range(len(gdf))])
    empty_claims = pd.DataFrame(columns=["claim_id", "event_id", "claim_type", "figure"])
    return Dataset(digest, name, gdf, empty_claims, pd.DataFrame(), tuple(rep.lines()), rep.ok)


@st.cache_resource(show_spinner=False, max_entries=16)
def derived_layers(ds_key: str, _events: gpd.GeoDataFrame):
    """Presence per day, axes and zones for a dataset, computed once per dataset."""
    return (
        derived.presence_by_day(_events),
        derived.axes_of_advance(_events),
        derived.zones(_events),
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def prepared_events(ds_key: str, _events: gpd.GeoDataFrame, _sources: pd.DataFrame):
    """Every event's popup, marker and halo, built once per dataset (not per slider move)."""
    return webmap.prepare_events(_events, sources_lookup(_sources))


@st.cache_resource(show_spinner=False, max_entries=16)
def live_data(ds_key: str, _ds: Dataset) -> livemap.LiveData:
    """Every feature of a dataset for the map's live layers, built once per dataset."""
    presence, axes, zones = derived_layers(ds_key, _ds.events)
    prepared = prepared_events(ds_key, _ds.events, _ds.sources)
    return livemap.live_data(_ds.events, prepared, presence=presence, axes=axes, zones=zones)


def live_layers(ds: Dataset) -> tuple[livemap.LiveData, str]:
    """The dataset's live data and the URL it is served at (written again if removed)."""
    data = live_data(ds.key, ds)
    return data, livemap.ensure_published(data)


@st.cache_resource(show_spinner=False, max_entries=16)
def dataset_analysis(ds_key: str, _events: gpd.GeoDataFrame, _claims: pd.DataFrame):
    """The views that depend on the whole dataset, not on the slider: computed once."""
    return (analysis.deepest_per_day(_events), analysis.claimed_vs_measured(_events, _claims))


@st.cache_resource(show_spinner=False, max_entries=16)
def filter_choices(ds_key: str, _events: gpd.GeoDataFrame) -> tuple[list[str], list[str]]:
    """The actors and claimants a dataset names, for the filter lists (once per dataset)."""
    return filters.actors_of(_events), filters.claimants_of(_events)


@st.cache_data(show_spinner=False)
def story_steps() -> list[dict]:
    with data_file("story.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


# -- state --------------------------------------------------------------------------------
def initial_state(span: tuple[dt.date, dt.date], ds: Dataset) -> ViewState:
    """The session's view: from the link on its first run (filter values the dataset does not
    offer dropped, with a warning), then as the last run left it."""
    if "view" not in st.session_state:
        view = from_query(_query(), span=span, default_date=dt.date(2023, 5, 22))
        actors, claimants = filter_choices(ds.key, ds.events)
        st.session_state.view = keep_known_filters(
            view, actors=actors, claimants=claimants, statuses=CLAIM_STATUSES
        )
        st.session_state.date = st.session_state.view.date
        st.session_state.link_warnings = st.session_state.view.warnings
    # Shown on every run of the session, not only the first: the map's first report starts
    # a second run at once, which would otherwise wipe the warning before anyone read it.
    if st.session_state.get("link_warnings"):
        st.warning(md_escape("Ignored in the link: " + "; ".join(st.session_state.link_warnings)))
    return st.session_state.view


def _query() -> dict[str, list[str]]:
    """The page's query parameters, every value of repeated ones kept."""
    return {k: st.query_params.get_all(k) for k in st.query_params}


def publish_state(state: ViewState) -> None:
    st.session_state.view = state
    q = to_query(state)
    if _query() != {k: [v] if isinstance(v, str) else list(v) for k, v in q.items()}:
        st.query_params.from_dict(q)


# -- panels -------------------------------------------------------------------------------
def data_source_panel() -> Dataset:
    """Bundled record or an uploaded ACLED CSV / GeoJSON (size limit enforced here)."""
    st.sidebar.subheader("Data")
    up = st.sidebar.file_uploader(
        "Import an ACLED CSV export or a GeoJSON file",
        type=["csv", "geojson", "json"],
        help=f"At most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Rows are validated; "
        "every rejected row is listed.",
    )
    ds = record_dataset()
    if up is not None:
        if up.size > MAX_UPLOAD_BYTES:
            st.sidebar.error(
                f"{md_escape(up.name)}: {up.size:,} bytes is over the "
                f"{MAX_UPLOAD_BYTES:,}-byte limit; not read."
            )
        else:
            data = up.getvalue()
            ds = upload_dataset(hashlib.sha256(data).hexdigest(), up.name, data)
    if not ds.ok:
        label = f"⚠ {md_escape(ds.name)}: validation report"
        with st.sidebar.expander(label, expanded=ds.key != "record"):
            st.text("\n".join(ds.report_lines))
    elif ds.key != "record":
        st.sidebar.success(md_escape(ds.report_lines[0] if ds.report_lines else ds.name))
    return ds


def story_panel(state: ViewState, controls: bool = True) -> ViewState:
    """The story selector (in the sidebar; not drawn when ``controls`` is false) and the
    caption slot above the map."""
    # Always there, filled only in story mode: an element that came and went above the map
    # would move the map's place in the page, and Streamlit would mount a new map.
    caption = st.empty()
    if not controls:
        return state
    steps = story_steps()
    labels = ["(explore freely)"] + [f"{s['step']}. {s['title']}" for s in steps]
    choice = st.sidebar.selectbox(
        "Story", labels, key="story", help="Guided steps that set the date and the view."
    )
    if choice == labels[0]:
        st.session_state.pop("story_applied", None)
        return state
    s = steps[labels.index(choice) - 1]
    if st.session_state.get("story_applied") != s["step"]:
        st.session_state.story_applied = s["step"]
        date = dt.date.fromisoformat(s["date"])
        st.session_state.date = date
        st.session_state.mode = s["mode"]
        state = state.with_(
            date=date, mode=s["mode"], lat=float(s["lat"]), lon=float(s["lon"]), zoom=int(s["zoom"])
        )
        st.session_state.map_view = (state.lat, state.lon, state.zoom)
    caption.info(f"**{md_escape(s['title'])}** — {md_escape(s['caption'])}")
    return state


def time_panel(state: ViewState, span: tuple[dt.date, dt.date]) -> ViewState:
    c1, c2, c3 = st.columns([6, 2, 1])
    if "date" not in st.session_state:
        st.session_state.date = state.date
    if "play_next_date" in st.session_state:
        st.session_state.date = st.session_state.pop("play_next_date")
    # Another dataset (an upload) may have another span: keep the date inside it.
    st.session_state.date = min(max(st.session_state.date, span[0]), span[1])
    date = c1.slider(
        DATE_LABEL,
        min_value=span[0],
        max_value=span[1],
        key="date",
        format="D MMM YYYY",
        help="Arrow keys step one day.",
    )
    modes = {
        "upto": "everything up to this date",
        "day": "this day only",
        "window": "a window ending this date",
    }
    mode = c2.radio(
        "Show", list(modes), index=list(modes).index(state.mode), format_func=modes.get, key="mode"
    )
    window = state.window
    if mode == "window":
        window = c2.number_input("Window (days)", 1, 60, state.window, key="window")
    c3.toggle("▶ Play", key="playing", help="Step through the days, one a second.")
    return state.with_(date=date, mode=mode, window=int(window))


PLAY_STEP_S = 1.0


def play_ticker(span: tuple[dt.date, dt.date]) -> None:
    """While playing, step the date one day per second. The ticking fragment exists only
    while playing: an idle page runs nothing on a timer."""
    if not st.session_state.get("playing"):
        st.session_state.pop("last_tick", None)
        return
    _ticker(span)


@st.fragment(run_every=PLAY_STEP_S)
def _ticker(span: tuple[dt.date, dt.date]) -> None:
    """The fragment also runs with every full rerun; the clock check makes only the timer's
    runs advance the date."""
    if not st.session_state.get("playing"):
        return
    now = time.monotonic()
    last = st.session_state.setdefault("last_tick", now)
    if now - last < PLAY_STEP_S * 0.9:
        return
    st.session_state.last_tick = now
    nxt = st.session_state.date + dt.timedelta(days=1)
    # The slider owns "date" once drawn: hand the next day over for the next run to apply.
    st.session_state.play_next_date = span[0] if nxt > span[1] else nxt
    st.rerun(scope="app")


def filter_panel(state: ViewState, ds: Dataset) -> ViewState:
    st.sidebar.subheader("Layers and filters")
    actors, claimants = filter_choices(ds.key, ds.events)
    layers = st.sidebar.multiselect(
        "Layers",
        list(webmap.ALL_LAYERS),
        default=list(state.layers),
        format_func=webmap.LAYER_LABELS.get,
        key="layers",
    )
    actors = st.sidebar.multiselect(
        "Actor",
        actors,
        default=[a for a in state.actors if a in actors],
        key="actors",
    )
    cl = st.sidebar.multiselect(
        "Claimant",
        claimants,
        default=[c for c in state.claimants if c in claimants],
        key="claimants",
    )
    status = st.sidebar.multiselect(
        "Claim status",
        list(CLAIM_STATUSES),
        default=[s for s in state.statuses if s in CLAIM_STATUSES],
        key="statuses",
    )
    gp = st.sidebar.multiselect(
        "Location precision",
        [1, 2, 3],
        default=list(state.geo_precision),
        key="gp",
        format_func={1: "named place", 2: "near a place", 3: "region only"}.get,
    )
    langs = {"en": "English", "ru": "Русский", "uk": "Українська"}
    lang = st.sidebar.selectbox(
        "Place names",
        list(langs),
        index=list(langs).index(state.lang),
        format_func=langs.get,
        key="lang",
    )
    tiles = st.sidebar.toggle("Online map tiles (needs network)", value=state.tiles, key="tiles")
    return state.with_(
        layers=tuple(layers),
        actors=tuple(actors),
        claimants=tuple(cl),
        statuses=tuple(status),
        geo_precision=tuple(gp),
        tiles=tiles,
        lang=lang,
    )


def filtered_events(events: gpd.GeoDataFrame, state: ViewState) -> gpd.GeoDataFrame:
    """The events passing the actor, claimant, status and precision filters (any date)."""
    out = filters.by_actor(events, state.actors)
    out = filters.by_claimant(out, state.claimants)
    out = filters.by_claim_status(out, state.statuses)
    return filters.by_precision(out, geo=state.geo_precision)


def visible_events(filtered: gpd.GeoDataFrame, state: ViewState) -> gpd.GeoDataFrame:
    """The ``filtered`` events (see :func:`filtered_events`) on the slider's date."""
    return filters.by_date(filtered, state.date, state.mode, state.window)


def map_panel(
    state: ViewState, ds: Dataset, filtered: gpd.GeoDataFrame, shown: gpd.GeoDataFrame
) -> dict | None:
    """The map: the base map is mounted once; a slider move sends only which of the
    dataset's features to show (see render/livemap.py), so the map updates in place."""
    live, url = live_layers(ds)
    # The base map is always built at the default view: its script is what keeps the iframe
    # (a different centre would remount it). The view is moved with center/zoom instead.
    if "map_view" not in st.session_state:
        st.session_state.map_view = (state.lat, state.lon, state.zoom)
    lat, lon, zoom = st.session_state.map_view
    frame = mapframe.cached_frame(
        state.lang, state.tiles, tuple(x for x in state.layers if x in webmap.STATIC_LAYERS)
    )
    spec = livemap.show_spec(
        live,
        url,
        shown,
        day=state.date,
        layers=state.layers,
        click=st.session_state.get("click"),
        state=f"{state.date.isoformat()} {state.mode} {len(shown)}",
        # the map follows the date slider by itself until this run's answer arrives
        filtered=filtered,
        mode=state.mode,
        window=state.window,
        slider=DATE_LABEL,
    )
    # The first time this session shows a dataset, its document goes along (when small):
    # the map draws at once instead of fetching it. Later maps of the session fetch it.
    sent = st.session_state.setdefault("live_inlined", set())
    inline = live if url not in sent else None
    sent.add(url)
    return mapframe.live_map(
        frame,
        feature_js=livemap.show_js(spec, inline),
        key=MAP_KEY,
        height=600,
        center=(lat, lon),
        zoom=zoom,
    )


def handle_map_output(out: dict | None, state: ViewState) -> ViewState:
    if not out:
        return state
    clicked = out.get("last_clicked")
    if clicked and clicked != st.session_state.get("last_clicked_raw"):
        st.session_state.last_clicked_raw = clicked
        try:
            st.session_state.click = default_depth_model().depth_at(
                lat=clicked["lat"], lon=clicked["lng"]
            )
        except CoordinateError as exc:
            st.session_state.click = None
            st.warning(str(exc))
        st.rerun()
    c, z = out.get("center"), out.get("zoom")
    if c and z:
        state = state.with_(lat=float(c["lat"]), lon=float(c["lng"]), zoom=int(z))
    return state


def click_panel() -> None:
    click = st.session_state.get("click")
    if not click:
        st.caption("Click anywhere on the map to measure its depth from the border.")
        return
    if click["depth_km"] is None:
        st.write(
            f"Clicked {click['lat']:.4f}, {click['lon']:.4f}: outside Russia and Ukraine "
            "or beyond the extracted border: no depth."
        )
        return
    side = "inside Russia" if click["depth_km"] > 0 else "inside Ukraine"
    st.metric(
        "Clicked point: depth from the border",
        f"{click['depth_km']:+.2f} km",
        help=f"{side}; geodesic (WGS84) to the nearest border point "
        f"{click['nearest_border_lat']:.5f}, {click['nearest_border_lon']:.5f}",
    )
    st.caption(f"lat {click['lat']:.5f}, lon {click['lon']:.5f} · {side}")


def legend_panel(shown: gpd.GeoDataFrame) -> None:
    st.html(legend_html(shown, inline=True))


# A large import would otherwise send (and render) megabytes of Markdown on every move.
TIMELINE_MAX = 300


def timeline_panel(shown: gpd.GeoDataFrame, state: ViewState) -> None:
    st.subheader(f"{len(shown)} event(s) shown")
    if shown.empty:
        st.write("No event on this date with these filters.")
        return
    lines = []
    ordered = shown.sort_values(["event_date", "event_id"])
    for row in ordered.head(TIMELINE_MAX).to_dict("records"):
        claims = row.get("claims") or []
        disputed = sum(c["status"] == "disputed" for c in claims)
        flag = "" if row.get("certain_by_date", True) else " *(window still open)*"
        lines.append(
            f"- **{md_escape(when_text(row))}** · {md_escape(row.get('place_name') or '')}"
            f"{flag}  \n{md_escape(row.get('summary') or '')}  \n"
            f"*{len(claims)} claim(s){f', {disputed} disputed' if disputed else ''} · "
            f"sources: {md_escape(', '.join(row.get('source_ids') or []))}*"
        )
    if len(ordered) > TIMELINE_MAX:
        lines.append(f"- *… and {len(ordered) - TIMELINE_MAX} more: see the Depth tab's table*")
    with st.container(height=560):
        st.markdown("\n".join(lines), unsafe_allow_html=False)


def first_run_of_session() -> bool:
    """True on the first run of a session only (call once per run). That run draws what a
    reader needs first: the date controls, the map, its legend and the timeline. The
    sidebar's controls and the analyst tabs (dataframes, a chart, many widgets: measured,
    about 0.8 s of the page's first render on a two-core machine) come with the next run,
    which starts as soon as the map reports its view."""
    if st.session_state.get("controls_drawn"):
        return False
    st.session_state.controls_drawn = True
    return True


def controls_pending() -> None:
    """The sidebar on a session's first run: what is coming, and a way to ask for it should
    the map never report (any rerun draws the controls)."""
    st.sidebar.caption("Loading the filters and the data import…")
    st.sidebar.button("Show them now", key="show_controls")


def depth_tab(ds: Dataset, shown: gpd.GeoDataFrame) -> None:
    table = analysis.depth_table(shown)
    if len(table) > DEPTH_TABLE_MAX:
        # Every slider move resends the table: thousands of rows cost the page seconds.
        st.caption(
            f"The {DEPTH_TABLE_MAX:,} deepest of {len(table):,} events shown are listed; "
            "the download has them all."
        )
        table = table.head(DEPTH_TABLE_MAX)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "depth_km": st.column_config.NumberColumn(format="%.2f"),
            "uncertainty_km": st.column_config.NumberColumn(format="± %.1f"),
        },
    )
    st.download_button(
        "Download this table (CSV)",
        # made when clicked, not on every slider move (10,000 rows take seconds)
        lambda shown=shown: export.to_csv(shown),
        "raidmap_depths.csv",
        "text/csv",
        key="dl_depth",
    )
    st.subheader("Deepest located event per day")
    per_day, cvm = dataset_analysis(ds.key, ds.events, ds.claims)
    if per_day.empty:
        st.write("No located event with a day-precise date.")
    else:
        st.bar_chart(per_day.set_index("date")["depth_km"], y_label="km inside Russia")
        st.dataframe(per_day, hide_index=True, width="stretch")
    st.subheader("Claimed against measured")
    if cvm.empty:
        st.write("No claim with a distance figure in this dataset.")
    else:
        st.dataframe(cvm, hide_index=True, width="stretch")


def distance_tab() -> None:
    c1, c2 = st.columns(2)
    a = c1.text_input("From (place or LAT,LON)", "Kozinka", key="dist_a")
    b = c2.text_input("To (place or LAT,LON)", "Belgorod", key="dist_b")
    try:
        pa, pb = (_resolve(x) for x in (a, b))
    except (UnknownPlaceError, CoordinateError, ValueError) as exc:
        st.error(md_escape(str(exc)))
        return
    km = distance_km(lat1=pa[1], lon1=pa[2], lat2=pb[1], lon2=pb[2])
    unc = (pa[3] + pb[3]) / 1000
    st.metric(f"{pa[0]} → {pb[0]}", f"{km:.2f} km", help="geodesic on WGS84 (pyproj)")
    st.caption(f"± {unc:.1f} km from the two places' precision radii")


def _resolve(text: str):
    from raidmap.cli import resolve_point

    label, lat, lon, place = resolve_point(text)
    return label, lat, lon, place.precision_m if place else 0.0


def share_panel(
    state: ViewState, ds: Dataset, filtered: gpd.GeoDataFrame, shown: gpd.GeoDataFrame
) -> None:
    q = urlencode(to_query(state), doseq=True)
    base = _base_url()
    url = f"{base}/?{q}"
    st.write("This page's address carries the view: copy it to reopen exactly this view.")
    st.code(url, language=None)
    st.write("Embed in a lesson page (sandboxed):")
    st.code(
        f'<iframe src="{esc(url)}&embed=true" width="100%" height="640" '
        f'sandbox="allow-scripts allow-same-origin" loading="lazy" '
        f'title="raidmap: Belgorod raids, {state.date.isoformat()}"></iframe>',
        language="html",
    )
    c1, c2 = st.columns(2)
    # A prepared file belongs to the view it was made from; any change drops it.
    view = (
        ds.key,
        state.date,
        state.mode,
        state.window,
        state.layers,
        state.lang,
        state.actors,
        state.claimants,
        state.statuses,
        state.geo_precision,
    )
    if st.session_state.get("snapshot_view") != view:
        st.session_state.snapshot_view = view
        st.session_state.pop("snapshot_html", None)
        st.session_state.pop("snapshot_png", None)
    events = filtered  # the snapshot has its own date slider: every date, same filters
    if c1.button("Prepare HTML snapshot", key="prep_html"):
        from render.snapshot_html import snapshot_html

        st.session_state.snapshot_html = snapshot_html(
            events,
            date=state.date,
            mode=state.mode if state.mode != "window" else "upto",
            layers=state.layers,
            sources=ds.sources,
            lang=state.lang,
        )
    if st.session_state.get("snapshot_html"):
        c1.download_button(
            "Download HTML snapshot",
            st.session_state.snapshot_html,
            f"raidmap_{state.date.isoformat()}.html",
            "text/html",
            key="dl_html",
        )
    if c2.button("Prepare PNG", key="prep_png"):
        import tempfile
        from pathlib import Path

        from render.static import render_static

        with tempfile.TemporaryDirectory() as tmp:
            path = render_static(
                events,
                date=state.date,
                mode=state.mode if state.mode != "window" else "upto",
                sources=ds.sources,
                layers=set(state.layers),
                lang=state.lang,
                out_path=Path(tmp) / "map.png",
            )
            st.session_state.snapshot_png = path.read_bytes()
    if st.session_state.get("snapshot_png"):
        c2.download_button(
            "Download PNG",
            st.session_state.snapshot_png,
            f"raidmap_{state.date.isoformat()}.png",
            "image/png",
            key="dl_png",
        )


def _base_url() -> str:
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 - older Streamlit, or AppTest with no browser
        url = ""
    return url.split("?")[0].rstrip("/") or "http://127.0.0.1:8501"


def quality_tab(ds: Dataset) -> None:
    st.text("\n".join(ds.report_lines) or "no report")


def span_of(ds: Dataset) -> tuple[dt.date, dt.date]:
    """The dataset's days; a one-day dataset gets a second day so the slider can exist."""
    start, end = day_span(ds.events) or SPAN_FALLBACK
    return (start, end) if end > start else (start, start + dt.timedelta(days=1))


__all__ = ["DEFAULT_LAYERS"]
