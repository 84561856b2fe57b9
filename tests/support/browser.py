"""Headless Chromium (Debian's package) driven by Playwright, and a Streamlit server on
127.0.0.1 that the tests start and stop. bench/ uses them too (outside pytest)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO = Path(__file__).resolve().parents[2]


WAIT_MS = 60_000  # the longest any browser test waits for one thing


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        import pytest  # only here: bench/ uses this module outside pytest

        if os.environ.get("RAIDMAP_SKIP_BROWSER") == "1":
            pytest.skip("RAIDMAP_SKIP_BROWSER=1 and no chromium")
        pytest.fail("Debian's chromium is not installed: run ./dev test (it installs it)")
    return path


@contextmanager
def launch(dead_proxy: bool = False):
    """Headless Chromium. With ``dead_proxy``, the browser itself is offline: every request
    to a host other than loopback goes to a proxy on a closed local port and fails, with no
    interception by Playwright (whose per-request round trip through this process slows a
    page of many small scripts by about half a second, which benchmarks must not count).
    Pair it with ``offline_page(..., intercept=False)``."""
    from playwright.sync_api import sync_playwright

    args = list(CHROMIUM_ARGS)
    if dead_proxy:
        # Chromium never sends loopback requests to a proxy, so the app on 127.0.0.1 loads.
        args.append(f"--proxy-server=http://127.0.0.1:{free_port()}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=args)
        browser.raidmap_dead_proxy = dead_proxy  # offline_page(intercept=False) checks it
        try:
            yield browser
        finally:
            browser.close()


def offline_page(browser, allow_prefix: str | None = None, intercept: bool = True):
    """A page whose every request is blocked except file:, data:, blob: and allow_prefix.
    Returns (page, blocked_urls, dialogs, errors).

    ``intercept=False`` (only for a browser from ``launch(dead_proxy=True)``, which fails
    every non-loopback request by itself) only watches: requests outside the allowed ones are
    listed, none is held up on its way (the browser, not this function, refuses them)."""
    if not intercept and not getattr(browser, "raidmap_dead_proxy", False):
        raise ValueError("intercept=False needs a browser from launch(dead_proxy=True)")
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    # Every wait and action gets the suite's 60 s (Playwright's own default is 30 s): on two
    # shared cores the sidebar's controls, which come with a session's second run, have been
    # seen to take longer than 30 s to be clickable.
    page.set_default_timeout(WAIT_MS)
    blocked: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []

    def allowed(url: str) -> bool:
        return url.startswith(("file:", "data:", "blob:")) or bool(
            allow_prefix and url.startswith(allow_prefix)
        )

    def route(r):
        if allowed(r.request.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    if intercept:
        page.context.route("**/*", route)
    else:
        page.on("request", lambda r: None if allowed(r.url) else blocked.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, blocked, dialogs, errors


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(env_extra: dict | None = None, app: Path | None = None):
    """Serve ``app`` on 127.0.0.1; stop it after. Without ``app``, the project's app as
    ``./dev app`` serves it (``raidmap.serve``: data preloaded, then ``streamlit run``)."""
    port = free_port()
    env = {**os.environ, **(env_extra or {})}
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    launcher = ["raidmap.serve"] if app is None else ["streamlit", "run", str(app)]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            *launcher,
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO,
        env=env,
        stdout=log,  # a file, not a pipe nobody reads (a full pipe would block the server)
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# -- the map's event markers (render/live.js) ------------------------------------------------
# Events on one spot are drawn as one group marker (.rm-cluster) showing their count; a click
# spreads them out. Events drawn: each marker path plus each group's count.
DRAWN_EVENTS_JS = (
    "[...document.querySelectorAll('.rm-cluster')].reduce((n, el) => n + Number(el.textContent),"
    " document.querySelectorAll('path.rm-events').length)"
)
_CLOSE_POPUP_JS = "document.querySelector('.leaflet-popup-close-button')?.click()"
_N_JS = "sel => document.querySelectorAll(sel).length"


def event_popups(target, group_js: str = "rmLive.groups.events"):
    """Open every drawn event's popup in turn on ``target`` (a page or frame with the map),
    spreading each group of co-located events first; yields once per popup opened.
    ``group_js``: the events' group (the HTML snapshot's is rmSnapshot.layers.events)."""

    def open_path(i: int):
        target.evaluate(_CLOSE_POPUP_JS)
        target.locator("path.rm-events").nth(i).dispatch_event("click")
        target.wait_for_selector(".leaflet-popup-content")

    for i in range(target.evaluate(_N_JS, "path.rm-events")):
        open_path(i)
        yield
    for j in range(target.evaluate(_N_JS, ".rm-cluster")):
        target.evaluate(_CLOSE_POPUP_JS)
        before = target.evaluate(_N_JS, "path.rm-events")
        group = target.locator(".rm-cluster").nth(j)
        count = int(group.inner_text())
        group.dispatch_event("click")  # spreads the group: its markers are drawn last
        assert target.evaluate(_N_JS, "path.rm-events") == before + count
        for i in range(before, before + count):
            open_path(i)
            yield
        target.evaluate(group_js + ".unspiderfy()")
