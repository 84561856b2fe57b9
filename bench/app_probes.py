"""Scripts bench_app.py puts into the page, the map iframe and the server, to time a
slider move from the key press to the redrawn map (see bench_app.py's docstring)."""

from __future__ import annotations

import json

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
