"""Serve the app with the bundled record loaded before the server listens.

``python -m raidmap.serve [streamlit run options]`` is ``streamlit run app.py`` on 127.0.0.1
(:data:`SERVER_OPTIONS`, unless given; the same
command-line interface, run in this process) preceded by :func:`preload`: the heavy imports
(geopandas, folium, pyproj, scipy), the gazetteer, the record, its live-layer document and
the rendered base map. Streamlit runs nothing of an app until a browser connects, so
without this the first visitor after a start waits for all of it (about three seconds here)
before the map can load. ``./dev app`` starts the app this way; plain
``streamlit run app.py`` still works, with that slower first visit.

The preloaded values go into the same ``st.cache_resource`` caches the app reads (they are
per process, keyed by the function), so the first session finds them there. If preloading
fails, the server starts anyway and the app reports the problem as it always does.
"""

from __future__ import annotations

import logging
import sys
import time
from contextlib import contextmanager
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
# The server options ./dev app and ``raidmap app`` run with; the same ones given on the
# command line win.
SERVER_OPTIONS = {
    "--server.address": "127.0.0.1",
    "--server.headless": "true",
    "--browser.gatherUsageStats": "false",
}


# Streamlit warns about every cached call made outside a script run ("missing
# ScriptRunContext ... can be ignored when running in bare mode", "No runtime found"):
# expected here, and not worth a line each in the server's output.
@contextmanager
def _quiet_streamlit():
    """Streamlit logs only errors while preloading. (Each of its loggers has its own handler
    and level, set when the logger is made: hence its own set_log_level, which also covers
    the loggers made meanwhile.)"""
    from streamlit import config
    from streamlit import logger as st_logger

    config.get_option("logger.level")  # parse the config now: parsing resets the log level
    before = getattr(st_logger, "_global_log_level", logging.INFO)
    st_logger.set_log_level(logging.ERROR)
    try:
        yield
    finally:
        st_logger.set_log_level(before)


def preload() -> dict:
    """Build what the first run of a session needs, into the app's caches. Returns what was
    built and how long each step took (seconds)."""
    took: dict[str, float] = {}
    t = time.perf_counter()
    with _quiet_streamlit():
        from raidmap import datasets, mapframe  # the heavy imports
        from raidmap.state import ViewState
        from render import webmap

        took["imports"] = time.perf_counter() - t
        t = time.perf_counter()
        ds = datasets.record_dataset()
        took["record"] = time.perf_counter() - t
        t = time.perf_counter()
        live, url = datasets.live_layers(ds)
        datasets.filter_choices(ds.key, ds.events)
        took["live layers"] = time.perf_counter() - t
        t = time.perf_counter()
        default = ViewState(date=datasets.SPAN_FALLBACK[0])
        static = tuple(x for x in default.layers if x in webmap.STATIC_LAYERS)
        frame = mapframe.cached_frame(default.lang, default.tiles, static)
        took["base map"] = time.perf_counter() - t
        t = time.perf_counter()
        first_run_caches(ds)
        took["first run"] = time.perf_counter() - t
    return {"dataset": ds, "live": live, "live_url": url, "frame": frame, "took": took}


def first_run_caches(ds) -> None:
    """What a session's first run computes for a link without filters, besides the base
    map: the app's own modules, the filtered view and the penetration bands the rings layer
    draws (about 0.8 s of the first page after a start, measured, holding its map up)."""
    import PIL.ExifTags  # noqa: F401 - st.set_page_config's icon: 0.08 s of the first page
    import PIL.Image  # noqa: F401

    from raidmap import (  # noqa: F401 - the imports of the app's first run
        datasets,
        embed,
        header,
        panels,
        session,
        story,
        timebar,
        timeline,
        warmup,
    )
    from raidmap.state import from_query

    span = datasets.span_of(ds)
    state = from_query({}, span=span, default_date=span[0])
    view = panels.filtered_view_of(ds, state)
    datasets.band_document_of(ds.key, panels.filters_key(state), view.frame)
    datasets.sources_of(ds)
    datasets.story_steps()
    warmup.plan(warmup.default_links())  # the header's warm-up: file names found once


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    t = time.perf_counter()
    try:
        took = preload()["took"]
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in took.items())
        print(f"raidmap: preloaded in {time.perf_counter() - t:.1f} s ({steps})", flush=True)
    except Exception as exc:  # noqa: BLE001 - the app shows the same error to its user
        print(f"raidmap: preloading failed, starting anyway: {exc!r}", file=sys.stderr)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *args]
    cli.main()


def with_server_options(args: list[str]) -> list[str]:
    """``args`` preceded by each of :data:`SERVER_OPTIONS` that ``args`` does not set."""
    given = {a.split("=", 1)[0] for a in args if a.startswith("--")}
    return [*(x for k, v in SERVER_OPTIONS.items() if k not in given for x in (k, v)), *args]


def run_app(args: list[str]) -> None:
    """What ``./dev app`` and ``raidmap app`` run: :func:`main` with the project's server
    options (127.0.0.1, headless, no usage statistics) unless ``args`` sets them."""
    main(with_server_options(args))


if __name__ == "__main__":
    run_app(sys.argv[1:])
