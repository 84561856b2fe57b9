"""Benchmark: the floor under the app's first render, on this machine.

Serves a minimal Streamlit page (a title, one slider, one streamlit-folium map with one
marker and no data) on 127.0.0.1 and times, in headless Chromium, navigation start -> the map
component's iframe loaded with its map element (before Leaflet draws anything). Whatever
raidmap does, its first render cannot beat this: it is Streamlit's own page and the
component's start-up. Compare with bench_app.py's "first render". Prints figures only.

    PYTHONPATH=. python3 bench/bench_floor.py [--runs 6]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.browser import launch, offline_page, streamlit_server  # noqa: E402

MINIMAL_APP = """
import folium
import streamlit as st
from streamlit_folium import st_folium

st.set_page_config(layout="wide")
st.subheader("minimal page")
st.slider("Date", 0, 100, 50)
m = folium.Map(location=[50.4, 36.2], zoom_start=9, tiles=None)
folium.CircleMarker([50.4, 36.2], radius=5).add_to(m)
st_folium(m, key="m", height=600, returned_objects=[])
"""

READY_JS = "document.readyState === 'complete' && !!document.getElementById('map_div')"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=6)
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="raidmap_floor_") as tmp:
        app = Path(tmp) / "app.py"
        app.write_text(MINIMAL_APP)
        with streamlit_server(app=app) as url:
            times = []
            with launch(dead_proxy=True) as browser:
                for run in range(args.runs):
                    page, *_ = offline_page(browser, allow_prefix=url, intercept=False)
                    page.goto(url)
                    ready = None
                    for _ in range(1500):
                        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
                        try:
                            if frame is not None and frame.evaluate(READY_JS):
                                ready = page.evaluate("performance.now()")
                                break
                        except Exception:  # noqa: BLE001 - frame still loading
                            pass
                        page.wait_for_timeout(20)
                    page.close()
                    if ready is None:
                        raise RuntimeError("the map iframe never became ready (30 s)")
                    label = "cold" if run == 0 else "warm"
                    print(f"run {run} ({label}): map iframe ready {ready / 1000:.2f} s")
                    if run:
                        times.append(ready / 1000)
    print(
        f"minimal page, warm: median {statistics.median(times):.2f} s, "
        f"min {min(times):.2f} s, max {max(times):.2f} s (navigation -> map iframe ready)"
    )


if __name__ == "__main__":
    main()
