"""The page's header: the title and the caption in one compact block, and the page CSS that
keeps the first screen for the map (issue 14: at 1400x900 the whole map, with every raid
site, is on the first screen; on a phone the raid sites are).

Desktop: less top padding than Streamlit's default, the title and the caption side by side,
the slider's "Date" label hidden (the slider shows its date), the mode row tighter. Phone:
the title smaller and the caption folded under "About this map" (raidmap/timebar.py's CSS
keeps the date bar short: its buttons on one line, the modes a one-line segmented control)."""

from __future__ import annotations

import streamlit as st

from raidmap import warmup

TITLE = "Cross-border raids into Russia's Belgorod region, 2023"
CAPTION = (
    "Every event cites its sources; claims say who makes them. Depths are geodesic "
    "distances from the Russia–Ukraine border (© OpenStreetMap contributors), places "
    "from GeoNames."
)

HEADER_CSS = """<style>
[data-testid="stMainBlockContainer"]{padding-top:3.4rem}
.rm-head{display:flex;gap:.4rem 1.5rem;align-items:baseline;flex-wrap:wrap}
.rm-head h1{font-size:1.3rem;font-weight:600;margin:0;padding:0;line-height:1.3;
  flex:0 1 auto}
.rm-head p{font-size:.78rem;line-height:1.3;color:rgba(49,51,63,.7);margin:0;
  flex:1 1 22rem}
@media (min-width:641px){
  .st-key-rm_datebar [data-testid="stSlider"] [data-testid="stWidgetLabel"]{display:none}
  .st-key-rm_datebar [data-testid="stSlider"]{margin-top:.1rem}
  .st-key-rm_datebar button{min-height:2.1rem;padding-top:0;padding-bottom:0}
  .st-key-rm_datebar [data-baseweb="select"] > div{min-height:2.1rem}
  div.st-key-rm_modes{margin-top:-.8rem}
  .st-key-rm_modes [data-testid="stRadio"]{min-height:0}
  .stElementContainer:has(> .stHtml > .rm-head){margin-bottom:-.6rem}
}
@media (max-width:640px){
  .rm-head{gap:0 .5rem}
  .rm-head h1{font-size:.98rem;line-height:1.25}
  .rm-head p{font-size:.72rem;flex-basis:100%}
  .rm-head > p{display:none}  /* folded: "About this map" opens it */
}
@media (min-width:641px){.rm-about{display:none}}
.rm-about summary{font-size:.72rem;color:rgba(49,51,63,.7);cursor:pointer}
</style>"""


def header() -> None:
    """The title and the caption (constant text: nothing from the data; on a phone the caption
    folds under "About this map"), and the first render's warm-up script (raidmap/warmup.py:
    file names only)."""
    st.html(
        HEADER_CSS
        + f'<header class="rm-head"><h1>{TITLE}</h1><p>{CAPTION}</p>'
        + f'<details class="rm-about"><summary>About this map</summary><p>{CAPTION}</p>'
        + "</details></header>"
        + warmup.script(warmup.default_links()),
        unsafe_allow_javascript=True,
    )
