"""Benchmark: the running Streamlit app in a real headless Chromium (Debian's, via Playwright).

Measures, on 127.0.0.1 with every other request refused by the browser itself (a dead proxy:
``tests.support.browser.launch(dead_proxy=True)``; Playwright's request interception is not used, as
its per-request round trip would add about half a second to a page of many small scripts):

* first render: from navigation start to the map iframe having drawn its event markers
  (``data-rm-shown`` > 0), cold (first page after the server started) and warm. The server
  is started as ``./dev app`` starts it (``raidmap.serve``: the record preloaded before it
  listens); ``--plain`` starts it with plain ``streamlit run app.py`` instead, whose first
  page also waits for the imports and the data;
* slider moves (keyboard ArrowRight/ArrowLeft on the date slider): from the key press to the
  map's event overlay being redrawn (render/live.js marking the new state applied in the
  streamlit_folium iframe, then the next frame), separately for moves where the drawn set of
  event markers changed and moves where it did not (for those, the time until the rerun
  finished, i.e. the app wrote the new date into the URL);
* no remount: ``window.__mark`` set in the map iframe before the moves must still be there
  (and, per move, whether the iframe loaded again);
* the same with an imported ACLED-style CSV of 10,000 events (uploaded through the sidebar),
  in mode "upto" and mode "day".

Per move it also splits the time: websocket traffic (bytes, when the largest message
arrived), when the map iframe was handed the new layers, main-thread long tasks, and the
server's script run time (logged by a ``sitecustomize`` put on the server's PYTHONPATH from a
temporary directory; the app is not changed).

Targets (issue): slider move -> map updated, median < 150 ms on the bundled record and
< 400 ms with 10,000 imported events, with no remount; first render < 2.5 s (warm and
cold).

Every time stamp is taken in the browser as ``performance.timeOrigin + performance.now()``
(the page and the map iframe share one origin and one clock), so Playwright's own latency
is not in the figures. Prints figures; asserts nothing.

    PYTHONPATH=. python3 bench/bench_app.py [--events 10000] [--skip-big] [--synthetic-names]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.app_figures import fmt, print_moves, print_table, summary_rows  # noqa: E402
from bench.app_probes import INIT_JS, N_EVENTS_JS, SIGNATURE_JS, SITE_PY  # noqa: E402
from tests.support.browser import REPO, launch, offline_page, streamlit_server  # noqa: E402
from tests.support.synthetic import acled_csv, gazetteer_places  # noqa: E402

TIMEOUT_MS = 120_000
WARM_RUNS = 5  # first renders after the cold one (one page each, fresh browser cache)
SETTLE_MS = 700  # overlay and websocket quiet this long after the URL update = move done


def make_acled_csv(path: Path, n: int, seed: int = 1, synthetic_names: bool = False) -> Path:
    """tests/support/synthetic.acled_csv written to ``path``: events named after their
    nearest gazetteer settlement, or (``synthetic_names``) names the gazetteer does not know."""
    places = None if synthetic_names else gazetteer_places()
    path.write_bytes(acled_csv(n, seed=seed, places=places))
    return path


# -- browser helpers ----------------------------------------------------------------------
def map_frame(page):
    for f in page.frames:
        if "streamlit_folium" in f.url:
            return f
    return None


def wait_drawn(page, condition, timeout_s: float = 120):
    """Wait until the map iframe's drawn event count satisfies condition; return the frame."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        f = map_frame(page)
        try:
            if f is not None and condition(f.evaluate(N_EVENTS_JS)):
                return f
        except Exception:  # noqa: BLE001 - frame still loading or navigating
            pass
        page.wait_for_timeout(50)
    raise RuntimeError("the map never drew as expected")


