"""Where a slider move's rerun goes, and what it sends (issue 16): the app in process
(Streamlit's AppTest) with an imported file, then slider moves in "up to" and "day" mode,
each run profiled (cProfile, in the script's own thread) and its messages decoded: per
element type and per element, the bytes sent. The app turns Streamlit's message cache off
(.streamlit/config.toml), so every element goes whole with every run: these are the bytes
sent. (With the cache on, an element the browser holds would go as a reference; the script
says so if the config turns the cache back on, and counts every element whole anyway.)

    .venv/bin/python bench/profile_rerun.py [--events 500000] [--moves 3] [--top 25]

The file is bench_app_big.py's (31 columns, one row in 1,000 invalid), written once to the
temporary directory and reused. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit import config  # noqa: E402
from streamlit.runtime.scriptrunner import script_runner as sr  # noqa: E402
from streamlit.runtime.scriptrunner_utils import script_run_context as src  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.fwdmsg import describe  # noqa: E402
from tests.support.synthetic import write_acled_csv  # noqa: E402

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


class Probe:
    """Profiles each script run (when ``on``) and logs the forward messages it sends."""

    def __init__(self):
        self.on = False
        self.prof: cProfile.Profile | None = None
        self.msgs: list[tuple[int, str, str]] = []  # bytes, what, element path
        real_enqueue = src.ScriptRunContext.enqueue
        real_run = sr.ScriptRunner._run_script
        probe = self

        def enqueue(ctx, msg):
            real_enqueue(ctx, msg)
            if probe.on:
                probe.msgs.append((msg.ByteSize(), describe(msg), path_of(msg)))

        def run_script(runner, rerun_data):
            if not probe.on:
                return real_run(runner, rerun_data)
            probe.prof = cProfile.Profile()
            probe.prof.enable()
            try:
                return real_run(runner, rerun_data)
            finally:
                probe.prof.disable()

        src.ScriptRunContext.enqueue = enqueue  # type: ignore[method-assign]
        sr.ScriptRunner._run_script = run_script  # type: ignore[method-assign]


def path_of(msg) -> str:
    return ".".join(str(x) for x in msg.metadata.delta_path)


def report(probe: Probe, label: str, wall: float, cpu: float, top: int) -> None:
    total = sum(b for b, _, _ in probe.msgs)
    print(f"\n=== {label}: run {wall * 1000:.0f} ms wall, CPU {cpu * 1000:.0f} ms; "
          f"{len(probe.msgs)} messages, {total:,} bytes")  # fmt: skip
    by: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for b, what, _ in probe.msgs:
        by[what][0] += 1
        by[what][1] += b
    for what, (n, b) in sorted(by.items(), key=lambda kv: -kv[1][1])[:15]:
        print(f"   {b:>10,} bytes  {n:>4} x {what}")
    big = sorted(probe.msgs, reverse=True)[:8]
    print("   largest:", ", ".join(f"{w}@{p} {b:,}" for b, w, p in big))
    if probe.prof is not None:
        s = io.StringIO()
        st = pstats.Stats(probe.prof, stream=s)
        st.sort_stats("cumulative").print_stats(top)
        lines = [x for x in s.getvalue().splitlines() if x.strip()]
        print("\n".join(lines[: top + 8]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=500_000)
    ap.add_argument("--moves", type=int, default=3)
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    cache_from = config.get_option("global.minCachedMessageSize")
    if cache_from < 1e14:  # not the app's config (run from the repository's root)
        print(f"note: message cache on from {cache_from:,.0f} B: a server would send a "
              "reference for an element the browser holds; counted whole below")  # fmt: skip
    path = Path(tempfile.gettempdir()) / f"raidmap_profile_{args.events}.csv"
    if not path.exists():
        t = time.perf_counter()
        write_acled_csv(path.with_suffix(".part"), args.events, bad_every=1000)
        path.with_suffix(".part").rename(path)
        print(f"wrote {path} in {time.perf_counter() - t:.0f} s")
    data = path.read_bytes()
    probe = Probe()
    at = AppTest.from_file(APP, default_timeout=1800)
    at.run()
    at.run()
    t = time.perf_counter()
    at.sidebar.file_uploader[0].set_value((path.name, data, "text/csv")).run()
    print(f"upload: {time.perf_counter() - t:.0f} s; exception: {bool(at.exception)}")
    at.run()  # settle (any first-time caches of the dataset)
    for mode, days in (("upto", (20, 21, 22)), ("day", (23, 24, 25))):
        if at.radio(key="mode").value != mode:
            at.radio(key="mode").set_value(mode).run()
        for d in days[: args.moves]:
            probe.msgs.clear()
            probe.on = True
            t, c = time.perf_counter(), _cpu()
            at.slider(key="date").set_value(dt.date(2023, 5, d)).run()
            wall, cpu = time.perf_counter() - t, _cpu() - c
            probe.on = False
            report(probe, f"{mode} 2023-05-{d}", wall, cpu, args.top)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
