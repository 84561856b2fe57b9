"""A session's view state: from the link on the first run, then as the last run left it,
written back to the address; which run of the session this is; the play ticker."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from layers.schema import CLAIM_STATUSES
from raidmap.datasets import Dataset, filter_choices
from raidmap.state import ViewState, from_query, keep_known_filters, to_query
from render.escape import md_escape


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


def publish_state(state: ViewState, extra: dict[str, str] | None = None) -> None:
    """Write ``state`` (and the ``extra`` parameters, e.g. the map-only switch) to the
    address."""
    st.session_state.view = state
    q = {**to_query(state), **(extra or {})}
    if _query() != {k: [v] if isinstance(v, str) else list(v) for k, v in q.items()}:
        st.query_params.from_dict(q)


def first_run_of_session() -> bool:
    """True on the first run of a session only (call once per run). That run draws what a
    reader needs first: the date controls and the map (and the count of events shown). The
    story, the legend, the timeline's entries, the sidebar's controls and the analyst tabs
    (dataframes, a chart, many widgets, much Markdown: measured, about 0.8 s of the page's
    first render on a two-core machine for the tabs, and about 1.4 s of the browser's CPU
    for the story, legend and timeline, bench/bench_first.py) come with the next run, which
    starts as soon as the map reports its view."""
    if st.session_state.get("controls_drawn"):
        return False
    st.session_state.controls_drawn = True
    return True


PLAY_STEP_S = 1.0  # seconds per day unless the reader chose another speed
_clock = time.monotonic  # the play ticker's clock (a test replaces it)


def play_step_s() -> float:
    """Seconds per day: the speed chosen in the date bar (raidmap/timebar.py's SPEEDS)."""
    speed = st.session_state.get("speed", PLAY_STEP_S)
    return float(speed) if speed else PLAY_STEP_S


def play_ticker(span: tuple[dt.date, dt.date]) -> None:
    """While playing, step the date one day per chosen step. The ticking fragment exists only
    while playing: an idle page runs nothing on a timer. One fragment per speed (a fragment's
    timer is fixed when it is made)."""
    if not st.session_state.get("playing"):
        st.session_state.pop("last_tick", None)
        st.session_state.pop("tick_rerun", None)
        return
    step = play_step_s()
    _TICKERS.get(step, _ticker)(span, step)


def _tick(span: tuple[dt.date, dt.date], step: float) -> None:
    """The fragment also runs with every full rerun; the clock check makes only the timer's
    runs advance the date."""
    if not st.session_state.get("playing"):
        return
    if st.session_state.pop("tick_rerun", False):
        # The full rerun a tick asked for runs this fragment too: never a second step, however
        # long that rerun took (on a slow server it can take longer than a step).
        st.session_state.last_tick = _clock()
        return
    now = _clock()
    last = st.session_state.setdefault("last_tick", now)
    if now - last < step * 0.9:
        return
    st.session_state.last_tick = now
    st.session_state.tick_rerun = True
    nxt = st.session_state.date + dt.timedelta(days=1)
    # The slider owns "date" once drawn: hand the next day over for the next run to apply.
    st.session_state.play_next_date = span[0] if nxt > span[1] else nxt
    st.rerun(scope="app")


@st.fragment(run_every=PLAY_STEP_S)
def _ticker(span: tuple[dt.date, dt.date], step: float = PLAY_STEP_S) -> None:
    _tick(span, step)


@st.fragment(run_every=2.0)
def _ticker_slow(span: tuple[dt.date, dt.date], step: float = 2.0) -> None:
    _tick(span, step)


@st.fragment(run_every=0.5)
def _ticker_fast(span: tuple[dt.date, dt.date], step: float = 0.5) -> None:
    _tick(span, step)


_TICKERS = {1.0: _ticker, 2.0: _ticker_slow, 0.5: _ticker_fast}
