"""The date bar: the date slider, ticks on its track for the days with events, previous and
next event, Play at a chosen speed, and what to show (up to, the day, a window).

Why key presses were lost or went backwards: every run wrote ``st.session_state.date``
(clamping it into the dataset's span), and a widget value written by the script is sent back
to the browser as the slider's new value (Streamlit's ``set_value``). A run started by one
key press therefore answered, a moment later, with that press's date, and reset the slider
the reader had meanwhile moved on with further presses: presses were lost, or the thumb went
back. The date is now written only when something other than the slider sets it (the link,
Play, a story step, the previous/next buttons, a clamp that really changes it, a dataset
with another span: a slider with new bounds is a new widget), so a run
never overwrites what the reader did (tests/test_timebar.py, tests/test_browser_time.py).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import streamlit as st

from raidmap.state import ViewState

DATE_LABEL = "Date"  # the date slider's label: the map finds the slider by it
BAR_KEY = "rm_datebar"  # the bar's container (CSS class st-key-rm_datebar): sticky
# Seconds per day while playing, and how the choice reads.
SPEEDS = {2.0: "1 day / 2 s", 1.0: "1 day / s", 0.5: "2 days / s"}
MODES = {
    "upto": "everything up to this date",
    "day": "this day only",
    "window": "a window ending this date",
}


def settle_date(default: dt.date, span: tuple[dt.date, dt.date]) -> None:
    """Make ``st.session_state.date`` the date the slider is to show, writing it only when it
    must change: a written value is pushed to the browser's slider (see the module's note)."""
    ss = st.session_state
    if "date" not in ss:
        ss.date = default
    nxt = ss.pop("play_next_date", None)
    if nxt is not None:
        ss.date = nxt
    clamped = min(max(ss.date, span[0]), span[1])
    # Another dataset (an upload) may have another span: a slider with other bounds is a new
    # widget, which would start at its first day unless the date is written for it.
    if clamped != ss.date or ss.get("date_span") != span:
        ss.date = clamped
        ss.date_span = span


def date_slider(span: tuple[dt.date, dt.date], where=st) -> dt.date:
    return where.slider(
        DATE_LABEL,
        min_value=span[0],
        max_value=span[1],
        key="date",
        format="D MMM YYYY",
        help="Arrow keys step one day; hold one to run through the days.",
    )


def event_days(frame: pd.DataFrame) -> tuple[dt.date, ...]:
    """The days on which an event of ``frame`` begins, in order."""
    if frame is None or frame.empty:
        return ()
    days = pd.to_datetime(frame["event_date"]).dt.normalize().dropna().unique()
    return tuple(pd.Timestamp(d).date() for d in np.sort(days))


def step_event(days: tuple[dt.date, ...], date: dt.date, direction: int) -> dt.date | None:
    """The event day before (``direction`` -1) or after (+1) ``date``, or None."""
    i = int(np.searchsorted(np.array(days, dtype="datetime64[D]"), np.datetime64(date), "left"))
    if direction < 0:
        return days[i - 1] if i > 0 else None
    if i < len(days) and days[i] == date:
        i += 1
    return days[i] if i < len(days) else None


def _go(days: tuple[dt.date, ...], direction: int) -> None:
    """Previous/next event, from the slider's date as the click finds it (a callback: it runs
    before the script, so the slider is drawn at the new date)."""
    target = step_event(days, st.session_state.date, direction)
    if target is not None:
        st.session_state.date = target


def ticks_html(days: tuple[dt.date, ...], span: tuple[dt.date, dt.date]) -> str:
    """A strip under the slider with a tick at each event day, placed where the slider's thumb
    stands on that day (the track runs between the thumb's half-widths, the strip's inner
    box; measured in Chromium, tests/test_browser_time.py). Only dates go in: no data text.
    One short element a day (~50 bytes): the strip goes with every rerun, and a dataset over
    the whole war has ticks on ~1,400 days."""
    total = max((span[1] - span[0]).days, 1)
    marks = "".join(
        f'<i style="left:{100 * (d - span[0]).days / total:.3f}%" data-day="{d.isoformat()}"></i>'
        for d in days
        if span[0] <= d <= span[1]
    )
    n = len(days)
    return (
        f'<div class="rm-ticks" role="img" aria-label="{n} day(s) with events marked on the '
        f'date track"><span>{marks}</span></div>'
    )


TICKS_CSS = """<style>
.rm-ticks{position:relative;height:8px;margin:-14px 0 2px;--rm-inset:6px;pointer-events:none}
.rm-ticks span{position:absolute;top:0;bottom:0;left:var(--rm-inset);right:var(--rm-inset)}
.rm-ticks i{position:absolute;top:0;width:2px;height:8px;margin-left:-1px;background:#b2182b;
  border-radius:1px}
