"""Benchmark: where the app's first render goes (issue 14: first render < 2.5 s).

Opens the app (bundled record, ``?date=2023-05-22&mode=upto``) in headless Chromium, as
bench_app.py does (server as ``./dev app`` starts it, browser offline by a dead proxy), once
cold and ``--runs`` times warm, and prints per page:

* the websocket messages the page received before the markers were drawn, in order, decoded
  (Streamlit's ForwardMsg): when each arrived, its size and what it carried (element type,
  the streamlit-folium component's argument size), so that a late or heavy map shows;
* the map iframe's requests (resource timing): start, end and size of each script, style
  sheet and data file;
* the main thread's long tasks, and with ``--profile`` the scripts they ran (Chrome's
  sampling profiler over CDP: self time per script URL before the markers were drawn);
* the process CPU time (user+sys) of the server and the browser over the page, which
  survives a loaded machine better than wall time.

Prints figures; asserts nothing.

    PYTHONPATH=. python3 bench/bench_first.py [--runs 3] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.app_probes import INIT_JS, N_EVENTS_JS  # noqa: E402
from bench.fwdmsg import describe_bytes  # noqa: E402
from tests.support.browser import launch, offline_page, streamlit_server  # noqa: E402

QUERY = "?date=2023-05-22&mode=upto"

# name, start, end, bytes, how it was asked for (script, link: a prefetch, iframe, ...) and
# whether it came from the browser's cache (transferSize 0 with a body)
RESOURCES_JS = """performance.getEntriesByType('resource').map(e => [
  e.name, performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd,
  e.transferSize || e.encodedBodySize || 0,
  e.initiatorType + (e.transferSize === 0 && e.encodedBodySize > 0 ? ' cached' : '')])"""


def describe_of(payload) -> str:
    return describe_bytes(payload) if isinstance(payload, bytes) else ""


def cpu_of(pid: int) -> float:
    """User+sys CPU seconds of ``pid`` and its children so far (from /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        kids = []
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    except OSError:
        return 0.0
    return total + sum(cpu_of(int(k)) for k in kids)


def server_pid(port: str) -> int | None:
    """The pid of the python process listening on ``port`` (the app's server)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"raidmap.serve" in cmd and port.encode() in cmd:
            return int(proc.name)
    return None


def browser_pids() -> list[int]:
    """This process's descendants (Playwright's driver and the Chromium it started; other
    people's browsers on a shared machine are not counted)."""
    parent: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                parent[int(proc.name)] = int(
                    (proc / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
    me, out = os.getpid(), []
    for pid in parent:
        p = pid
        while p > 1 and p != me:
            p = parent.get(p, 0)
        if p == me and pid != me:
            out.append(pid)
    return out


def own_cpu(pid: int) -> float:
    """User+sys CPU seconds of ``pid`` alone."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / tick


def browser_cpu(exclude: int | None) -> dict[str, float]:
    """CPU seconds so far per kind of browser process (Chromium's --type=..., "browser" for
    the main one, "driver" for Playwright's), this process's descendants but ``exclude``'s
    tree (the app's server)."""
    out: dict[str, float] = defaultdict(float)
    skip = {exclude} if exclude else set()
    for pid in browser_pids():
        try:
            # a forked Chromium child rewrites its command line as one string
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b" ", b"\0").split(b"\0")
        except OSError:
            continue
        if pid in skip or any(b"raidmap.serve" in c or b"streamlit" in c for c in cmd[:3]):
            continue
        kind = "driver"
        if b"chrom" in cmd[0]:
            kind = next(
                (c.split(b"=", 1)[1].decode() for c in cmd if c.startswith(b"--type=")), "browser"
            )
            if kind == "utility":
                sub = next((c for c in cmd if c.startswith(b"--utility-sub-type=")), b"")
                kind = "utility " + sub.decode().rsplit(".", 1)[-1]
        out[kind] += own_cpu(pid)
    return out


def profile_by_url(
    profile: dict, until_us: float | None, by_function: bool = False
) -> dict[str, float]:
    """Self time (ms) per script URL (or V8 category) of a CDP Profiler profile; with
    ``by_function``, per function of a script (name, file, line)."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    out: dict[str, float] = defaultdict(float)
    t = profile["startTime"]
    for sid, dt_us in zip(profile["samples"], profile["timeDeltas"], strict=True):
        t += dt_us
        if until_us is not None and t > until_us:
            break
        cf = nodes[sid]["callFrame"]
        url = cf.get("url") or f"({cf.get('functionName') or 'program'})"
        key = url.rsplit("/", 1)[-1][:60] or url
        if by_function and cf.get("url"):
            key = f"{cf.get('functionName') or '(anonymous)'} {key}:{cf.get('lineNumber', 0) + 1}"
        out[key] += dt_us / 1000
    return out


def request_line(start_ms: float, end_ms: float, size: int, how: str, name: str) -> str:
    return f"  {start_ms / 1000:5.2f}-{end_ms / 1000:5.2f} {size:>9,} {how:<13} {name[-58:]}"


def one_page(browser, url: str, label: str, profile: bool) -> dict:
    page, _blocked, _dialogs, errors = offline_page(browser, allow_prefix=url, intercept=False)
    page.context.add_init_script(INIT_JS)
    frames: list[tuple[float, bytes]] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda p: frames.append((time.perf_counter(), p))),
    )
    cdp = None
    if profile:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        cdp.send("Profiler.start")
    port = url.rsplit(":", 1)[1]
    spid = server_pid(port)
    s_cpu0 = cpu_of(spid) if spid else 0.0
    b_cpu0 = browser_cpu(spid)
    page.goto(url + "/" + QUERY)
    frame = None
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        try:
            if frame is not None and frame.evaluate(N_EVENTS_JS) > 0:
                break
        except Exception:  # noqa: BLE001 - frame loading
            pass
        page.wait_for_timeout(30)
    else:
        raise RuntimeError("markers never drawn")
    s_cpu = (cpu_of(spid) if spid else 0.0) - s_cpu0
    b_now = browser_cpu(spid)
    b_kinds = {k: v - b_cpu0.get(k, 0.0) for k, v in b_now.items()}
    b_cpu = sum(b_kinds.values())
    nav = page.evaluate("performance.timeOrigin")
    drawn = frame.evaluate("__firstDrawn") or page.evaluate("__T()")
    recv = page.evaluate("__wsRecv")
    long_tasks = [(t, d) for t, d in page.evaluate("__long") if t < drawn]
    res = frame.evaluate(RESOURCES_JS)
    top_res = page.evaluate(RESOURCES_JS)
    dcl = page.evaluate("performance.timing.domContentLoadedEventEnd")
    frame_t = page.evaluate("window.__frameLoadT || 0")
    print(f"\n== {label}: markers drawn {(drawn - nav) / 1000:.2f} s ==")
    print(
        f"DOMContentLoaded {(dcl - nav) / 1000:.2f} s; map iframe loaded "
        f"{(frame_t - nav) / 1000:.2f} s; CPU over the page: server {s_cpu:.2f} s, "
        f"browser {b_cpu:.2f} s ("
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(b_kinds.items(), key=lambda kv: -kv[1]))
        + f"); page errors {len(errors)}"
    )
    print("page requests (s from navigation: start-end, bytes):")
    for name, a, b, size, how in top_res:
        if a < drawn:
            print(request_line(a - nav, b - nav, size, how, name))
    print("websocket messages before the markers were drawn (s, bytes, content):")
    for i, (t, size) in enumerate(recv):
        if t > drawn:
            break
        what = describe_of(frames[i][1]) if i < len(frames) else ""
        print(f"  {(t - nav) / 1000:5.2f} {size:>9,} {what}")
    print("map iframe requests (s from navigation: start-end, bytes):")
    for name, a, b, size, how in res:
        print(request_line(a - nav, b - nav, size, how, name))
    busy = sum(d for _, d in long_tasks)
    map_msg = next(
        (
            t
            for i, (t, _) in enumerate(recv)
            if i < len(frames) and "component" in describe_of(frames[i][1])
        ),
        0,
    )
    chunk = next((b for n, _, b, _, _ in top_res if "/ComponentInstance." in n), 0)
    # the iframe's own request (not the header's prefetch of the same address)
    index = next(
        (a for n, a, _, _, how in top_res if "st_folium/index.html" in n and how == "iframe"), 0
    )
    scripts = max((b for n, _, b, _, _ in res if n.endswith(".js")), default=0)
    marks = {
        "map message": map_msg,
        "component chunk loaded": chunk,
        "iframe requested": index,
        "iframe loaded": frame_t,
        "iframe scripts loaded": scripts,
        "markers drawn": drawn,
    }
    print("milestones (s): " + "; ".join(f"{k} {(v - nav) / 1000:.2f}" for k, v in marks.items()))
    print(f"long tasks before the markers were drawn: {len(long_tasks)}, {busy / 1000:.2f} s:")
    for t, d in long_tasks:
        print(f"  {(t - nav) / 1000:5.2f} {d:6.0f} ms")
    if cdp is not None:
        stop_at = page.evaluate("__T()")
        prof = cdp.send("Profiler.stop")["profile"]
        # the profile's clock is not the page's: its end is (about) now, so the markers were
        # drawn (stop_at - drawn) ms before it
        per = profile_by_url(prof, prof["endTime"] - (stop_at - drawn) * 1000)
        print("CPU profile, page and map iframe, until the markers were drawn (self ms, top 14):")
        for name, ms in sorted(per.items(), key=lambda kv: -kv[1])[:14]:
            print(f"  {ms:7.0f} {name}")
        per = profile_by_url(prof, prof["endTime"] - (stop_at - drawn) * 1000, True)
        print("... per function (self ms, top 25):")
        for name, ms in sorted(per.items(), key=lambda kv: -kv[1])[:25]:
            print(f"  {ms:7.0f} {name}")
    page.close()
    return {"drawn": (drawn - nav) / 1000, "busy": busy / 1000, "s_cpu": s_cpu, "b_cpu": b_cpu}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="warm pages after the cold one")
    ap.add_argument("--profile", action="store_true", help="CPU profile per page (CDP)")
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    with streamlit_server() as url, launch(dead_proxy=True) as browser:
        out = [one_page(browser, url, "cold", args.profile)]
        for i in range(args.runs):
            out.append(one_page(browser, url, f"warm {i + 1}", args.profile))
    warm = out[1:] or out
    print(
        f"\nmarkers drawn: cold {out[0]['drawn']:.2f} s; warm median "
        f"{statistics.median(r['drawn'] for r in warm):.2f} s; long tasks warm median "
        f"{statistics.median(r['busy'] for r in warm):.2f} s; CPU warm median: server "
        f"{statistics.median(r['s_cpu'] for r in warm):.2f} s, browser "
        f"{statistics.median(r['b_cpu'] for r in warm):.2f} s"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
