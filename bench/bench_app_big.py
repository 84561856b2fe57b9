"""Benchmark: the app with a full-column 500,000-row ACLED upload (issue 16).

Writes tests/support/synthetic.py's full-column export (31 columns, one row in 1,000 invalid)
and runs bench_app.py's imported-file scenario on it in headless Chromium: the upload (read,
validate, build the live layers, draw: ``import``), the live-layer file's size, then slider
moves in "up to" and "day" mode (median time to the map updated, and the server's rerun per
move, ``py_run``). Prints figures; asserts nothing.

    .venv/bin/python bench/bench_app_big.py [--events 500000]
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=500_000)
    args = ap.parse_args()
    bench_app.make_acled_csv = full_column_csv  # the full-column export, not the short one
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    site = Path(tempfile.mkdtemp(prefix="raidmap_bench_"))
    (site / "sitecustomize.py").write_text(SITE_PY)
    os.environ["RAIDMAP_BENCH_RUNLOG"] = str(site / "runs.jsonl")
    pythonpath = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    rows: list[tuple] = []
    started = time.time()
    try:
        with streamlit_server({"PYTHONPATH": pythonpath}) as url, launch(dead_proxy=True) as b:
            bench_app.bench_big(b, url, args.events, rows, False)
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
