"""The share and download panel: the link that reopens the view, the map-only embed
snippet, and files of the current view and date: HTML snapshot, PNG, SVG, PDF, GIF."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode

import geopandas as gpd
import streamlit as st

from raidmap import embed
from raidmap.datasets import Dataset
from raidmap.state import ViewState, to_query
from render.escape import esc

# The app's map is about this many pixels: a static image shows what it shows.
APP_MAP_PX = (900, 600)

# format: (button label, MIME type)
IMAGE_FILES = {
    "png": ("PNG", "image/png"),
    "svg": ("SVG", "image/svg+xml"),
    "pdf": ("PDF", "application/pdf"),
    "gif": ("GIF (animation to this date)", "image/gif"),
}


def embed_snippet(url: str, state: ViewState) -> str:
    """The iframe for a lesson page: the map-only page at 640x480 (narrower on a phone)."""
    return (
        f'<iframe src="{esc(url)}&{embed.PARAM}=1&embed=true" width="640" height="480" '
        f'style="max-width:100%;border:0" '
        f'sandbox="allow-scripts allow-same-origin" loading="lazy" '
        f'title="raidmap: Belgorod raids, {state.date.isoformat()}"></iframe>'
    )


def _image_mode(state: ViewState) -> str:
    return state.mode if state.mode != "window" else "upto"


def showing_of(state: ViewState) -> str | None:
    """The filters of ``state`` in words, for the files (None when nothing is filtered)."""
    from layers.selection import showing
    from raidmap.panels import selection_of

    return showing(**selection_of(state))


def image_bytes(fmt: str, state: ViewState, ds: Dataset, events: gpd.GeoDataFrame) -> bytes:
    """The static image (``fmt`` in IMAGE_FILES) of the current view and date."""
    from render.static import render_static
    from render.static.frame import bounds_of_view

    bounds = bounds_of_view(
        lat=state.lat,
        lon=state.lon,
        zoom=state.zoom,
        width_px=APP_MAP_PX[0],
        height_px=APP_MAP_PX[1],
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = render_static(
            events,
            date=state.date,
            mode=_image_mode(state),
            sources=ds.sources,
            layers=set(state.layers),
            lang=state.lang,
            out_path=Path(tmp) / f"map.{fmt}",
            bounds=bounds,
            showing=showing_of(state),
        )
        return path.read_bytes()


def share_panel(state: ViewState, ds: Dataset, filtered: gpd.GeoDataFrame) -> None:
    q = urlencode(to_query(state), doseq=True)
    url = f"{_base_url()}/?{q}"
    st.write("This page's address carries the view: copy it to reopen exactly this view.")
    st.code(url, language=None)
    st.write("Embed in a lesson page (the map only, 640×480, sandboxed):")
    st.code(embed_snippet(url, state), language="html")
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
        state.families,
        state.geo_precision,
        state.lat,
        state.lon,
        state.zoom,
    )
    if st.session_state.get("snapshot_view") != view:
        st.session_state.snapshot_view = view
        for fmt in ("html", *IMAGE_FILES):
            st.session_state.pop(f"snapshot_{fmt}", None)
    events = filtered  # the snapshot has its own date slider: every date, same filters
    cols = st.columns(1 + len(IMAGE_FILES))
    if cols[0].button("Prepare HTML snapshot", key="prep_html"):
        from render.snapshot_html import snapshot_html
        from render.webmap import View

        st.session_state.snapshot_html = snapshot_html(
            events,
            date=state.date,
            mode=_image_mode(state),
            layers=state.layers,
            sources=ds.sources,
            lang=state.lang,
            view=View(state.lat, state.lon, state.zoom),
            families=state.families,
            showing=showing_of(state),
        )
    if st.session_state.get("snapshot_html"):
        cols[0].download_button(
            "Download HTML snapshot",
            st.session_state.snapshot_html,
            f"raidmap_{state.date.isoformat()}.html",
            "text/html",
            key="dl_html",
        )
    for col, (fmt, (label, mime)) in zip(cols[1:], IMAGE_FILES.items(), strict=True):
        if col.button(f"Prepare {label}", key=f"prep_{fmt}"):
            st.session_state[f"snapshot_{fmt}"] = image_bytes(fmt, state, ds, events)
        if st.session_state.get(f"snapshot_{fmt}"):
            col.download_button(
                f"Download {fmt.upper()}",
                st.session_state[f"snapshot_{fmt}"],
                f"raidmap_{state.date.isoformat()}.{fmt}",
                mime,
                key=f"dl_{fmt}",
            )


def _base_url() -> str:
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 - older Streamlit, or AppTest with no browser
        url = ""
    return url.split("?")[0].rstrip("/") or "http://127.0.0.1:8501"
