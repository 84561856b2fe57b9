"""Benchmark: the running Streamlit app in a real headless Chromium (Debian's, via Playwright).

Measures, on 127.0.0.1 with every other request refused by the browser itself (a dead proxy:
``tests.browser.launch(dead_proxy=True)``; Playwright's request interception is not used, as
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
< 400 ms with 10,000 imported events, with no remount; first render < 3 s.

Every time stamp is taken in the browser as ``performance.timeOrigin + performance.now()``
(the page and the map iframe share one origin and one clock), so Playwright's own latency
is not in the figures. Prints figures; asserts nothing.

    PYTHONPATH=. python3 bench/bench_app.py [--events 10000] [--skip-big] [--synthetic-names]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import REPO, launch, offline_page, streamlit_server  # noqa: E402

TIMEOUT_MS = 120_000
WARM_RUNS = 5  # first renders after the cold one (one page each, fresh browser cache)
SETTLE_MS = 700  # overlay and websocket quiet this long after the URL update = move done

# Runs in the map iframe (injected by INIT_JS when the iframe has loaded): records mutations
# of the overlay pane, the frame after the last one, and when event markers were first drawn.
FRAME_JS = r"""
(() => {
  const T = () => performance.timeOrigin + performance.now();
  window.__T = T;
  window.__firstDrawn = 0;
  window.__firstPaint = 0;
  window.__lastMut = 0;
  window.__lastPaint = 0;
  window.__nMut = 0;
  window.__muts = [];  // [time, data-rm-state, data-rm-set] per state applied
  window.__paints = [];  // [time of the state, the frame after it]
  window.__renderMsgs = [];
  // When the render message was dispatched (e.timeStamp): this listener may run only after
  // streamlit-component-lib's, which evaluates the new layers.
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'streamlit:render') {
      window.__renderMsgs.push(performance.timeOrigin + e.timeStamp);
    }
  }, true);
  const afterPaint = (cb) => requestAnimationFrame(() => setTimeout(cb, 0));
  const shown = () => Number(document.body.getAttribute('data-rm-shown') || 0);
  const checkFirst = (t) => {
    if (!window.__firstDrawn && shown() > 0) {
      window.__firstDrawn = t;
      afterPaint(() => { window.__firstPaint = T(); });
    }
  };
  // render/live.js sets data-rm-state on <body> when it has applied a new state (layers
  // added and removed); the frame after that is the map as the reader sees it.
  const attach = () => {
    if (!document.body) return false;
    new MutationObserver(() => {
      const t = T();
      const b = document.body;
      window.__lastMut = t;
      window.__nMut += 1;
      window.__muts.push([t, b.getAttribute('data-rm-state'), b.getAttribute('data-rm-set')]);
      afterPaint(() => { window.__lastPaint = T(); window.__paints.push([t, T()]); });
      checkFirst(t);
    }).observe(document.body, {attributes: true, attributeFilter: ['data-rm-state']});
    checkFirst(T());
    return true;
  };
  if (!attach()) {
    const boot = new MutationObserver(() => { if (attach()) boot.disconnect(); });
    boot.observe(document, {childList: true, subtree: true});
  }
})();
"""

# Installed in the top page before any of its scripts runs: records key presses, websocket
# traffic and URL updates, and injects FRAME_JS into the map iframe once it has loaded. (An
# init script cannot do that itself: the iframe starts as about:blank and keeps that
# document's window when it navigates, so init scripts never see its real URL.)
INIT_JS = r"""
(() => {
  if (window.top !== window) return;
  const T = () => performance.timeOrigin + performance.now();
  window.__T = T;
  window.__keyT = [];
  document.addEventListener('keydown', () => window.__keyT.push(T()), true);
  window.__wsSend = [];
  window.__wsRecv = [];
  const size = (d) => (d && (d.byteLength ?? d.size ?? d.length)) || 0;
  const WS = window.WebSocket;
  const send = WS.prototype.send;
  WS.prototype.send = function (d) {
    window.__wsSend.push([T(), size(d)]);
    return send.call(this, d);
  };
  const Wrapped = function (...args) {
    const ws = new WS(...args);
    ws.addEventListener('message', (e) => window.__wsRecv.push([T(), size(e.data)]));
    return ws;
  };
  Wrapped.prototype = WS.prototype;
  for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Wrapped[k] = WS[k];
  window.WebSocket = Wrapped;
  window.__hist = [];
  for (const name of ['pushState', 'replaceState']) {
    const orig = history[name];
    history[name] = function (...args) {
      const r = orig.apply(this, args);
      window.__hist.push([T(), location.search]);
      return r;
    };
  }
  window.__long = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__long.push([performance.timeOrigin + e.startTime, e.duration]);
      }
    }).observe({type: 'longtask', buffered: true});
  } catch (e) { /* no long-task timing */ }
  window.__frameLoads = 0;
  const FRAME_JS = __FRAME_JS__;
  const hook = (ifr) => {
    if (ifr.__rmHooked || !(ifr.title || '').includes('streamlit_folium')) return;
    ifr.__rmHooked = true;
    ifr.addEventListener('load', () => {
      window.__frameLoads += 1;
      window.__frameLoadT = T();
      const d = ifr.contentDocument;
      const s = d.createElement('script');
      s.textContent = FRAME_JS;
      d.documentElement.appendChild(s);
    });
  };
  new MutationObserver(() => document.querySelectorAll('iframe').forEach(hook))
    .observe(document, {childList: true, subtree: true});
})();
""".replace("__FRAME_JS__", json.dumps(FRAME_JS))

# Put on the Streamlit server's PYTHONPATH (as sitecustomize.py, in a temporary directory):
# logs each script run's wall-clock start and end (ms since the epoch, the browser's clock
# too) and whether it was a fragment run, so the Python side of a move can be told apart.
SITE_PY = """
import json, os, time
_log = os.environ.get("RAIDMAP_BENCH_RUNLOG")
if _log:
    from streamlit.runtime.scriptrunner import script_runner as _sr

    _orig = _sr.ScriptRunner._run_script

    def _run_script(self, rerun_data):
        t0 = time.time()
        try:
            return _orig(self, rerun_data)
        finally:
            with open(_log, "a") as fh:
                row = [t0 * 1000, time.time() * 1000, bool(rerun_data.fragment_id_queue)]
                fh.write(json.dumps(row) + "\\n")

    _sr.ScriptRunner._run_script = _run_script
