"""The app's "Read a report" panel (issue 12): paste or upload a report, see its places and
dates highlighted, untick wrong candidates or fix their date or place, download the
confirmed set (CSV/GeoJSON) or show it on the map beside the record."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import streamlit as st

from render.candidates import candidate_features, highlight_html, overlay_js
from render.escape import md_escape

MAX_ROWS = 100  # candidates offered for review on screen (the download of all is below)
OVERLAY_KEY = "read_overlay"


@st.cache_data(show_spinner="Reading the report…", max_entries=8)
def _reading(digest: str, name: str, _data: bytes, day: str | None, lang: str) -> dict:  # noqa: ARG001 - digest is the cache key (the bytes are not hashed)
    from reader import output as o
    from reader import read_report

    report_date = dt.date.fromisoformat(day) if day else None
    r = read_report(_data, name=name, report_date=report_date, lang=lang)
    out = o.to_json(r)
    out["text"] = r.text
    return out


def overlay_script() -> str:
    """The candidate layer for the live map (empty when nothing is to be shown)."""
    return overlay_js(st.session_state.get(OVERLAY_KEY))


def _label(p) -> str:
    return f"{p.name} ({p.admin1 or p.country}) [{p.place_id}]"


def read_tab() -> None:
    from geo.gazetteer import default_gazetteer
    from reader import ReadError
    from reader.pairing import place_depth_km

    st.caption(
        "Paste a report or upload a .txt or saved .html page. Places and dates are found "
        "offline; every row below is a machine-read candidate until you confirm it."
    )
    text = st.text_area("Report text", key="read_text", height=150)
    # Behind a toggle: a second file input on the page would be ambiguous beside the
    # sidebar's data import (and costs nothing until asked for).
    up = None
    if st.toggle("Upload a .txt or .html file instead", key="read_use_file"):
        up = st.file_uploader("Report file", type=["txt", "html", "htm"], key="read_upload")
    c1, c2, c3 = st.columns(3)
    known = c1.checkbox("The report's date is known", value=True, key="read_date_known")
    day = c2.date_input("Report date", value=dt.date(2023, 5, 24), key="read_date")
    lang = c3.selectbox("Language", ["auto", "en", "ru", "uk"], key="read_lang")
    if up is not None:
        data, name = up.getvalue(), up.name
    else:
        data, name = (text or "").encode("utf-8"), "pasted text"
    if not data.strip():
        _set_overlay(None)
        return
    digest = hashlib.sha256(data).hexdigest()
    try:
        res = _reading(digest, name, data, day.isoformat() if known else None, lang)
    except ReadError as exc:
        st.error(md_escape(str(exc)))
        _set_overlay(None)
        return
    for note in res["notes"]:
        st.caption(md_escape(note))
    st.html(highlight_html(res["text"], res["mentions"], res["dates"]))
    events = res["events"]
    if not events:
        st.info("No places found in this text.")
        _set_overlay(None)
        return
    gaz = default_gazetteer()
    st.markdown(
        f"**{len(events)} candidate event(s)**: untick the wrong ones, fix a place or a date."
    )
    rows = []
    for i, e in enumerate(events[:MAX_ROWS]):
        place = gaz.get(e["place_id"])
        alts = [place]
        for mi in e["mentions"]:
            for a in res["mentions"][mi].get("alternatives", []):
                p = gaz.get(a["place_id"])
                if p not in alts:
                    alts.append(p)
        k = f"read_{digest[:12]}_{i}"
        cols = st.columns([1, 4, 3])
        keep = cols[0].checkbox("keep", value=True, key=f"{k}_keep")
        chosen = cols[1].selectbox(
            "place", alts, format_func=_label, key=f"{k}_place", label_visibility="collapsed"
        )
        when = cols[2].date_input(
            "date",
            value=dt.date.fromisoformat(e["event_date"]),
            key=f"{k}_date",
            label_visibility="collapsed",
            help=f"from its {e['date_from']}; precision {e['time_precision']}",
        )
        if not keep:
            continue
        edited_date = when.isoformat() != e["event_date"]
        rows.append(
            {
                "event_date": when.isoformat(),
                "end_date": None if edited_date else e["end_date"],
                "time_precision": 1 if edited_date else e["time_precision"],
                "place_id": chosen.place_id,
                "location": chosen.name,
                "lat": chosen.lat,
                "lon": chosen.lon,
                "geo_precision": 3
                if chosen.kind == "region"
                else 2
                if chosen.kind == "district"
                else 1,
                "depth_km": None if chosen.is_region else place_depth_km(chosen.place_id),
            }
        )
    if len(events) > MAX_ROWS:
        st.caption(f"The first {MAX_ROWS} of {len(events)} candidates are offered for review.")
    _downloads(rows, name)
    show = st.toggle("Show the confirmed candidates on the map", value=True, key="read_show")
    _set_overlay(candidate_features(rows) if show and rows else None)


def _downloads(rows: list[dict], name: str) -> None:
    from reader.output import confirmed_rows_csv

    st.markdown(f"**{len(rows)} confirmed**")
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download the confirmed set (CSV)",
        confirmed_rows_csv(rows, name),
        file_name="candidates.csv",
        mime="text/csv",
        key="read_dl_csv",
        disabled=not rows,
    )
    fc = candidate_features(rows)
    for f, r in zip(fc["features"], rows, strict=True):
        f["properties"] = {
            **{k: v for k, v in r.items() if k not in ("lat", "lon")},
            "event_type": "unknown",
            "candidate": "machine-read, confirmed",
            "source_ids": [name],
        }
    c2.download_button(
        "Download the confirmed set (GeoJSON)",
        json.dumps(fc, ensure_ascii=False),
        file_name="candidates.geojson",
        mime="application/geo+json",
        key="read_dl_geojson",
        disabled=not rows,
    )


def _set_overlay(fc: dict | None) -> None:
    """Keep what the map should show; the map is drawn above this panel, so a change asks
    for one more run to draw it."""
    changed = st.session_state.get(OVERLAY_KEY) != fc
    st.session_state[OVERLAY_KEY] = fc
    if changed:
        st.rerun()
