"""Benchmark: signed depth for many points (target: 1,000,000 points under 1.5 s on the
2-core machine; 100,000 well under a second). Prints figures; asserts nothing."""

from __future__ import annotations

import time

import numpy as np

from geo.measure import default_depth_model


def main() -> None:
    t0 = time.perf_counter()
    model = default_depth_model()
    print(
        "model build (segments split to 500 m, 3-D k-d tree, territory grid): "
        f"{time.perf_counter() - t0:.2f} s"
    )
    rng = np.random.default_rng(1)
    for n in (100_000, 1_000_000):
        lat = rng.uniform(49.5, 52.5, n)
        lon = rng.uniform(33.0, 39.0, n)
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            r = model.depth(lon=lon, lat=lat)
            best = min(best, time.perf_counter() - t)
        ok = np.isfinite(r.depth_km).mean()
        print(
            f"{n:>9,} points: {best:.3f} s (best of 3), {n / best:,.0f} points/s, "
            f"{ok:.1%} with a depth"
        )


if __name__ == "__main__":
    main()
