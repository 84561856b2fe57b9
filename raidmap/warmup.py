"""The first render's warm-up (issue 14): a tiny script in the page's header that fetches,
while Streamlit is still drawing the first run, the files the map will need one after the
other later (measured with bench/bench_first.py):

1. Streamlit's own front-end chunk for custom components (``ComponentInstance.*.js``, a lazy
   chunk the page asks for only when the map's element arrives, and then behind the date
   bar's widget chunks: six connections per host);
2. Leaflet, its plugins, the basemap data and their style sheets (the default base map's
   ``js_links``/``css_links``, which the iframe loads one after the other).

(1) is imported as a module (the page's module map then holds it); (2) are
``<link rel="prefetch">``: the files under ``/app/static/`` carry ``Last-Modified``, so the
iframe takes them from the cache (measured: "cached" in bench_first's list of the iframe's
requests; a basemap data file written seconds before may be checked again, a short 304).
streamlit-folium's own files are not warmed: they come without validators, and a prefetch
of its script or document was not used by the iframe (measured). Every
name here is a file name of ours or Streamlit's, never data. If any of
it fails (a file renamed by an upgrade, another browser), nothing is lost: the page loads
those files itself, as before; the script catches its own errors.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit

from render.escape import json_for_script

STREAMLIT_JS = Path(streamlit.__file__).parent / "static" / "static" / "js"
# The component chunk and what it imports: fetched in parallel instead of one after another
CHUNKS = ("ComponentInstance",)


def _one(directory: Path, pattern: str) -> str | None:
    """The one file of ``directory`` matching ``pattern`` (hashed names), or None."""
    found = sorted(p.name for p in directory.glob(pattern))
    return found[0] if len(found) == 1 else None


@cache
def streamlit_chunks() -> tuple[str, ...]:
    """The hashed file names of :data:`CHUNKS` in the installed Streamlit."""
    names = (_one(STREAMLIT_JS, f"{c}.*.js") for c in CHUNKS)
    return tuple(n for n in names if n)


def plan(links: tuple[str, ...]) -> dict:
    """What the warm-up fetches: ``chunks`` (Streamlit's, beside its own bundle) and
    ``links`` (the base map's scripts and style sheets, as the iframe asks for them)."""
    return {"chunks": list(streamlit_chunks()), "links": list(links)}


# The page's module script is Streamlit's bundle (static/js/index.*.js): its chunks resolve
# beside it; the links are the app's own addresses (/app/static/...).
WARM_JS = """(() => {
  if (window.rmWarm) return;
  window.rmWarm = 1;
  try {
    const W = %s;
    const root = location.origin + location.pathname;
    const main = document.querySelector('script[type="module"][src*="/static/js/"]');
    const base = main ? main.src : new URL('static/js/', root).href;
    for (const c of W.chunks) import(new URL(c, base).href).catch(() => {});
    const add = (href) => {
      const l = document.createElement('link');
      l.rel = 'prefetch';
      l.href = href;
      document.head.appendChild(l);
    };
    for (const f of W.links) add(new URL(f, root).href);
  } catch (e) { /* the page loads these files itself */ }
})();"""


def default_links() -> tuple[str, ...]:
    """The default base map's scripts and style sheets (the frame ``raidmap.serve``
    preloads; a link asking for other layers or another language needs another data file,
    which the iframe then fetches itself)."""
    from raidmap import datasets, mapframe
    from raidmap.state import ViewState
    from render import webmap

    default = ViewState(date=datasets.SPAN_FALLBACK[0])
    static = tuple(x for x in default.layers if x in webmap.STATIC_LAYERS)
    frame = mapframe.cached_frame(default.lang, default.tiles, static)
    return (*frame.js_links, *frame.css_links)


def script(links: tuple[str, ...]) -> str:
    """The warm-up as a ``<script>`` element (for ``st.html(..., unsafe_allow_javascript=
    True)``); file names only, JSON made safe for a script element."""
    return "<script>" + WARM_JS % json_for_script(plan(links)) + "</script>"
