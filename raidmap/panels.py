"""The page's panels: data source, story, date controls, layers and filters, the map and
what a click on it measured, the legend and the timeline. Data work stays in geo/ and
layers/; these only wire widgets to it and show results."""

from __future__ import annotations

import hashlib

import geopandas as gpd
import streamlit as st

from geo.errors import CoordinateError
from geo.measure import default_depth_model
from layers.confidence import FAMILY_LABELS
from layers.schema import CLAIM_STATUSES, MAX_UPLOAD_BYTES
from layers.selection import select
from raidmap import mapframe, tabs, uploadcopy
from raidmap.datasets import (
    Dataset,
    FilteredView,
    band_document_of,
    filter_choices,
    filtered_view,
    is_loaded,
    live_layers,
    overlay_dataset,
    record_dataset,
    sources_of,
    upload_dataset,
)
from raidmap.state import ViewState
from raidmap.timebar import DATE_LABEL
from raidmap.timeline import focus_request
from render import livemap, webmap
from render.escape import md_escape
from render.legend import legend_html

# No copy of the upload's bytes on every run (raidmap/uploadcopy.py): installed once, when
# the app first imports this module, not on every run.
uploadcopy.install()

MAP_KEY = "raidmap_map"
# Lines of a validation report in the sidebar and beside the map (the download has all; the
# Data quality tab shows more, raidmap/tabs.py)
REPORT_EXCERPT_MAX = 30
# The browser tab's icon: a map pin, inline. (An emoji icon costs the first run 0.4 s to load
# Streamlit's emoji catalogue; a Material icon is fetched from Google's font server.)
PAGE_ICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E"
    "%3Cpath d='M16 2a10 10 0 0 0-10 10c0 7.5 10 18 10 18s10-10.5 10-18A10 10 0 0 0 16 2z' "
    "fill='%23b2182b'/%3E%3Ccircle cx='16' cy='12' r='4' fill='%23fff'/%3E%3C/svg%3E"
)


UPLOAD_MODES = {
    "replace": "instead of the record (default)",
    "overlay": "laid over the record",
}


def data_source_panel() -> Dataset:
    """Bundled record or an uploaded ACLED CSV / GeoJSON (size limit enforced here), shown
    instead of the record (the default) or laid over it. An import with nothing to show (a
    refused file, every row rejected) leaves the map as it was: the dataset shown before."""
    st.sidebar.subheader("Data")
    up = st.sidebar.file_uploader(
        "Import an ACLED CSV export or a GeoJSON file",
        type=["csv", "geojson", "json"],
        help=f"At most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Rows are validated; "
        "every rejected row is listed.",
    )
    how = st.sidebar.radio(
        "Show an import",
        list(UPLOAD_MODES),
        format_func=UPLOAD_MODES.get,
        key="upload_mode",
        help="Instead of the record (the default), or laid over it: the record's events "
        "and the imported ones together (imported ids the record uses become 'import:<id>').",
    )
    record = record_dataset()
    current = st.session_state.get("shown_dataset", record)
    ds = record
    notice: tuple[str, str | None, tuple[str, ...], str] | None = None
    if up is not None:
        if up.size > MAX_UPLOAD_BYTES:
            msg = (
                f"{md_escape(up.name)}: {up.size:,} bytes is over the "
                f"{MAX_UPLOAD_BYTES:,}-byte limit; not read."
            )
            st.sidebar.error(msg)
            ds, notice = current, ("error", msg, (), current.name)
        else:
            imported = _load_upload(up)
            if imported.events.empty and not imported.ok:
                ds, notice = current, ("error", None, imported.report_lines, current.name)
                _sidebar_report(imported)
            else:
                ds = overlay_dataset(record, imported) if how == "overlay" else imported
                if not imported.ok:
                    notice = ("warning", None, imported.report_lines, ds.name)
    if notice is None or notice[0] != "error":
        _sidebar_report(ds)
    st.session_state.upload_notice = (up.name if up is not None else None, notice)
    st.session_state.shown_dataset = ds
    return ds


def _sidebar_report(ds: Dataset) -> None:
    if not ds.ok:
        label = f"⚠ {md_escape(ds.name)}: validation report"
        with st.sidebar.expander(label, expanded=ds.key != "record"):
            report_excerpt(ds.report_lines, key="dl_report_sidebar")
    elif ds.key != "record":
        st.sidebar.success(md_escape(" ".join(ds.report_lines[:2]) or ds.name))


