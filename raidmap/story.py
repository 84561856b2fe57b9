"""The story on the main page: a step selector with Previous and Next, and the step's
caption beside the map (in the column that holds the timeline), so that nothing above the
map changes height and the map is never shifted nor mounted again."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from raidmap.datasets import story_steps
from raidmap.state import ViewState
from render.escape import md_escape

FREE = "(explore freely)"
STORY_KEY = "rm_story"
# The story's controls (the step selector, Previous and Next: on a phone, one under the
# other) come with a session's second run; their container keeps this height from the first
# run on, so that nothing under them in the side column shifts when they come.
STORY_CSS = (
    "<style>.st-key-rm_story{min-height:126px}"
    "@media (max-width:640px){.st-key-rm_story{min-height:182px}}</style>"
)


def labels() -> list[str]:
    return [FREE] + [f"{s['step']}. {s['title']}" for s in story_steps()]


def _step(direction: int) -> None:
    """Previous/next step (a callback: runs before the script, which then applies it)."""
    names = labels()
    current = st.session_state.get("story", FREE)
    i = names.index(current) if current in names else 0
    st.session_state.story = names[min(max(i + direction, 1 if i else 0), len(names) - 1)]


def reserve() -> None:
    """The story's place on a session's first run: its container, empty, at its height."""
    with st.container(key=STORY_KEY):
        # something to draw (a container holding only a style is not drawn at all)
        st.html(STORY_CSS + '<div class="rm-story-space" aria-hidden="true"></div>')


def story_panel(state: ViewState) -> ViewState:
    """The story's controls and caption; applies a newly chosen step to the date, the mode
    and the view."""
    steps = story_steps()
    names = labels()
    with st.container(key=STORY_KEY):
        st.html(STORY_CSS)
        choice = st.selectbox(
            "Story", names, key="story", help="Guided steps that set the date and the view."
        )
        i = names.index(choice)
        c1, c2 = st.columns(2)
        c1.button(
            "◀ Previous step",
            key="story_prev",
            on_click=_step,
            args=(-1,),
            disabled=i <= 1,
            use_container_width=True,
        )
        c2.button(
            "Next step ▶" if i else "Start the story ▶",
            key="story_next",
            on_click=_step,
            args=(+1,),
            disabled=i >= len(names) - 1,
            use_container_width=True,
        )
        caption = st.empty()
    if i == 0:
        st.session_state.pop("story_applied", None)
        return state
    s = steps[i - 1]
    if st.session_state.get("story_applied") != s["step"]:
        st.session_state.story_applied = s["step"]
        date = dt.date.fromisoformat(s["date"])
        st.session_state.date = date
        st.session_state.mode = s["mode"]
        state = state.with_(
            date=date,
            mode=s["mode"],
            lat=float(s["lat"]),
            lon=float(s["lon"]),
            zoom=int(s["zoom"]),
            follow=False,  # the step's own view: the map keeps it and the link saves it
        )
        st.session_state.map_view = (state.lat, state.lon, state.zoom)
    caption.info(
        f"**Step {i} of {len(steps)}: {md_escape(s['title'])}** — {md_escape(s['caption'])}"
    )
    return state
