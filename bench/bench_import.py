"""Benchmark: the whole-war export on the command line (issue 16). Writes a full-column
ACLED CSV (tests/support/synthetic.py, 31 columns, one row in 1,000 invalid) at 100,000 and 500,000
rows, then times ``raidmap events --events F --format parquet --out x.parquet`` (target at
500k: under 15 s and 1.5 GB peak memory) and the GeoJSON export, each in a fresh process,
printing wall time and the process's peak resident memory. Asserts nothing.

    .venv/bin/python bench/bench_import.py [ROWS ...] [--parquet]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.synthetic import write_acled_csv  # noqa: E402


def run(args: list[str]) -> tuple[float, float, int, str, float]:
    """Wall seconds, peak RSS in MB, exit status, stderr's last line and CPU seconds
    (user+sys: the figure that survives other work on the machine) of one CLI run."""
    t = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "raidmap.cli", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    last = err.strip().splitlines()[-1] if err.strip() else ""
    cpu = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024, proc.returncode, last, cpu


def main() -> None:
    formats = ["parquet"] if "--parquet" in sys.argv else ["parquet", "geojson"]
    sizes = [int(a) for a in sys.argv[1:] if a != "--parquet"] or [100_000, 500_000]
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src = Path(tmp) / f"acled_{n}.csv"
            t = time.perf_counter()
            bad = write_acled_csv(src, n, bad_every=1000)
            mb = src.stat().st_size / 1e6
            print(f"{n:>9,} rows: {mb:.1f} MB written in {time.perf_counter() - t:.1f} s")
            for fmt in formats:
                out = Path(tmp) / f"out.{fmt}"
                wall, rss, code, last, cpu = run(
                    ["events", "--events", str(src), "--format", fmt, "--out", str(out)]
                )
                print(
                    f"  -> {fmt:8s} {wall:6.1f} s (CPU {cpu:.1f} s, load "
                    f"{os.getloadavg()[0]:.1f}), peak {rss:,.0f} MB, exit {code} "
                    f"({bad} rows rejected by design), {out.stat().st_size / 1e6:.1f} MB out"
                )
                print(f"     {last[:120]}")


if __name__ == "__main__":
    main()