def settle(page, expect_query: str | None, since: float, timeout_s: float = 120) -> dict:
    """Wait until the URL carries expect_query (if given) and both the overlay and the
    websocket have been quiet for SETTLE_MS; return the last time stamps."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        p = page.evaluate("({now: __T(), q: location.search, recv: (__wsRecv.at(-1) || [0])[0]})")
        f = map_frame(page)
        try:
            fr = f.evaluate("({mut: __lastMut, paint: __lastPaint})") if f else None
        except Exception:  # noqa: BLE001 - frame navigating
            fr = None
        if fr is not None and (expect_query is None or expect_query in p["q"]):
            last = max(p["recv"], fr["mut"], fr["paint"], since)
            if p["now"] - last > SETTLE_MS:
                return {**p, **fr}
        page.wait_for_timeout(40)
    raise RuntimeError(f"move never settled (waiting for {expect_query!r})")


def first_render(browser, url: str, query: str) -> dict:
    page, blocked, dialogs, errors = offline_page(browser, allow_prefix=url, intercept=False)
    page.context.add_init_script(INIT_JS)
    t0 = time.perf_counter()
    page.goto(url + "/" + query)
    frame = wait_drawn(page, lambda n: n > 0)
    wall = time.perf_counter() - t0
    nav = page.evaluate("performance.timeOrigin")
    for _ in range(100):
        fp = frame.evaluate("__firstPaint")
        if fp:
            break
        page.wait_for_timeout(20)
    drawn = frame.evaluate("__firstDrawn")
    tl = page.evaluate(
        """({dcl: performance.timing.domContentLoadedEventEnd,
            send: (__wsSend[0] || [0])[0], recv: (__wsRecv[0] || [0])[0],
            frame: window.__frameLoadT || 0})"""
    )
    print(
        "  timeline (s from navigation start): page DOMContentLoaded "
        f"{(tl['dcl'] - nav) / 1000:.2f}, websocket first send {(tl['send'] - nav) / 1000:.2f}, "
        f"first message {(tl['recv'] - nav) / 1000:.2f}, map iframe loaded "
        f"{(tl['frame'] - nav) / 1000:.2f}, markers drawn {(drawn - nav) / 1000:.2f}"
    )
    runs = ", ".join(
        f"{(a - nav) / 1000:.2f}-{(b - nav) / 1000:.2f}" for a, b in script_runs(nav, drawn)
    )
    busy = sum(d for t, d in page.evaluate("__long") if t < drawn)
    print(
        f"  script runs (s from navigation start): {runs or '-'}; main-thread long tasks "
        f"before the markers were drawn: {busy / 1000:.2f} s"
    )
    return {
        "page": page,
        "blocked": blocked,
        "errors": errors,
        "drawn_s": (drawn - nav) / 1000,
        "paint_s": (fp - nav) / 1000 if fp else float("nan"),
        "wall_s": wall,
    }


def script_runs(since: float, until: float) -> list[tuple[float, float]]:
    """Full (non-fragment) script runs logged by SITE_PY that started in [since, until]."""
    log = os.environ.get("RAIDMAP_BENCH_RUNLOG")
    if not log or not Path(log).exists():
        return []
    rows = [json.loads(line) for line in Path(log).read_text().splitlines() if line.strip()]
    return [(a, b) for a, b, frag in rows if not frag and since <= a <= until]


def run_moves(page, keys: list[str], dates: list[dt.date], label: str) -> list[dict]:
    """Press each key on the date slider, wait for the move to settle, and time it."""
    thumb = page.get_by_role("slider").first
    out = []
    for key, date in zip(keys, dates, strict=True):
        frame = map_frame(page)
        before = frame.evaluate(SIGNATURE_JS)
        n_before = frame.evaluate(N_EVENTS_JS)
        n_sent = page.evaluate("__wsSend.length")
        n_recv = page.evaluate("__wsRecv.length")
        loads = page.evaluate("__frameLoads")
        thumb.press(key)
        t_key = page.evaluate("__keyT.at(-1)")
        s = settle(page, f"date={date.isoformat()}", t_key)
        frame = map_frame(page)
        after = frame.evaluate(SIGNATURE_JS)
        sends = page.evaluate(f"__wsSend.slice({n_sent})")
        recvs = page.evaluate(f"__wsRecv.slice({n_recv})")
        hist = page.evaluate(f"__hist.filter(h => h[0] > {t_key!r})")
        t_send = next((t for t, _ in sends if t > t_key), None)
        big = max((r for r in recvs if r[0] > t_key), key=lambda r: r[1], default=None)
        msgs = frame.evaluate(f"__renderMsgs.filter(t => t > {t_key!r})")
        # The map is updated when it shows the set it ends with: the first state applied
        # after which the drawn set no longer changed (the map's own guess from the slider,
        # if the server's answer then agreed with it; else the answer).
        muts = frame.evaluate(f"__muts.filter(m => m[0] > {t_key!r})")
        k = len(muts)
        while k > 0 and muts[k - 1][2] == after:
            k -= 1
        mutated = k < len(muts)
        t_upd = muts[k][0] if mutated else None
        paints = dict(map(tuple, frame.evaluate("__paints")))
        t_paint = paints.get(t_upd, s["paint"]) if mutated else None
        predicted = mutated and (muts[k][1] or "").endswith("predicted")
        if mutated:  # the render message whose layers were drawn, not a later no-op one
            msgs = [t for t in msgs if t <= s["mut"]] or msgs
        busy = sum(
            d for t, d in page.evaluate(f"__long.filter(e => e[0] > {t_key!r})") if t < s["now"]
        )
        runs = script_runs(t_key - 50, s["now"])
        t_url = next((t for t, q in hist if f"date={date.isoformat()}" in q), None)
        out.append(
            {
                "label": label,
                "key": key,
                "date": date,
                "changed": after != before,
                "n_before": n_before,
                "n_after": frame.evaluate(N_EVENTS_JS),
                "mutated": mutated,
                "to_paint": (t_paint - t_key) if mutated else None,
                "to_mutation": (t_upd - t_key) if mutated else None,
                "predicted": predicted,
                "to_send": (t_send - t_key) if t_send else None,
                "to_ws": (big[0] - t_key) if big else None,
                "to_frame": (msgs[-1] - t_key) if msgs else None,
                "py_run": sum(b - a for a, b in runs) if runs else None,
                "n_runs": len(runs),
                "busy": busy,
                "to_url": (t_url - t_key) if t_url else None,
                "recv_bytes": sum(b for t, b in recvs if t > t_key),
                "remount": page.evaluate("__frameLoads") != loads,
            }
        )
    return out


def mark_and_check(page, value: int | None = None):
    frame = map_frame(page)
    if value is not None:
        frame.evaluate(f"window.__mark = {value}")
        return value
    try:
        return frame.evaluate("window.__mark")
    except Exception:  # noqa: BLE001
        return None


# -- scenarios ----------------------------------------------------------------------------
def bundled_plan(start: dt.date) -> tuple[list[str], list[dt.date]]:
    """From 22 May (mode upto): back across the 22 May boundary and forth 5 times, on to
    27 May, back and forth 3 times, then on to 2 June. In mode upto the drawn markers
    change at 22 and 27 May and at 1 and 2 June; the other moves change none."""
    keys = ["ArrowLeft", "ArrowRight"] * 5 + ["ArrowRight"] * 5
    keys += ["ArrowLeft", "ArrowRight"] * 3 + ["ArrowRight"] * 6
    dates, d = [], start
    for k in keys:
        d += dt.timedelta(days=1 if k == "ArrowRight" else -1)
        dates.append(d)
    return keys, dates


def bench_bundled(browser, url: str, rows: list[tuple]) -> None:
    print("\n== bundled record ==")
    cold = first_render(browser, url, "?date=2023-05-22&mode=upto")
    print(
        f"first render, cold server caches: markers drawn {cold['drawn_s']:.2f} s after "
        f"navigation start (next frame {cold['paint_s']:.2f} s; wall {cold['wall_s']:.2f} s)"
    )
    cold["page"].close()
    warm_s = []
    for i in range(WARM_RUNS):
        warm = first_render(browser, url, "?date=2023-05-22&mode=upto")
        warm_s.append(warm["drawn_s"])
        print(
            f"first render, warm ({i + 1} of {WARM_RUNS}): markers drawn {warm['drawn_s']:.2f} s "
            f"(next frame {warm['paint_s']:.2f} s; wall {warm['wall_s']:.2f} s)"
        )
        if i < WARM_RUNS - 1:
            warm["page"].close()
    print(
        f"first render: cold {cold['drawn_s']:.2f} s; warm median "
        f"{statistics.median(warm_s):.2f} s "
        f"(min {min(warm_s):.2f}, max {max(warm_s):.2f}, n={WARM_RUNS})"
    )
    page = warm["page"]
    settle(page, "date=2023-05-22", 0)
    print(f"requests blocked: {len(warm['blocked'])}; page errors: {len(warm['errors'])}")
    mark_and_check(page, 4242)
    keys, dates = bundled_plan(dt.date(2023, 5, 22))
    moves = run_moves(page, keys, dates, "bundled upto")
    print_moves(moves)
    mark = mark_and_check(page)
    print(f"window.__mark after {len(moves)} moves: {mark!r}")
    rows += summary_rows("bundled record, upto", moves, mark != 4242, cold["drawn_s"])
    page.close()


def page_progress(page) -> str:
    """What the page says while an upload is read (its progress bar and status lines)."""
    try:
        shown = page.locator('[data-testid="stProgress"], [data-testid="stAlert"]')
        texts = shown.all_inner_texts()
    except Exception:  # noqa: BLE001 - the page may be navigating
        return "(page unreadable)"
    return " | ".join(t.strip() for t in texts if t.strip()) or "(no progress shown)"


def bench_big(
    browser, url: str, n: int, rows: list[tuple], synthetic_names: bool, timeout_s: float = 300
) -> None:
    """The upload of ``n`` rows, then 15 moves in each mode. An upload that is not drawn
    within ``timeout_s`` raises RuntimeError saying what the page showed by then."""
    print(f"\n== imported ACLED-style CSV, {n:,} events ==")
    with tempfile.TemporaryDirectory() as tmp:
        path = make_acled_csv(Path(tmp) / f"acled_{n}.csv", n, synthetic_names=synthetic_names)
        print(f"file: {path.stat().st_size / 1e6:.1f} MB")
        r = first_render(browser, url, "?date=2023-05-22&mode=upto")
        page = r["page"]
        settle(page, "date=2023-05-22", 0)
        t0 = page.evaluate("__T()")
        n0 = map_frame(page).evaluate(N_EVENTS_JS)
        page.locator("input[type=file]").set_input_files(str(path))
        try:
            wait_drawn(page, lambda k: k > n0 + 50, timeout_s=timeout_s)
            s = settle(page, None, t0, timeout_s=timeout_s)
        except RuntimeError as exc:
            raise RuntimeError(
                f"upload not drawn within {timeout_s:.0f} s ({exc}); the page said: "
                f"{page_progress(page)}"
            ) from exc
        frame = map_frame(page)
        upload_s = (s["paint"] - t0) / 1000
        print(
            f"upload -> {frame.evaluate(N_EVENTS_JS):,} markers drawn on 22 May: "
            f"{upload_s:.2f} s (parse, validate, prepare, send, draw)"
        )
    mark_and_check(page, 777)
    thumb = page.get_by_role("slider").first
    start = dt.date(2023, 5, 22)
    keys = ["ArrowRight"] * 15
    dates = [start + dt.timedelta(days=i + 1) for i in range(15)]
    up = run_moves(page, keys, dates, "upto")
    print("mode upto, 22 May -> 6 June:")
    print_moves(up)
    remount_up = mark_and_check(page) != 777
    rows += summary_rows(f"{n:,} imported, upto", up, remount_up, upload_s)

    t0 = page.evaluate("__T()")
    page.get_by_text("this day only").click()
    s = settle(page, "mode=day", t0)
    print(f"switch to mode day (radio) -> map redrawn: {fmt(s['paint'] - t0)} ms")
    thumb.focus()
    keys = ["ArrowLeft"] * 15
    dates = [dt.date(2023, 6, 6) - dt.timedelta(days=i + 1) for i in range(15)]
    day = run_moves(page, keys, dates, "day")
    print("mode day, 6 June -> 22 May:")
    print_moves(day)
    mark = mark_and_check(page)
    print(f"window.__mark after {len(up) + len(day)} moves and a mode switch: {mark!r}")
    rows += summary_rows(f"{n:,} imported, day", day, mark != 777, upload_s)
    page.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000, help="rows in the imported CSV")
    ap.add_argument("--skip-big", action="store_true", help="bundled record only")
    ap.add_argument("--skip-bundled", action="store_true", help="imported rows only")
    ap.add_argument(
        "--plain",
        action="store_true",
        help="serve with plain `streamlit run app.py` (no preloading) instead of ./dev app's way",
    )
    ap.add_argument(
        "--synthetic-names",
        action="store_true",
        help="locations the gazetteer does not know (the place lookup's worst case)",
    )
    args = ap.parse_args()
    rows: list[tuple] = []
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    site = Path(tempfile.mkdtemp(prefix="raidmap_bench_"))
    (site / "sitecustomize.py").write_text(SITE_PY)
    os.environ["RAIDMAP_BENCH_RUNLOG"] = str(site / "runs.jsonl")
    pythonpath = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    t0 = time.perf_counter()
    try:
        with (
            streamlit_server(
                {"PYTHONPATH": pythonpath}, app=REPO / "app.py" if args.plain else None
            ) as url,
            launch(dead_proxy=True) as browser,
        ):
            print(f"server {url} up in {time.perf_counter() - t0:.1f} s")
            if not args.skip_bundled:
                bench_bundled(browser, url, rows)
            if not args.skip_big:
                bench_big(browser, url, args.events, rows, args.synthetic_names)
    finally:
        shutil.rmtree(site, ignore_errors=True)
    print(
        f"\nload average after: {os.getloadavg()[0]:.2f} (other work on the machine skews figures)"
    )
    print(
        "targets: bundled median < 150 ms; 10,000 imported median < 400 ms; no remount; "
        "first render < 2.5 s (warm and cold)"
    )
    print_table(rows)
    print(
        "* first render: navigation start -> markers drawn, cold server (bundled record); "
        "for imported rows, upload -> markers drawn"
    )


if __name__ == "__main__":
    main()
