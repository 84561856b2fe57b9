"""The header's warm-up script (raidmap/warmup.py) in headless Chromium: it asks for the
files it names (an import, prefetch links) once per page, and when none of them can be had
(renamed by an upgrade, refused) nothing breaks: no error reaches the page, which then loads
its files itself. (The app's own first screen, with the warm-up working, is
tests/test_browser_firstscreen.py's.)"""

from __future__ import annotations

import pytest

from raidmap import warmup
from tests.support.browser import offline_page

pytestmark = pytest.mark.browser
ORIGIN = "http://raidmap.test"


def test_a_warm_up_whose_files_all_fail_breaks_nothing(browser, monkeypatch):
    monkeypatch.setattr(warmup, "streamlit_chunks", lambda: ("ComponentInstance.gone.js",))
    script = warmup.script(("/app/static/gone.js", "/app/static/gone.css"))
    page, blocked, _dialogs, errors = offline_page(browser)
    html = (
        '<!doctype html><html><head><script type="module" src="/static/js/index.x.js">'
        f"</script></head><body><p id=ok>page</p>{script}{script}</body></html>"
    )
    asked: list[str] = []

    def serve(route):
        url = route.request.url
        if url.endswith("/map.html"):
            route.fulfill(body=html, content_type="text/html")
        else:
            asked.append(url)
            route.fulfill(status=404, body="gone")

    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/map.html")
    page.wait_for_timeout(500)
    assert page.evaluate("window.rmWarm") == 1
    links = page.evaluate("[...document.querySelectorAll('link[rel=prefetch]')].map(l => l.href)")
    assert links == [  # once, though the script is on the page twice
        f"{ORIGIN}/app/static/gone.js",
        f"{ORIGIN}/app/static/gone.css",
    ]
    assert f"{ORIGIN}/static/js/ComponentInstance.gone.js" in asked  # beside the bundle
    assert errors == [] and not blocked
    assert page.inner_text("#ok") == "page"
    page.close()
