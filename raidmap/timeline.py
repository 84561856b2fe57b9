"""The timeline beside the map: the events shown, newest first; a click on one flies the map
to it and opens it (the id goes to the map with the run's data: ``focus`` in
render/livemap.py's spec, drawn by render/live.js's ``rmFocus``); sources by publisher and
title, linked (http(s) only, render/escape.py)."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from layers.topk import newest_first
from render.escape import md_escape, md_link
from render.popup import when_text

# A large import would otherwise send (and render) megabytes of Markdown on every move. 300
# entries cost ~54 KB of each move's message and a Markdown render of 600 labels and
# captions in the page on every "up to" move (the newest entries change): 100 at most.
TIMELINE_MAX = 100
FOCUS_KEY = "timeline_pick"


def _pick() -> None:
    """A timeline entry was clicked: ask the map to fly to it (a new token each click, so a
    later run with the same pick does not fly again)."""
    eid = st.session_state.get(FOCUS_KEY)
    if eid is not None:
        n = (st.session_state.get("focus") or {}).get("n", 0) + 1
        st.session_state.focus = {"id": eid, "n": n}


def focus_request() -> dict | None:
    """The event the reader asked the map to show, with its token (or None): sent to the map
    once, so that a map mounted later (another language) does not fly to an old pick."""
    focus = st.session_state.get("focus")
    if focus and not focus.get("sent"):
        st.session_state.focus = {**focus, "sent": True}
        return focus
    return None


def sources_md(ids, sources: dict) -> str:
    """'Publisher: title' per source, linked when its URL is http(s); unknown ids as ids."""
    out = []
    for sid in ids or []:
        s = sources.get(sid)
        if not s:
            out.append(md_escape(sid))
            continue
        name = ": ".join(str(x) for x in (s.get("publisher"), s.get("title")) if x and x == x)
        out.append(md_link(s.get("url"), name or sid))
    return "; ".join(out)


def drawn_as_text(shown: gpd.GeoDataFrame) -> str:
    """How the events shown are drawn: markers, and region-level events as shaded areas (one
    per place), so that the count matches what the reader sees on the map."""
    if shown.empty or "draw_as" not in shown:
        return ""
    area = shown["draw_as"] == "area"
    n_areas = shown.loc[area, "place_name"].nunique() if area.any() else 0
    text = f"{int((~area).sum())} drawn as markers"
    if area.any():
        text += (
            f"; {int(area.sum())} known only to a district or region, drawn as "
            f"{n_areas} shaded area(s)"
        )
    return text + ". Newest first: click one to show it on the map."


def entry_caption(row: dict, sources: dict) -> str:
    claims = row.get("claims") or []
    disputed = sum(c["status"] == "disputed" for c in claims)
    src = sources_md(row.get("source_ids"), sources)
    return (
        f"{md_escape(row.get('summary') or '')}  \n"
        f"*{len(claims)} claim(s){f', {disputed} disputed' if disputed else ''}*"
        + (f" · sources: {src}" if src else "")
    )


def entry_label(row: dict) -> str:
    flag = " *(window still open)*" if not row.get("certain_by_date", True) else ""
    return f"**{md_escape(when_text(row))}** · {md_escape(row.get('place_name') or '')}{flag}"


def timeline_panel(shown: gpd.GeoDataFrame, sources: dict, entries: bool = True) -> None:
    """The count of events shown and, with ``entries``, the list (a session's first run draws
    only the count: the list's Markdown is the page's heaviest rendering, and it would hold
    the map's first picture up)."""
    st.subheader(f"{len(shown)} event(s) shown")
    if shown.empty:
        st.write("No event on this date with these filters.")
        return
    if not entries:
        st.caption("The list of events follows in a moment.")
        return
    st.caption(drawn_as_text(shown))
    # the newest TIMELINE_MAX without sorting every event shown (160,000 at 500,000 rows)
    newest = newest_first(shown, TIMELINE_MAX)
    rows = {r["event_id"]: r for r in newest.to_dict("records")}
    ids = list(rows)
    with st.container(height=560, key="rm_timeline"):
        st.radio(
            "Events shown, newest first",
            ids,
            index=None,
            key=FOCUS_KEY,
            format_func=lambda eid: entry_label(rows[eid]),
            captions=[entry_caption(rows[eid], sources) for eid in ids],
            on_change=_pick,
            label_visibility="collapsed",
        )
        if len(shown) > TIMELINE_MAX:
            st.markdown(f"*… and {len(shown) - TIMELINE_MAX} more: see the Depth tab's table*")
