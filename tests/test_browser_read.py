"""The "Read a report" panel in headless Chromium: paste a Russian paragraph, see the
candidates drawn on the map beside the record, untick one, download, re-import."""

from __future__ import annotations

import pytest

from layers.events import load_events
from tests.support.browser import launch, offline_page, streamlit_server
from tests.test_browser_app import TIMEOUT, map_frame

pytestmark = pytest.mark.browser

RU = "22 мая бойцы вошли в Козинку, а затем бои шли в Глотове и у Грайворона."


def candidates(page) -> int:
    for f in page.frames:
        if "streamlit_folium" in f.url:
            try:
                return f.evaluate("document.querySelectorAll('path.rm-candidate').length")
            except Exception:  # noqa: BLE001 - frame navigating
                return -1
    return -1


def wait_candidates(page, n: int) -> None:
    for _ in range(240):
        if candidates(page) == n:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"candidates on the map: {candidates(page)}, expected {n}")


def test_paste_see_untick_download_reimport(tmp_path):
    with streamlit_server() as url, launch() as browser:
        page, blocked, dialogs, errors = offline_page(browser, allow_prefix=url)
        page.goto(url + "/?date=2023-05-22", timeout=TIMEOUT)
        map_frame(page)
        page.get_by_role("tab", name="Read a report").click(timeout=TIMEOUT)
        box = page.get_by_label("Report text")
        box.fill(RU)
        box.press("Control+Enter")
        page.get_by_text("3 candidate event(s)").wait_for(timeout=TIMEOUT * 2)
        marks = page.locator("mark.rm-place")
        assert marks.count() == 3 and marks.first.inner_text() == "Козинку"
        wait_candidates(page, 3)
        page.get_by_role("checkbox", name="keep").nth(1).uncheck(force=True)
        page.get_by_text("2 confirmed").wait_for(timeout=TIMEOUT)
        wait_candidates(page, 2)
        with page.expect_download(timeout=TIMEOUT) as dl:
            page.get_by_role("button", name="Download the confirmed set (CSV)").click()
        path = tmp_path / "candidates.csv"
        dl.value.save_as(path)
        gdf, rep = load_events(path)
        assert rep.ok and sorted(gdf["place_id"]) == ["grayvoron", "kozinka"], rep.lines()
        assert blocked == [] and not dialogs
