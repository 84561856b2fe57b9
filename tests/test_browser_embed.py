"""The map-only embed page (``?map_only=1``, what the share panel's iframe snippet opens) in
headless Chromium at 640x480: date slider, map, legend and attribution fit the frame, no
sidebar, no tabs, and the link's date is kept."""

from __future__ import annotations

import pytest

from tests.support.browser import launch, offline_page, streamlit_server

pytestmark = pytest.mark.browser
TIMEOUT = 90_000


def test_embed_fits_640x480_with_map_slider_legend_and_attribution(tmp_path):
    with streamlit_server() as url, launch() as browser:
        page, blocked, dialogs, errors = offline_page(browser, allow_prefix=url)
        page.set_viewport_size({"width": 640, "height": 480})
        page.goto(url + "/?map_only=1&embed=true&date=2023-06-01&mode=day", timeout=TIMEOUT)
        page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=TIMEOUT)
        frame = None
        for _ in range(240):
            frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
            try:
                if frame and frame.evaluate("document.querySelectorAll('path').length") > 20:
                    break
            except Exception:  # noqa: BLE001 - frame still loading
                pass
            page.wait_for_timeout(500)
        assert frame is not None and frame.evaluate("document.querySelectorAll('path').length") > 20
        page.wait_for_timeout(1500)
        box = page.locator("iframe[title*='streamlit_folium']").bounding_box()
        slider = page.get_by_role("slider").first.bounding_box()
        legend = page.get_by_text("Legend ·").bounding_box()
        attribution = page.get_by_text("© OpenStreetMap contributors").first.bounding_box()
        title = page.locator(".rm-embed-title")
        assert title.inner_text() == (
            "Cross-border raids, Belgorod region · events on 1 June 2023"
        )  # one line, with the link's date and mode
        title_box = title.bounding_box()
        assert title_box["height"] <= 24 and title_box["y"] < slider["y"] < box["y"]
        for name, b in (
            ("title", title_box),
            ("map", box),
            ("slider", slider),
            ("legend", legend),
            ("attr", attribution),
        ):
            assert b is not None, name
            assert b["y"] >= 0 and b["y"] + b["height"] <= 480 + 1, (name, b)  # all in the frame
        assert box["width"] >= 600 and box["height"] >= 250  # the map takes the frame's width
        # ... and the frame's height less the title, the date bar, the legend and the credit
        assert box["height"] >= 320, box
        leaflet_h = frame.evaluate(
            "document.querySelector('.leaflet-container').getBoundingClientRect().height"
        )
        assert leaflet_h >= box["height"] - 4, (leaflet_h, box)  # the map itself fills it
        assert (
            page.locator("[data-testid='stSidebar']").count() == 0
            or not page.locator("[data-testid='stSidebar']").is_visible()
        )
        assert page.locator("[data-baseweb='tab']").count() == 0  # no tabs
        assert page.get_by_text("Cross-border raids into Russia's Belgorod region").count() == 0
        assert "date=2023-06-01" in page.url and "map_only=1" in page.url  # the state is kept
        assert not errors and not dialogs and blocked == []
        page.screenshot(path=str(tmp_path / "embed.png"))
