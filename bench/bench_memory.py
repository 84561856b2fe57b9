"""Benchmark: the app server's memory over a long day of readers, with and without the
full garbage collection after every script run.

``.streamlit/config.toml`` turns Streamlit's ``runner.postScriptGC`` off (a full collection
after each rerun cost ~0.3 s with the record in memory). This measures what that costs in
memory: the server (``raidmap.serve``, as ``./dev app`` starts it) is started once with the
setting as shipped (off) and once with it on (``STREAMLIT_RUNNER_POST_SCRIPT_GC=true``, which
overrides the file); then ``--sessions`` readers one after another each open the app in
headless Chromium and move the date slider ``--moves`` times (each move waited for: the app
writes the new date into the address), then leave. The server's resident memory (``VmRSS``
of its process, from /proc) is printed after start-up and after each reader, with the
growth per reader over the second half (after the caches have filled).

Prints figures; asserts nothing.

    PYTHONPATH=. python3 bench/bench_memory.py [--sessions 8] [--moves 30]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_first import server_pid  # noqa: E402
from tests.support.browser import launch, offline_page, streamlit_server  # noqa: E402

DATE = "new URLSearchParams(location.search).get('date')"
WAIT_MS = 60_000


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def one_reader(browser, url: str, moves: int) -> None:
    page, _blocked, _dialogs, _errors = offline_page(browser, allow_prefix=url)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{url}/?date=2023-05-22&mode=upto")
    page.frame_locator("iframe[title*='streamlit_folium']").locator("body[data-rm-shown]").wait_for(
        state="attached"
    )
    knob = page.get_by_role("slider", name="Date")
    knob.focus()
    day = 22
    for i in range(moves):
        key = "ArrowRight" if (i // 5) % 2 == 0 else "ArrowLeft"  # 22..27..22..
        day += 1 if key == "ArrowRight" else -1
        page.keyboard.press(key)
        page.wait_for_function(f"d => {DATE} === d", arg=f"2023-05-{day:02d}")
    page.wait_for_timeout(500)
    page.context.close()


def run(gc: bool, sessions: int, moves: int) -> list[float]:
    env = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true" if gc else "false"}
    with streamlit_server(env_extra=env) as url, launch() as browser:
        pid = server_pid(url.rsplit(":", 1)[1])
        if pid is None:
            raise RuntimeError(f"no server process for {url}")
        seen = [rss_mb(pid)]
        print(f"postScriptGC={'on ' if gc else 'off'} start-up: {seen[0]:7.1f} MB", flush=True)
        for k in range(1, sessions + 1):
            t = time.perf_counter()
            one_reader(browser, url, moves)
            time.sleep(1.0)  # the session's last messages and its clean-up
            seen.append(rss_mb(pid))
            print(
                f"  reader {k:2d} ({moves} moves, {time.perf_counter() - t:5.1f} s): "
                f"{seen[-1]:7.1f} MB",
                flush=True,
            )
        return seen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=8)
    ap.add_argument("--moves", type=int, default=30)
    args = ap.parse_args()
    rows = []
    for gc in (False, True):
        seen = run(gc, args.sessions, args.moves)
        half = len(seen) // 2
        per = (seen[-1] - seen[half]) / max(1, len(seen) - 1 - half)
        rows.append((gc, seen[0], seen[1], max(seen), seen[-1], per))
    print()
    print("postScriptGC  start-up MB  after 1 reader  peak MB  last MB  growth/reader (2nd half)")
    for gc, s0, s1, peak, last, per in rows:
        print(
            f"{'on' if gc else 'off (shipped)':13s} {s0:11.1f} {s1:15.1f} {peak:8.1f} "
            f"{last:8.1f} {per:+10.1f} MB"
        )


if __name__ == "__main__":
    main()