"""

# The drawn set of event markers (which are shown, which drawn as still open), as
# render/live.js records it on <body>; SVG or canvas alike.
SIGNATURE_JS = "document.body.getAttribute('data-rm-set')"
N_EVENTS_JS = "Number(document.body.getAttribute('data-rm-shown') || 0)"

EVENT_TYPES = [
    ("Battles", "Armed clash", 0.30),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.45),
    ("Explosions/Remote violence", "Air/drone strike", 0.15),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.04),
    ("Strategic developments", "Looting/property destruction", 0.03),
    ("Violence against civilians", "Attack", 0.03),
]
ACTORS = [
    "Military Forces of Russia (2000-)",
    "Russian Volunteer Corps",
    "Freedom of Russia Legion",
    "Military Forces of Ukraine (2019-)",
    "Police Forces of Russia (2000-)",
]
SOURCES = ["Telegram", "Kommersant", "RIA Novosti; Meduza", "Ukrainska Pravda"]
ACLED_HEADER = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "geo_precision",
    "latitude",
    "longitude",
    "notes",
    "source",
]


# -- data ---------------------------------------------------------------------------------
def gazetteer_places() -> list[tuple[str, float, float]]:
    """(name, lat, lon) of the gazetteer's settlements around the sampled box."""
    from geo.gazetteer import default_gazetteer

    return [
        (p.name, p.lat, p.lon)
        for p in default_gazetteer()
        if not p.is_region and 49.9 <= p.lat <= 51.1 and 35.0 <= p.lon <= 37.6
    ]


def make_acled_csv(path: Path, n: int, seed: int = 1, synthetic_names: bool = False) -> Path:
    """An ACLED-style export of n events at random points in lat 50.2-50.8, lon 35.4-37.2,
    22 May to 6 June 2023 (ACLED's date style '22 May 2023'). ``location`` is the nearest
    gazetteer settlement, as in ACLED's data; with synthetic_names, a name the gazetteer
    does not know (the worst case for the loader's place lookup)."""
    rng = random.Random(seed)
    start = dt.date(2023, 5, 22)
    weights = [w for *_, w in EVENT_TYPES]
    places = [] if synthetic_names else gazetteer_places()

    def nearest(lat: float, lon: float) -> str:
        return min(places, key=lambda p: (p[1] - lat) ** 2 + ((p[2] - lon) * 0.64) ** 2)[0]

    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ACLED_HEADER)
        for i in range(n):
            day = start + dt.timedelta(days=rng.randrange(16))
            etype, sub, _ = rng.choices(EVENT_TYPES, weights)[0]
            a1, a2 = rng.sample(ACTORS, 2)
            lat, lon = rng.uniform(50.2, 50.8), rng.uniform(35.4, 37.2)
            w.writerow(
                [
                    f"RUS{100000 + i}",
                    f"{day.day} {day:%B %Y}",
                    1 if rng.random() < 0.9 else 2,
                    etype,
                    sub,
                    a1,
                    a2,
                    f"Synthetic place {i % 700}" if synthetic_names else nearest(lat, lon),
                    1 if rng.random() < 0.7 else 2,
                    f"{lat:.4f}",
                    f"{lon:.4f}",
                    f"On {day:%d %B %Y}, {a1} reported {sub.lower()} near point {i}.",
                    rng.choice(SOURCES),
                ]
            )
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