def upload_report_panel() -> None:
    """Beside the map: what went wrong with the last import, if anything. A refused import
    says that the map still shows what it showed; one with rejected rows, what it lost."""
    name, notice = st.session_state.get("upload_notice", (None, None))
    if notice is None:
        return
    kind, msg, lines, shown_name = notice
    if kind == "error":
        st.error(
            f"{msg or md_escape(f'{name}: no event kept, see the report.')} "
            f"The map still shows {md_escape(shown_name)}.",
            icon="⚠",
        )
    else:
        st.warning(
            md_escape(f"{name}: some rows were rejected; the map shows the rows kept."),
            icon="⚠",
        )
    if lines:
        with st.expander(f"Validation report of {md_escape(name or '')}", expanded=True):
            report_excerpt(lines, key="dl_report_notice")


def report_excerpt(lines: tuple[str, ...], key: str) -> None:
    """A validation report's first ``REPORT_EXCERPT_MAX`` lines, with a download of all."""
    tabs.report_excerpt(lines, key, REPORT_EXCERPT_MAX)


def upload_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load_upload(up) -> Dataset:
    """The upload, read once per content with a progress bar of the rows read. Its digest
    is kept per uploaded file: hashing 300 MB on every slider move would cost a second."""
    known = st.session_state.setdefault("upload_digests", {})
    ref = (getattr(up, "file_id", None), up.name, up.size)
    digest = known.get(ref)
    if digest is not None and is_loaded(digest):
        return upload_dataset(digest, up.name, b"")
    data = up.getvalue()
    digest = known[ref] = upload_digest(data)
    name = up.name
    if is_loaded(digest):
        return upload_dataset(digest, name, data)
    about = max(1, data.count(b"\n"))  # lines: the rows to expect, roughly
    bar = st.sidebar.progress(0.0, text=f"Reading {md_escape(name)}…")

    def progress(rows: int) -> None:
        bar.progress(min(rows / about, 1.0), text=f"{rows:,} of about {about:,} rows read")

    def stage(text: str) -> None:  # the steps after the reading: seconds at 500,000 rows
        bar.progress(1.0, text=f"{md_escape(text[:1].upper() + text[1:])}…")

    ds = upload_dataset(digest, name, data, progress, stage)
    bar.progress(1.0, text=f"{len(ds.events):,} events kept; building the map's layers…")
    live_layers(ds)
    bar.empty()
    return ds


def controls_pending() -> None:
    """The sidebar on a session's first run: what is coming, and a way to ask for it should
    the map never report (any rerun draws the controls)."""
    st.sidebar.caption("Loading the filters and the data import…")
    st.sidebar.button("Show them now", key="show_controls")


PRECISION_LABELS = {1: "named place", 2: "near a place", 3: "region only"}


