"""The benchmarks' offline browser: with no request interception, the browser itself must
still refuse the network, or their figures would come from a page that is not offline."""

from __future__ import annotations

from tests.support.browser import launch, offline_page


def test_dead_proxy_browser_refuses_the_network_and_lists_what_was_asked():
    html = (
        "<img id=a src='http://example.com/pixel.png'>"
        "<img id=b src='https://203.0.113.7/pixel.png'>"
    )
    with launch(dead_proxy=True) as browser:
        page, blocked, _dialogs, errors = offline_page(browser, intercept=False)
        failed: list[tuple[str, str]] = []
        page.on("requestfailed", lambda r: failed.append((r.url, r.failure or "")))
        page.goto("data:text/html," + html)
        page.wait_for_function("[...document.images].every(i => i.complete)", timeout=15_000)
        widths = page.evaluate("[...document.images].map(i => i.naturalWidth)")
        page.wait_for_timeout(200)
        page.close()
    assert widths == [0, 0]  # neither loaded
    want = ["http://example.com/pixel.png", "https://203.0.113.7/pixel.png"]
    assert sorted(blocked) == sorted(u for u, _ in failed) == want
    # Refused by the dead proxy, not by a machine that happens to have no network.
    assert all("PROXY" in why for _, why in failed), failed
    assert errors == []


def test_watching_only_is_refused_on_a_browser_that_is_online():
    import pytest

    with launch() as browser, pytest.raises(ValueError, match="dead_proxy"):
        offline_page(browser, intercept=False)