# -- figures ------------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def fmt(x: float | None, digits: int = 0) -> str:
    return "-" if x is None or x != x else f"{x:.{digits}f}"


def print_moves(moves: list[dict]) -> None:
    """Per move: whether the drawn markers changed (chg); ms after the key press of: the
    websocket message sent (send), the largest message received (ws in), the URL updated =
    rerun done (url), the map iframe handed the server's answer (iframe), the map showing
    the set it ends with (updated; "*" when that was the map's own guess from the slider,
    before the server answered), the next frame (paint); the server's script run time
    (py run, ms; "/n" when the move caused n full runs); main-thread long tasks in the page
    and iframe (busy, ms);
    bytes received; whether the map iframe was loaded again (remount)."""
    print(
        f"  {'key':<10} {'date':<10} {'events':>13} {'chg':>3} {'send':>5} {'py run':>9} "
        f"{'ws in':>6} {'url':>6} {'iframe':>6} {'updated':>8} {'paint':>6} {'busy':>6} "
        f"{'ws bytes':>10} remount"
    )
    for m in moves:
        runs = f"/{m['n_runs']}" if m["n_runs"] > 1 else ""
        print(
            f"  {m['key']:<10} {m['date'].isoformat():<10} "
            f"{m['n_before']:>6}->{m['n_after']:<6} {'yes' if m['changed'] else 'no':>3} "
            f"{fmt(m['to_send']):>5} {fmt(m['py_run']):>6}{runs:<3} {fmt(m['to_ws']):>6} "
            f"{fmt(m['to_url']):>6} {fmt(m['to_frame']):>6} "
            f"{fmt(m['to_mutation']) + ('*' if m['predicted'] else ''):>8} "
            f"{fmt(m['to_paint']):>6} {fmt(m['busy']):>6} {m['recv_bytes']:>10,} "
            f"{'YES' if m['remount'] else ''}"
        )


def summary_rows(scenario: str, moves: list[dict], remounted: bool, first_s) -> list[tuple]:
    rows = []
    changed = [m["to_paint"] for m in moves if m["changed"] and m["to_paint"] is not None]
    missing = sum(1 for m in moves if m["changed"] and m["to_paint"] is None)
    same = [m["to_url"] for m in moves if not m["changed"] and m["to_url"] is not None]
    py_changed = [m["py_run"] for m in moves if m["changed"] and m["py_run"] is not None]
    py_same = [m["py_run"] for m in moves if not m["changed"] and m["py_run"] is not None]
    if changed or missing:
        rows.append(
            (f"{scenario}: markers changed (key->paint)", changed, remounted, first_s, py_changed)
        )
    if same:
        rows.append((f"{scenario}: unchanged (key->rerun done)", same, remounted, first_s, py_same))
    return rows


def print_table(rows: list[tuple]) -> None:
    head = (
        f"{'scenario':<52} {'n':>3} {'median ms':>9} {'p90 ms':>7} {'max ms':>7} "
        f"{'remounted':>9} {'first render s*':>15} {'py run med ms':>13}"
    )
    print(head)
    print("-" * len(head))
    for scenario, values, remounted, first_s, py in rows:
        med = statistics.median(values) if values else None
        print(
            f"{scenario:<52} {len(values):>3} {fmt(med):>9} "
            f"{fmt(pct(values, 0.9)):>7} {fmt(max(values) if values else None):>7} "
            f"{'yes' if remounted else 'no':>9} {fmt(first_s, 2):>15} "
            f"{fmt(statistics.median(py) if py else None):>13}"
        )


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


def bench_big(browser, url: str, n: int, rows: list[tuple], synthetic_names: bool) -> None:
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
        wait_drawn(page, lambda k: k > n0 + 50, timeout_s=300)
        s = settle(page, None, t0, timeout_s=300)
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
        "first render < 3 s (cold)"
    )
    print_table(rows)
    print(
        "* first render: navigation start -> markers drawn, cold server (bundled record); "
        "for imported rows, upload -> markers drawn"
    )


if __name__ == "__main__":
    main()
