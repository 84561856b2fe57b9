"""Benchmark: signed depth for many points (target: 1,000,000 points under 1.5 s on the
2-core machine; 100,000 well under a second). Prints wall and CPU time (user+sys of this
process: the figure that survives other work on the machine) and the load average; the
first call at each size also builds the per-cell vertex lists of the cells it meets
(geo/nearcells.py), later calls reuse them. Asserts nothing."""

from __future__ import annotations

import os
import statistics
import time

import numpy as np

from geo.measure import default_depth_model


def cpu() -> float:
    t = os.times()
    return t.user + t.system


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    t0, c0 = time.perf_counter(), cpu()
    model = default_depth_model()
    print(
        "model build (segments split to 500 m, 3-D k-d tree, territory grid): "
        f"{time.perf_counter() - t0:.2f} s, CPU {cpu() - c0:.2f} s"
    )
    rng = np.random.default_rng(1)
    for n in (100_000, 1_000_000):
        lat = rng.uniform(49.5, 52.5, n)
        lon = rng.uniform(33.0, 39.0, n)
        walls, cpus = [], []
        for _ in range(4):
            t, c = time.perf_counter(), cpu()
            r = model.depth(lon=lon, lat=lat)
            walls.append(time.perf_counter() - t)
            cpus.append(cpu() - c)
        ok = np.isfinite(r.depth_km).mean()
        print(
            f"{n:>9,} points: first call {walls[0]:.2f} s (CPU {cpus[0]:.2f} s, with the cell "
            f"lists); then min {min(walls[1:]):.3f} s, median {statistics.median(walls[1:]):.3f}"
            f" s, CPU median {statistics.median(cpus[1:]):.3f} s; {ok:.1%} with a depth"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