def filter_panel(state: ViewState, ds: Dataset) -> ViewState:
    st.sidebar.subheader("Layers and filters")
    actors, claimants = filter_choices(ds.key, ds.events)
    layers = st.sidebar.multiselect(
        "Layers",
        list(webmap.ALL_LAYERS),
        default=list(state.layers),
        format_func=lambda x: webmap.LAYER_LABELS.get(x, x),
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
    fams = st.sidebar.multiselect(
        "Who says (claimant family)",
        list(FAMILY_LABELS),
        default=list(state.families),
        format_func=lambda f: FAMILY_LABELS[f],
        key="families",
        help="events with at least one claim by a claimant of these families "
        "(data/claimant_families.csv)",
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
        format_func=lambda x: PRECISION_LABELS.get(x, str(x)),
    )
    langs = {"en": "English", "ru": "Русский", "uk": "Українська"}
    lang = st.sidebar.selectbox(
        "Place names",
        list(langs),
        index=list(langs).index(state.lang),
        format_func=lambda x: langs.get(x, x),
        key="lang",
    )
    tiles = st.sidebar.toggle("Online map tiles (needs network)", value=state.tiles, key="tiles")
    return state.with_(
        layers=tuple(layers),
        actors=tuple(actors),
        claimants=tuple(cl),
        families=tuple(fams),
        statuses=tuple(status),
        geo_precision=tuple(gp),
        tiles=tiles,
        lang=lang,
    )


def filtered_events(events: gpd.GeoDataFrame, state: ViewState) -> gpd.GeoDataFrame:
    """The events passing the actor, claimant, family, status and precision filters (any
    date): :func:`layers.selection.select`, which ``raidmap snapshot`` uses too."""
    return select(events, **selection_of(state))


def selection_of(state: ViewState) -> dict:
    """The filters of ``state`` as :mod:`layers.selection`'s keyword arguments."""
    return {
        "actors": state.actors,
        "claimants": state.claimants,
        "families": state.families,
        "statuses": state.statuses,
        "geo_precision": state.geo_precision,
    }


def filters_key(state: ViewState) -> tuple:
    """Every filter of :func:`filtered_events`: the cached view is made again when one
    changes (the claimant families were missing: the map ignored the "who says" filter)."""
    return (state.actors, state.claimants, state.families, state.statuses, state.geo_precision)


def filtered_view_of(ds: Dataset, state: ViewState) -> FilteredView:
    """The events passing the filters (any date), made once per dataset and filter choice
    (see :class:`raidmap.datasets.FilteredView`)."""
    return filtered_view(
        ds.key, filters_key(state), ds, lambda events: filtered_events(events, state)
    )


def visible_events(view: FilteredView, state: ViewState) -> gpd.GeoDataFrame:
    """The filtered events on the slider's date (layers/dates.py's rule, found through the
    view's day index: the cost follows what is shown, not the dataset)."""
    return view.days.shown(state.date, state.mode, state.window)


def map_panel(
    state: ViewState,
    ds: Dataset,
    view: FilteredView,
    shown: gpd.GeoDataFrame,
    height: int = 600,
    extra_js: str = "",
) -> dict | None:
    """The map: the base map is mounted once; a slider move sends only which of the
    dataset's features to show (see render/livemap.py), so the map updates in place.
    ``extra_js``: a script run with each update inside the map's frame (the embed's)."""
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
        filtered=view.frame,
        mode=state.mode,
        window=state.window,
        slider=DATE_LABEL,
        filtered_ranges=view.ranges,
        sources=sources_of(ds),
    )
    spec["follow"] = state.follow  # the map fits the events shown (render/mapview.js)
    # The first time this session shows a dataset, its document goes along (when small):
    # the map draws at once instead of fetching it. Later maps of the session fetch it.
    spec["focus"] = livemap.focus_spec(live, focus_request())  # a timeline entry clicked
    sent = st.session_state.setdefault("live_inlined", set())
    inline = live if url not in sent else None
    sent.add(url)
    return mapframe.live_map(
        frame,
        feature_js=livemap.show_js(spec, inline)
        + band_overlay(ds, view, state)
        + read_overlay()
        + extra_js,
        key=MAP_KEY,
        height=height,
        center=(lat, lon),
        zoom=zoom,
    )


def band_overlay(ds: Dataset, view: FilteredView, state: ViewState) -> str:
    """The penetration-over-time bands of the days shown (with the depth rings' layer), at
    any dataset size: one band per day (the day's deepest located raider event). Every band
    is built and written once per dataset and filter choice; a move sends the document's URL
    and the date rule, and the map shows the bands of the date (render/bandlayer.py)."""
    from render.bandlayer import bands_show_js, publish_bands

    if "rings" not in state.layers:
        return bands_show_js(None)
    name, body = band_document_of(ds.key, filters_key(state), view.frame)
    url = publish_bands(body, name)
    return bands_show_js(url, state.date, state.mode, state.window)


def read_overlay() -> str:
    """The "Read a report" tab's candidate layer, drawn beside the record."""
    from raidmap.read_panel import overlay_script

    return overlay_script()


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
            # kept in the session, not drawn here: the rerun below would wipe it at once
            lat, lon = float(clicked["lat"]), float(clicked["lng"])
            st.session_state.click = {"lat": lat, "lon": lon, "depth_km": None, "warning": str(exc)}
        st.rerun()
    c, z = out.get("center"), out.get("zoom")
    if c and z:
        return reported_view(state, lat=float(c["lat"]), lon=float(c["lng"]), zoom=int(z))
    return state


def reported_view(state: ViewState, *, lat: float, lon: float, zoom: int) -> ViewState:
    """The state after the map reported its view: a view other than the state's is the
    reader's (the map never reports the views it fits itself: render/mapview.js), so the map
    stops following and the link keeps it."""
    same = abs(lat - state.lat) < 1e-4 and abs(lon - state.lon) < 1e-4 and zoom == state.zoom
    if same:
        return state
    return state.with_(lat=lat, lon=lon, zoom=zoom, follow=False)


def click_panel() -> None:
    click = st.session_state.get("click")
    if not click:
        st.caption("Click anywhere on the map to measure its depth from the border.")
        return
    if click["depth_km"] is None and click.get("warning"):
        st.warning(click["warning"])  # off Russian and Ukrainian territory (a swap hint?)
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


def legend_panel(shown: gpd.GeoDataFrame, families: tuple[str, ...] = ()) -> None:
    st.html(legend_html(shown, inline=True, families=families))