/* sticky: the bar's wrapper (Streamlit wraps a keyed container in one of its own height) */
[data-testid="stLayoutWrapper"]:has(> .st-key-rm_datebar),.st-key-rm_datebar:only-child{
  position:sticky;top:3.75rem;z-index:990;background:var(--rm-bg,#fff)}
.st-key-rm_datebar{padding-top:2px;box-shadow:0 6px 6px -6px #0003}
.st-key-rm_modes{margin-top:-.4rem}
@media (max-width:640px){
  .st-key-rm_datebar{padding-bottom:2px;gap:.3rem}
  .st-key-rm_datebar [data-testid="stSlider"] [data-testid="stWidgetLabel"]{display:none}
  /* previous, next, Play and the speed on one line (the buttons' texts shortened on screen;
     their names, for screen readers and keys, stay the long ones) */
  .st-key-rm_datebar [data-testid="stHorizontalBlock"]{flex-wrap:nowrap;gap:.3rem}
  .st-key-rm_datebar [data-testid="stColumn"]{min-width:0 !important;flex:1 1 0 !important;
    width:auto !important}
  .st-key-rm_datebar [data-testid="stColumn"]:nth-child(3){flex:0 0 auto !important}
  .st-key-rm_datebar [data-testid="stColumn"]:nth-child(4){flex:0 0 5.6rem !important}
  .st-key-rm_datebar button{min-height:1.9rem;padding:0 .35rem;white-space:nowrap}
  /* the speed box (a React Aria combo box since Streamlit 1.5x, no longer baseweb's select):
     small text, a narrow arrow, so that "1 day / 2 s" fits whole */
  .st-key-speed input{font-size:12px;padding-left:6px;padding-right:0}
  .st-key-speed button[aria-haspopup]{width:1.3rem;min-width:0;padding:0}
  .st-key-prev_event p,.st-key-next_event p{font-size:0}
  .st-key-prev_event p::after{content:"◀ Previous";font-size:13px}
  .st-key-next_event p::after{content:"Next ▶";font-size:13px}
  .st-key-playing p{font-size:13px;white-space:nowrap}
  /* a help icon shows its text on hover: none on a touch screen (kept on a desktop) */
  .st-key-playing [data-testid="stTooltipIcon"]{display:none}
  /* what to show: a segmented control on one line (the radio's inputs stay, for keys and
     screen readers; on screen the texts are shortened) */
  div.st-key-rm_modes{margin-top:-.6rem}
  .st-key-rm_modes [data-testid="stElementContainer"],.st-key-rm_modes .stRadio{width:100%}
  .st-key-rm_modes [role="radiogroup"]{flex-wrap:nowrap;gap:0;border:1px solid #b2182b;
    border-radius:6px;overflow:hidden;width:100%;align-items:stretch}
  /* each segment fills the group's height: the chosen one's red and the dividers run from
     border to border (the group is 40 px tall, its segments were 23 px: a white gap around;
     the group keeps its height, the one Streamlit holds for it before the radio draws, so the
     map does not move when it comes) */
  .st-key-rm_modes [role="radiogroup"] > div{flex:1 1 0;margin:0;min-width:0;
    border-left:1px solid #b2182b;display:flex;align-items:stretch}
  .st-key-rm_modes [role="radiogroup"] > div:first-child{border-left:0}
  /* the option fills its segment and centres its text both ways (a block, it kept its text's
     height at the segment's top) */
  .st-key-rm_modes [data-testid="stRadioOption"]{width:100%;justify-content:center;
    align-items:center;padding:3px 2px;margin:0;height:auto;display:flex;align-self:stretch;
    flex:1 1 auto}
  .st-key-rm_modes [data-testid="stRadioOption"] > div{justify-content:center;width:100%}
  .st-key-rm_modes [data-testid="stRadioOption"] > div > div:first-child{display:none}
  .st-key-rm_modes [role="radiogroup"] > div[data-selected="true"]{background:#b2182b}
  .st-key-rm_modes [role="radiogroup"] > div[data-selected="true"] p::after{color:#fff}
  .st-key-rm_modes [role="radiogroup"] p{font-size:0;line-height:1.3;text-align:center}
  .st-key-rm_modes [role="radiogroup"] > div:nth-child(1) p::after{content:"Up to the date"}
  .st-key-rm_modes [role="radiogroup"] > div:nth-child(2) p::after{content:"This day"}
  .st-key-rm_modes [role="radiogroup"] > div:nth-child(3) p::after{content:"Window"}
  .st-key-rm_modes [role="radiogroup"] p::after{font-size:13px;white-space:nowrap}
  [data-testid="stHeading"] h3{font-size:1.1rem;padding:0}
  [data-testid="stMainBlockContainer"]{padding-top:3.6rem}
  iframe[title*="streamlit_folium"]{height:calc(100svh - 290px) !important;min-height:320px}
}
</style>"""


def settled(state: ViewState, span: tuple[dt.date, dt.date]) -> ViewState:
    """The state :func:`time_panel` is about to return on a session's first run (no widget
    of the bar exists yet: the slider shows the settled date, the mode and window what the
    state says). The app draws the map with it before the bar: the browser then asks for
    the map's front end before the files of the bar's widgets, which otherwise held it up
    (six connections per host; measured with bench/bench_first.py)."""
    settle_date(state.date, span)
    return state.with_(date=st.session_state.date)


def differs(a: ViewState, b: ViewState) -> bool:
    """Whether the two states show other events (date, mode or window)."""
    return (a.date, a.mode, a.window) != (b.date, b.mode, b.window)


def time_panel(
    state: ViewState,
    span: tuple[dt.date, dt.date],
    frame: pd.DataFrame,
    below=None,
    days: tuple[dt.date, ...] | None = None,
) -> ViewState:
    """The date bar (inside the caller's sticky container), and what to show in ``below``
    (a container under the bar, not sticky: on a phone the bar must stay short).
    ``frame``: the events passing the filters (any date): their days are the ticks and the
    previous/next targets; ``days``: those days when the caller has them cached
    (:attr:`raidmap.datasets.FilteredView.event_days`)."""
    settle_date(state.date, span)
    days = event_days(frame) if days is None else days
    st.html(TICKS_CSS)
    date = date_slider(span)
    st.html(ticks_html(days, span))
    current = st.session_state.date
    before, after = step_event(days, current, -1), step_event(days, current, +1)
    c1, c2, c3, c4 = st.columns([1.3, 1.3, 1, 1.2], vertical_alignment="center")
    c1.button(
        "◀ Previous event",
        key="prev_event",
        on_click=_go,
        args=(days, -1),
        disabled=before is None,
        help=f"to {before:%d %b %Y}" if before else "no earlier event",
        use_container_width=True,
    )
    c2.button(
        "Next event ▶",
        key="next_event",
        on_click=_go,
        args=(days, +1),
        disabled=after is None,
        help=f"to {after:%d %b %Y}" if after else "no later event",
        use_container_width=True,
    )
    c3.toggle("▶ Play", key="playing", help="Step through the days at the chosen speed.")
    c4.selectbox(
        "Speed",
        list(SPEEDS),
        index=1,
        format_func=lambda s: SPEEDS[s],
        key="speed",
        label_visibility="collapsed",
        help="How fast Play steps through the days.",
    )
    c5 = below if below is not None else st.container()
    mode = c5.radio(
        "Show",
        list(MODES),
        index=list(MODES).index(state.mode),
        format_func=MODES.get,
        key="mode",
        horizontal=True,
        label_visibility="collapsed",
    )
    window = state.window
    if mode == "window":
        window = c5.number_input("Window (days)", 1, 60, state.window, key="window")
    return state.with_(date=date, mode=mode, window=int(window))
