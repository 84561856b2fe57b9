"""Benchmark: the app with a full-column 500,000-row ACLED upload (issue 16).

Writes tests/support/synthetic.py's full-column export (31 columns, one row in 1,000 invalid)
and runs bench_app.py's imported-file scenario on it in headless Chromium: the upload (read,
validate, build the live layers, draw: ``import``), the live-layer file's size, then slider
moves in "up to" and "day" mode (median time to the map updated, and the server's rerun per
move, ``py_run``). Prints figures; asserts nothing.

    .venv/bin/python bench/bench_app_big.py [--events 500000] [--server-only]

``--server-only``: no browser; in this process, the server's side of the same steps: the
import, the live document (time and size), the per-filter view, and per slider move the
work a rerun does for the map (the day index's answer and the spec sent).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_app  # noqa: E402
from bench.app_figures import print_table  # noqa: E402
from bench.app_probes import SITE_PY  # noqa: E402
from render.livemap import LIVE_DIR  # noqa: E402
from tests.support.browser import launch, streamlit_server  # noqa: E402
from tests.support.synthetic import write_acled_csv  # noqa: E402


def full_column_csv(path: Path, n: int, seed: int = 1, synthetic_names: bool = False) -> Path:
    del seed, synthetic_names  # bench_app's signature; the generator is seeded itself
    t = time.perf_counter()
    bad = write_acled_csv(path, n, bad_every=1000)
    print(f"{n:,} rows ({bad:,} invalid by design) written in {time.perf_counter() - t:.1f} s")
    return path


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def server_only(n: int) -> None:
    import datetime as dt
    import statistics

    from layers.dayindex import DayIndex
    from layers.events import load_events
    from render import livemap

    with tempfile.TemporaryDirectory() as tmp:
        path = full_column_csv(Path(tmp) / "acled.csv", n)
        print(f"file: {path.stat().st_size / 1e6:.1f} MB")
        t, c = time.perf_counter(), _cpu()
        rows: list[int] = []
        events, report = load_events(path.read_bytes(), name=path.name, progress=rows.append)
        print(f"import: {time.perf_counter() - t:.1f} s (CPU {_cpu() - c:.1f} s); "
              f"progress calls {len(rows)}; "
              f"{report.rows_in:,} in = {report.rows_kept:,} kept + "
              f"{report.rows_rejected:,} rejected")  # fmt: skip
    t = time.perf_counter()
    live = livemap.big_live_data(events)
    print(f"live document: {time.perf_counter() - t:.1f} s, {len(live.body) / 1e6:.1f} MB")
    t = time.perf_counter()
    index = DayIndex(events)
    ranges = livemap.position_ranges(live, events)
    print(f"per-filter view (once per filter choice): {time.perf_counter() - t:.1f} s")
    for mode in ("day", "upto"):
        times, cpus, sizes = [], [], []
        day = dt.date(2023, 5, 1)
        for i in range(15):
            t, c = time.perf_counter(), _cpu()
            d = day + dt.timedelta(days=i)
            shown = index.shown(d, mode)
            spec = livemap.show_spec(
                live, "u", shown, day=d, layers=["events"], filtered=events, mode=mode,
                filtered_ranges=ranges, slider="Date",
            )  # fmt: skip
            times.append((time.perf_counter() - t) * 1000)
            cpus.append((_cpu() - c) * 1000)
            sizes.append(len(livemap.show_js(spec)))
        print(
            f"move, mode {mode}: median {statistics.median(times):.0f} ms, min "
            f"{min(times):.0f} ms, CPU median {statistics.median(cpus):.0f} ms "
            f"(shown {len(shown):,}"
            f", rows touched {index.touched:,}), spec {statistics.median(sizes):,.0f} bytes"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=500_000)
    ap.add_argument("--server-only", action="store_true")
    ap.add_argument(
        "--timeout", type=float, default=900, help="seconds to wait for the upload to draw"
    )
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    if args.server_only:
        server_only(args.events)
        return
    bench_app.make_acled_csv = full_column_csv  # the full-column export, not the short one
    site = Path(tempfile.mkdtemp(prefix="raidmap_bench_"))
    (site / "sitecustomize.py").write_text(SITE_PY)
    os.environ["RAIDMAP_BENCH_RUNLOG"] = str(site / "runs.jsonl")
    pythonpath = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    rows: list[tuple] = []
    started = time.time()
    try:
        with streamlit_server({"PYTHONPATH": pythonpath}) as url, launch(dead_proxy=True) as b:
            bench_app.bench_big(b, url, args.events, rows, False, timeout_s=args.timeout)
    except RuntimeError as exc:  # report how far it got, with the figures measured so far
        print(f"did not finish after {time.time() - started:.0f} s: {exc}")
    finally:
        shutil.rmtree(site, ignore_errors=True)
    new = [p for p in LIVE_DIR.glob("*.json") if p.stat().st_mtime >= started]
    for p in new:
        print(f"live-layer file {p.name}: {p.stat().st_size / 1e6:.1f} MB (limit 200 MiB)")
    print(f"load average after: {os.getloadavg()[0]:.2f} (other work on the machine skews figures)")
    print("targets: slider move median < 400 ms; live data well under 200 MiB")
    print_table(rows)


if __name__ == "__main__":
    main()
